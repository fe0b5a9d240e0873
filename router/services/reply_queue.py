"""The replies a router process holds between a veileder's submit and their group's commit (router/services/replies.py
writes them). Kept apart so Deps can hold the queue without importing the use case."""

from __future__ import annotations

import asyncio
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from router.domain.access import StaffUser
from router.ports.language import OutboundText


@dataclass(eq=False)
class PendingReply:
    staff: StaffUser
    conversation_id: str
    text: str  # masked
    client_msg_id: str | None
    session_token: str | None  # set for a reply over the staff WebSocket: checked again at the write
    done: asyncio.Future[dict[str, Any]]
    alone: bool = False  # its group failed as a whole: written in a group of its own
    translated_for: str | None = None  # the language ``outbound`` was made for (None: not translated yet)
    outbound: OutboundText | None = None


@dataclass
class ReplyQueue:
    """The replies of one router process waiting for their group's commit (kept in Deps)."""

    pending: deque[PendingReply] = field(default_factory=deque)
    translating: set[str] = field(default_factory=set)  # conversations whose next reply is being translated
    draining: bool = False
