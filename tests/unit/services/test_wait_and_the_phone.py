"""What the queue notices say about calling NAV: never "call NAV" while NAV's phone is closed, and never "call your
NAV office" to a person with strengt fortrolig adresse (kode 6), who has no local office to call."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from router.domain.acute_need import AcuteCategory
from router.domain.conversation import Conversation
from router.domain.language_policy import SUPPORTED_LANGUAGES
from router.domain.opening_hours import NAV_PHONE_HOURS, NavDay
from router.domain.wait_promise import WaitKind, WaitPromise
from router.services import handoff, waiting
from router.services.conversations import create_conversation
from router.services.receive import receive_user_message
from router.texts import NAV_PHONE, fixed_text
from tests.unit.services.conftest import NOW, World

LANGUAGES = sorted(SUPPORTED_LANGUAGES)
# Saturday 5 December 2026, 11:00 in Oslo: NAV's phone (weekdays 09–15) is closed until Monday 09:00. An enhet may
# keep other hours than the phone (the fakes' enhet is open around the clock).
SATURDAY = datetime(2026, 12, 5, 10, 0, tzinfo=UTC)
MONDAY_NB = "mandag 7. desember kl. 09:00"
# Tuesday 24 November 2026, 15:30 in Oslo: the phone has just closed; an office open until 16:00 is still open.
TUESDAY_AFTER_PHONE = datetime(2026, 11, 24, 14, 30, tzinfo=UTC)
CLOSES = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)
OPENS = datetime(2026, 11, 25, 7, 0, tzinfo=UTC)


def conversation(diskresjonskode: str | None = None) -> Conversation:
    return Conversation(id="c", token_hash="h", created_at=NOW, updated_at=NOW, enhet_navn="Nav Asker",
                        enhetsnummer="0220", diskresjonskode=diskresjonskode)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("now", [SATURDAY, TUESDAY_AFTER_PHONE], ids=["saturday", "weekday-after-15"])
def test_while_the_phone_is_closed_the_wait_does_not_send_the_bruker_to_it(language: str, now: datetime) -> None:
    nobody = WaitPromise(WaitKind.NOBODY_ONLINE, closes=CLOSES, opens=OPENS)
    past = WaitPromise(WaitKind.PAST_CLOSING, minutes=45, closes=CLOSES, opens=OPENS)
    for promise, key in ((nobody, "wait_nobody_online_phone_closed"), (past, "wait_past_closing_phone_closed")):
        wait, contacts = waiting.wait_texts(conversation(), promise, language, now, phone=NAV_PHONE_HOURS)
        assert NAV_PHONE not in wait, (language, key)
        assert wait.startswith(fixed_text(key, language, enhet="Nav Asker", closes="§", opens="§").split("§")[0])
        # The contacts after it say what answers now, and when NAV's phone answers again.
        assert contacts == waiting.emergency_contacts(None, language, now, phone=NAV_PHONE_HOURS)
        assert contacts.startswith(fixed_text("emergency_contacts_closed", language, opens="§").split("§")[0])


def test_while_the_phone_is_open_the_wait_offers_it_once() -> None:
    """Probe 87 read "ringe NAV på 55 55 33 33" in the wait and "ring 55 55 33 33 (hverdager 09–15)" in the
    emergency contacts right after it: the number is given once, with its hours, in the contacts."""
    promise = WaitPromise(WaitKind.NOBODY_ONLINE, closes=CLOSES, opens=OPENS)
    wait, contacts = waiting.wait_texts(conversation(), promise, "nb", NOW, phone=NAV_PHONE_HOURS)  # Tuesday 10:30
    assert wait == (f'{fixed_text("wait_nobody_online_phone_closed", "nb", enhet="Nav Asker")} '
                    f'{fixed_text("answer_here_keep_tab_open", "nb")}')
    assert contacts == fixed_text("emergency_contacts", "nb") and f"ring {NAV_PHONE}" in contacts
    assert NAV_PHONE not in wait


def test_the_wait_gives_the_phone_when_no_contacts_follow() -> None:
    """The contacts were shown minutes ago: the wait gives NAV's phone itself."""
    promise = WaitPromise(WaitKind.NOBODY_ONLINE, closes=CLOSES, opens=OPENS)
    (wait,) = waiting.wait_texts(conversation(), promise, "nb", NOW, phone=NAV_PHONE_HOURS, contacts_just_shown=True)
    assert f"ringe NAV på {NAV_PHONE}" in wait


async def test_a_saturday_queue_notice_with_nobody_online_names_no_closed_phone(world: World) -> None:
    """The probe: Saturday, the enhet open (other hours than the phone), nobody online: "ring NAV på 55 55 33 33"."""
    world.clock.advance(seconds=(SATURDAY - world.clock.now()).total_seconds())
    created, _ = await create_conversation(world.deps, kommune="Asker")
    message = (await handoff.hand_off(world.deps, created.id, reason="hjelp"))["message"]
    assert fixed_text("wait_nobody_online_phone_closed", "nb", enhet="Nav 0220") in message
    assert f"ringe NAV på {NAV_PHONE}" not in message
    assert message.endswith(fixed_text("emergency_contacts_closed", "nb", opens=MONDAY_NB))


@pytest.mark.parametrize("language", LANGUAGES)
def test_kode_6_is_told_to_call_nav_not_a_local_office(language: str) -> None:
    """During opening hours the contacts said "Ring NAV-kontoret ditt" to a person whose case only Vikafossen
    handles, and who has no local office to call; the wording names no office at all (need to know)."""
    promise = WaitPromise(WaitKind.NOBODY_ONLINE, closes=CLOSES, opens=OPENS)
    wait, contacts = waiting.wait_texts(conversation("SPSF"), promise, language, NOW, phone=NAV_PHONE_HOURS)
    assert contacts == fixed_text("emergency_contacts_call_nav", language)
    assert contacts != fixed_text("emergency_contacts", language)
    assert NAV_PHONE in contacts and "Vikafossen" not in wait + contacts
    # Kode 7 (fortrolig) is served by the local office: "call your NAV office" holds for them.
    assert waiting.wait_texts(conversation("SPFO"), promise, language, NOW, phone=NAV_PHONE_HOURS)[1] == fixed_text("emergency_contacts",
                                                                                          language)


def test_the_kode_6_wording_says_call_nav_in_bokmaal_nynorsk_and_english() -> None:
    assert "Ring NAV på 55 55 33 33 (hverdager 09–15)." in fixed_text("emergency_contacts_call_nav", "nb")
    assert "kontoret ditt" not in fixed_text("emergency_contacts_call_nav", "nn")
    assert "Call NAV on +47 55 55 33 33 (weekdays 09–15)." in fixed_text("emergency_contacts_call_nav", "en")
    assert "office" not in fixed_text("emergency_contacts_call_nav", "en")
    # While NAV's phone is closed the closed contacts hold for everyone: they name no office.
    assert waiting.emergency_contacts(None, "nb", SATURDAY, phone=NAV_PHONE_HOURS, local_office=False) == fixed_text(
        "emergency_contacts_closed", "nb", opens=MONDAY_NB)
    assert waiting.emergency_contacts(AcuteCategory.VIOLENCE, "nb", NOW, phone=NAV_PHONE_HOURS, local_office=False) == fixed_text(
        "violence_contacts", "nb")


async def test_a_kode_6_queue_notice_in_opening_hours_says_call_nav(world: World) -> None:
    conversation_id = await world.queued("Asker", diskresjonskode="SPSF")
    notice = [m for _, m in sorted(world.store.messages.items())
              if m.conversation_id == conversation_id and m.sender == "system"][-1]
    assert notice.text_for_user.endswith(fixed_text("emergency_contacts_call_nav", "nb"))
    assert "NAV-kontoret ditt" not in notice.text_for_user and "Vikafossen" not in notice.text_for_user


async def test_kode_6_with_an_acute_need_is_told_to_call_nav(world: World) -> None:
    created, token = await create_conversation(world.deps, kommune="Asker", page_locale="nb-NO")
    world.conversation(created.id).diskresjonskode = "SPSF"  # as if the person register said so at login
    await receive_user_message(world.deps, created.id, token, client_msg_id="1", text="jeg har ikke mat i dag")
    await world.deps.tasks.drain()
    told = [m.text_for_user for _, m in sorted(world.store.messages.items())
            if m.conversation_id == created.id and m.sender == "system"]
    assert told == [fixed_text("emergency_contacts_call_nav", "nb")]


async def test_the_queue_notice_asks_the_routing_port_when_navs_phone_answers(world: World) -> None:
    """Julaften (reference/nav_dager.csv, probe 119): at 10:00 the emergency contacts lead with what answers then
    and say NAV's phone answers on Monday 28 December; the enhet (open around the clock here) does not decide it."""
    world.routing.phone_hours = NAV_PHONE_HOURS.with_nav_days((NavDay(month=12, day=24, kilde="test"),))
    world.clock.advance(seconds=(datetime(2026, 12, 24, 9, 0, tzinfo=UTC) - world.clock.now()).total_seconds())
    created, _ = await create_conversation(world.deps, kommune="Asker")
    result = await handoff.hand_off(world.deps, created.id, reason="ingen mat", priority="emergency")
    assert result["message"].endswith(fixed_text("emergency_contacts_closed", "nb",
                                                 opens="mandag 28. desember kl. 09:00"))
