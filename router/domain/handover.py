"""The link that moves a chat from a third-party Rasa widget to the router's own chat page, to log in there.

A ticket names the conversation and carries a keyed MAC of its id, so only a router (which holds the key) can make
one. It needs no expiry of its own: it works once, while the conversation is still in the widget
(``Conversation.move_to_own_chat`` takes it out of the widget), and never after the conversation is closed.

The page that uses a ticket sends a claim with it: 32 random bytes it made and keeps. The conversation's new token is
a keyed MAC of the conversation and the claim, so the same claim sent again (its first answer was lost on the way)
gets the same token back, and a claim anyone else makes gets nothing.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re

# 32 bytes, base64url without padding: a ticket's MAC, and a claim (as unguessable as the token it stands for).
_BASE64URL_32 = r"[A-Za-z0-9_-]{43}"
TICKET = re.compile(r"([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.(" + _BASE64URL_32 + ")")
CLAIM = re.compile(_BASE64URL_32)
_PURPOSE = b"navchat-handover:"
_TOKEN_PURPOSE = b"navchat-handover-token:"


def _mac(purpose: bytes, text: str, key: bytes) -> str:
    digest = hmac.new(key, purpose + text.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def handover_ticket(conversation_id: str, key: bytes) -> str:
    return f"{conversation_id}.{_mac(_PURPOSE, conversation_id, key)}"


def is_claim(value: str) -> bool:
    return CLAIM.fullmatch(value) is not None


def handover_token(conversation_id: str, claim: str, key: bytes) -> str:
    """The moved conversation's bearer token: the same for the same claim, so a retried move gets it again."""
    return _mac(_TOKEN_PURPOSE, f"{conversation_id}.{claim}", key)


def conversation_of(ticket: str, key: bytes) -> str | None:
    """The conversation a ticket was made for, or None when it was not made with ``key`` (or is not a ticket)."""
    match = TICKET.fullmatch(ticket)
    if match is None:
        return None
    conversation_id, mac = match.groups()
    return conversation_id if hmac.compare_digest(mac, _mac(_PURPOSE, conversation_id, key)) else None
