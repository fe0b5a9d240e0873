"""Dates, times and numbers as each language writes them (Babel's CLDR data), never "kl." in Somali.

Times are shown in Oslo time, where the offices are.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_time, get_datetime_format
from babel.numbers import format_decimal

from router.domain.opening_hours import OSLO

# The CLDR locale for each supported language where the bare code is not the one NAV's brukere read.
_LOCALES = {"nb": "nb_NO", "nn": "nn_NO", "en": "en_GB"}


@cache
def locale_for(language: str | None) -> Locale:
    try:
        return Locale.parse(_LOCALES.get(language or "nb", language or "nb"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse("nb_NO")


def clock(moment: datetime, language: str | None) -> str:
    """09:00, 9:00 ص, 09.00 ..."""
    return format_time(moment.astimezone(OSLO), "short", tzinfo=OSLO, locale=locale_for(language))


def day_and_time(moment: datetime, language: str | None) -> str:
    """"mandag 7. desember 2026, 09:00", "Monday, 7 December 2026, 09:00" ..."""
    locale = locale_for(language)
    local = moment.astimezone(OSLO)
    pattern = str(get_datetime_format("long", locale=locale)).replace("'", "")
    return pattern.replace("{1}", format_date(local, "full", locale=locale)).replace("{0}", clock(local, language))


def number(value: int | float, language: str | None) -> str:
    return format_decimal(value, locale=locale_for(language))
