"""The link that moves a chat from a third-party Rasa widget to the router's own chat page, to log in there.

A ticket names the conversation and carries a keyed MAC of its id, so only a router (which holds the key) can make
one. It needs no expiry of its own: it works once, while the conversation is still in the widget
(``Conversation.move_to_own_chat`` takes it out of the widget), and never after the conversation is closed.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re

TICKET = re.compile(r"([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.([A-Za-z0-9_-]{43})")
_PURPOSE = b"navchat-handover:"


def _mac(conversation_id: str, key: bytes) -> str:
    digest = hmac.new(key, _PURPOSE + conversation_id.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def handover_ticket(conversation_id: str, key: bytes) -> str:
    return f"{conversation_id}.{_mac(conversation_id, key)}"


def conversation_of(ticket: str, key: bytes) -> str | None:
    """The conversation a ticket was made for, or None when it was not made with ``key`` (or is not a ticket)."""
    match = TICKET.fullmatch(ticket)
    if match is None:
        return None
    conversation_id, mac = match.groups()
    return conversation_id if hmac.compare_digest(mac, _mac(conversation_id, key)) else None
