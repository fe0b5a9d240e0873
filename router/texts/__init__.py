"""Hand-written fixed texts per language, so the key messages never depend on machine translation.

Each language is one module holding a ``TEXTS`` dict with the same keys as ``nb``. A text
that a language lacks falls back to English, then bokmål. NAV's contact details are written as
placeholders (``{phone}``) and filled from the constants here, so the number lives in one place; the phone's hours
(``{phone_hours}``, "hverdager 09–15") from each language's text ``nav_phone_hours``, once per language.
``contact_text`` fills both into texts kept elsewhere (the actions' texts, through actions/common.pick).
"""

from __future__ import annotations

import importlib
import re
from functools import cache
from types import ModuleType

# NAV's general phone number (nav.no/kontaktoss), as people read it and as a tel: link.
from router.domain.contact import NAV_PHONE, NAV_PHONE_TEL

FALLBACK_CHAIN = ("en", "nb")


# Filled into every fixed text, and by ``contact_text`` into texts kept elsewhere (actions, the widget page).
CONTACT = {"phone": NAV_PHONE, "phone_tel": NAV_PHONE_TEL}

# Each language's name in bokmål, for NAV staff (console, dashboard) and next to the own name in the picker. The
# language's own name is the fixed text "language_name". Also names tolk languages the picker does not offer.
NORWEGIAN_LANGUAGE_NAMES = {
    "nb": "norsk bokmål", "nn": "nynorsk", "no": "norsk", "da": "dansk", "sv": "svensk", "en": "engelsk",
    "uk": "ukrainsk", "ru": "russisk", "pl": "polsk", "ar": "arabisk", "so": "somali", "ti": "tigrinja",
    "fa": "persisk", "ur": "urdu", "tr": "tyrkisk", "lt": "litauisk", "de": "tysk", "fr": "fransk", "es": "spansk",
    "se": "nordsamisk", "ro": "rumensk", "th": "thai", "vi": "vietnamesisk", "ku": "kurdisk", "prs": "dari",
    "ps": "pashto", "am": "amharisk",
}


def is_known_language(code: str) -> bool:
    """A language a tolk can be asked for: one named above, or an ISO 639 code the CLDR (Babel) names."""
    return code in NORWEGIAN_LANGUAGE_NAMES or code in _cldr_language_codes()


@cache
def _cldr_language_codes() -> frozenset[str]:
    from babel import Locale  # only when a tolk language outside the list above is asked for

    return frozenset(Locale("en").languages)


def contact_text(text: str, language: str | None = None) -> str:
    """``text`` with NAV's contact placeholders (``{phone}``) filled, and given the text's language NAV's phone hours
    as it says them (``{phone_hours}``); other placeholders are left as they are."""
    for name, value in CONTACT.items():
        text = text.replace("{" + name + "}", value)
    return text.replace("{phone_hours}", phone_hours(language)) if language is not None else text


def phone_hours(language: str) -> str:
    """NAV's phone hours as ``language`` says them ("hverdager 09–15", router/domain/opening_hours.py
    NAV_PHONE_HOURS): its text ``nav_phone_hours``, one per language, else English's."""
    return _module_texts(language).get("nav_phone_hours") or _module_texts("en").get("nav_phone_hours", "")


# A language module is named by its ISO 639 code; other modules here (formatting) are not languages.
_LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")


@cache
def _module(language: str) -> ModuleType | None:
    if not _LANGUAGE_CODE.match(language):
        return None
    try:
        return importlib.import_module(f"router.texts.{language}")
    except ModuleNotFoundError:
        return None


def _module_texts(language: str) -> dict[str, str]:
    """The language's texts as written, placeholders unfilled."""
    module = _module(language)
    return module.TEXTS if module is not None else {}


@cache
def _texts(language: str) -> dict[str, str]:
    return {key: contact_text(text, language) for key, text in _module_texts(language).items()}


def available_languages() -> list[str]:
    """The languages with a hand-written module (nb first)."""
    from importlib import resources

    names = sorted(
        p.name.removesuffix(".py")
        for p in resources.files("router.texts").iterdir()
        if p.name.endswith(".py") and _LANGUAGE_CODE.match(p.name.removesuffix(".py"))
    )
    return ["nb"] + [n for n in names if n != "nb"]


def language_name(code: str) -> str:
    """The language's own name ("Polski"); the code when there is no hand-written module for it."""
    return fixed_text("language_name", code) if has_text("language_name", code) else code


def has_text(key: str, language: str) -> bool:
    return key in _texts(language)


def fixed_text(key: str, language: str | None, **params: object) -> str:
    """The hand-written text for ``key`` in ``language`` (fallback: English, then bokmål)."""
    for lang in (language or "nb", *FALLBACK_CHAIN):
        text = _texts(lang).get(key)
        if text is not None:
            return text.format(**params) if params else text
    raise KeyError(f"no fixed text {key!r}")


def counted_text(key: str, language: str | None, count: int | float, **params: object) -> str:
    """``fixed_text`` for a text that counts ``count``: a language whose word for it changes with the number (Arabic
    "5 دقائق" but "15 دقيقة") keeps the other forms in its module's ``PLURAL_TEXTS`` (key -> CLDR plural category ->
    text, same placeholders); any other category, or language, gets the text of ``TEXTS``."""
    from router.texts.formatting import plural_category  # Babel's plural rules, only for a text that counts

    module = _module(language or "nb")
    forms: dict[str, str] = getattr(module, "PLURAL_TEXTS", {}).get(key, {}) if module is not None else {}
    text = forms.get(plural_category(count, language))
    if text is None:
        return fixed_text(key, language, **params)
    return contact_text(text, language).format(**params)


# Written from right to left: the widget turns its layout around for these.
RIGHT_TO_LEFT = frozenset({"ar", "fa", "ur"})
# Besides its own ``widget_*`` texts, the widget shows these fixed texts.
WIDGET_SHARED_KEYS = ("offer_human", "too_long", "machine_translated", "language_name", "logged_out_closed")


def text_direction(language: str | None) -> str:
    """``rtl`` or ``ltr``, for the ``dir`` attribute of a page or text in ``language``."""
    return "rtl" if language in RIGHT_TO_LEFT else "ltr"


def widget_texts(language: str | None) -> dict[str, object]:
    """Everything the chat widget writes itself, in one language (bokmål when it has no module): the one home of the
    widget's texts, served by GET /api/widget/texts and put into the page. Placeholders other than NAV's contact
    details ({name}) are left for the widget to fill; ``phone`` is given so the widget can make it a link."""
    lang = language if language and has_text("language_name", language) else "nb"
    keys = [key for key in _texts("nb") if key.startswith("widget_")] + list(WIDGET_SHARED_KEYS)
    return {
        "lang": lang,
        "dir": text_direction(lang),
        "phone": CONTACT["phone"],
        "phone_tel": CONTACT["phone_tel"],
        "texts": {key: fixed_text(key, lang) for key in keys},
    }
