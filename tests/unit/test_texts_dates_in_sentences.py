"""When a veileder answers, or NAV's phone opens, is said in a grammatical sentence in every language.

The Polish notice read "Doradca odpowie Ci poniedziałek, 7 grudnia 2026 09:00": Babel writes the moment as a calendar
does, with the day in the nominative and no preposition. Polish, Russian, Ukrainian and Lithuanian put the day in the
accusative (after a preposition that varies with the day) and a preposition before the time
(router/texts/formatting.py day_and_time); English, German, Spanish and Vietnamese have the preposition in the text.
The year is left out: the moment is the next opening, days away ("mandag 7. desember 2026, 09:00" read as a form)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from router.domain.language_policy import SUPPORTED_LANGUAGES
from router.texts import fixed_text
from router.texts.formatting import clock, day_and_time

MONDAY = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)  # Monday 7 December 2026, 09:00 in Oslo
WEEK = [MONDAY + timedelta(days=day) for day in range(7)]


@pytest.mark.parametrize(("language", "expected"), [
    ("pl", ["w poniedziałek, 7 grudnia o 09:00", "we wtorek, 8 grudnia o 09:00",
            "w środę, 9 grudnia o 09:00", "w czwartek, 10 grudnia o 09:00",
            "w piątek, 11 grudnia o 09:00", "w sobotę, 12 grudnia o 09:00",
            "w niedzielę, 13 grudnia o 09:00"]),
    ("ru", ["в понедельник, 7 декабря в 09:00", "во вторник, 8 декабря в 09:00",
            "в среду, 9 декабря в 09:00", "в четверг, 10 декабря в 09:00",
            "в пятницу, 11 декабря в 09:00", "в субботу, 12 декабря в 09:00",
            "в воскресенье, 13 декабря в 09:00"]),
    ("uk", ["у понеділок, 7 грудня о 09:00", "у вівторок, 8 грудня о 09:00",
            "у середу, 9 грудня о 09:00", "у четвер, 10 грудня о 09:00",
            "у п’ятницю, 11 грудня о 09:00", "у суботу, 12 грудня о 09:00",
            "у неділю, 13 грудня о 09:00"]),
    ("lt", [f"gruodžio {7 + i} d., {day}, 09:00" for i, day in enumerate(
        ["pirmadienį", "antradienį", "trečiadienį", "ketvirtadienį", "penktadienį", "šeštadienį", "sekmadienį"])]),
])
def test_the_day_in_the_accusative_after_its_preposition_and_the_time_after_its_own(
        language: str, expected: list[str]) -> None:
    assert [day_and_time(moment, language) for moment in WEEK] == expected


@pytest.mark.parametrize(("language", "key", "says"), [
    ("pl", "outside_hours", "Doradca może odpowiedzieć Ci najwcześniej w poniedziałek, 7 grudnia o 09:00."),
    ("pl", "wait_past_closing", "Wtedy doradca może odpowiedzieć Ci najwcześniej w poniedziałek, 7 grudnia o 09:00."),
    ("pl", "emergency_contacts_closed", "będzie znowu czynny w poniedziałek, 7 grudnia o 09:00."),
    ("ru", "outside_hours", "Консультант сможет ответить вам самое раннее в понедельник, 7 декабря в 09:00."),
    ("ru", "emergency_contacts_closed", "снова будет работать в понедельник, 7 декабря в 09:00."),
    ("uk", "outside_hours", "Консультант зможе відповісти вам щонайраніше у понеділок, 7 грудня о 09:00."),
    ("uk", "emergency_contacts_closed", "знову працюватиме у понеділок, 7 грудня о 09:00."),
    ("lt", "outside_hours", "Konsultantas jums galės atsakyti ne anksčiau kaip gruodžio 7 d., pirmadienį, 09:00."),
    ("lt", "emergency_contacts_closed", "vėl veiks gruodžio 7 d., pirmadienį, 09:00."),
    ("en", "outside_hours", "An adviser can answer you on Monday, 7 December, 09:00 at the earliest."),
    ("en", "wait_past_closing", "an adviser can answer you on Monday, 7 December, 09:00 at the earliest."),
    ("de", "outside_hours", "kann Ihnen frühestens am Montag, 7. Dezember, 09:00 antworten."),
    ("de", "wait_past_closing", "Dann kann Ihnen frühestens am Montag, 7. Dezember, 09:00 eine Beraterin"),
    ("es", "outside_hours", "Un asesor podrá responderte como muy pronto el lunes, 7 de diciembre, 09:00."),
    ("es", "wait_past_closing_phone_closed", "podrá responderle como muy pronto el lunes, 7 de diciembre, 09:00."),
    ("vi", "outside_hours", "có thể trả lời bạn sớm nhất vào 09:00 Thứ Hai, 7 tháng 12."),
    ("vi", "wait_past_closing", "nhân viên tư vấn có thể trả lời bạn sớm nhất vào 09:00 Thứ Hai, 7 tháng 12."),
])
def test_the_notice_says_when_in_a_sentence(language: str, key: str, says: str) -> None:
    moment = day_and_time(MONDAY, language)
    text = fixed_text(key, language, when=moment, opens=moment, enhet="Nav Asker", closes="15:00")
    assert says in text, text


@pytest.mark.parametrize("language", sorted(SUPPORTED_LANGUAGES))
def test_the_next_opening_is_said_without_the_year(language: str) -> None:
    """Probe 70: "mandag 7. desember 2026, 09:00"; the day, the date and the time are enough days ahead."""
    said = day_and_time(MONDAY, language)
    assert "2026" not in said, said
    assert clock(MONDAY, language) in said
    assert not said.startswith((",", " ")) and not said.endswith((",", " ")), said


def test_bokmaal_nynorsk_and_english_read_as_before_but_for_the_year() -> None:
    assert day_and_time(MONDAY, "nn") == "måndag 7. desember kl. 09:00"
    assert day_and_time(MONDAY, "en") == "Monday, 7 December, 09:00"


def test_the_scandinavian_languages_say_kl_before_the_time() -> None:
    """Probe 70: "mandag 7. desember kl. 09:00" reads better as "mandag 7. desember kl. 09:00" (nynorsk had it)."""
    assert day_and_time(MONDAY, "nb") == "mandag 7. desember kl. 09:00"
    assert day_and_time(MONDAY, "da") == "mandag den 7. december kl. 09.00"
    assert day_and_time(MONDAY, "sv") == "måndag 7 december kl. 09:00"
    assert fixed_text("outside_hours", "nb", when=day_and_time(MONDAY, "nb")).startswith(
        "Chatten er ikke bemannet nå. En veileder kan svare deg tidligst mandag 7. desember kl. 09:00.")
