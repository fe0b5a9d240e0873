"""The router's notices that offer NAV's phone say when it opens while it is closed, not its weekday hours
(conversations.with_nav_phone): on julaften 10:00 (a Thursday the phone is closed all day, reference/nav_dager.csv)
"ring NAV på 55 55 33 33 (hverdager 09–15)" sent the bruker to a phone nobody answers. On an ordinary weekday within
the hours (the fixture's Tuesday 24 November 10:30) each notice is the ordinary one, with the hours."""

from __future__ import annotations

from datetime import datetime

import pytest

from router.adapters.language_layer import PolicyLanguageLayer
from router.domain.opening_hours import NAV_PHONE_HOURS, OSLO, NavDay
from router.services import replies
from router.services.conversations import create_conversation
from router.services.receive import receive_user_message
from router.texts import fixed_text
from tests.fakes import FakeTranslator
from tests.unit.services.conftest import World
from tests.unit.services.test_queue_full_from_address import SHELTER, handed_off
from tests.unit.services.test_replies import _taken
from tests.unit.services.test_safety_net import POLISH_HELLO, HandMadeDetector

JULAFTEN = datetime(2026, 12, 24, 10, 0, tzinfo=OSLO)
# When the phone opens after julaften (25 and 26 December are helligdager, then a weekend), as each language says it.
OPENS = {"nb": "mandag 28. desember kl. 09:00", "pl": "w poniedziałek, 28 grudnia o 09:00",
         "en": "Monday, 28 December, 09:00", "ar": "الاثنين، 28 ديسمبر، 09:00"}
# The fixture's clock: Tuesday 24 November 2026 10:30 in Oslo, the phone open.
MOMENTS = ["open", "julaften"]


def at(world: World, moment: str) -> None:
    """The phone's hours with julaften closed (as the reference data has it), and the clock at ``moment``."""
    world.routing.phone_hours = NAV_PHONE_HOURS.with_nav_days((NavDay(month=12, day=24, kilde="test"),))
    if moment == "julaften":
        world.clock.advance(seconds=(JULAFTEN - world.clock.now()).total_seconds())


def expected(key: str, language: str, moment: str) -> str:
    if moment == "open":
        return fixed_text(key, language)
    return fixed_text(f"{key}_phone_closed", language, opens=OPENS[language])


def said_without_hours(text: str, moment: str) -> bool:
    """On julaften the text names when the phone opens and not its weekday hours; while open, its hours."""
    return ("09–15" not in text and "28" in text) if moment == "julaften" else "09–15" in text


def untranslated_languages(world: World) -> World:
    world.deps.language = PolicyLanguageLayer(HandMadeDetector(), FakeTranslator(set()))  # type: ignore[arg-type]
    return world


@pytest.mark.parametrize("moment", MOMENTS)
@pytest.mark.parametrize("language", ["nb", "pl"])
async def test_queue_full_from_network(world: World, language: str, moment: str) -> None:
    at(world, moment)
    for _ in range(10):
        await handed_off(world, SHELTER)
    _, result = await handed_off(world, SHELTER, language=language)
    assert result["state"] == "BOT"
    assert result["message"] == expected("queue_full_from_network", language, moment)
    assert said_without_hours(result["message"] if language == "nb" else
                              expected("queue_full_from_network", "nb", moment), moment)


@pytest.mark.parametrize("moment", MOMENTS)
@pytest.mark.parametrize("language", ["nb", "en"])
async def test_queue_full_for_person(world: World, language: str, moment: str) -> None:
    at(world, moment)
    for _ in range(world.deps.settings.limit_waiting_per_person):
        await handed_off(world, None, person="kari")
    _, result = await handed_off(world, None, person="kari", language=language)
    assert result["state"] == "BOT"
    assert result["message"] == expected("queue_full_for_person", language, moment)


@pytest.mark.parametrize("moment", MOMENTS)
async def test_queue_full_with_acute_need_gives_the_contacts_as_they_can_be_followed_now(
        world: World, moment: str) -> None:
    """With acute need the refusal adds where to get help today: on julaften legevakten first and when NAV answers
    again (emergency_contacts_closed), not "Ring NAV-kontoret ditt, eller ring 55 55 33 33 (hverdager 09–15)"."""
    at(world, moment)
    for _ in range(10):
        await handed_off(world, SHELTER)
    _, result = await handed_off(world, SHELTER, priority="emergency")
    contacts = fixed_text("emergency_contacts", "nb") if moment == "open" else \
        fixed_text("emergency_contacts_closed", "nb", opens=OPENS["nb"])
    assert result["message"] == f"{expected('queue_full_from_network', 'nb', moment)} {contacts}"


@pytest.mark.parametrize("moment", MOMENTS)
@pytest.mark.parametrize("language", ["pl", "ar"])
async def test_the_greeting_in_a_language_no_model_translates(world: World, language: str, moment: str) -> None:
    """(Bokmål is always read: its version of the notice is the next test's, kept for staff.)"""
    at(world, moment)
    untranslated_languages(world)
    conversation, _ = await create_conversation(world.deps, page_locale=language)
    greeting = next(m for m in world.store.messages.values() if m.conversation_id == conversation.id)
    assert greeting.text_for_user == (f"{fixed_text('greeting', language)}\n\n"
                                      f"{expected('translation_unavailable', language, moment)}")


@pytest.mark.parametrize("moment", MOMENTS)
async def test_the_notice_under_a_message_the_bot_cannot_read(world: World, moment: str) -> None:
    """Polish without a model: the notice in Polish, and in bokmål for staff; once whole, then the short one (the
    whole one is recognised as it read when it was said, when the phone opens included)."""
    at(world, moment)
    untranslated_languages(world)
    conversation, token = await create_conversation(world.deps, kommune="Asker")
    for n in ("1", "2"):
        await receive_user_message(world.deps, conversation.id, token, client_msg_id=n, text=POLISH_HELLO)
        await world.deps.tasks.drain()
    told = [m for _, m in sorted(world.store.messages.items())
            if m.conversation_id == conversation.id and m.sender == "system"]
    assert [(m.text_for_user, m.original_text) for m in told] == [
        (expected("translation_unavailable", "pl", moment), expected("translation_unavailable", "nb", moment)),
        (fixed_text("translation_unavailable_again", "pl"), fixed_text("translation_unavailable_again", "nb"))]
    assert said_without_hours(told[0].original_text, moment)


@pytest.mark.parametrize("moment", MOMENTS)
@pytest.mark.parametrize(("language", "key"), [("pl", "veileder_reply_untranslated"),   # no model for Polish
                                               ("en", "veileder_reply_norwegian")])     # English is written to
async def test_the_veileders_norwegian_the_bruker_cannot_read(world: World, language: str, key: str,
                                                             moment: str) -> None:
    staff, [conversation_id] = await _taken(world)
    at(world, moment)
    world.store.conversations[conversation_id].language = language
    await replies.reply(world.deps, conversation_id, staff, "Hei, jeg ser på saken din og kommer tilbake til deg")
    told = [(m.text_for_user, m.original_text) for _, m in sorted(world.store.messages.items())
            if m.conversation_id == conversation_id and m.sender == "system" and m.reply_to is not None]
    assert told == [(expected(key, language, moment), expected(key, "nb", moment))]
    assert said_without_hours(told[0][1], moment)
