"""Retention, as a scheduled job: abandoned conversations are closed, closed ones deleted after the period.

NAV deletes unauthenticated chats after two days (Settings.retention_days). Deleted are the messages, their bot
turns, what the bot learned (summary, slots) and the bot's own tracker; the conversation row (state, enhet, times)
and its event history stay for statistics, without what ties them to the person (router/domain/purge.py); the audit
log is deleted after its own period (Settings.audit_retention_days). A chat closed as threats or harassment
against staff (conversation.THREATS) is kept Settings.threat_retention_days instead, as evidence for a police report
or an HMS-avvik (docs/PRIVACY.md); its deletion then is audited.
"""

from __future__ import annotations

from datetime import timedelta

from router.domain.conversation import THREATS, Conversation
from router.domain.events import HistoryRecord
from router.domain.expiry import EXPIRED, expiry_reason, oldest_activity_to_look_at
from router.ports.store import AuditEntry, ConcurrentChange
from router.services import assignment
from router.services.conversations import system_message
from router.services.deps import Deps
from router.services.notify import publish_message, publish_state
from router.texts import fixed_text

ABANDONED = "bruker_forlot"
# WCAG 2.2.1 (timing adjustable): a chat still with the bot is not closed for silence without a warning in it first,
# this long before, with a button that keeps it open (the bruker filling in a form in another tab passed the two
# hours and found only "Samtalen er avsluttet"). The text says "5 minutes" in every language.
WARN_BEFORE = timedelta(minutes=5)
# The history kind of the warning; its data names the silence it warned of ({"idle_since": the last activity}).
INACTIVITY_WARNED = "inactivity_warned"
# The warning's button: pressed, it is a message of the bruker's (activity) that no bot reads (services/receive.py).
STILL_HERE = "router:still_here"
STILL_HERE_PAYLOADS = frozenset({STILL_HERE, "/still_here"})
# How often, at most, the router's retention loop looks for silent chats (router/app.py).
SILENCE_SWEEP_S = 60.0


def still_here_button(conversation: Conversation) -> dict[str, str]:
    # A Rasa widget (socket.io) sends only a "/" payload as a button.
    payload = "/still_here" if conversation.channel == "socketio" else STILL_HERE
    return {"title": fixed_text("inactivity_still_here_button", conversation.language), "payload": payload}


async def close_abandoned(deps: Deps) -> int:
    """Warn, then close, the conversations only the bot had and nobody wrote in for
    Settings.abandoned_after_minutes: WARN_BEFORE the end a notice with "Jeg er her fortsatt" goes to the chat, and
    it is closed only once that warning has stood WARN_BEFORE (a late sweep never closes sooner after it), with a
    notice that says why and that a new chat can be started. Returns how many were closed."""
    now = deps.clock.now()
    idle = timedelta(minutes=deps.settings.abandoned_after_minutes)
    warn_after = max(idle - WARN_BEFORE, timedelta(0))
    async with deps.uow() as uow:
        candidates = await uow.conversations.idle_with_bot(now - warn_after)
        warned = await uow.history.of_kinds(candidates, (INACTIVITY_WARNED,)) if candidates else {}
    closed = 0
    for conversation_id in candidates:
        async with deps.uow() as uow:
            conversation = await uow.conversations.get(conversation_id, for_update=True)
            if conversation is None or not conversation.is_abandoned(now, warn_after):
                continue
            warning = _warning_for(warned.get(conversation_id, []), conversation)
            if warning is None:
                conversation.note(INACTIVITY_WARNED, actor="router", reason="stille lenge: samtalen avsluttes snart",
                                  now=now, data={"idle_since": conversation.updated_at.isoformat()})
                notice = await uow.messages.add(system_message(conversation, "inactivity_warning", now,
                                                               buttons=[still_here_button(conversation)]))
                closing = False
            elif conversation.is_abandoned(now, idle) and now - warning.at >= WARN_BEFORE:
                notice = await uow.messages.add(system_message(conversation, "inactivity_closed", now))
                conversation.close(ABANDONED, actor="router", now=now)
                closing = True
            else:
                continue
        await publish_message(deps, conversation, notice)
        if closing:
            closed += 1
            await publish_state(deps, conversation)
    return closed


async def close_expired(deps: Deps) -> int:
    """Close the chats waiting for or with a veileder that nobody acts on (router/domain/expiry.py): the bruker's
    page gone and nobody wrote for Settings.expire_gone_hours, or nobody wrote for Settings.expire_idle_hours, both
    counted in the open hours of the enhet whose queue it is in (a holiday does not run the clock). Each
    gets a history row that says why, the close (outcome EXPIRED, "Utløpt"), a notice in the bruker's language (she
    reads it now, or when she comes back), and its consoles are told; the retention period then runs as for any
    closed chat. Returns how many were closed."""
    now = deps.clock.now()
    gone_after, idle_after = expiry_periods(deps)
    since = oldest_activity_to_look_at(now, gone_after=gone_after, idle_after=idle_after)
    async with deps.uow() as uow:
        candidates = await uow.conversations.untouched_waiting(since)
    closed = 0
    for conversation_id in candidates:
        try:
            async with deps.uow() as uow:
                conversation = await uow.conversations.get(conversation_id, for_update=True)
                if conversation is None:
                    continue
                # Read with the conversation, not before the loop: a bruker back meanwhile is not gone.
                gone = (await uow.conversations.bruker_gone([conversation_id])).get(conversation_id)
                why = expiry_reason(conversation.state, last_activity=conversation.updated_at, gone_since=gone,
                                    now=now, gone_after=gone_after, idle_after=idle_after,
                                    hours=deps.routing.opening_hours(conversation.enhetsnummer or ""))
                if why is None:
                    continue
                conversation.note("expired", actor="router", reason=why, now=now,
                                  data={"last_activity": conversation.updated_at.isoformat(),
                                        "bruker_gone": gone is not None})
                notice = await uow.messages.add(system_message(conversation, "expired_closed", now))
                conversation.close(EXPIRED, actor="router", now=now)
        except ConcurrentChange:
            continue  # taken, answered or moved meanwhile: not untouched; the next round looks again
        closed += 1
        await publish_state(deps, conversation)
        await publish_message(deps, conversation, notice)
        await assignment.handle(deps, uow.committed_events)
    return closed


def kept_days(deps: Deps, close_outcome: str | None) -> float:
    """How many days after its close a chat's messages are kept: the retention period, longer for one closed as
    THREATS (evidence)."""
    days = deps.settings.retention_days
    return max(days, deps.settings.threat_retention_days) if close_outcome == THREATS else days


def expiry_periods(deps: Deps) -> tuple[timedelta, timedelta]:
    """(gone_after, idle_after) of router/domain/expiry.py, from the settings: hours of the office's open time."""
    return timedelta(hours=deps.settings.expire_gone_hours), timedelta(hours=deps.settings.expire_idle_hours)


def _warning_for(records: list[HistoryRecord], conversation: Conversation) -> HistoryRecord | None:
    """The warning given for this very silence (since the conversation's last activity), if any."""
    since = conversation.updated_at.isoformat()
    return next((r for r in reversed(records) if (r.data or {}).get("idle_since") == since), None)


async def purge_transcripts(deps: Deps, retention_days: float | None = None) -> int:
    """Delete what was said in conversations closed longer ago than the retention period; returns how many.

    The router's messages go first, then Rasa's tracker copy (deps.bot_memory), and only then is the conversation
    marked purged (purged_at): a tracker that could not be reached raises here, leaves purged_at empty, and the next
    round (or the next run of ``router.cli purge-transcripts``) tries the tracker again, so the bot's copy of the
    bruker's words is never left behind by a failure that was only logged."""
    days = deps.settings.retention_days if retention_days is None else retention_days
    now = deps.clock.now()
    cutoff = now - timedelta(days=days)
    kept = {THREATS: now - timedelta(days=max(days, deps.settings.threat_retention_days))}
    async with deps.uow() as uow:
        ids = await uow.conversations.purgeable(cutoff, kept=kept)
        if ids:
            await uow.messages.delete_for(ids)
    if not ids:
        return 0
    if deps.bot_memory is not None:
        await deps.bot_memory.forget(ids)  # an error: purged_at stays empty, the next round retries
    async with deps.uow() as uow:
        # Still purgeable (nothing reopened them meanwhile), and what came in since goes too.
        forgotten = set(ids)
        ids = [i for i in await uow.conversations.purgeable(cutoff, kept=kept) if i in forgotten]
        if ids:
            await uow.messages.delete_for(ids)
            # The staff's notes (a transfer's, a threat's) held what was said too: they go with the transcript.
            await uow.history.forget_notes(ids)
        for conversation_id in ids:
            conversation = await uow.conversations.get(conversation_id)
            assert conversation is not None
            if conversation.close_outcome == THREATS:
                uow.audit.add(AuditEntry(now, None, "router", "evidence_deleted", conversation_id,
                                         {"closed_at": conversation.closed_at.isoformat()
                                          if conversation.closed_at else None}))
            conversation.forget_transcript(now)
    return len(ids)


async def purge_audit(deps: Deps, retention_days: float | None = None) -> int:
    """Delete the audit rows older than Settings.audit_retention_days (docs/PRIVACY.md); returns how many."""
    days = deps.settings.audit_retention_days if retention_days is None else retention_days
    async with deps.uow() as uow:
        return await uow.audit.delete_before(deps.clock.now() - timedelta(days=days))


async def run(deps: Deps) -> tuple[int, int]:
    """One round of the scheduled job: (closed as abandoned or expired, purged); the audit log's old rows go too."""
    closed = await close_abandoned(deps) + await close_expired(deps)
    purged = await purge_transcripts(deps)
    await purge_audit(deps)
    return closed, purged
