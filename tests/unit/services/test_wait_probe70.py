"""Probe 70's queue notices at closing time and on a transfer: what the bruker reads is what happens."""

from __future__ import annotations

from datetime import datetime

import pytest

from router.domain.assignment import Presence
from router.domain.conversation import Conversation, ConversationState
from router.domain.language_policy import SUPPORTED_LANGUAGES
from router.domain.opening_hours import NAV_PHONE_HOURS, OSLO, OpeningHours
from router.domain.wait_promise import WaitKind, WaitPromise
from router.ports.store import StaffSession
from router.services import dispatch, handoff, waiting
from router.services.conversations import create_conversation
from router.texts import fixed_text
from router.texts.formatting import clock, day_and_time
from tests.unit.services.conftest import World

FRIDAY_1455 = datetime(2026, 12, 4, 14, 55, tzinfo=OSLO)
FRIDAY_CLOSES = datetime(2026, 12, 4, 15, 0, tzinfo=OSLO)
MONDAY_OPENS = datetime(2026, 12, 7, 9, 0, tzinfo=OSLO)


def at(world: World, moment: datetime) -> None:
    """The world's clock at ``moment``, its offices open weekdays 09–15 (the fakes' are open around the clock)."""
    world.clock.advance(seconds=(moment - world.clock.now()).total_seconds())
    world.routing.opening_hours = lambda enhetsnummer: OpeningHours.default()  # type: ignore[method-assign]


def system_texts(world: World, conversation_id: str) -> list[str]:
    return [m.original_text for _, m in sorted(world.store.messages.items())
            if m.conversation_id == conversation_id and m.sender == "system"]


def conversation() -> Conversation:
    return Conversation(id="c", token_hash="h", created_at=FRIDAY_1455, updated_at=FRIDAY_1455,
                        enhet_navn="Nav Frogner", enhetsnummer="0312")


@pytest.mark.parametrize("language", sorted(SUPPORTED_LANGUAGES))
def test_nobody_online_before_closing_names_the_closing_time_and_the_next_opening(language: str) -> None:
    promise = WaitPromise(WaitKind.NOBODY_BEFORE_CLOSING, closes=FRIDAY_CLOSES, opens=MONDAY_OPENS)
    wait = waiting.wait_texts(conversation(), promise, language, FRIDAY_1455, phone=NAV_PHONE_HOURS)[0]
    assert clock(FRIDAY_CLOSES, language) in wait and day_and_time(MONDAY_OPENS, language) in wait
    # NAV's phone is open at 14:55, but the emergency contacts after the wait give it: the wait does not as well.
    assert wait.startswith(fixed_text("wait_nobody_before_closing_phone_closed", language, enhet="Nav Frogner",
                                      closes=clock(FRIDAY_CLOSES, language),
                                      opens=day_and_time(MONDAY_OPENS, language)))


async def test_friday_1455_with_nobody_online_the_queue_notice_says_15_00_and_monday(world: World) -> None:
    """Defect 4: "Akkurat nå er ingen veiledere … pålogget … så ser de den når de logger på", and not a word of the
    office closing in five minutes or of Monday."""
    at(world, FRIDAY_1455)
    created, _ = await create_conversation(world.deps, kommune="Asker")
    notice = (await handoff.hand_off(world.deps, created.id, reason="hjelp"))["message"]
    assert "chatten er bemannet til klokken 15:00" in notice and "tidligst mandag 7. desember kl. 09:00" in notice, \
        notice
    assert fixed_text("wait_nobody_online", "nb", enhet="Nav 0220") not in notice
    assert "logger på" not in notice and "pålogget" not in notice


async def test_friday_1456_with_a_free_veileder_no_closing_warning_and_no_minutes(world: World) -> None:
    """Defect 5: "det er ikke sikkert noen rekker å svare deg før det. Da svarer vi deg mandag …", then "Kari fra
    NAV har tatt over samtalen" in the same second; and "omtrent 5 minutter" before every such takeover."""
    at(world, datetime(2026, 12, 4, 14, 56, tzinfo=OSLO))
    world.add_veileder("kari", "0220")
    created, _ = await create_conversation(world.deps, kommune="Asker")
    notice = (await handoff.hand_off(world.deps, created.id, reason="hjelp"))["message"]
    assert notice == fixed_text("queued", "nb", enhet="Nav 0220"), notice
    assert world.conversation(created.id).state is ConversationState.ASSIGNED
    assert system_texts(world, created.id)[-1] == fixed_text("veileder_joined", "nb", name="Kari")


@pytest.mark.parametrize("language", ["ar", "nb"])
def test_minutes_are_counted_in_the_language_s_plural(language: str) -> None:
    """Arabic: "5 دقائق" (3–10 take the plural), "15 دقيقة" (11–99 the singular)."""
    five = waiting.wait_texts(conversation(), WaitPromise(WaitKind.SOON, minutes=5), language, FRIDAY_1455, phone=NAV_PHONE_HOURS)[0]
    fifteen = waiting.wait_texts(conversation(), WaitPromise(WaitKind.SOON, minutes=15), language, FRIDAY_1455, phone=NAV_PHONE_HOURS)[0]
    if language == "ar":
        assert "5 دقائق" in five and "5 دقيقة" not in five
        assert "15 دقيقة" in fifteen
    else:
        assert five == fixed_text("wait_estimate", "nb", minutes="5")


async def test_a_transfer_to_an_office_where_nobody_is_available_gives_the_live_wait(world: World) -> None:
    """Defect 7: "Samtalen din er sendt videre til Nav Frogner. En veileder der svarer deg så snart som mulig." while
    Ola there was logged in as Frakoblet; the next notice said nobody was available."""
    kari = world.add_veileder("kari", "0220")
    ola = world.add_veileder("ola", "0312", presence=Presence.OFFLINE)
    async with world.deps.uow() as uow:  # Ola is at work: logged in, console open, just not Tilgjengelig
        uow.staff_sessions.add(StaffSession(token_hash="s-ola", veileder_id=ola.id, csrf_token="x",
                                            created_at=world.clock.now(), last_seen_at=world.clock.now(),
                                            expires_at=world.clock.now().replace(year=2027)))
    conversation_id = await world.queued("Asker")
    assert world.conversation(conversation_id).veileder_id == kari.id
    await dispatch.transfer(world.deps, conversation_id, kari.as_staff_user(), to_enhetsnummer="0312",
                            note="bor på Frogner")
    told = system_texts(world, conversation_id)[-1]
    assert "så snart som mulig" not in told
    assert told.startswith(fixed_text("conversation_sent_on", "nb", enhet="Nav 0312"))
    assert fixed_text("wait_nobody_online_phone_closed", "nb", enhet="Nav 0312") in told, told
    assert told.count("55 55 33 33") == 1, "NAV's phone once, in the emergency contacts (probe 87)"


async def test_a_transfer_to_an_office_with_a_free_veileder_promises_no_minutes(world: World) -> None:
    kari = world.add_veileder("kari", "0220")
    world.add_veileder("ola", "0312")  # online, with room
    conversation_id = await world.queued("Asker")
    await dispatch.transfer(world.deps, conversation_id, kari.as_staff_user(), to_enhetsnummer="0312", note="")
    told = system_texts(world, conversation_id)
    assert fixed_text("conversation_sent_on", "nb", enhet="Nav 0312") in told
    assert told[-1] == fixed_text("veileder_joined", "nb", name="Ola")
