"""What staff see: the enhet's queue, their own conversations, one conversation in full (every read audited)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from router.domain import staff_labels as labels
from router.domain.access import (
    ReadPurpose,
    Role,
    StaffUser,
    answers_brukere,
    had_conversation,
    helps_the_person_now,
    may_download,
    may_have_protected_hidden,
    may_read,
    may_see,
    read_purpose,
)
from router.domain.conversation import THREATS, Conversation
from router.domain.events import HistoryRecord, Transition
from router.domain.expiry import expires_at
from router.domain.masking import identity_numbers, mask_personal_numbers
from router.domain.messages import Message, awaiting_reply_since, reading_order
from router.domain.opening_hours import OSLO, is_open
from router.domain.person import pseudonym
from router.domain.queue import Priority, order_queue
from router.domain.queue_figures import wait_episodes
from router.domain.routing import Tema, Temagruppe
from router.domain.wait_promise import ANSWER_PROMISED
from router.ports.store import UnitOfWork
from router.services import views
from router.services.deps import Deps
from router.services.dispatch import load_visible
from router.services.errors import Forbidden, InvalidInput, NotFound
from router.services.login import audit_person
from router.services.queue_overview import HISTORY_KINDS, current_wait_began
from router.services.retention import expiry_periods, kept_days
from router.services.staff import audit


async def _transfers(deps: Deps, uow: UnitOfWork, conversations: list[Conversation]) -> dict[str, dict[str, Any]]:
    """Each conversation's last move since its handoff (views.transferred_from), read from their history in one go:
    the veileder who gets a transfer sees where from, by whom and why on the card and in the facts."""
    histories = await uow.history.of_kinds([c.id for c in conversations],
                                           (Transition.HANDOFF.value, Transition.TRANSFER.value))
    names: dict[str, str | None] = {}
    for actor in {r.actor for history in histories.values() for r in history if r.actor.startswith("veileder:")}:
        veileder = await uow.veiledere.by_username(actor.removeprefix("veileder:"))
        names[actor] = None if veileder is None else (
            f"kontaktsenteret ({veileder.navn})" if Role.KONTAKTSENTER in veileder.roles else veileder.navn)
    found: dict[str, dict[str, Any]] = {}
    for conversation_id, history in histories.items():
        moved = views.transferred_from(history, deps.routing.enhet_navn, names.get)
        if moved is not None:
            found[conversation_id] = moved
    return found


async def queue_for(deps: Deps, staff: StaffUser) -> list[dict[str, Any]]:
    """The waiting conversations this staff member may see, in queue order."""
    sees_all = staff.has_role(Role.KONTAKTSENTER) or staff.has_role(Role.ADMIN)
    async with deps.uow() as uow:
        waiting = await uow.conversations.queued(None if sees_all else staff.enhetsnummer)
        visible = {c.id: c for c in waiting if may_see(staff, c.scope)}
        # Who a waiting conversation is kept for (a transfer to a named colleague, the own veileder after login),
        # so a colleague does not take it by mistake while that veileder is on the way.
        names = {}
        for veileder_id in {c.own_veileder_id for c in visible.values() if c.own_veileder_id is not None}:
            if (veileder := await uow.veiledere.get(veileder_id)) is not None:
                names[veileder_id] = veileder.navn
        gone = await uow.conversations.bruker_gone(list(visible))
        # Queue order: nødhjelp first with a bounded head start, then FIFO by entry time (never by activity);
        # brukere whose page is gone last, as assignment gives them to nobody (services/assignment.py).
        ordered = order_queue([c.queue_entry() for c in visible.values()], deps.clock.now(), gone=gone)
        transfers = await _transfers(deps, uow, list(visible.values()))
        histories = await uow.history.of_kinds(list(visible), (*HISTORY_KINDS, ANSWER_PROMISED)) if visible else {}
    now = deps.clock.now()
    return [{**views.conversation_in_list(visible[e.conversation_id], names, bruker_gone=gone, transfers=transfers),
             **_wait_facts(deps, visible[e.conversation_id], histories.get(e.conversation_id, []),
                           gone.get(e.conversation_id), now)}
            for e in ordered]


def queue_hidden_note(staff: StaffUser) -> str | None:
    """What the queue says of the chats it keeps from ``staff`` by their protection: the same words whether any
    waits or none (staff_labels.QUEUE_HIDDEN_NOTE), None for one who may see every protected chat."""
    return labels.QUEUE_HIDDEN_NOTE if may_have_protected_hidden(staff) else None


def _wait_facts(deps: Deps, conversation: Conversation, history: list[HistoryRecord], gone_since: datetime | None,
                now: datetime) -> dict[str, Any]:
    """What a queue card says of the wait besides its place (probe 119, probe 118):
    ``waiting_since``: when the current wait began, as the dashboard counts it (queue_overview.current_wait_began:
    back from a veileder or sent on by one, the wait here; queued_at stays its place in line);
    ``office_open``: whether the chat is staffed now (its queue's hours: the chat's staffed hours, not an office's);
    ``answer_promised_at``: the earliest time the bruker was last told a veileder may answer
    (waiting.note_answer_promised), if any; ``expires_at``: when the chat expires if nobody acts
    (router/domain/expiry.py, counting the staffed hours)."""
    hours = deps.routing.opening_hours(conversation.enhetsnummer or "")
    began = current_wait_began(wait_episodes(conversation.id, history, conversation.enhetsnummer))
    promised = [r for r in history if r.kind == ANSWER_PROMISED and (r.data or {}).get("at")]
    gone_after, idle_after = expiry_periods(deps)
    ends = expires_at(conversation.state, last_activity=conversation.updated_at, gone_since=gone_since,
                      gone_after=gone_after, idle_after=idle_after, hours=hours)
    return {
        "waiting_since": (began or conversation.queued_at or conversation.created_at).isoformat(),
        "office_open": is_open(hours, now),
        "answer_promised_at": str(promised[-1].data["at"]) if promised else None,  # type: ignore[index]
        "expires_at": ends.isoformat() if ends else None,
    }


# Why what a conversation says is withheld from a role that answers no bruker (access.may_read), in its own words:
# probe 165's revisor was told "Som administrator …" and sent to a page that refused her.
_ROLE_READS_NO_CONTENT_NB = {
    Role.ADMIN: "Som administrator ser du køene, tallene, brukerne og tilgangsloggen, men ikke hva som står i "
                "samtalene. Innholdet leses bare av dem som svarer brukeren (tjenstlig behov).",
    Role.REVISOR: "Som revisor ser du tilgangsloggen (/tilgangslogg): hvem som har sett og gjort hva. Hva som står i "
                  "samtalene, leses bare av dem som svarer brukeren (tjenstlig behov).",
}


def role_reads_no_content_nb(staff: StaffUser) -> str:
    """Why ``staff``, whose role answers no bruker, reads no conversation: in the words of their role."""
    return _ROLE_READS_NO_CONTENT_NB[Role.ADMIN if staff.has_role(Role.ADMIN) else Role.REVISOR]
# Every ground of access.may_read for an ended chat, the same-person one too (58ba83a).
CLOSED_NOT_THEIRS_NB = ("Samtalen er avsluttet. Den kan bare leses av veilederen som hadde den, av kontaktsenteret og "
                        "av en veileder på samme enhet som nå har chat med den samme innloggede personen "
                        "(tjenstlig behov).")


class ContentWithheld(Forbidden):
    """The staff member may see that the conversation exists, not read what it says; ``why`` is for the audit."""

    def __init__(self, reason: str, *, nb: str, why: dict[str, object]) -> None:
        super().__init__(reason, nb=nb)
        self.why = why


@dataclass(frozen=True)
class Readable:
    """A conversation ``staff`` may read (load_readable), with the facts of the rule that lets them."""

    conversation: Conversation
    history: list[HistoryRecord]
    had_it: bool  # access.had_conversation
    helps_the_person: bool  # access.helps_the_person_now (looked up only for an ended chat they never had)


async def helps_the_person(uow: UnitOfWork, staff: StaffUser, person: str | None) -> bool:
    """access.helps_the_person_now, from the chats ``staff`` has now."""
    if person is None:
        return False
    return helps_the_person_now(staff, person, [(c.logged_in_person, c.scope)
                                                for c in await uow.conversations.assigned_to(staff.id)])


async def load_readable(uow: UnitOfWork, staff: StaffUser, conversation_id: str) -> Readable:
    """The conversation, its history and on which facts ``staff`` may read what it says (access.may_read);
    NotFound, Forbidden (may not see it) or ContentWithheld otherwise."""
    # A role that reads no conversation is told only that, protected or not (load_visible); the audit keeps why.
    conversation = await load_visible(uow, staff, conversation_id, role_refusal=(
        "your role answers no bruker, so it reads no conversation (need to know)", role_reads_no_content_nb(staff)))
    history = await uow.history.list(conversation_id)
    had_it = had_conversation(staff, history)
    same_person = conversation.scope.closed and not had_it and await helps_the_person(
        uow, staff, conversation.person_pseudonym)
    if not may_read(staff, conversation.scope, had_it=had_it, helps_the_person=same_person):
        raise ContentWithheld("the conversation is closed: only the veileder who had it, the kontaktsenter and a veileder of its enhet who "
                              "has the same logged-in person's chat now read it",
                              nb=CLOSED_NOT_THEIRS_NB, why={"reason": "closed_not_theirs"})
    return Readable(conversation, history, had_it, same_person)


async def may_watch(deps: Deps, staff: StaffUser, conversation_id: str) -> bool:
    """Whether a staff screen may get this conversation's content live (it opened it, an audited read): only
    those who may read it (access.may_read); anyone else's screen gets its state changes, never what is said."""
    async with deps.uow() as uow:
        try:
            await load_readable(uow, staff, conversation_id)
        except (NotFound, Forbidden):
            return False
    return True


SEARCH_LIMIT = 20
# Message words are read in the newest this many conversations the searcher's scope holds (their enhet's, or all
# for the kontaktsenter and admins): a bound on what one search reads, through the message table's index by
# conversation, whatever the store holds. Retention deletes transcripts days after a close, so this is days of an
# enhet's chats; the kontaktsenter, which sees every enhet, finds older words by id, enhet or tema instead.
SEARCH_MESSAGE_WINDOW = 1000
# What a conversation's tema may be stored as: a tema code, or a temagruppe code (routing.parse_tema).
_STORED_TEMA_CODES: tuple[str, ...] = (*(t.value for t in Tema), *(g.value for g in Temagruppe))


def tema_codes_named(words: str) -> frozenset[str]:
    """The stored tema codes whose names on a staff card hold ``words``, ignoring case: the tema's own label
    ("Sosialhjelp og kommunale tjenester (KOM)") or its queue's ("Økonomisk sosialhjelp (OKSOS)"), codes included,
    so "KOM", "OKSOS", "sosialhjelp" and "Økonomisk sosialhjelp" each find the KOM conversations."""
    wanted = words.strip().casefold()
    if not wanted:
        return frozenset()
    return frozenset(code for code in _STORED_TEMA_CODES
                     if wanted in (labels.tema_label(code) or "").casefold()
                     or wanted in labels.queue_label(code).casefold())


async def search(deps: Deps, staff: StaffUser, words: str) -> list[dict[str, Any]]:
    """Conversations this staff member may see that match ``words`` (services/inbox.py need-to-know: a veileder
    searches their enhet, the kontaktsenter and admins every enhet; kode 6/7 and skjermet only with the permission):
    by id, enhetsnummer, tema or queue (code or name), kontor, or a word in the handoff reason, the bot's summary
    or what the bruker and veiledere wrote (ports/store.py). Brukere's names are not stored, so not searched.
    Audited with the number of hits and what kind of words were searched, not the words, which may name a person;
    a search for a fødselsnummer names that person by the audit log's pseudonym, so "who looked me up" finds it even
    when nothing matched (probe 134: a veileder's search for Ola's fødselsnummer left "Treff: 0" and nothing more)."""
    if not answers_brukere(staff):
        # A hit tells that the words were said in the chat: content, which admin alone does not read.
        raise Forbidden("your role answers no bruker, so it searches no conversation (need to know)",
                        nb=role_reads_no_content_nb(staff))
    sees_all = staff.has_role(Role.KONTAKTSENTER)
    async with deps.uow() as uow:
        # Over-fetch: what the permissions hide must not crowd out what the user may see.
        found = await uow.conversations.search(words, temaer=tema_codes_named(words),
                                               enhetsnummer=None if sees_all else staff.enhetsnummer,
                                               limit=SEARCH_LIMIT * 5, message_window=SEARCH_MESSAGE_WINDOW)
        seen = [c for c in found if may_see(staff, c.scope)]
        # An ended chat is found only by those who may read it (access.may_read: who had it, the kontaktsenter).
        ended = [c.id for c in seen if c.scope.closed]
        histories = await uow.history.of_kinds(ended, (Transition.ASSIGN.value, Transition.CLOSE.value)) \
            if ended else {}
        visible = [c for c in seen if may_read(staff, c.scope, had_it=had_conversation(
            staff, histories.get(c.id, [])))][:SEARCH_LIMIT]
        now = deps.clock.now()
        audit(uow, staff, "search", None, now, {"hits": len(visible), **_searched_for(deps, words)})
        for conversation in visible:  # a hit tells that its words matched: audited with the conversation
            audit(uow, staff, "search_hit", conversation.id, now)
    return [views.conversation_in_list(c) for c in visible]


def _searched_for(deps: Deps, words: str) -> dict[str, str]:
    """What an audit row says of the words searched: their kind, and a fødselsnummer's person (the audit log's own
    pseudonym, login.audit_person), never the words."""
    idents = identity_numbers(words)
    if not idents:
        return {"searched": "tekst"}
    found = {"searched": "fødselsnummer"}
    if deps.person is not None:
        person = audit_person(deps, pseudonym(deps.person.pseudonym_key, idents[0]))
        if person:
            found["person"] = person
    return found


async def mine(deps: Deps, staff: StaffUser) -> list[dict[str, Any]]:
    """The veileder's own open chats, each with the bruker's last message and since when she has waited for the
    veileder's word: which to answer first is seen in the list (probe 157)."""
    async with deps.uow() as uow:
        conversations = await uow.conversations.assigned_to(staff.id)
        gone = await uow.conversations.bruker_gone([c.id for c in conversations])
        transfers = await _transfers(deps, uow, conversations)
        waits = await _last_exchanges(uow, conversations)
    # Nødhjelp first, answered or not (probes 162 and 163: listed second, and after one reply last, out of sight);
    # then those waiting for the veileder's word, the longest waiting at the top; then the rest as they were taken
    # (console.js inboxOrder keeps the same order live).
    conversations.sort(key=lambda c: (c.priority != Priority.EMERGENCY.value, waits[c.id][0] is None,
                                      waits[c.id][0] or c.assigned_at or c.created_at))
    return [{**views.conversation_for_staff(c, bruker_gone=gone, transfers=transfers),
             **views.last_exchange(*waits[c.id])} for c in conversations]


# How many of the bruker's and the veiledere's latest messages are looked at for the first one the veileder has not
# answered.
_UNANSWERED_LOOKBACK = 20


async def _last_exchanges(uow: UnitOfWork, conversations: list[Conversation]
                          ) -> dict[str, tuple[datetime | None, Message | None]]:
    """Per chat: since when the bruker has waited for the veileder's word, and her last message."""
    ids = [c.id for c in conversations]
    bruker = await uow.messages.latest_of_each(ids, "user", _UNANSWERED_LOOKBACK)
    veileder = await uow.messages.latest_of_each(ids, "veileder", _UNANSWERED_LOOKBACK)
    waits = {}
    for c in conversations:
        hers = bruker.get(c.id, [])
        since = awaiting_reply_since(hers, veileder.get(c.id, []), c.veileder_id, asked_at=c.queued_at,
                                     assigned_at=c.assigned_at)
        waits[c.id] = (since, hers[0] if hers else None)
    return waits


# One audited read per staff member and chat in this window: the console reads an open chat again every 10 s as a
# fallback to its socket, and each read was a row (probe 98: 92 in 7 minutes for one chat, burying the reads that
# tell something). A read after the window, or by someone else, is a row of its own; the first read always is.
READ_AUDIT_WINDOW = timedelta(minutes=15)
# How far back in the chat's audit rows of this staff member the last read is looked for (their replies and other
# actions are rows too); not found there, a new read row is written, which is never wrong.
_READ_LOOKBACK_ROWS = 50


async def _read_lately(uow: UnitOfWork, staff: StaffUser, conversation_id: str, now: datetime, why: str) -> bool:
    """Whether this staff member's read of the chat for the same purpose (``why``) was audited within
    READ_AUDIT_WINDOW: a read on another ground (the chat taken, transferred to them) is a row of its own."""
    recent = await uow.audit.query(conversation_id=conversation_id, username=staff.username, limit=_READ_LOOKBACK_ROWS)
    return any(entry.action == "read" and entry.veileder_id == staff.id and (entry.detail or {}).get("why") == why
               and timedelta(0) <= now - entry.at < READ_AUDIT_WINDOW for entry in recent)


async def conversation_detail(deps: Deps, staff: StaffUser, conversation_id: str) -> dict[str, Any]:
    """The whole conversation for a veileder: transcript with intents, slots, events. The read is audited. Read on
    the same-person ground (an earlier chat of the person whose chat the veileder has now), only what was said while
    she was logged in: only that is known to be hers (before her login or after her logout, whoever sat at that
    screen). On the veileder's own chat of a logged-in person: that person's earlier chats she may read
    (earlier_conversations)."""
    async with deps.uow() as uow:
        readable = await load_readable(uow, staff, conversation_id)
        conversation, history, had_it = readable.conversation, readable.history, readable.had_it
        messages = reading_order(await uow.messages.list(conversation_id))
        gone = await uow.conversations.bruker_gone([conversation_id])
        transfers = await _transfers(deps, uow, [conversation])
        now = deps.clock.now()
        # Need-to-know: the row says on which ground (access.read_purpose), derived, never typed.
        purpose = read_purpose(staff, conversation.scope, history, had_it=had_it,
                               helps_the_person=readable.helps_the_person)
        if purpose is ReadPurpose.SAME_PERSON:
            messages = [m for m in messages if m.person_pseudonym == conversation.person_pseudonym]
        if not await _read_lately(uow, staff, conversation_id, now, purpose.value):
            audit(uow, staff, "read", conversation_id, now, {"why": purpose.value})
        earlier = await _earlier_conversations(deps, uow, staff, conversation, now)
    return {
        "conversation": views.conversation_for_staff(conversation, bruker_gone=gone, transfers=transfers),
        "messages": [views.message_for_staff(m) for m in messages],
        "events": [views.event_for_staff(e, deps.routing.enhet_navn) for e in history],
        # Retention deleted the messages (the history stays): one line says so where the transcript was blank.
        "deleted_text": labels.messages_deleted_label(kept_days(deps, conversation.close_outcome),
                                                      as_evidence=conversation.close_outcome == THREATS)
        if conversation.purged_at is not None else None,
        # Whether the console offers "Last ned samtalen" (transcript: threats, or the veileder who has it now).
        "may_download_transcript": may_download_transcript(staff, conversation, had_it),
        # "Tidligere samtaler": null where the list is not this reader's to see (not her open chat of a logged-in
        # person); else the person's kept chats she may read, newest first.
        "earlier_conversations": earlier,
    }


# How many of the person's earlier chats "Tidligere samtaler" lists (ports/store.py returns the last few closed).
EARLIER_LIMIT = 5


async def _earlier_conversations(deps: Deps, uow: UnitOfWork, staff: StaffUser, conversation: Conversation,
                                 now: datetime) -> list[dict[str, Any]] | None:
    """The logged-in person's ended chats still kept (closed within the retention period, not deleted) that the
    veileder who has her chat now may read (access.may_read on the same-person ground, or because she had them):
    the list itself is facts (when, where, how it ended), not content; opening one is a read, audited with its
    ground. None when ``conversation`` is not ``staff``'s open chat of a logged-in person."""
    person = conversation.logged_in_person
    if person is None or not helps_the_person_now(staff, person, [(person, conversation.scope)]):
        return None
    since = now - timedelta(days=deps.settings.retention_days)
    found = []
    for earlier_id in await uow.conversations.recently_closed_of_person(person, since=since,
                                                                        excluding=conversation.id):
        earlier = await uow.conversations.get(earlier_id)
        if earlier is None or earlier.purged_at is not None or earlier.person_pseudonym != person:
            continue
        kinds = await uow.history.of_kinds([earlier_id], (Transition.ASSIGN.value, Transition.CLOSE.value))
        had_it = had_conversation(staff, kinds.get(earlier_id, []))
        if may_read(staff, earlier.scope, had_it=had_it, helps_the_person=True):
            found.append(earlier)
    return [{"id": c.id, "created_at": c.created_at.isoformat(),
             "closed_at": c.closed_at.isoformat() if c.closed_at else None,
             "enhet_label": labels.enhet_label(c.enhetsnummer, c.enhet_navn),
             "veileder_fornavn": c.veileder_fornavn,
             "close_outcome_label": labels.close_outcome_label(c.close_outcome)} for c in found[:EARLIER_LIMIT]]


SENDER_WORDS = {"user": "Bruker", "bot": "Chatrobot", "veileder": "Veileder", "system": "NAV (systemmelding)"}


# What the download is for, in the staff member's words (audited): a few words at least, one line at most.
PURPOSE_MIN_CHARS = 5
PURPOSE_MAX_CHARS = 200
PURPOSE_MISSING_NB = ("Skriv kort hva utskriften skal brukes til (for eksempel «anmeldelse til politiet» eller "
                      "«HMS-avvik»), minst 5 tegn.")
DOWNLOAD_NOT_ALLOWED_NB = ("Samtalen kan bare lastes ned til en anmeldelse eller et HMS-avvik: når den er avsluttet "
                           "som «Trusler eller sjikane», eller av veilederen som har den nå, før den avsluttes.")


def transcript_purpose(purpose: str | None) -> str:
    """The stated purpose of a download, trimmed to one line; InvalidInput (with ``error_nb``) when missing."""
    text = mask_personal_numbers(" ".join((purpose or "").split()))
    if len(text) < PURPOSE_MIN_CHARS:
        raise InvalidInput("purpose: say in a few words what the transcript is for (at least 5 characters)",
                           nb=PURPOSE_MISSING_NB)
    if len(text) > PURPOSE_MAX_CHARS:
        raise InvalidInput(f"purpose: at most {PURPOSE_MAX_CHARS} characters",
                           nb=f"Skriv formålet med høyst {PURPOSE_MAX_CHARS} tegn.")
    return text


def may_download_transcript(staff: StaffUser, conversation: Conversation, had_it: bool) -> bool:
    """access.may_download for this conversation (the console offers the button where it is true)."""
    return may_download(staff, conversation.scope, closed_as_threat=conversation.close_outcome == THREATS,
                        had_it=had_it)


async def transcript(deps: Deps, staff: StaffUser, conversation_id: str, purpose: str | None) -> tuple[str, str]:
    """The conversation as plain text to download and attach to a police report or an HMS-avvik (a chat closed as
    threats is kept for that; retention.purge_transcripts). A file escapes the deletion after 2 days, so only a chat
    closed as threats, by those who may read it, or, before it is closed, by the veileder who has it (to report a
    threat as it happens): access.may_download; 403 otherwise. ``purpose``, the reason stated, is required (400
    without) and audited with the download (``transcript_download``). Returns (file name, text): the facts, the
    history with the close note, every message with its time (Oslo), the bruker's words as written beside any
    translation."""
    purpose = transcript_purpose(purpose)
    now = deps.clock.now()
    async with deps.uow() as uow:
        readable = await load_readable(uow, staff, conversation_id)
        conversation, history, had_it = readable.conversation, readable.history, readable.had_it
        if not may_download_transcript(staff, conversation, had_it):
            raise ContentWithheld("only a chat closed as threats, or one the caller has now, is downloaded",
                                  nb=DOWNLOAD_NOT_ALLOWED_NB, why={"reason": "download_not_allowed"})
        messages = reading_order(await uow.messages.list(conversation_id))
        authors = {m.author_id for m in messages if m.author_id is not None}
        names = {a: v.navn for a in authors if (v := await uow.veiledere.get(int(a))) is not None}
        audit(uow, staff, "transcript_download", conversation_id, now,
              {"messages": len(messages), "purpose": purpose})

    def when(at: datetime | None) -> str:
        return at.astimezone(OSLO).strftime("%d.%m.%Y %H:%M:%S") if at else "-"

    c = conversation
    lines = [
        "Utskrift av chat med NAV",
        f"Samtale-ID: {c.id}",
        f"Enhet: {labels.enhet_label(c.enhetsnummer, c.enhet_navn) or '-'}",
        f"Startet: {when(c.created_at)}",
        f"Avsluttet: {when(c.closed_at)}"
        + (f" ({labels.close_outcome_label(c.close_outcome)})" if c.close_outcome else ""),
        f"Innlogget bruker: {'ja' if c.person_pseudonym else 'nei'}",
        f"Lastet ned: {when(now)} av {staff.navn} ({staff.username})",
        f"Tidspunkter i norsk tid (Europe/Oslo). {len(messages)} meldinger.",
        "",
        "Hendelser:",
    ]
    for record in history:
        event = views.event_for_staff(record, deps.routing.enhet_navn)
        lines.append(f"  {when(record.at)}  {event['text'] or event['label']}")
    lines += ["", "Meldinger:"]
    for message in messages:
        shown = views.message_for_staff(message)
        who = SENDER_WORDS.get(message.sender, message.sender)
        if message.sender == "veileder" and message.author_id in names:
            who = f"Veileder {names[message.author_id]}"
        lines.append(f"[{when(message.created_at)}] {who}: {shown['text']}")
        if shown["original_text"]:
            lines.append(f"    (skrevet på {message.original_language or 'ukjent språk'}: {shown['original_text']})")
    stamp = now.astimezone(OSLO).strftime("%Y%m%d-%H%M")
    return f"chat-{c.id[:8]}-{stamp}.txt", "\n".join(lines) + "\n"
