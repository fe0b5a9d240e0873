"""Dates, times, numbers and lists as each language writes them (Babel's CLDR data), never "kl." in Somali.

Times are shown in Oslo time, where the offices are.

Babel keeps a language's whole CLDR data in memory once it formats anything in it: about 1 MB a language, 18 MB
resident for the 20 supported languages (measured), of which these texts read eleven entries. Those entries are
copied once from Babel's data into cldr_entries.json (scripts/build_cldr_entries.py; a test holds the file equal
to the installed Babel), and each language's locale here holds only them: Babel formats with them as with its own
data and never loads the rest. An entry not in the file is read from Babel's whole data, with a warning.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Sequence
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError, localedata
from babel.dates import DateTimePattern, format_date, format_time, get_datetime_format
from babel.dates import parse_pattern as parse_date_pattern
from babel.lists import format_list
from babel.numbers import NumberPattern, format_decimal
from babel.numbers import parse_pattern as parse_number_pattern
from babel.plural import PluralRule

from router.domain.language_policy import SUPPORTED_LANGUAGES
from router.domain.opening_hours import OSLO

log = logging.getLogger(__name__)

CLDR_ENTRIES_PATH = Path(__file__).with_name("cldr_entries.json")
# The CLDR locale for each supported language where the bare code is not the one NAV's brukere read.
_LOCALES = {"nb": "nb_NO", "nn": "nn_NO", "en": "en_GB"}
# What Babel reads to format the router's dates, times and numbers (recorded over every supported language).
CLDR_ENTRIES = ("date_formats", "time_formats", "datetime_formats", "days", "months", "eras", "day_periods",
                "decimal_formats", "number_symbols", "plural_form", "list_patterns")
_DATE_PATTERNS = frozenset({"date_formats", "time_formats"})
_NUMBER_PATTERNS = frozenset({"decimal_formats"})
# Babel formats numbers in the Latin numbering system unless told otherwise: the other systems' symbols are not kept.
NUMBERING_SYSTEM = "latn"


def locale_identifier(language: str) -> str:
    return _LOCALES.get(language, language)


def cldr_identifiers() -> list[str]:
    """The CLDR locales of the supported languages, in the file's order."""
    return sorted(locale_identifier(language) for language in SUPPORTED_LANGUAGES)


def cldr_entries(identifier: str) -> dict[str, Any]:
    """The entries of one locale as the file holds them, from Babel's whole data (for the build script and the
    test): aliases resolved, patterns as their text, each key written as JSON (days and months are numbered, the
    default decimal format's key is None)."""
    data = Locale.parse(identifier)._data
    entries = {name: _encoded(data[name]) for name in CLDR_ENTRIES}
    system = json.dumps(NUMBERING_SYSTEM)
    entries["number_symbols"] = {system: entries["number_symbols"][system]}
    return entries


def _encoded(value: Any) -> Any:
    if isinstance(value, PluralRule):
        return _encoded(dict(value.rules))
    if isinstance(value, localedata.LocaleDataDict | dict):
        return {json.dumps(key): _encoded(value[key]) for key in value}
    if isinstance(value, DateTimePattern | NumberPattern):
        return value.pattern
    return value


def _decoded(value: Any, parse: Any = None) -> Any:
    if isinstance(value, dict):
        return {json.loads(key): _decoded(item, parse) for key, item in value.items()}
    return parse(value) if parse is not None else value


class _Entries(localedata.LocaleDataDict):
    """A locale's kept entries; one not kept is read from Babel's whole data (and then kept)."""

    def __init__(self, data: dict[Any, Any], identifier: str) -> None:
        super().__init__(data)
        self._identifier = identifier

    def __getitem__(self, key: Any) -> Any:
        if key not in self._data:
            log.warning("formatting.entry_not_kept locale=%s entry=%s", self._identifier, key)
            self._data[key] = Locale.parse(self._identifier)._data[key]
        return super().__getitem__(key)


class _KeptEntriesLocale(Locale):
    """A Babel locale with only the kept CLDR entries as its data (see the module docstring)."""

    def __init__(self, identifier: str, entries: dict[str, Any]) -> None:
        parsed = Locale.parse(identifier)  # only the identifier: Babel loads a locale's data when it is first read
        super().__init__(parsed.language, parsed.territory, parsed.script, parsed.variant, parsed.modifier)
        data = {name: _decoded(value, parse_date_pattern if name in _DATE_PATTERNS else
                               parse_number_pattern if name in _NUMBER_PATTERNS else None)
                for name, value in entries.items()}
        if "plural_form" in data:
            data["plural_form"] = PluralRule(data["plural_form"])
        self._kept = _Entries(data, identifier)

    @property
    def _data(self) -> localedata.LocaleDataDict:
        return self._kept


@cache
def _kept_entries() -> dict[str, dict[str, Any]]:
    return json.loads(CLDR_ENTRIES_PATH.read_text(encoding="utf-8"))["locales"]


@cache
def locale_for(language: str | None) -> Locale:
    identifier = locale_identifier(language or "nb")
    entries = _kept_entries().get(identifier)
    if entries is not None:
        return _KeptEntriesLocale(identifier, entries)
    try:
        return Locale.parse(identifier)
    except (UnknownLocaleError, ValueError):
        return locale_for("nb")


def clock(moment: datetime, language: str | None) -> str:
    """09:00, 09.00 ...: the language's short time on a 24-hour clock with two-digit hours, as NAV writes its hours
    and as the same message says NAV's phone hours ("09–15"). Where CLDR's is a 12-hour clock (ar, so, ti, ur:
    "9:00 ص", "9:00 GH"), HH:mm (probe 119: "سيرد عليك مستشار الثلاثاء، 30 مارس، 9:00 ص" beside "(أيام العمل
    09–15)"); es and fa's "9:00" becomes "09:00"; da keeps its "09.00"."""
    locale = locale_for(language)
    pattern = locale.time_formats["short"].pattern
    if _TWELVE_HOURS.search(pattern):
        pattern = "HH:mm"
    elif "HH" not in pattern:
        pattern = pattern.replace("H", "HH", 1)
    return format_time(moment.astimezone(OSLO), pattern, tzinfo=OSLO, locale=locale)


# An hour field of a 12-hour clock (h 1-12, K 0-11) outside a quoted literal.
_TWELVE_HOURS = re.compile(r"^(?:[^']|'[^']*')*?[hK]")


# The fixed texts put the moment in a sentence ("Doradca odpowie Ci {when}"). Babel writes it as a calendar does, the
# day in the nominative ("poniedziałek, 7 grudnia 2026 09:00"), which in these languages does not fit a sentence: it
# needs a preposition and the day in the accusative, and a preposition before the time ("w poniedziałek, 7 grudnia
# 2026 o 09:00"). The preposition varies with the day ("we wtorek", "во вторник"), so it is here and not in the texts.
# Monday first; {date} is Babel's long date, {time} its short time.
_IN_A_SENTENCE = {
    "pl": (("w poniedziałek", "we wtorek", "w środę", "w czwartek", "w piątek", "w sobotę", "w niedzielę"),
           "{day}, {date} o {time}"),
    "ru": (("в понедельник", "во вторник", "в среду", "в четверг", "в пятницу", "в субботу", "в воскресенье"),
           "{day}, {date} в {time}"),
    "uk": (("у понеділок", "у вівторок", "у середу", "у четвер", "у п’ятницю", "у суботу", "у неділю"),
           "{day}, {date} о {time}"),
    "lt": (("pirmadienį", "antradienį", "trečiadienį", "ketvirtadienį", "penktadienį", "šeštadienį", "sekmadienį"),
           "{date}, {day}, {time}"),
}


# The Scandinavian languages say "kl." before the time in a sentence ("mandag 7. desember kl. 09:00"); CLDR writes it
# so for nynorsk only ("mandag 7. desember, 09:00", "mandag den 7. december 09.00", "måndag 7 december 09:00").
_KLOKKA = frozenset({"nb", "nn", "da", "sv"})
# CLDR joins date and time with a bare space in Somali, where the date ends in the day's number: "Talaado, Maarso 30
# 09:00" reads as one number; a comma parts them, as in English.
_DATE_THEN_TIME = {"so": "{1}, {0}"}


# The year in a CLDR date pattern with what belongs to it: before it the comma and space, Spanish "de", the Thai
# era (G); after it the Russian and Ukrainian "г." / "р."; or, first, the Lithuanian "y 'm'. ".
_YEAR_IN_PATTERN = re.compile(r"""^y+\s*'m'\.\s*|[,،]?[\s\u202f]*(?:'de'\s*)?(?:G\s*)?y+(?:[\s\u202f]*'[^']*'\.?)?""")


def without_year(pattern: str) -> str:
    """A CLDR date pattern with the year left out: "EEEE d. MMMM y" -> "EEEE d. MMMM"."""
    return _YEAR_IN_PATTERN.sub("", pattern).strip()


def day_and_time(moment: datetime, language: str | None) -> str:
    """When something happens soon, as the fixed texts put it in a sentence, without the year (every caller says
    the next opening of an office or a phone, days away at most; a probe read "mandag 7. desember 2026, 09:00"):
    "mandag 7. desember kl. 09:00", "Monday, 7 December, 09:00", "w poniedziałek, 7 grudnia o 09:00" ..."""
    locale = locale_for(language)
    local = moment.astimezone(OSLO)
    if language in _IN_A_SENTENCE:
        days, pattern = _IN_A_SENTENCE[language]
        return pattern.format(day=days[local.weekday()], time=clock(local, language),
                              date=format_date(local, without_year(locale.date_formats["long"].pattern),
                                               locale=locale))
    date = format_date(local, without_year(locale.date_formats["full"].pattern), locale=locale)
    if language in _KLOKKA:
        return f"{date} kl. {clock(local, language)}"
    pattern = _DATE_THEN_TIME.get(language or "") or str(get_datetime_format("long", locale=locale)).replace("'", "")
    return pattern.replace("{1}", date).replace("{0}", clock(local, language))


def one_of(items: Sequence[str], language: str | None) -> str:
    """"Midtbyen, Østbyen, Lerkendal eller Heimdal": a choice among ``items`` as the language lists it (CLDR)."""
    return format_list(list(items), style="or", locale=locale_for(language))


def plural_category(count: int | float, language: str | None) -> str:
    """The CLDR plural category of ``count`` in ``language``: Arabic says "5 دقائق" (few) but "15 دقيقة" (many)."""
    return str(locale_for(language).plural_form(count))


def number(value: int | float, language: str | None) -> str:
    return format_decimal(value, locale=locale_for(language))
