"""Every language has every fixed text of nb.py, with the same placeholders, NAV and phone numbers."""

from __future__ import annotations

import importlib
import re
import string

import pytest

from router.domain.language_policy import SUPPORTED_LANGUAGES
from router.texts import NAV_PHONE, available_languages, fixed_text, widget_texts

REFERENCE = importlib.import_module("router.texts.nb").TEXTS
LANGUAGES = sorted(SUPPORTED_LANGUAGES)
# Kept verbatim in every language: people must be able to call these whatever language they read.
NUMBERS = (NAV_PHONE, "116 117", "112", "113", "116 123", "22 40 00 40")


def texts_of(lang: str) -> dict[str, str]:
    return importlib.import_module(f"router.texts.{lang}").TEXTS


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_every_supported_language_has_a_module() -> None:
    assert set(available_languages()) >= SUPPORTED_LANGUAGES
    assert available_languages()[0] == "nb"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_same_keys_as_bokmaal(lang: str) -> None:
    assert set(texts_of(lang)) == set(REFERENCE)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_same_placeholders_as_bokmaal(lang: str) -> None:
    texts = texts_of(lang)
    for key, reference in REFERENCE.items():
        assert placeholders(texts[key]) == placeholders(reference), key


def rendered(lang: str) -> dict[str, str]:
    """The texts as shown: NAV's phone number filled in for {phone}."""
    return {key: fixed_text(key, lang) for key in texts_of(lang)}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_nav_and_phone_numbers_are_kept(lang: str) -> None:
    texts = rendered(lang)
    for key, reference in rendered("nb").items():
        if "NAV" in reference:
            assert "NAV" in texts[key], key
        for number in NUMBERS:
            if re.search(rf"\b{number}\b", reference):
                assert re.search(rf"\b{number}\b", texts[key]), (key, number)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("key", ["emergency_contacts", "emergency_contacts_closed"])
def test_116_117_is_named_as_legevakten_that_reaches_sosialvakten(lang: str, key: str) -> None:
    """116 117 is legevakten's number; sosialvakten is reached through it (or the kommune's own number). "Contact
    sosialvakten or legevakten on 116 117" read as if both answered it."""
    text = fixed_text(key, lang, opens="09:00").casefold()
    assert text.index("legevakt") < text.index("116 117") < text.index("sosialvakt")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_while_nav_is_closed_the_contacts_lead_with_what_answers_now(lang: str) -> None:
    """On a Saturday "call your NAV office, or call 55 55 33 33" cannot be followed: legevakten and 112/113 come
    first, NAV's phone last, with when it opens."""
    text = fixed_text("emergency_contacts_closed", lang, opens="§")
    assert text.index("116 117") < text.index("112") < text.index("113") < text.index(NAV_PHONE) < text.index("§")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_texts_are_non_empty_and_format(lang: str) -> None:
    params = {"enhet": "NAV Grünerløkka", "office": "Nav Gamle Oslo", "kommune": "Oslo", "bydeler": "Midtbyen eller Heimdal", "minutes": 10, "name": "Kari", "when": "09:00", "position": 3, "closes": "15:00",
              "opens": "mandag 7. desember kl. 09:00"}
    for key in REFERENCE:
        text = fixed_text(key, lang, **params)
        assert text.strip(), key
        assert "{" not in text and "}" not in text, key


def test_the_phone_number_is_filled_in() -> None:
    assert "{phone}" in REFERENCE["emergency_contacts"]
    assert f"ring {NAV_PHONE} (hverdager 09–15)." in fixed_text("emergency_contacts", "nb")
    assert f"+47 {NAV_PHONE}" in fixed_text("emergency_contacts", "en", enhet="x")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_language_name_is_the_languages_own(lang: str) -> None:
    name = texts_of(lang)["language_name"]
    assert name
    assert name != REFERENCE["language_name"] or lang == "nb"


def test_language_names_are_unique() -> None:
    names = [texts_of(lang)["language_name"] for lang in LANGUAGES]
    assert len(names) == len(set(names))


# The chat widget's own interface (router/web/static/widget): every text in every language, one home.
WIDGET_KEYS = sorted(key for key in REFERENCE if key.startswith("widget_"))


def test_the_widget_has_its_texts_here() -> None:
    assert len(WIDGET_KEYS) >= 30
    for key in ("widget_status_bot", "widget_placeholder", "widget_send", "widget_help", "widget_choose_language"):
        assert key in WIDGET_KEYS


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_widget_text_in_every_language_with_the_same_placeholders(lang: str) -> None:
    texts = texts_of(lang)
    for key in [*WIDGET_KEYS, "language_chosen"]:
        assert key in texts, key
        assert texts[key].strip(), key
        assert placeholders(texts[key]) == placeholders(REFERENCE[key]), key
    if lang not in ("nb", "nn"):
        # Written for this language, not copied from bokmål (a few words are the same in Danish: "Send", "Du").
        same = [key for key in WIDGET_KEYS if texts[key] == REFERENCE[key]]
        assert len(same) <= 5, same


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_widget_bundle_is_one_language_with_its_direction(lang: str) -> None:
    bundle = widget_texts(lang)
    assert bundle["lang"] == lang
    assert bundle["dir"] == ("rtl" if lang in {"ar", "fa", "ur"} else "ltr")
    assert set(bundle["texts"]) == {*WIDGET_KEYS, "offer_human", "too_long", "machine_translated", "language_name",
                                    "logged_out_closed"}
    assert all("{phone}" not in text and NAV_PHONE in text for key, text in bundle["texts"].items()
               if "{phone}" in REFERENCE.get(key, ""))
    assert widget_texts("xx")["lang"] == widget_texts(None)["lang"] == "nb"


def test_nynorsk_answers_in_nynorsk() -> None:
    """"Ein rettleiar svarer deg": "svarer" is bokmål; nynorsk "svarar"."""
    bokmaal = [key for key, text in texts_of("nn").items() if re.search(r"\bsvarer\b", text)]
    assert bokmaal == [], bokmaal


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang not in ("nb", "nn")])
def test_outside_norwegian_the_phone_has_its_country_code(lang: str) -> None:
    """Read by someone who may be calling from abroad, every text but the Norwegian ones writes "+47 55 55 33 33"
    (English included): one way of writing the number in all of a language's texts."""
    without = [key for key, text in texts_of(lang).items() if text.count("{phone}") != text.count("+47 {phone}")]
    assert without == [], without
