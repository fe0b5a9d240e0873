"""The router's place question to a person logged in who lives abroad by the folkeregister (the synthetic "Emma
Syntetisk (utland)", gtType UTLAND): where in Norway she stays now, not "which municipality do you live in?"."""

from __future__ import annotations

from router.domain.conversation import ConversationState
from router.services import handoff
from router.services.conversations import create_conversation
from router.services.deps import PersonDeps
from router.texts import available_languages, fixed_text
from tests.unit.services.conftest import World
from tests.unit.services.test_login import EMMA, log_in, people  # noqa: F401 (the fixture)


def last_said(world: World, conversation_id: str) -> str:
    return [m for _, m in sorted(world.store.messages.items())
            if m.conversation_id == conversation_id and m.sender == "system"][-1].text_for_user


async def test_a_person_registered_abroad_is_asked_where_in_norway_she_stays_now(
        world: World, people: PersonDeps) -> None:  # noqa: F811
    emma, _, _ = await log_in(world, EMMA)
    assert world.conversation(emma).registered_abroad
    await handoff.hand_off(world.deps, emma, reason="sosialhjelp", actor="bruker")
    assert world.conversation(emma).state is ConversationState.BOT, "the handoff waits for the answer"
    assert last_said(world, emma) == fixed_text("place_question_abroad", "nb")
    assert "Hvor i Norge oppholder du deg nå?" in last_said(world, emma)

    # Not logged in: where she lives, as before.
    anonymous, _ = await create_conversation(world.deps)
    await handoff.hand_off(world.deps, anonymous.id, reason="sosialhjelp", actor="bruker")
    assert last_said(world, anonymous.id) == fixed_text("place_question", "nb")


def test_the_question_is_written_in_every_language_the_router_speaks() -> None:
    languages = available_languages()
    assert len(languages) >= 20
    for language in languages:
        assert fixed_text("place_question_abroad", language) not in (
            fixed_text("place_question", language), fixed_text("place_question_abroad", "en")) or language == "en"
