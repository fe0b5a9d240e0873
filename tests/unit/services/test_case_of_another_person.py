"""Logged in as Ola, a question about another person's case is answered with what the chat can do (only the
logged-in person's own case; the other person logs in themselves, or gives a written fullmakt), never with Ola's
facts (probe: "Jeg heter egentlig Kari …, [fnr]. Har dere fått søknaden min?", "Mangler det noe i søknaden til
[another fnr]?", "når blir pengene utbetalt til min søster Kari?" were answered with Ola's case)."""

from __future__ import annotations

import pytest

from router.domain.innsyn import CaseLine
from router.services import innsyn
from router.services.deps import PersonDeps
from router.services.receive import receive_user_message
from router.texts.case_answers import render
from tests.unit.services.conftest import World
from tests.unit.services.test_login import KARI, OLA, log_in, people  # noqa: F401 (the fixture)

OLA_S_OFFICE = "Nav Grünerløkka"  # in Ola's own case answer ("Hvilket kontor har søknaden?")


async def ask(world: World, conversation_id: str, token: str, text: str, n: int) -> dict:
    """The bruker writes ``text``; the bot asks the router for the case answer with the message as it reads it."""
    await receive_user_message(world.deps, conversation_id, token, client_msg_id=f"c{n}", text=text)
    await world.deps.tasks.drain()
    stored = max((m for m in world.store.messages.values()
                  if m.conversation_id == conversation_id and m.sender == "user"), key=lambda m: m.id or 0)
    assert KARI not in stored.original_text
    return await innsyn.answer_for_conversation(world.deps, conversation_id, stored.original_text, who="chatrobot",
                                                why="test")


def lookups(world: World) -> int:
    return sum(e.action == "innsyn_lookup" for e in world.store.audit)


@pytest.mark.parametrize("text", [
    f"Jeg heter egentlig Kari Syntetisk, {KARI}. Har dere fått søknaden min? Hvilket kontor har søknaden?",
    "Mangler det noe i søknaden til 150285 23472? Hvilket kontor har den?",
    "Hvilket kontor har søknaden til min søster Kari?",
    "når blir pengene utbetalt til min søster Kari?",
])
async def test_another_persons_case_gets_no_facts_of_the_logged_in_person(
        world: World, people: PersonDeps, text: str) -> None:  # noqa: F811
    conversation_id, token, _ = await log_in(world, OLA)
    before = lookups(world)
    result = await ask(world, conversation_id, token, text, 1)
    assert result["about_another_person"] is True and result["logged_in"] is True
    assert result["texts"] == render([CaseLine("other_person")], "nb")
    assert "facts" not in result and "has_case" not in result
    assert OLA_S_OFFICE not in repr(result)
    assert lookups(world) == before, "Ola's case was not even read"


async def test_the_logged_in_person_s_own_number_and_later_questions_get_their_own_case(
        world: World, people: PersonDeps) -> None:  # noqa: F811
    conversation_id, token, _ = await log_in(world, OLA)
    own = await ask(world, conversation_id, token, f"Mitt fødselsnummer er {OLA}. Hvilket kontor har søknaden?", 1)
    assert OLA_S_OFFICE in " ".join(own["texts"]) and "about_another_person" not in own
    other = await ask(world, conversation_id, token, f"Og {KARI}, hvilket kontor har den søknaden?", 2)
    assert other["about_another_person"] is True
    # The next question, about their own case, is answered from it: the note was for that message only.
    again = await ask(world, conversation_id, token, "Hvilket kontor har søknaden min?", 3)
    assert OLA_S_OFFICE in " ".join(again["texts"])
    kinds = [r.kind for r in world.store.history if r.conversation_id == conversation_id]
    assert kinds.count(innsyn.OTHER_PERSONS_NUMBER) == 1


async def test_the_bruker_s_own_request_with_another_number_as_written(
        world: World, people: PersonDeps) -> None:  # noqa: F811
    """GET /case?question= carries the question as written: the number is compared there."""
    conversation_id, token, session_id = await log_in(world, OLA)
    result = await innsyn.answer_for_bruker(world.deps, conversation_id, token, session_id,
                                            f"Hvilket kontor har søknaden til {KARI}?")
    assert result["about_another_person"] is True and OLA_S_OFFICE not in repr(result)
    mine = await innsyn.answer_for_bruker(world.deps, conversation_id, token, session_id,
                                          f"Hvilket kontor har søknaden til {OLA}?")
    assert OLA_S_OFFICE in " ".join(mine["texts"])


async def test_the_answer_is_in_the_bruker_s_language_and_says_how_the_other_person_gets_help(
        world: World, people: PersonDeps) -> None:  # noqa: F811
    conversation_id, _, _ = await log_in(world, OLA)
    for language, words in (("nb", ("logget inn", "fullmakt", "taushetsplikt")),
                            ("nn", ("logga inn", "fullmakt", "teieplikt")),
                            ("en", ("logged in", "power of attorney", "confidentiality"))):
        result = await innsyn.answer_for_conversation(world.deps, conversation_id, "my sister's application?",
                                                      who="chatrobot", why="test", language=language)
        text = " ".join(result["texts"])
        assert result["language"] == language and all(word in text for word in words)



async def test_the_bot_says_only_that_answer_with_the_way_to_a_veileder(world: World, people: PersonDeps) -> None:  # noqa: F811
    """The action (actions/innsyn.py) shows the router's texts, with no general answer after them and no facts."""
    from actions.innsyn import case_reply, topic_of_the_answer

    conversation_id, token, _ = await log_in(world, OLA)
    result = await ask(world, conversation_id, token, "når blir pengene utbetalt til min søster Kari?", 1)
    for intent in ("sosialhjelp_status", "payment_dates", "sosialhjelp_documents"):
        text, buttons, general_follows = case_reply(result, "nb", intent, "når blir pengene utbetalt til min søster?")
        assert text == render([CaseLine("other_person")], "nb")[0]
        assert [b["payload"] for b in buttons] == ["/human_handoff"] and not general_follows
    assert topic_of_the_answer(result) == []
