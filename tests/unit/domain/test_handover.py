"""A chat moves from a Rasa widget to the own chat page: the link's ticket, and Conversation.move_to_own_chat."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from router.domain.conversation import Conversation, ConversationState, InvalidTransition
from router.domain.handover import conversation_of, handover_ticket, handover_token, is_claim

NOW = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)
KEY = b"the-routers-shared-login-key"


def test_a_ticket_names_its_conversation_only_under_the_key_it_was_made_with() -> None:
    conversation_id = str(uuid.uuid4())
    ticket = handover_ticket(conversation_id, KEY)
    assert conversation_of(ticket, KEY) == conversation_id
    assert conversation_of(ticket, b"another-deployments-key") is None
    other = str(uuid.uuid4())
    assert conversation_of(f"{other}.{ticket.split('.', 1)[1]}", KEY) is None, "a MAC moved to another id"
    mac = ticket.split(".", 1)[1]
    flipped = ("A" if mac[0] != "A" else "B") + mac[1:]
    assert conversation_of(f"{conversation_id}.{flipped}", KEY) is None
    for junk in ("", conversation_id, f"{conversation_id}.", "x" * 200, f"{conversation_id}.{mac}\n"):
        assert conversation_of(junk, KEY) is None


def widget_chat(**kw) -> Conversation:  # type: ignore[no-untyped-def]
    return Conversation(id="c", token_hash="old", created_at=NOW, updated_at=NOW, channel="socketio",
                        external_session_id="widget-session", **kw)


def test_moving_releases_the_widget_session_and_replaces_the_token() -> None:
    c = widget_chat(state=ConversationState.ASSIGNED, veileder_id=3)
    c.move_to_own_chat("new", NOW)
    assert (c.channel, c.external_session_id, c.token_hash) == ("rest", None, "new")
    assert (c.state, c.veileder_id) == (ConversationState.ASSIGNED, 3), "the conversation itself goes on"
    notes = [e for e in c.take_events() if getattr(e, "kind", "") == "moved_to_own_chat"]
    assert notes and notes[0].actor == "bruker"


def test_only_an_open_widget_chat_moves() -> None:
    with pytest.raises(InvalidTransition):
        Conversation(id="c", token_hash="t", created_at=NOW, updated_at=NOW).move_to_own_chat("new", NOW)
    with pytest.raises(InvalidTransition):
        widget_chat(state=ConversationState.CLOSED).move_to_own_chat("new", NOW)
    moved = widget_chat()
    moved.move_to_own_chat("new", NOW)
    with pytest.raises(InvalidTransition):
        moved.move_to_own_chat("newer", NOW)


def test_a_claim_gives_its_own_token_under_the_key() -> None:
    claim = "A" * 43
    assert is_claim(claim) and not is_claim(claim[:-1]) and not is_claim(claim + "\n") and not is_claim("+" * 43)
    token = handover_token("c", claim, KEY)
    assert token == handover_token("c", claim, KEY), "the same claim again: the same token"
    assert len({token, handover_token("c", "B" + claim[1:], KEY), handover_token("d", claim, KEY),
                handover_token("c", claim, b"another-deployments-key")}) == 4
