"""What the fixed texts promise, as the service keeps it: NAV's phone with its hours wherever it is given, the bydel
question without 'one office per bydel', the wait notice that says where the answer comes for a bruker who is and
who is not logged in."""

from __future__ import annotations

import re
from datetime import datetime

import pytest

from router.domain.conversation import Conversation
from router.domain.opening_hours import NAV_PHONE_HOURS, OSLO
from router.domain.wait_promise import WaitKind, WaitPromise
from router.services import waiting
from router.texts import available_languages, fixed_text

LANGUAGES = available_languages()
TUESDAY = datetime(2026, 12, 1, 10, 30, tzinfo=OSLO)  # NAV's phone open
SATURDAY = datetime(2026, 12, 5, 12, 0, tzinfo=OSLO)


def test_the_phone_hours_in_the_texts_are_nav_s_phone_hours() -> None:
    weekdays = {day: NAV_PHONE_HOURS.weekly.get(day, ()) for day in range(7)}
    assert all(len(weekdays[d]) == 1 for d in range(5)) and not any(weekdays[d] for d in (5, 6))
    begin, end = weekdays[0][0]
    assert f"{begin:%H}–{end:%H}" == "09–15", "the texts say 09–15: change nav_phone_hours with the hours"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("key", ["emergency_contacts", "emergency_contacts_call_nav"])
def test_the_emergency_contacts_while_nav_s_phone_is_open_give_its_hours(language: str, key: str) -> None:
    """Every other place that gives NAV's phone says when it answers; these said "+47 55 55 33 33" alone."""
    text = fixed_text(key, language)
    hours = fixed_text("nav_phone_hours", language)
    assert "09–15" in hours
    assert f"({hours})" in text, (language, key)
    assert fixed_text("widget_call_or_retry", language).count(f"({hours})") == 1, "one phrase for the hours"


def test_the_wait_while_the_phone_is_open_gives_its_contacts_with_the_hours() -> None:
    conversation = Conversation(id="c", token_hash="h", created_at=TUESDAY, updated_at=TUESDAY,
                                enhet_navn="Nav Asker")
    _, contacts = waiting.wait_texts(conversation, WaitPromise(WaitKind.NOBODY_ONLINE), "nb", TUESDAY, phone=NAV_PHONE_HOURS)
    assert "55 55 33 33 (hverdager 09–15)" in contacts


@pytest.mark.parametrize(("language", "old"), [
    ("nb", "for hver bydel"), ("nn", "for kvar bydel"), ("da", "for hver bydel"), ("sv", "för varje stadsdel"),
    ("en", "for each city district"), ("de", "für jeden Stadtbezirk"), ("es", "para cada distrito"),
    ("pl", "dla każdej dzielnicy"), ("ro", "pentru fiecare cartier"), ("ru", "у каждого района"),
    ("uk", "кожен район"), ("lt", "kiekvienas miesto rajonas"), ("tr", "her semtin"), ("vi", "mỗi quận"),
    ("so", "degmo kasta"), ("ar", "لكل حيّ"), ("fa", "هر منطقه"), ("ur", "ہر علاقے"), ("ti", "ነፍሲ ወከፍ ከባቢ"),
    ("th", "แต่ละเขต"),
])
def test_the_bydel_question_says_the_bydel_decides_the_office_not_one_office_per_bydel(language: str,
                                                                                        old: str) -> None:
    """Bergen has 4 NAV offices for 8 bydeler."""
    text = fixed_text("bydel_question", language, kommune="Bergen")
    assert old not in text and "Bergen" in text and "bydel" in text.lower()


def test_the_bydel_question_in_norwegian_and_english() -> None:
    assert fixed_text("bydel_question", "nb", kommune="Bergen").startswith(
        "Hvilket NAV-kontor du hører til i Bergen, avhenger av bydelen du bor i.")
    assert fixed_text("bydel_question", "nn", kommune="Bergen").startswith(
        "Kva NAV-kontor du høyrer til i Bergen, kjem an på bydelen du bur i.")
    assert fixed_text("bydel_question", "en", kommune="Bergen").startswith(
        "In Bergen, which NAV office you belong to depends on the city district (bydel) you live in.")


def a_conversation(*, logged_in: bool) -> Conversation:
    conversation = Conversation(id="c", token_hash="h", created_at=SATURDAY, updated_at=SATURDAY,
                                enhet_navn="Nav Frogner")
    if logged_in:
        conversation.person_pseudonym = "p" * 64
    return conversation


@pytest.mark.parametrize("kind", [WaitKind.NOBODY_ONLINE, WaitKind.CLOSED, WaitKind.PAST_CLOSING])
def test_a_bruker_not_logged_in_is_told_to_keep_the_tab_open_and_that_a_login_keeps_the_conversation(
        kind: WaitKind) -> None:
    """'Du kan legge igjen meldingen din her' alone: the probe's bruker closed the tab and lost the answer."""
    promise = WaitPromise(kind, closes=SATURDAY, opens=SATURDAY.replace(day=7, hour=9))
    wait = waiting.wait_texts(a_conversation(logged_in=False), promise, "nb", SATURDAY, phone=NAV_PHONE_HOURS, login_available=True)[0]
    if kind is WaitKind.NOBODY_ONLINE:
        assert wait.endswith("Svaret kommer her i chatten, så la denne fanen være åpen. Logger du inn før du "
                             "lukker fanen, finner du samtalen igjen senere.")
    else:
        # Monday 09:00 at the earliest: the login is the way, not a tab kept open from Saturday (probe 161).
        assert wait.endswith("Du kan legge igjen meldingen din her. Logger du inn før du lukker fanen, finner du "
                             "samtalen igjen senere."), wait
    without_login = waiting.wait_texts(a_conversation(logged_in=False), promise, "nb", SATURDAY, phone=NAV_PHONE_HOURS)[0]
    assert without_login.endswith("så la denne fanen være åpen."), "no login here: no promise of one"
    logged_in = waiting.wait_texts(a_conversation(logged_in=True), promise, "nb", SATURDAY, phone=NAV_PHONE_HOURS, login_available=True)[0]
    assert logged_in.endswith("Du finner samtalen igjen her når du logger inn på nytt.")
    assert "la denne fanen være åpen" not in logged_in


@pytest.mark.parametrize("kind", [WaitKind.SOON, WaitKind.NOW])
def test_a_short_wait_names_the_login_that_keeps_the_chat_not_a_tab_to_keep_open(kind: WaitKind) -> None:
    """Probe 162: taken at once, she was told nothing of tabs, closed hers on her phone and got a new chat."""
    promise = WaitPromise(kind, minutes=5)
    wait = waiting.wait_texts(a_conversation(logged_in=False), promise, "nb", SATURDAY, phone=NAV_PHONE_HOURS,
                              login_available=True)[0]
    assert wait.endswith("Logger du inn før du lukker fanen, finner du samtalen igjen senere.") \
        and "la denne fanen være åpen" not in wait, wait
    for quiet in (waiting.wait_texts(a_conversation(logged_in=True), promise, "nb", SATURDAY, phone=NAV_PHONE_HOURS,
                                     login_available=True),
                  waiting.wait_texts(a_conversation(logged_in=False), promise, "nb", SATURDAY, phone=NAV_PHONE_HOURS)):
        assert not any("fanen" in text for text in quiet), "logged in already, or no login here: nothing of tabs"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_says_where_the_answer_comes(language: str) -> None:
    keys = ("answer_here_keep_tab_open", "answer_found_again_if_logged_in", "answer_found_again_logged_in")
    texts = [fixed_text(key, language) for key in keys]
    assert len(set(texts)) == 3 and not any(re.search(r"[{}]", t) for t in texts)
    if language != "en":
        assert texts != [fixed_text(key, "en") for key in keys], "written in the language itself"


# "logged in", "online", "connected" in each language; a veileder who is logged in may be busy or away.
LOGGED_IN = {"nb": ("pålogget",), "nn": ("pålogga",), "en": ("logged in",), "de": ("angemeldet",),
             "sv": ("inloggad",), "da": ("logget ind",), "pl": ("zalogowany",),
             "uk": ("в мережі", "увійдуть"), "ru": ("в сети", "войдут"), "fa": ("آنلاین", "وارد شدند"),
             "ar": ("متصل", "يتصلون"), "es": ("conectado", "se conecten"), "ro": ("conectat", "conectează"),
             "tr": ("çevrimiçi", "giriş yaptıklarında"), "ur": ("آن لائن", "لاگ ان"),
             "vi": ("trực tuyến", "đăng nhập"), "lt": ("prisijung",), "so": ("khadka", "soo galaan"),
             "ti": ("ኣብ መስመር", "ምስ ኣተዉ"), "th": ("ออนไลน์", "เข้าสู่ระบบ")}


@pytest.mark.parametrize("key", ["wait_nobody_online", "wait_nobody_online_phone_closed", "wait_short_nobody_online"])
@pytest.mark.parametrize("language", sorted(LOGGED_IN))
def test_nobody_available_says_available_not_logged_in(key: str, language: str) -> None:
    """nb/nn/en said "pålogget" where they meant available (probe 70); de/sv/da/pl still said "logged in", the other
    thirteen "online" or "connected" (helper-86)."""
    text = fixed_text(key, language, enhet="NAV Asker", phone="55 55 33 33")
    assert not any(word in text.lower() for word in LOGGED_IN[language]) and "logg" not in text.lower(), text
    assert "NAV Asker" in text and ("55 55 33 33" in text) == (key == "wait_nobody_online"), text
