"""Translator adapter, the parts that need no model: protection, routes, the Norwegian path, NullTranslator."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from router.adapters.translator import (
    ArgosTranslator,
    BadPackage,
    NoModelForPair,
    NullTranslator,
    TranslationUnavailable,
    create_translator,
    find_installed_models,
    install_package,
    missing_placeholders,
    model_language,
    offline_sentencizer,
    plan_route,
    protect,
    reachable_pairs,
    restore,
    split_sentences_simply,
)
from router.cli import main as cli

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


def test_simple_sentence_split() -> None:
    assert split_sentences_simply("Hei. Jeg trenger hjelp! Når får jeg svar? ok") == [
        "Hei.",
        "Jeg trenger hjelp!",
        "Når får jeg svar?",
        "ok",
    ]
    assert split_sentences_simply("  ") == []


def test_packages_without_a_packaged_minisbd_model_get_an_offline_splitter(tmp_path: Path) -> None:
    with_minisbd = tmp_path / "a"
    (with_minisbd / "minisbd").mkdir(parents=True)
    (with_minisbd / "minisbd" / "sbd.onnx").write_bytes(b"")
    without = tmp_path / "b"
    without.mkdir()

    assert offline_sentencizer(with_minisbd, "pl") is None
    sentencizer = offline_sentencizer(without, "pl")
    assert sentencizer is not None
    assert sentencizer.split_sentences("Dzień dobry. Potrzebuję pomocy.") == [
        "Dzień dobry.",
        "Potrzebuję pomocy.",
    ]


def _zip(path: Path, files: dict[str, str]) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, content in files.items():
            zf.writestr(name, content)
    return path


def test_install_package_unpacks_into_the_packages_dir(tmp_path: Path) -> None:
    archive = _zip(
        tmp_path / "pl_en.argosmodel",
        {
            "translate-pl_en/metadata.json": '{"from_code": "pl", "to_code": "en", "package_version": "1.9"}',
            "translate-pl_en/model/model.bin": "weights",
        },
    )
    seen: list[tuple[int, int]] = []

    model = install_package(
        archive, tmp_path / "packages", progress=lambda done, total: seen.append((done, total))
    )

    assert model.pair == ("pl", "en")
    assert (tmp_path / "packages" / "translate-pl_en" / "model" / "model.bin").read_text() == "weights"
    assert seen[-1][0] == seen[-1][1]
    assert [m.pair for m in find_installed_models(tmp_path / "packages")] == [("pl", "en")]


@pytest.mark.parametrize(
    "files",
    [
        {"a/metadata.json": "{}", "a/model/x": ""},  # no from_code/to_code
        {"a/metadata.json": '{"from_code": "pl", "to_code": "en"}'},  # no model/
        {"a/metadata.json": '{"from_code": "pl", "to_code": "en"}', "a/model/x": "", "b/x": ""},  # two roots
        {"a/metadata.json": '{"from_code": "pl", "to_code": "en"}', "a/model/../../evil": ""},  # escapes
    ],
)
def test_install_package_refuses_bad_archives(tmp_path: Path, files: dict[str, str]) -> None:
    with pytest.raises(BadPackage):
        install_package(_zip(tmp_path / "bad.argosmodel", files), tmp_path / "packages")


def test_install_command_reports_a_file_that_is_not_a_package(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "notes.txt").write_text("hello")

    assert (
        cli(["translation-models", "install", str(tmp_path / "notes.txt"), "--dir", str(tmp_path / "p")]) == 1
    )
    assert "not an Argos package" in capsys.readouterr().err
