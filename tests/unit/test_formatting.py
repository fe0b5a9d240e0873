"""Dates, times and numbers from the kept CLDR entries (router/texts/formatting.py) are what Babel writes with its
whole data, in every supported language; the file is what the installed Babel gives; Babel's whole data is never
loaded for them."""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from babel import Locale, localedata
from babel.dates import format_date

from router.domain.language_policy import SUPPORTED_LANGUAGES
from router.texts import formatting

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
from build_cldr_entries import build  # noqa: E402

# Every hour of a day (12-hour clocks, day periods), every weekday and month, both sides of a DST change.
MOMENTS = [datetime(2026, 1, 1, 0, 7, tzinfo=UTC) + timedelta(days=day * 13, hours=day * 5) for day in range(60)]
NUMBERS = [0, 3, 42, 1234, 12345, 1234567, -5, 0.5, 1234.25]


def texts(language: str) -> list[str]:
    """Every text the router formats, in ``language``, with whatever locale formatting.locale_for gives."""
    locale = formatting.locale_for(language)
    return ([formatting.day_and_time(moment, language) for moment in MOMENTS]
            + [formatting.clock(moment, language) for moment in MOMENTS]
            + [format_date(moment, "long", locale=locale) for moment in MOMENTS]
            + [formatting.number(value, language) for value in NUMBERS])


@pytest.mark.parametrize("language", sorted(SUPPORTED_LANGUAGES))
def test_every_text_as_babel_writes_it_with_its_whole_data(language: str, caplog: pytest.LogCaptureFixture,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    assert type(formatting.locale_for(language)) is not Locale, "the locale holds only the kept entries"
    with caplog.at_level(logging.WARNING, logger="router.texts.formatting"):
        kept = texts(language)
    assert not caplog.records, "no entry was missing from the file"
    whole = Locale.parse(formatting.locale_identifier(language))
    monkeypatch.setattr(formatting, "locale_for", lambda _language: whole)
    assert kept == texts(language)


def test_babels_whole_data_is_not_loaded_for_them() -> None:
    localedata._cache.clear()  # what earlier tests loaded (the comparisons above load Babel's whole data)
    formatting.locale_for.cache_clear()
    for language in SUPPORTED_LANGUAGES:
        formatting.day_and_time(MOMENTS[0], language)
        formatting.number(1234.5, language)
    assert not localedata._cache, "Babel loaded a locale's whole data"


def test_an_entry_not_kept_is_read_from_babels_whole_data(caplog: pytest.LogCaptureFixture) -> None:
    kept = formatting.locale_for("nb")
    with caplog.at_level(logging.WARNING, logger="router.texts.formatting"):
        assert kept.territories["NO"] == Locale.parse("nb_NO").territories["NO"] == "Norge"
    assert "formatting.entry_not_kept locale=nb_NO entry=territories" in caplog.text


def test_the_file_is_what_the_installed_babel_gives() -> None:
    written = json.loads(formatting.CLDR_ENTRIES_PATH.read_text(encoding="utf-8"))
    assert written == json.loads(json.dumps(build())), "run scripts/build_cldr_entries.py"


@pytest.mark.parametrize("language", sorted(SUPPORTED_LANGUAGES))
def test_one_message_has_one_clock_the_24_hour_one_nav_writes_its_hours_in(language: str) -> None:
    """Probe 119: Arabic "سيرد عليك مستشار الثلاثاء، 30 مارس، 9:00 ص" and Somali "Talaado, Maarso 30 9:00 GH" on a
    12-hour clock, while the same message gave NAV's phone hours as "(أيام العمل 09–15)"."""
    from router.domain.opening_hours import OSLO
    from router.texts import fixed_text

    morning, afternoon = datetime(2027, 3, 30, 9, 0, tzinfo=OSLO), datetime(2027, 3, 30, 14, 5, tzinfo=OSLO)
    assert formatting.clock(morning, language).startswith("09"), "two-digit hours, as in NAV's phone hours"
    assert formatting.clock(afternoon, language).startswith("14")
    assert "09–15" in fixed_text("nav_phone_hours", language), "the hours the moment sits beside"
    assert formatting.clock(morning, language) in formatting.day_and_time(morning, language)


def test_somali_parts_the_date_from_the_time() -> None:
    """Probe 119: "Talaado, Maarso 30 9:00 GH": the day's number and the hour ran together."""
    from router.domain.opening_hours import OSLO

    assert formatting.day_and_time(datetime(2027, 3, 30, 9, 0, tzinfo=OSLO), "so") == "Talaado, Maarso 30, 09:00"
