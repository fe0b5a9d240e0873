"""After "Logg ut" the conversation goes on anonymously, but what was said while the bruker was logged in (her case,
what she wrote about herself) is hers: every bruker read path shows it as a placeholder until she logs in again."""

from __future__ import annotations

import pytest

from router.services import login
from router.services.conversations import messages_for_user
from router.services.deps import PersonDeps
from router.services.errors import Conflict
from router.services.receive import receive_user_message
from router.texts import fixed_text
from tests.unit.services.conftest import World
from tests.unit.services.test_login import KARI, OLA, log_in, people  # noqa: F401 (the fixture)

PLACEHOLDER = fixed_text("written_while_logged_in", "nb")


async def test_what_was_said_while_logged_in_is_a_placeholder_after_logout(world: World,
                                                                             people: PersonDeps) -> None:  # noqa: F811
    conversation_id, token, _ = await log_in(world, KARI)
    await receive_user_message(world.deps, conversation_id, token, client_msg_id="m1",
                               text="Jeg skylder 4000 kroner i husleie")
    await world.deps.tasks.drain()
    logged_in = await messages_for_user(world.deps, conversation_id, token, 0)
    assert "4000 kroner" in str(logged_in) and PLACEHOLDER not in str(logged_in)

    await login.logout(world.deps, conversation_id, token)
    shown = (await messages_for_user(world.deps, conversation_id, token, 0))["messages"]
    assert "4000 kroner" not in str(shown) and "Bot: " not in str(shown), "no word of hers or of the answers"
    hers = [m for m in shown if m["withheld"]]
    assert {m["sender"] for m in hers} >= {"user", "bot", "system"}, "whoever wrote it"
    assert all(m["text"] == PLACEHOLDER and m["buttons"] == [] for m in hers)
    assert any(m["text"] == fixed_text("logged_out", "nb") and not m["withheld"] for m in shown), \
        "the logout notice itself is for whoever is at the page"
    # Pushed live, each message reached the page while its person was logged in there: shown, never a placeholder.
    assert all(not e["message_user"]["withheld"] for e in world.bus.published if e.get("type") == "message")

    # Back in as Kari: hers again.
    await log_in(world, KARI, conversation_id, token)
    again = await messages_for_user(world.deps, conversation_id, token, 0)
    assert "4000 kroner" in str(again) and not any(m["withheld"] for m in again["messages"])


async def test_another_person_cannot_log_in_to_read_it(world: World, people: PersonDeps) -> None:  # noqa: F811
    conversation_id, token, _ = await log_in(world, KARI)
    await receive_user_message(world.deps, conversation_id, token, client_msg_id="m1",
                               text="Jeg skylder 4000 kroner i husleie")
    await world.deps.tasks.drain()
    await login.logout(world.deps, conversation_id, token)
    with pytest.raises(Conflict):  # the conversation is Kari's
        await log_in(world, OLA, conversation_id, token)
    shown = await messages_for_user(world.deps, conversation_id, token, 0)
    assert "4000 kroner" not in str(shown)


async def test_the_browser_s_own_login_reads_only_that_person_s_messages(world: World,
                                                                         people: PersonDeps) -> None:  # noqa: F811
    """The reader may be the person of the browser's live login in another chat (a closed chat given back to read
    after a new login, services/login.py): Kari's login reads Kari's; Ola's login, or one that ended, reads none."""
    kari_chat, kari_token, _ = await log_in(world, KARI)
    await receive_user_message(world.deps, kari_chat, kari_token, client_msg_id="m1",
                               text="Jeg skylder 4000 kroner i husleie")
    await world.deps.tasks.drain()
    await login.logout(world.deps, kari_chat, kari_token)
    _, _, kari_again = await log_in(world, KARI)
    ola_chat, ola_token, ola_session = await log_in(world, OLA)

    as_kari = await messages_for_user(world.deps, kari_chat, kari_token, 0, login_session=kari_again)
    assert "4000 kroner" in str(as_kari)
    as_ola = await messages_for_user(world.deps, kari_chat, kari_token, 0, login_session=ola_session)
    assert "4000 kroner" not in str(as_ola)
    await login.logout(world.deps, ola_chat, ola_token)
    unknown = await messages_for_user(world.deps, kari_chat, kari_token, 0, login_session="not-a-session")
    assert "4000 kroner" not in str(unknown)
    world.clock.advance(hours=2)  # Kari's new login expired (before the sweep ends its tie)
    expired = await messages_for_user(world.deps, kari_chat, kari_token, 0, login_session=kari_again)
    assert "4000 kroner" not in str(expired)


async def test_her_case_answered_after_she_logged_out_is_hers(world: World, people: PersonDeps) -> None:  # noqa: F811
    """She asks and presses "Logg ut" before the bot has answered: the answer, stored after the logout, answers a
    question of hers and is hers."""
    conversation_id, token, _ = await log_in(world, KARI)
    world.bot.delay_s = 0.05
    await receive_user_message(world.deps, conversation_id, token, client_msg_id="m1",
                               text="Jeg skylder 4000 kroner i husleie")
    await login.logout(world.deps, conversation_id, token)
    await world.deps.tasks.drain()
    answer = [m for m in world.store.messages.values() if m.sender == "bot"][-1]
    assert answer.original_text.startswith("Bot: Jeg skylder") and answer.created_at >= world.conversation(
        conversation_id).logged_out_at
    shown = await messages_for_user(world.deps, conversation_id, token, 0)
    assert "4000 kroner" not in str(shown)
