"""Threats or harassment against staff (domain/conversation.py THREATS): what the next chat of the same person or
address carries.

A chat a veileder closed as "Trusler eller sjikane" is kept as evidence (retention.purge_transcripts,
Settings.threat_retention_days). While it is kept, the next chats of the same person (the login pseudonym) or, anonymous,
from the same address (origin_key, a keyed hash) say so on their queue card (a logged-in bruker is matched on herself
alone); for Settings.threat_avoid_hours the
veileder threatened is not given them automatically (services/assignment.py needs_of). Looked up when the chat
enters the queue and when its bruker logs in.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from router.domain.conversation import Conversation
from router.ports.store import UnitOfWork
from router.services.deps import Deps


async def remember_earlier(deps: Deps, uow: UnitOfWork, conversation: Conversation, now: datetime) -> bool:
    """Mark ``conversation`` when an earlier chat of its person or, anonymous, its address was closed as threats and
    is still kept; returns whether one was found. A logged-in bruker is matched on herself alone (docs/PRIVACY.md):
    probe 165's Kari, logged in at an address an anonymous threat had come from, was marked for a year. A mark the
    address gave before she logged in goes."""
    logged_in = conversation.person_pseudonym is not None
    if not logged_in and conversation.origin_key is None:
        return False
    found = await uow.conversations.threats_from(
        person_pseudonym=conversation.person_pseudonym, origin_key=None if logged_in else conversation.origin_key,
        since=now - timedelta(days=deps.settings.threat_retention_days), excluding=conversation.id)
    if not found:
        if logged_in:
            conversation.forget_earlier_threat(now=now)
        return False
    avoid_since = now - timedelta(hours=deps.settings.threat_avoid_hours)
    recent = [(closed_at, veileder_id) for closed_at, veileder_id in found
              if veileder_id is not None and closed_at >= avoid_since]
    closed_at, veileder_id = recent[0] if recent else found[0]
    if conversation.earlier_threat_at == closed_at and conversation.earlier_threat_veileder_id == (
            veileder_id if recent else None):
        return True  # already known (a second handoff, a login after it): no second history row
    conversation.remember_earlier_threat(closed_at, veileder_id, avoid=bool(recent), now=now)
    return True
