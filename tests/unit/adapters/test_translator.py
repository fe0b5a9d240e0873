"""Translator adapter, the parts that need no model: protection, routes, the Norwegian path, NullTranslator."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from router.adapters.translator import (
    ArgosTranslator,
    NoModelForPair,
    NullTranslator,
    TranslationUnavailable,
    create_translator,
    find_installed_models,
    missing_placeholders,
    model_language,
    plan_route,
    protect,
    reachable_pairs,
    restore,
)

PAIRS = {("pl", "en"), ("en", "nb"), ("nb", "en")}


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Jeg søkte om sosialhjelp hos NAV", ["sosialhjelp", "NAV"]),
        ("Logg inn med BankID eller MinID på ID-porten", ["BankID", "MinID", "ID-porten"]),
        ("Har du sendt meldekortet for dagpengene?", ["meldekortet", "dagpengene"]),
        ("sykepenger, AAP, arbeidsavklaringspenger, barnetrygd, foreldrepenger", ["sykepenger", "AAP"]),
        ("Lånekassen og Digisos", ["Lånekassen", "Digisos"]),
        ("Ring NAV-kontoret på 55 55 33 33", ["NAV-kontoret", "55 55 33 33"]),
        ("Jeg fikk 1 500 kr den 12.03.2024", ["1 500 kr", "12.03.2024"]),
        ("Husleie kr 8500,- per måned", ["kr 8500,-"]),
        ("Se https://www.nav.no/sosialhjelp eller nav.no.", ["https://www.nav.no/sosialhjelp", "nav.no"]),
        ("Skriv til ola.nordmann@example.com", ["ola.nordmann@example.com"]),
        ("Mitt nummer er [fødselsnummer] og konto [kontonummer]", ["[fødselsnummer]", "[kontonummer]"]),
    ],
)
def test_protect_replaces_terms_and_numbers_with_placeholders(text: str, kept: list[str]) -> None:
    protected, mapping = protect(text)

    for original in kept:
        assert original in mapping.values()
        assert original not in protected
    assert restore(protected, mapping) == text


def test_placeholders_are_numbered_in_order_of_appearance() -> None:
    protected, mapping = protect("NAV betalte 300 kr")

    assert protected == "[0] betalte [1]"
    assert mapping == {"[0]": "NAV", "[1]": "300 kr"}


def test_ordinary_words_that_start_like_a_term_are_not_protected() -> None:
    protected, mapping = protect("Hva er navnet ditt? Ikke aap.")

    assert mapping == {}
    assert protected == "Hva er navnet ditt? Ikke aap."


def test_restore_tolerates_spacing_a_model_adds_inside_a_placeholder() -> None:
    assert restore("I got [ 0 ] from [1 ].", {"[0]": "300 kr", "[1]": "NAV"}) == "I got 300 kr from NAV."


def test_restore_appends_a_term_the_model_dropped() -> None:
    mapping = {"[0]": "NAV", "[1]": "55 55 33 33"}

    assert missing_placeholders("Call [0].", mapping) == ["[1]"]
    assert restore("Call [0].", mapping) == "Call NAV. (55 55 33 33)"


def test_restore_drops_a_placeholder_the_model_invented() -> None:
    assert restore("Hello [0] [7]", {"[0]": "NAV"}) == "Hello NAV "


def test_user_text_that_looks_like_a_placeholder_survives() -> None:
    text = "Se punkt [2] og [ 3 ]"
    protected, mapping = protect(text)

    assert restore(protected, mapping) == text


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200))
def test_restore_inverts_protect_for_any_text(text: str) -> None:
    protected, mapping = protect(text)

    assert restore(protected, mapping) == text


@given(
    st.lists(
        st.sampled_from(
            ["NAV", "1 500 kr", "12.03.2024", "nav.no", "[fødselsnummer]", "BankID", "hei", "og"]
        ),
        max_size=12,
    )
)
def test_protected_text_keeps_no_protected_term(words: list[str]) -> None:
    protected, _ = protect(" ".join(words))
    outside_placeholders = re.sub(r"\[\d+\]", " ", protected)

    assert not any(ch.isdigit() for ch in outside_placeholders)
    for term in ("NAV", "nav.no", "BankID", "fødselsnummer"):
        assert term not in outside_placeholders


@pytest.mark.parametrize(
    ("code", "model"),
    [("nb", "nb"), ("nn", "nb"), ("da", "nb"), ("sv", "nb"), ("no", "nb"), ("nb-NO", "nb"), ("PL", "pl")],
)
def test_scandinavian_languages_share_the_norwegian_model_language(code: str, model: str) -> None:
    assert model_language(code) == model


def test_route_prefers_a_direct_model_then_english() -> None:
    assert plan_route("pl", "en", PAIRS) == ("pl", "en")
    assert plan_route("pl", "nb", PAIRS) == ("pl", "en", "nb")
    assert plan_route("pl", "sv", PAIRS) == ("pl", "en", "nb")
    assert plan_route("nn", "nb", PAIRS) == ("nb",)
    assert plan_route("nb", "pl", PAIRS) is None
    assert plan_route("de", "nb", PAIRS) is None


def test_reachable_pairs_include_pivots() -> None:
    assert reachable_pairs(PAIRS) == {("pl", "en"), ("en", "nb"), ("nb", "en"), ("pl", "nb")}


@pytest.mark.parametrize(
    ("source", "target"), [("nb", "nb"), ("nn", "nb"), ("sv", "nb"), ("nb", "da"), ("pl", "pl")]
)
async def test_norwegian_path_returns_text_unchanged(source: str, target: str) -> None:
    translation = await NullTranslator().translate("Hei, jeg trenger hjelp", source, target)

    assert translation.text == "Hei, jeg trenger hjelp"
    assert translation.machine_translated is False
    assert translation.via == ()


async def test_null_translator_has_no_model_for_other_languages() -> None:
    translator = NullTranslator()

    assert not translator.can_translate("pl", "nb")
    assert translator.available_pairs() == frozenset()
    with pytest.raises(NoModelForPair):
        await translator.translate("Dzień dobry.", "pl", "nb")


def test_no_model_for_pair_is_a_translation_unavailable() -> None:
    assert issubclass(NoModelForPair, TranslationUnavailable)


def test_create_translator_without_packages_is_null(tmp_path: Path) -> None:
    assert isinstance(create_translator(tmp_path / "missing"), NullTranslator)
    assert isinstance(create_translator(tmp_path), NullTranslator)


def test_installed_models_are_read_from_metadata_without_argos(tmp_path: Path) -> None:
    package = tmp_path / "translate-pl_en"
    (package / "model").mkdir(parents=True)
    (package / "metadata.json").write_text('{"from_code": "pl", "to_code": "en", "package_version": "1.9"}')
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "metadata.json").write_text("{not json")

    models = find_installed_models(tmp_path)

    assert [(m.pair, m.package_version) for m in models] == [(("pl", "en"), "1.9")]
    translator = create_translator(tmp_path)
    assert isinstance(translator, ArgosTranslator)
    assert translator.can_translate("pl", "en")
    assert not translator.can_translate("pl", "nb")
    translator.close()


async def test_argos_translator_raises_no_model_for_a_missing_pair_before_loading(tmp_path: Path) -> None:
    translator = ArgosTranslator(tmp_path)

    with pytest.raises(NoModelForPair):
        await translator.translate("Hello.", "en", "pl")
    assert (await translator.translate("Hei.", "nn", "nb")).machine_translated is False
    translator.close()
