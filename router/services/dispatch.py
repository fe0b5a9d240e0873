"""The veileder's use cases on one conversation: take, transfer, back to bot, close, an internal note; and presence
(replies: router/services/replies.py).

Each is one unit of work: load the conversation, check who may act, call one domain method, commit, then
publish and let assignment (router/services/assignment.py) act on the events.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

from router.domain import staff_labels
from router.domain.access import (
    Role,
    StaffUser,
    answers_brukere,
    has_needed_permissions,
    may_know_load_of,
    may_see,
    required_permissions,
)
from router.domain.assignment import Presence
from router.domain.conversation import (
    QUEUE_DISMISS_OUTCOMES,
    STAFF_CLOSE_OUTCOMES,
    THREATS,
    Conversation,
    ConversationState,
)
from router.domain.errors import InvalidTransition, NotAllowed
from router.domain.masking import mask_personal_numbers
from router.domain.messages import Message
from router.domain.queue import Priority
from router.domain.routing import VIKAFOSSEN
from router.domain.veileder import Veileder
from router.ports.store import ConcurrentChange, UnitOfWork
from router.services import assignment, supervision, views, waiting
from router.services import staff as staff_sessions
from router.services.conversations import system_message
from router.services.deps import Deps
from router.services.errors import Conflict, Forbidden, InvalidInput, NotFound
from router.services.notify import (
    event_scope,
    publish_history,
    publish_message,
    publish_state,
    publish_withdrawn,
)
from router.services.routing import REGISTERED_ELSEWHERE, REGISTERED_PLACE, conversation_elsewhere_by_register
from router.services.staff import audit

log = logging.getLogger(__name__)

CLOSE_OUTCOMES = STAFF_CLOSE_OUTCOMES
PRESENCES = frozenset(p.value for p in Presence)
MAX_NOTE_CHARS = 500
UNKNOWN_ENHET_NB = "Fant ingen enhet med det nummeret. Sjekk enhetsnummeret."
# A change the state machine refuses: someone (or the bruker) changed the conversation first.
CHANGED_MEANWHILE_NB = "Samtalen er endret i mellomtiden (tatt, flyttet eller avsluttet). Se den oppdaterte samtalen."
# The outcome that counts a chat as answered (the dashboard's figures).
ANSWERED = "besvart"
# What a role that answers no bruker (admin alone) is told when it acts on a chat (take, move, close, reply ...):
# the reason (English) and its words for staff (bokmål).
ROLE_ANSWERS_NO_BRUKER = ("only veiledere and the kontaktsenter answer brukere; your role manages and watches",
                          "Bare veiledere og kontaktsenteret svarer brukere. Rollen din kan se og styre, ikke svare.")


async def load_visible(uow: UnitOfWork, staff: StaffUser, conversation_id: str, *, for_update: bool = False,
                       role_refusal: tuple[str, str] = ROLE_ANSWERS_NO_BRUKER) -> Conversation:
    return visible_to(staff, await uow.conversations.get(conversation_id, for_update=for_update),
                      role_refusal=role_refusal)


def visible_to(staff: StaffUser, conversation: Conversation | None, *,
               role_refusal: tuple[str, str] = ROLE_ANSWERS_NO_BRUKER) -> Conversation:
    """The conversation, if it exists and ``staff`` may see it and act on it: every caller is a staff action on one
    chat (read it, take, move, close, reply, typing, the case beside it), the work of those who answer brukere. A
    role that answers none (admin alone) is refused for its role (``role_refusal``: the action's reason and words)
    before the chat's protection is looked at: she sees every enhet, so "annen enhet eller tilgang" could only mean
    kode 6/7 or skjermet (docs/PRIVACY.md, "What staff are told of what is kept from them"). The audit keeps the
    real reason (access.why_refused). NotFound or Forbidden otherwise."""
    if conversation is None or not conversation.handed_off:
        raise NotFound("unknown conversation")  # to staff it does not exist before a human was asked for
    if not conversation.is_for_staff:
        # Back with the bot: what she says now is hers and the bot's. A screen that still shows the chat (its card
        # had not gone yet) is told why; anyone else is told nothing more than of a chat never handed off.
        if answers_brukere(staff) and may_see(staff, dataclasses.replace(conversation.scope, handed_off=True)):
            raise Conflict("the bruker is back with the chatbot; the chat shows again if they ask for a veileder",
                           nb="Brukeren er tilbake hos chatroboten. Samtalen vises igjen hvis brukeren ber om en "
                              "veileder.")
        raise NotFound("unknown conversation")
    if not answers_brukere(staff):
        reason, nb = role_refusal
        raise Forbidden(reason, nb=nb)
    if not may_see(staff, conversation.scope):
        raise Forbidden("this conversation belongs to another enhet or needs a permission you do not have",
                        nb="Samtalen hører til en annen enhet, eller den krever en tilgang du ikke har.")
    return conversation


async def signal_from_staff(deps: Deps, staff: StaffUser, conversation_id: str, **event: Any) -> None:
    """The veileder's typing signal: only from the veileder who answers the bruker; published, never stored."""
    async with deps.uow() as uow:
        conversation = await load_visible(uow, staff, conversation_id)
    if not conversation.is_answered_by(staff):
        raise Conflict("only the veileder the conversation is assigned to writes to the bruker",
                       nb="Bare veilederen som har samtalen, skriver til brukeren.")
    await deps.publish({**event, **event_scope(conversation)})


def _check_may_move(conversation: Conversation, staff: StaffUser, *, ending: bool = False,
                    dismissing: bool = False) -> None:
    """A conversation with a veileder is theirs to move or end; the kontaktsenter may step in. A waiting one is
    moved by whoever triages the queue, but ended (closed, or given back to the bot) only by the kontaktsenter: a
    veileder takes it first, and speaks to the bruker who waits for a person; except spam or abuse, which a veileder
    who may take it (load_visible: the enhet's, with the permissions its protection needs) dismisses from the queue
    (``dismissing``: closed as QUEUE_DISMISS_OUTCOMES). Admin, who answers no bruker, does neither (load_visible refuses her)."""
    kontaktsenter = staff.has_role(Role.KONTAKTSENTER)
    if conversation.state is ConversationState.ASSIGNED and conversation.veileder_id != staff.id and not kontaktsenter:
        raise Forbidden("another veileder has this conversation", nb="En annen veileder har denne samtalen.")
    if ending and conversation.state is ConversationState.QUEUED and not kontaktsenter and not dismissing:
        raise Forbidden("take the conversation before you end it: the bruker is waiting for a person",
                        nb="Ta samtalen før du avslutter den: brukeren venter på en veileder.")
    if ending and conversation.state is ConversationState.BOT:
        # The bruker went back to the chatbot (or never left it): a staff close would end their bot chat with
        # "Veilederen har avsluttet samtalen", from someone they never talked to.
        raise Conflict("the bruker is with the chatbot now: there is no chat with a person to end",
                       nb="Brukeren snakker med chatroboten nå, så det er ingen samtale med en veileder å avslutte.")


def _check_answers_brukere(staff: StaffUser) -> None:
    if not answers_brukere(staff):
        reason, nb = ROLE_ANSWERS_NO_BRUKER
        raise Forbidden(reason, nb=nb)


def _may_get(veileder: Veileder, conversation: Conversation) -> bool:
    """Whether a transfer may give the conversation to this veileder: one who answers brukere and holds every
    permission its protection needs."""
    staff = veileder.as_staff_user()
    return answers_brukere(staff) and has_needed_permissions(staff, conversation.scope)


def _staff_note(text: Any) -> str:
    """A note staff write on a chat (a close's, an internal one), trimmed, masked and cut to MAX_NOTE_CHARS."""
    return mask_personal_numbers(str(text or "").strip())[:MAX_NOTE_CHARS]


def _actor(staff: StaffUser) -> str:
    return f"veileder:{staff.username}"


async def take(deps: Deps, conversation_id: str, staff: StaffUser) -> dict[str, Any]:
    """A veileder takes a waiting conversation; nobody is assigned above capacity."""
    now = deps.clock.now()
    try:
        async with deps.uow() as uow:
            conversation = await load_visible(uow, staff, conversation_id, for_update=True)
            if conversation.state is not ConversationState.QUEUED:
                raise Conflict("this conversation is not waiting in the queue (someone may have taken it)",
                               nb="Samtalen venter ikke lenger i køen. Noen kan ha tatt den.")
            veileder = await uow.veiledere.get(staff.id, for_update=True)
            assert veileder is not None
            load = veileder.load(await uow.veiledere.open_chats(staff.id))
            if not load.has_capacity:
                raise Conflict(f"you already have {veileder.capacity} open chats (your capacity)",
                               nb=f"Du har allerede {veileder.capacity} åpne samtaler, så mange du har plass til.")
            joined = await assignment.claim(uow, conversation, veileder, load, actor=_actor(staff),
                                            reason="tatt fra køen", now=now)
            # Taking a chat while "Frakoblet" means working: "Opptatt" (nothing more is assigned automatically),
            # not an offline veileder with a bruker, which the queue, the dashboard and the offline sweep misread.
            came_in = veileder.presence is Presence.OFFLINE
            if came_in:
                veileder.set_presence(Presence.BUSY, now)
            audit(uow, staff, "take", conversation_id, now)
    except (NotAllowed, ConcurrentChange) as error:
        raise Conflict(f"someone else took this conversation first, or you reached your capacity ({error})",
                       nb="Noen andre tok samtalen først, eller du har nådd grensen for åpne samtaler.") from None
    log.info("dispatch.taken conversation=%s veileder=%s", conversation_id, staff.id)
    await publish_state(deps, conversation)
    await publish_message(deps, conversation, joined)
    if came_in:
        await deps.publish({"type": "presence", "veileder_id": staff.id, "enhetsnummer": staff.enhetsnummer,
                            "presence": Presence.BUSY.value})
    return views.conversation_for_staff(conversation)


async def back_to_bot(deps: Deps, conversation_id: str, staff: StaffUser) -> dict[str, Any]:
    now = deps.clock.now()
    async with deps.uow() as uow:
        conversation = await load_visible(uow, staff, conversation_id, for_update=True)
        _check_may_move(conversation, staff, ending=True)
        with _refused_as_conflict():
            conversation.back_to_bot(actor=_actor(staff), now=now)
        audit(uow, staff, "back_to_bot", conversation.id, now)
        notice = await uow.messages.add(system_message(conversation, "back_to_bot", now))
    return await _after(deps, uow, conversation, notice)


async def close(deps: Deps, conversation_id: str, staff: StaffUser, outcome: Any, note: Any = "") -> dict[str, Any]:
    """End the chat with ``outcome``. Closed as threats or harassment (THREATS) it needs a short ``note`` (what
    happened, for a police report or an HMS-avvik) and is kept as evidence past the ordinary retention
    (Settings.threat_retention_days; retention.purge_transcripts). A waiting chat a veileder may close only as spam
    or abuse (QUEUE_DISMISS_OUTCOMES), from the queue card; the bruker is told NAV ended it."""
    if outcome not in CLOSE_OUTCOMES:
        raise InvalidInput(f"outcome must be one of {sorted(CLOSE_OUTCOMES)}", nb="Velg hvordan samtalen endte.")
    note_text = _staff_note(note)
    if outcome == THREATS and not note_text:
        raise InvalidInput("closing as threats or harassment needs a short note of what happened",
                           nb="Skriv kort hva som skjedde (trusler eller sjikane), til en eventuell anmeldelse "
                           "eller HMS-avvik.")
    now = deps.clock.now()
    async with deps.uow() as uow:
        conversation = await load_visible(uow, staff, conversation_id, for_update=True)
        _check_may_move(conversation, staff, ending=True, dismissing=outcome in QUEUE_DISMISS_OUTCOMES)
        if outcome == ANSWERED and conversation.state is ConversationState.QUEUED \
                and conversation.first_human_reply_at is None:
            # Probe 165: the kontaktsenter closed a chat nobody had answered as «Besvart», counted as answered.
            raise Conflict("nobody has answered this waiting conversation: choose another outcome than besvart",
                           nb="Ingen har svart brukeren i denne samtalen, så den kan ikke avsluttes som «Besvart». "
                              "Velg et annet utfall, for eksempel «Henvist videre» eller «Brukeren forlot samtalen».")
        # "Veilederen har avsluttet samtalen" only from the veileder who had the chat: the kontaktsenter ending one
        # nobody took, or one another veileder had, is NAV to the bruker.
        notice_key = "closed" if conversation.veileder_id == staff.id else "closed_by_nav"
        while_queued = conversation.state is ConversationState.QUEUED
        with _refused_as_conflict():
            conversation.close(outcome, actor=_actor(staff), now=now, by_navn=staff.navn, note=note_text or None,
                               by_veileder_id=staff.id)
        details: dict[str, Any] = {"outcome": outcome} | ({"while_queued": True} if while_queued else {})
        if outcome == THREATS:
            # Kept as evidence: the audit says until when, and that a note was written (the note is in the history).
            kept_until = now + timedelta(days=deps.settings.threat_retention_days)
            details |= {"kept_as_evidence_until": kept_until.isoformat(), "note_chars": len(note_text)}
        audit(uow, staff, "close", conversation.id, now, details)
        notice = await uow.messages.add(system_message(conversation, notice_key, now))
        # A nødhjelp chat ended by NAV, not by the veileder who helped (one still waiting, above all): the numbers
        # to call now, after the notice.
        contacts = [await uow.messages.add(await waiting.contacts_on_closing(deps, uow, conversation, now))] \
            if notice_key == "closed_by_nav" and conversation.priority == Priority.EMERGENCY.value else []
    deps.overview_reads.changed_by(staff.id)  # their kontaktsenter page shows it ended at once
    return await _after(deps, uow, conversation, notice, *contacts)


async def add_note(deps: Deps, conversation_id: str, staff: StaffUser, text: Any) -> dict[str, Any]:
    """An internal note in the chat's history, for the colleagues who help the bruker now or after a transfer (the
    transfer dialog's own note said it only at a move). Whoever may see and act on the chat may write one, while it
    has not ended; the bruker never sees it. Personal numbers are masked as in every staff text; audited."""
    note_text = _staff_note(text)
    if not note_text:
        raise InvalidInput("write the note's text", nb="Skriv notatet først.")
    now = deps.clock.now()
    async with deps.uow() as uow:
        conversation = await load_visible(uow, staff, conversation_id)
        try:
            record = conversation.add_staff_note(note_text, actor=_actor(staff), by_navn=staff.navn, now=now)
        except NotAllowed as error:
            raise Conflict(str(error), nb="Samtalen er avsluttet, så notatet ville ikke nå noen.") from None
        audit(uow, staff, "note", conversation.id, now, {"chars": len(note_text)})
    event = views.event_for_staff(record)
    await publish_history(deps, conversation, event)
    return {"event": event}


async def transfer(
    deps: Deps, conversation_id: str, staff: StaffUser, *, to_enhetsnummer: Any = None, to_veileder: Any = None,
    note: Any = "",
) -> dict[str, Any]:
    """Move a conversation to another enhet's queue, the kontaktsenter, or one veileder, with a note.

    The bruker keeps their place (queued_at). A named veileder gets it at once when online with room (the
    assignment prefers the veileder it is reserved for); otherwise (not online) it waits in their enhet's queue
    for them. One with no room now is refused (_why_it_cannot_go), as the transfer dialog says beforehand.
    """
    note_text = mask_personal_numbers(str(note or ""))[:MAX_NOTE_CHARS]
    now = deps.clock.now()
    async with deps.uow() as uow:
        # The conversation first: one who may not see it learns nothing, not even whether a username exists.
        conversation = await load_visible(uow, staff, conversation_id, for_update=True)
        target = None
        if to_veileder:
            target = await uow.veiledere.by_username(str(to_veileder))
            if target is None:
                raise InvalidInput(f"unknown veileder {to_veileder}",
                                   nb=f"Fant ingen veileder med brukernavnet {to_veileder}.")
            to_enhetsnummer = target.enhetsnummer
        if not isinstance(to_enhetsnummer, str) or not deps.routing.is_known_enhet(to_enhetsnummer):
            raise InvalidInput(f"unknown enhet {to_enhetsnummer}: give to_enhetsnummer or to_veileder",
                               nb=UNKNOWN_ENHET_NB)
        _check_may_move(conversation, staff)
        team = await uow.veiledere.team(to_enhetsnummer) if target is None else []
        to = (target, await uow.veiledere.open_chats(target.id)) if target is not None else None
        if (refusal := _why_it_cannot_go(deps, conversation, to_enhetsnummer, team, target=to)):
            if required_permissions(conversation.diskresjonskode, conversation.skjermet):
                # A protected chat refused a move (kode 6 out of Vikafossen, kode 7 where nobody may see it) is an
                # attempt the audit names, as a refused read is (probe 157: only the lookup row was written).
                # Why in the words the staff member was told (the audit page is Norwegian; probe 165 read "because:
                # veileder1 lacks a permission ...").
                refusal.why = {"reason": "transfer_refused", "to": to_enhetsnummer, "because": refusal.nb or str(refusal)}
            raise refusal
        placement = deps.routing.placement_at(to_enhetsnummer, tema=conversation.tema,
                                              priority=Priority(conversation.priority), now=now)
        previous_enhet, previous_veileder = conversation.enhetsnummer, conversation.veileder_id
        with _refused_as_conflict():
            conversation.transfer(placement, actor=_actor(staff), note=note_text, now=now,
                                  reserved_for=target.id if target else None,
                                  data={"to_veileder": target.username if target else None,
                                        "to_veileder_navn": target.navn if target else None})
        audit(uow, staff, "transfer", conversation.id, now, {"to": to_enhetsnummer, "veileder": to_veileder})
        # The bruker is told when the conversation moves to another office; and when the veileder they were talking
        # to passes it to a colleague in the same office (it was silent: the bruker only saw "Venter på ledig
        # veileder" where a person had been).
        moved = None
        if conversation.enhetsnummer != previous_enhet:
            moved = await uow.messages.add(await _transfer_notice(deps, uow, conversation, now, target=target,
                                                                  sender_id=staff.id))
        elif previous_veileder is not None:
            # With the wait as the queue lets us promise it now: a probe's bruker was told only "passed to a
            # colleague, your answer comes here" while nobody there was available.
            moved = await uow.messages.add(await waiting.notice_with_wait(deps, uow, conversation, now,
                                                                          "conversation_passed_on"))
    deps.overview_reads.changed_by(staff.id)  # their kontaktsenter page shows it moved at once
    await publish_state(deps, conversation)
    if moved is not None:
        await publish_message(deps, conversation, moved)
    if previous_veileder is not None and previous_veileder != staff.id:
        # The veileder who had it may not see it any more (another enhet): their console is told it went.
        await publish_withdrawn(deps, conversation, previous_veileder, by=staff.navn, note=note_text,
                                to_veileder=target.navn if target else None)
    await assignment.handle(deps, uow.committed_events)
    async with deps.uow() as uow:
        current = await uow.conversations.get(conversation_id)
    assert current is not None
    return views.conversation_for_staff(current)


async def _transfer_notice(deps: Deps, uow: UnitOfWork, conversation: Conversation, now: datetime, *,
                           target: Veileder | None, sender_id: int) -> Message:
    """What the bruker reads when staff send the chat to another office: that it went there, and the live wait
    there (waiting.transfer_notice); with someone there who may take it at work now, a closed office is "nobody
    available now", not "closed until Monday 09:00"."""
    if target is not None:
        candidates = {target.id}
    else:
        needed = required_permissions(conversation.diskresjonskode, conversation.skjermet)
        loads = await assignment.answering_loads(uow, deps.routing, conversation.enhetsnummer or "", presence=None)
        candidates = {int(v.veileder_id) for v in loads if needed <= v.permissions}
    candidates.discard(sender_id)  # who sends it on does not answer it there
    # A veileder whose every console closed without a logout answers nothing (staff.closed_consoles, the rule of
    # assignment and the wait): a probe's bruker read "a veileder there answers as soon as possible" from an office
    # whose only veileder had closed the tab.
    candidates -= await staff_sessions.closed_consoles(deps, uow, sorted(candidates), now)
    at_work = await _at_work(deps, uow, candidates, now)
    return await waiting.transfer_notice(deps, uow, conversation, now, someone_at_work=bool(at_work))


def _why_it_cannot_go(deps: Deps, conversation: Conversation, to_enhetsnummer: str,
                      team: list[tuple[Veileder, int]], *,
                      target: tuple[Veileder, int] | None = None) -> Conflict | InvalidInput | None:
    """Why a transfer to this enhet's queue, or to ``target`` (a veileder and their open chats), is refused, said
    before the veileder presses Overfør (the transfer dialog asks too, for the enhet and for each veileder it
    lists: a probe's form said "it can still be put in the queue" and the router then refused; a tester's offered
    a colleague with no room). ``team``: the enhet's staff, when a move to its queue must find someone there who
    may see the conversation."""
    enhet = deps.routing.enhet_navn(to_enhetsnummer)
    if target is not None and (refusal := _why_not_to(conversation, *target)):
        return refusal
    if conversation.is_strengt_fortrolig and to_enhetsnummer != VIKAFOSSEN:
        return Conflict(f"a conversation with strengt fortrolig adresse stays at {VIKAFOSSEN}",
                        nb="Samtaler med strengt fortrolig adresse (kode 6) blir hos Nav Vikafossen og kan ikke "
                        f"overføres til {enhet}.")
    if target is None and not conversation.is_strengt_fortrolig \
            and required_permissions(conversation.diskresjonskode, conversation.skjermet) \
            and not any(_may_get(v, conversation) for v, _ in team):
        # Kode 7 or skjermet: only staff with that permission see it. Moved where nobody has it, the bruker would
        # wait in a queue nobody can see.
        return Conflict(f"nobody at {enhet} may see this conversation "
                        "(it needs a permission nobody there has): it would wait where nobody can take it",
                        nb=f"Ingen ved {enhet} har tilgang til denne samtalen, så den ville ventet der ingen "
                        "kan ta den.")
    return None


def _why_not_to(conversation: Conversation, veileder: Veileder, open_chats: int) -> Conflict | InvalidInput | None:
    """Why the conversation may not be given to this veileder by name: they answer no brukere, lack a permission
    its protection needs (kode 6/7, skjermet: it moves to their enhet), or have no room (nobody is assigned above
    capacity, and a colleague chosen by name is one who can answer now or soon)."""
    if not answers_brukere(veileder.as_staff_user()):
        return InvalidInput(f"{veileder.username} does not answer brukere (their role is admin only)",
                            nb=f"{veileder.navn} svarer ikke brukere (rollen er bare administrasjon).")
    if not has_needed_permissions(veileder.as_staff_user(), conversation.scope):
        return InvalidInput(f"{veileder.username} lacks a permission this conversation needs",
                            nb=f"{veileder.navn} mangler en tilgang som denne samtalen krever.")
    if conversation.veileder_id != veileder.id and not veileder.load(open_chats).has_capacity:
        # No count: a colleague's chats may be kode 6, kode 7 or skjermet ones the caller may not know of
        # (access.may_know_load_of).
        return Conflict(f"{veileder.username} has no room now (every place is in use)",
                        nb=f"{veileder.navn} har ikke plass nå (alle plassene er i bruk).")
    return None


async def transfer_candidates(deps: Deps, conversation_id: str, staff: StaffUser, enhetsnummer: Any) -> dict[str, Any]:
    """The veiledere of ``enhetsnummer`` this conversation can be transferred to by name (need-to-know, audited).

    Only someone who may transfer the conversation may list them, and only while it can be transferred; listed
    are those the conversation may go to (transfer's own rule: the permissions its protection needs), with their
    presence and load, the one asking left out. Available first, then by name.
    """
    now = deps.clock.now()
    async with deps.uow() as uow:
        conversation = await load_visible(uow, staff, conversation_id)
        _check_may_move(conversation, staff)
        if not isinstance(enhetsnummer, str) or not deps.routing.is_known_enhet(enhetsnummer):
            raise InvalidInput(f"unknown enhet {enhetsnummer}: give enhet, a known enhetsnummer", nb=UNKNOWN_ENHET_NB)
        if conversation.state not in (ConversationState.QUEUED, ConversationState.ASSIGNED):
            raise Conflict("only a waiting or ongoing conversation can be transferred",
                           nb="Bare en samtale som venter eller pågår, kan overføres.")
        team = await uow.veiledere.team(enhetsnummer)
        audit(uow, staff, "transfer_candidates", conversation.id, now, {"enhet": enhetsnummer})
    candidates = [(veileder, open_chats) for veileder, open_chats in team
                  if veileder.id != staff.id and _may_get(veileder, conversation)]
    candidates.sort(key=lambda c: (c[0].presence is not Presence.ONLINE, c[0].navn.casefold(), c[0].username))
    refusal = _why_it_cannot_go(deps, conversation, enhetsnummer, team)
    return {
        "enhetsnummer": enhetsnummer,
        "navn": deps.routing.enhet_navn(enhetsnummer),
        # Said in the dialog before anything is pressed: the queue of this enhet is no place for this conversation.
        "refused_nb": refusal.nb if refusal else None,
        "veiledere": [
            {"id": veileder.id, "username": veileder.username, "navn": veileder.navn,
             "presence": veileder.presence.value, "presence_label": staff_labels.presence_label(veileder.presence.value),
             # Null where the count could tell of a protected chat (access.may_know_load_of): room or not, only.
             "open_chats": open_chats if (load_known := may_know_load_of(staff, veileder.permissions)) else None,
             "capacity": veileder.capacity if load_known else None,
             "has_capacity": veileder.load(open_chats).has_capacity,
             # The same rule as the transfer's: the dialog offers nobody the router would refuse, and says why.
             "refused_nb": getattr(_why_it_cannot_go(deps, conversation, enhetsnummer, team,
                                                     target=(veileder, open_chats)), "nb", None)}
            for veileder, open_chats in candidates
        ],
    }


async def set_presence(deps: Deps, staff: StaffUser, presence: Any) -> dict[str, Any]:
    """Going offline returns the veileder's conversations to the queue with their place (queued_at) kept."""
    if presence not in PRESENCES:
        raise InvalidInput(f"presence must be one of {sorted(PRESENCES)}", nb="Velg en status fra listen.")
    wanted = Presence(presence)
    if wanted is not Presence.OFFLINE:
        _check_answers_brukere(staff)  # nothing is ever assigned to someone who does not answer brukere
    now = deps.clock.now()
    async with deps.uow() as uow:
        veileder = await uow.veiledere.get(staff.id)
        assert veileder is not None
        veileder.set_presence(wanted, now)
        returned = await uow.conversations.assigned_to(staff.id) if wanted is Presence.OFFLINE else []
        notices: dict[str, list[Message]] = {}
        for conversation in returned:
            fresh = deps.routing.placement_at(conversation.enhetsnummer or staff.enhetsnummer, tema=conversation.tema,
                                              priority=Priority(conversation.priority), now=now)
            conversation.veileder_went_offline(actor=_actor(staff), now=now, sla_deadline=fresh.sla_deadline)
            registered = conversation_elsewhere_by_register(deps.routing, conversation, now) \
                if await uow.history.has(conversation.id, REGISTERED_ELSEWHERE) else None
            if registered is not None:
                # Kept by the veileder she logged in with (login._place_after_login); without one, it goes where
                # the registers place her (probe 163: it waited at Grünerløkka, where nobody was online, while her
                # office at Frogner had a veileder free).
                conversation.transfer(registered, actor="router", note=REGISTERED_PLACE, now=now,
                                      reserved_for=conversation.own_veileder_id)
                told = [system_message(conversation, "veileder_left_chat", now),
                        await waiting.moved_notice_with_wait(deps, uow, conversation, now)]
            else:
                # The bruker is told, in their language, that they wait again with their place kept, and the wait
                # as it is now, as on entering the queue (a Saturday's "closed until Monday 09:00", not just "nobody
                # is free right now").
                told = [await waiting.notice_with_wait(deps, uow, conversation, now, "veileder_left_chat",
                                                       leaving=staff.id)]
            notices[conversation.id] = [await uow.messages.add(notice) for notice in told]
    for conversation in returned:
        await publish_state(deps, conversation)
        for notice in notices[conversation.id]:
            await publish_message(deps, conversation, notice)
    await deps.publish({"type": "presence", "veileder_id": staff.id, "enhetsnummer": staff.enhetsnummer,
                        "presence": wanted.value})
    if wanted is Presence.ONLINE:
        await assignment.veileder_available(deps, staff.id)
    await assignment.handle(deps, uow.committed_events)
    if wanted is not Presence.ONLINE:
        # Acute need that only they could take now (theirs just returned, or waiting at their office) goes at once
        # where someone may, not when its deadline passes.
        await supervision.move_unattended_emergencies(deps)
    return {"presence": wanted.value, "returned_to_queue": [c.id for c in returned]}


async def offline_when_gone(deps: Deps) -> list[int]:
    """Staff in any status but Frakoblet (Tilgjengelig, Opptatt, Borte) who are no longer at work go offline, as at
    a logout: every session of theirs has ended (idle, expired) or shows no sign of life (the browser closed
    without a logout: no console feed, no request; staff.at_work). Nothing is assigned to someone who is gone,
    and the brukere they had wait again, told so. (Only Tilgjengelig was swept: a veileder who took a chat while
    Frakoblet is Opptatt, and the probe's closed browser kept its bruker with nobody there.) Their ids."""
    async with deps.uow() as uow:
        at_work: set[int] = set()
        for presence in (Presence.ONLINE, Presence.BUSY, Presence.AWAY):
            at_work |= await uow.veiledere.ids_with_presence(presence)
        gone = await _gone(deps, uow, at_work)
    for veileder in gone:
        log.info("presence.offline_without_session veileder=%s", veileder.id)
        await set_presence(deps, veileder.as_staff_user(), Presence.OFFLINE.value)
    return [veileder.id for veileder in gone]


async def offline_if_gone(deps: Deps, veileder_id: int) -> list[str]:
    """The sweep above for one veileder, at once: when their session ended by time and no other of theirs is
    alive, they go offline. The conversations that went back to the queue (none when they are still logged in
    elsewhere), so their screen can say so."""
    async with deps.uow() as uow:
        veileder = await uow.veiledere.get(veileder_id)
        at_work = {veileder_id} if veileder is not None and veileder.presence is not Presence.OFFLINE else set()
        gone = await _gone(deps, uow, at_work)
    if not gone:
        return []
    log.info("presence.offline_without_session veileder=%s", veileder_id)
    answer = await set_presence(deps, gone[0].as_staff_user(), Presence.OFFLINE.value)
    return list(answer["returned_to_queue"])


async def _gone(deps: Deps, uow: UnitOfWork, at_work: set[int]) -> list[Veileder]:
    """Those of ``at_work`` who are no longer at work (staff.at_work)."""
    alive = await _at_work(deps, uow, at_work, deps.clock.now())
    return [veileder for veileder_id in sorted(at_work - alive)
            if (veileder := await uow.veiledere.get(veileder_id)) is not None]


async def _at_work(deps: Deps, uow: UnitOfWork, veileder_ids: set[int], now: datetime) -> set[int]:
    """Those of ``veileder_ids`` at work now, by their sessions (staff.at_work)."""
    sessions = await uow.staff_sessions.of_veiledere(veileder_ids) if veileder_ids else []
    idle = deps.settings.staff_idle_minutes
    return {veileder_id for veileder_id in veileder_ids
            if staff_sessions.at_work([s for s in sessions if s.veileder_id == veileder_id], now, idle)}


async def log_out(deps: Deps, staff: StaffUser, token: str | None) -> None:
    """Logging out ends this session (its screens get nothing more), and is leaving unless a console of theirs is
    open in another browser: the user goes offline, so their chats go back to the queue with each bruker told and
    nothing new is assigned to someone who is gone. A probe's logout in a second browser took three chats from the
    console she was still working in. (A closed tab's session, still alive, is no console at work.)"""
    await staff_sessions.logout(deps, token)
    async with deps.uow() as uow:
        others = await uow.staff_sessions.of_veiledere({staff.id})
    now, idle = deps.clock.now(), deps.settings.staff_idle_minutes
    if not any(staff_sessions.console_open(session, now, idle) for session in others):
        await set_presence(deps, staff, Presence.OFFLINE.value)


@contextmanager
def _refused_as_conflict() -> Iterator[None]:
    """A transition the state machine refuses is a 409 for the console."""
    try:
        yield
    except InvalidTransition as error:
        raise Conflict(str(error), nb=CHANGED_MEANWHILE_NB) from None


async def _after(deps: Deps, uow: UnitOfWork, conversation: Conversation, notice: Message,
                 *more: Message) -> dict[str, Any]:
    await publish_state(deps, conversation)
    for message in (notice, *more):
        await publish_message(deps, conversation, message)
    await assignment.handle(deps, uow.committed_events)
    return views.conversation_for_staff(conversation)
