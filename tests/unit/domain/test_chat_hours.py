"""The chat's staffed hours are a setting of the service, not invented office hours (helper-129, probe 119).

Before: every promise ("En veileder svarer deg mandag 28. desember kl. 09:00") came from office hours in
reference/enheter.csv that every row had as "09:00-15:00 … standard (kilde mangler)": no source, NAV's phone hours
said as each office's own, while the bot said it did not have the office's hours. Now the hours a veileder may answer
are the chat's staffed hours (tjenestens bemanningstid: Settings.chat_hours, NAVCHAT_CHAT_HOURS), one setting for
every queue; the office register invents none; and a time is promised only as the earliest ("tidligst")."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from router.adapters.reference_data import ReferenceRouting, load_reference_data
from router.config import Settings
from router.domain.opening_hours import (
    CHAT_HOURS_SOURCE,
    DEFAULT_CHAT_HOURS,
    OSLO,
    is_open,
    next_opening,
    parse_weekly,
)
from router.texts import fixed_text

ROOT = Path(__file__).resolve().parents[3]
LILLE_JULAFTEN_1550 = datetime(2026, 12, 23, 15, 50, tzinfo=OSLO)


@pytest.fixture(scope="module")
def reference():  # type: ignore[no-untyped-def]
    return load_reference_data(ROOT / "reference")


def test_the_setting_reads_days_and_intervals() -> None:
    hours = parse_weekly("mon-fri 09:00-15:00; sat 10:00-11:00,12:00-13:00")
    assert hours.as_strings() == {"mon": "09:00-15:00", "tue": "09:00-15:00", "wed": "09:00-15:00",
                                  "thu": "09:00-15:00", "fri": "09:00-15:00", "sat": "10:00-11:00,12:00-13:00",
                                  "sun": None}
    assert parse_weekly(DEFAULT_CHAT_HOURS).as_strings()["sat"] is None


@pytest.mark.parametrize("wrong", ["", "man-fre 09:00-15:00", "fri-mon 09:00-15:00", "mon 15:00-09:00",
                                   "mon 09:00-15:00; mon 10:00-11:00", "mon-fri"])
def test_a_wrong_setting_stops_the_start(wrong: str, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ValueError):
        parse_weekly(wrong)
    monkeypatch.setenv("NAVCHAT_CHAT_HOURS", wrong)
    with pytest.raises(ValueError, match="NAVCHAT_CHAT_HOURS"):
        Settings.from_env()


def test_every_queue_counts_the_chats_staffed_hours_with_the_nav_days(reference) -> None:  # type: ignore[no-untyped-def]
    default = ReferenceRouting(reference)
    for enhetsnummer in ("0312", "2103", "NKS-OVRG", "4100"):
        hours = default.opening_hours(enhetsnummer)
        # 23.12 15:50: julaften closed (nav_dager.csv), 25.-26. helligdager, 27. a Sunday: Monday 28 at 09:00
        assert next_opening(hours, LILLE_JULAFTEN_1550) == datetime(2026, 12, 28, 9, tzinfo=OSLO), enhetsnummer
    evenings = ReferenceRouting(reference, chat_hours=parse_weekly("mon-fri 09:00-15:00,17:00-20:00"))
    assert is_open(evenings.opening_hours("0312"), datetime(2026, 12, 2, 18, tzinfo=OSLO)), "the setting decides"
    assert not is_open(default.opening_hours("0312"), datetime(2026, 12, 2, 18, tzinfo=OSLO))
    assert not is_open(evenings.opening_hours("0312"), datetime(2026, 12, 24, 18, tzinfo=OSLO)), "julaften closed"


def test_the_office_register_invents_no_opening_hours(reference) -> None:  # type: ignore[no-untyped-def]
    """No source has an office's visiting hours: none are written, the row says so, and the bot is told they are
    unknown (aapningstider_is_default), as it says ("Åpningstidene til kontoret har jeg ikke her")."""
    for enhet in reference.enheter.values():
        assert set(enhet.aapningstider.values()) == {None}, enhet.enhetsnummer
        assert enhet.aapningstider_is_default, enhet.enhetsnummer
    text = (ROOT / "reference" / "enheter.csv").read_text(encoding="utf-8")
    assert "09:00-15:00" not in text and "standard (kilde mangler)" not in text


def test_the_bot_states_the_same_staffed_hours_as_the_default() -> None:
    """The bot says when veiledere answer in its own words (bot/conversation.yml, part of the trained model): the
    router's default must be those hours, or a bruker is told two different things. Change both together."""
    assert DEFAULT_CHAT_HOURS == "mon-fri 09:00-15:00" and CHAT_HOURS_SOURCE == "tjenestens bemanningstid"
    bot = (ROOT / "bot" / "conversation.yml").read_text(encoding="utf-8")
    for said in ("Veiledere svarer i chatten på hverdager 09–15", "Rettleiarar svarar i chatten på kvardagar 09–15",
                 "Advisers answer in the chat on weekdays 09–15"):
        assert said in bot, said
    assert Settings().chat_hours == DEFAULT_CHAT_HOURS


@pytest.mark.parametrize(("language", "earliest"), [("nb", "tidligst"), ("nn", "tidlegast"),
                                                    ("en", "at the earliest")])
@pytest.mark.parametrize("key", ["outside_hours", "wait_short_when", "wait_past_closing",
                                 "wait_past_closing_phone_closed", "wait_nobody_before_closing",
                                 "wait_nobody_before_closing_phone_closed"])
def test_a_time_is_promised_only_as_the_earliest(language: str, earliest: str, key: str) -> None:
    text = fixed_text(key, language, when="X", opens="X", closes="15:00", enhet="Nav Frogner")
    assert earliest in text, text
    for office in ("Kontoret er stengt", "kontoret stenger", "Nav Frogner stenger", "The office is closed",
                   "the office closes", "Kontoret er stengt no"):
        assert office not in text, text
