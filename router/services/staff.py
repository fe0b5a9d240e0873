"""Staff users, login sessions (rotated on login, CSRF token per session) and the audit log."""

from __future__ import annotations

import asyncio
import functools
import hashlib
import hmac
import logging
import secrets
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, TypeVar

from router.domain import staff_labels
from router.domain.access import (
    Permission,
    Role,
    StaffUser,
    answers_brukere,
    audit_rows_hidden_from,
    had_conversation,
    may_read,
    read_purpose,
    required_permissions,
    why_refused,
)
from router.domain.veileder import DEFAULT_CAPACITY, Veileder
from router.ports.store import AuditEntry, StaffSession, UnitOfWork, UnitOfWorkFactory
from router.services.deps import Deps
from router.services.errors import InvalidInput, NotAuthenticated

if TYPE_CHECKING:
    from argon2 import PasswordHasher

T = TypeVar("T")
log = logging.getLogger(__name__)

SESSION_LIFETIME = timedelta(hours=10)  # one working day, at most
# Activity is written at most this often (a console polls and reads a lot); well inside AT_WORK_WITHIN.
TOUCH_EVERY = timedelta(seconds=30)
# A veileder is at work while a session of theirs shows a sign of life this recent: a request, or the console's live
# feed, which says it is open every FEED_BEAT. A browser closed without logging out is no longer at work within
# this time (and the sweep's interval): nobody is given to them, and their brukere wait again, told so. (They kept
# Tilgjengelig until the 30 idle minutes ran out, and a probe's bruker read "Ola fra NAV har tatt over" with nobody
# there.)
AT_WORK_WITHIN = timedelta(seconds=45)
# A console opens its live feed within a second or two of its login: a session without one after this is some other
# page (the kontaktsenter's), which says nothing of whether its veileder is at a console.
CONSOLE_OPENS_WITHIN = timedelta(seconds=10)
FEED_BEAT = timedelta(seconds=15)
# Argon2id with the least-memory row of OWASP's equally strong settings (Password Storage Cheat Sheet: 7 MiB with
# 5 passes, as strong as 19 MiB with 2), not argon2-cffi's default of 64 MiB: each check holds its memory for its
# whole duration, on top of the router's resident set, and at a shift's start many veiledere log in to the same
# router; the passes cost CPU only while the check runs. Hashes made with other parameters still verify and are
# re-made at login.
@functools.cache
def _hasher() -> PasswordHasher:
    """Made, and argon2 imported, at the first password check or hash, not at start (#12: most routers' staff log
    in long after it, and a router that serves only brukere never needs it)."""
    from argon2 import PasswordHasher

    return PasswordHasher(time_cost=5, memory_cost=7 * 1024, parallelism=1)


# At most two checks at a time, on threads of their own: the memory a burst of logins takes is bounded (2 x 7 MiB),
# and waiting logins do not hold the default executor's threads, which SQLite's locked statements use.
_PASSWORD_CHECKS = ThreadPoolExecutor(max_workers=2, thread_name_prefix="argon2")


@functools.cache
def _dummy_hash() -> str:
    """Made at first need, not at import (each hash takes 7 MiB for its duration)."""
    return _hasher().hash("not-a-real-password")


def _password_matches(password_hash: str | None, password: str) -> bool:
    """Against the dummy hash when there is no user (None), so login takes as long either way. A user without a
    password (an empty hash) never matches, whatever is typed: not even the dummy's own password."""
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return _hasher().verify(_dummy_hash() if password_hash is None else password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


async def _off_the_loop(work: Callable[..., T], *args: Any) -> T:
    """argon2 work on its own threads (about 0.05 s of CPU per check; it releases the GIL)."""
    return await asyncio.get_running_loop().run_in_executor(_PASSWORD_CHECKS, work, *args)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def staff_view(veileder: Veileder) -> dict[str, Any]:
    return {
        "id": veileder.id,
        "username": veileder.username,
        "navn": veileder.navn,
        "enhetsnummer": veileder.enhetsnummer,
        "roles": sorted(r.value for r in veileder.roles),
        "permissions": sorted(p.value for p in veileder.permissions),
        "languages": sorted(veileder.languages),
        "temaer": sorted(veileder.temaer),
        "capacity": veileder.capacity,
        "presence": veileder.presence.value,
        # The console offers presence and taking only to those who answer brukere (access.answers_brukere).
        "answers_brukere": answers_brukere(veileder.as_staff_user()),
    }


async def create_user(
    uow_factory: UnitOfWorkFactory,
    *,
    username: str,
    password: str,
    navn: str,
    enhetsnummer: str,
    roles: list[str],
    permissions: list[str] | None = None,
    languages: list[str] | None = None,
    temaer: list[str] | None = None,
    capacity: int = DEFAULT_CAPACITY,
) -> Veileder:
    """Create or update a staff user (passwords are stored as argon2 hashes only)."""
    if len(password) < 8:
        raise InvalidInput("password must have at least 8 characters")
    try:
        role_set = frozenset(Role(role) for role in roles)
        permission_set = frozenset(Permission(p) for p in permissions or [])
    except ValueError as error:
        raise InvalidInput(str(error)) from None
    async with uow_factory() as uow:
        veileder = await uow.veiledere.by_username(username)
        if veileder is None:
            veileder = Veileder(id=0, username=username, navn=navn, enhetsnummer=enhetsnummer)
            uow.veiledere.add(veileder)
        veileder.password_hash = _hasher().hash(password)
        veileder.navn = navn
        veileder.enhetsnummer = enhetsnummer
        veileder.roles = role_set
        veileder.permissions = permission_set
        veileder.languages = frozenset(languages or ["nb"])
        veileder.temaer = frozenset(temaer or ["KOM"])
        veileder.capacity = capacity
    return veileder


async def login(deps: Deps, username: Any, password: Any, old_token: str | None) -> tuple[str, str, Veileder]:
    """Check the password and open a NEW session (the old one is dropped: no session fixation)."""
    if not isinstance(username, str) or not isinstance(password, str):
        raise InvalidInput("username and password are required")
    async with deps.uow() as uow:
        veileder = await uow.veiledere.by_username(username)
    # Outside any transaction, so a shift's logins do not hold the database while argon2 works.
    matches = await _off_the_loop(_password_matches, veileder.password_hash if veileder else None, password)
    if not matches or veileder is None:
        raise NotAuthenticated("wrong username or password")
    # A hash made with other parameters is made again with today's, now that the password is at hand.
    new_hash = (await _off_the_loop(_hasher().hash, password) if _hasher().check_needs_rehash(veileder.password_hash)
                else None)
    now = deps.clock.now()
    async with deps.uow() as uow:
        if new_hash is not None:
            stored = await uow.veiledere.get(veileder.id)
            if stored is not None:
                stored.password_hash = new_hash
        if old_token:
            await uow.staff_sessions.delete(_token_hash(old_token))
        token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        uow.staff_sessions.add(StaffSession(_token_hash(token), veileder.id, csrf, now, now + SESSION_LIFETIME))
        uow.audit.add(AuditEntry(now, veileder.id, veileder.username, "login", None, {}))
    if old_token:
        await _ended(deps, old_token)
    return token, csrf, veileder


async def session_user(deps: Deps, token: str | None, *, activity: bool = True) -> tuple[StaffUser, str, Veileder]:
    """The staff user and CSRF token behind a session cookie, or NotAuthenticated. ``activity``: the person did
    something (a page's own periodic refresh is not, so an unattended screen still times out)."""
    if not token:
        raise NotAuthenticated("log in first")
    async with deps.uow() as uow:
        session, veileder = await session_in(uow, token, deps.clock.now(), deps.settings.staff_idle_minutes,
                                             activity=activity)
    return veileder.as_staff_user(), session.csrf_token, veileder


async def session_in(uow: UnitOfWork, token: str, now: datetime, idle_minutes: float, *,
                     activity: bool = True) -> tuple[StaffSession, Veileder]:
    """The session behind a token and its veileder as stored now, in the caller's transaction (a request checks it
    on its own; a reply over the staff WebSocket in the transaction that stores it); or NotAuthenticated. Only
    ``activity`` puts off the idle timeout."""
    session = await uow.staff_sessions.get(_token_hash(token))
    if session is None:
        raise NotAuthenticated("your session has ended; log in again")
    if session.expires_at <= now:
        raise NotAuthenticated("your session has ended; log in again", nb=ended_by_time_nb(session, idle_minutes))
    if ends_unless_used(session, idle_minutes) <= now:
        await uow.staff_sessions.delete(session.token_hash)
        raise NotAuthenticated(f"your session ended after {idle_minutes:.0f} minutes without activity; log in again",
                               nb=ended_by_time_nb(session, idle_minutes))
    last_seen = session.last_seen_at or session.created_at
    if activity and now - last_seen >= TOUCH_EVERY:
        await uow.staff_sessions.touch(session.token_hash, now)
    veileder = await uow.veiledere.get(session.veileder_id)
    if veileder is None:
        raise NotAuthenticated("this staff user no longer exists")
    return session, veileder


def ended_by_time_nb(session: StaffSession, idle_minutes: float) -> str:
    """Why a session that ran out ended, for the login form the veileder lands on."""
    if ends_unless_used(session, idle_minutes) == session.expires_at:
        return f"Du ble logget ut fordi en innlogging varer høyst {SESSION_LIFETIME // timedelta(hours=1)} timer."
    return f"Du ble logget ut fordi du ikke har vært aktiv på {idle_minutes:.0f} minutter."


async def why_session_ended(deps: Deps, token: str) -> str | None:
    """The reason (bokmål) a session ended by time, or None when it was ended otherwise (a logout deletes it)."""
    async with deps.uow() as uow:
        session = await uow.staff_sessions.get(_token_hash(token))
    return ended_by_time_nb(session, deps.settings.staff_idle_minutes) if session is not None else None


def ends_unless_used(session: StaffSession, idle_minutes: float) -> datetime:
    """When a session ends if nothing is done with it: after ``idle_minutes`` without activity, or at its expiry."""
    last_seen = session.last_seen_at or session.created_at
    return min(session.expires_at, last_seen + timedelta(minutes=idle_minutes))


def is_at_work(session: StaffSession, now: datetime, idle_minutes: float) -> bool:
    """The session has not ended, and shows a sign of life within AT_WORK_WITHIN: a login, a request or the console's
    live feed."""
    signs = [session.created_at, session.last_seen_at, session.feed_seen_at]
    latest = max(sign for sign in signs if sign is not None)
    return ends_unless_used(session, idle_minutes) > now and latest >= now - AT_WORK_WITHIN


def at_console(session: StaffSession, now: datetime, idle_minutes: float) -> bool:
    """A console of this session counts as open: its live feed beats, or closed too lately for a reload to have
    opened it again, or the session logged in too lately to have opened it yet (CONSOLE_OPENS_WITHIN)."""
    recent = now - AT_WORK_WITHIN
    if ends_unless_used(session, idle_minutes) <= now:
        return False
    if session.feed_closed_at is not None:
        return session.feed_closed_at >= recent
    if session.feed_seen_at is not None:
        return session.feed_seen_at >= recent
    return session.created_at >= now - CONSOLE_OPENS_WITHIN


def session_at_work(session: StaffSession, now: datetime, idle_minutes: float) -> bool:
    """The session says its veileder is at work: a login, a request or its console's live feed lately (is_at_work);
    where the kontaktsenter's page is open on it, only its console (at_console): that page refreshes itself every
    few seconds, and a probe's kontaktsenter worker whose console had closed stayed Tilgjengelig for twenty minutes
    and was given an acute-need chat nobody answered."""
    if session.dashboard_seen_at is None:
        return is_at_work(session, now, idle_minutes)
    return at_console(session, now, idle_minutes)


def at_work(sessions: list[StaffSession], now: datetime, idle_minutes: float) -> bool:
    """One veileder's sessions: some session says they are at work (session_at_work)."""
    return any(session_at_work(s, now, idle_minutes) for s in sessions)


def console_open(session: StaffSession, now: datetime, idle_minutes: float) -> bool:
    """A console of this session is open now: its live feed was seen, has not closed, and the session is at work."""
    return session.feed_seen_at is not None and session.feed_closed_at is None and session_at_work(
        session, now, idle_minutes)


def console_closed(sessions: list[StaffSession], now: datetime, idle_minutes: float) -> bool:
    """Every console of the veileder has closed (without a logout): a session's feed closed, and no other session is
    at work with its feed open or not yet opened (session_at_work: the kontaktsenter's page is no console). Nothing
    new is assigned to them, at once, not only once they are gone (at_work, AT_WORK_WITHIN later); a reload opens
    the feed again within seconds, which clears it."""
    closed = [s for s in sessions if s.feed_closed_at is not None]
    return bool(closed) and not any(s.feed_closed_at is None and session_at_work(s, now, idle_minutes)
                                    for s in sessions)


async def closed_consoles(deps: Deps, uow: UnitOfWork, veileder_ids: list[int], now: datetime) -> set[int]:
    """Those of ``veileder_ids`` whose every console has closed (console_closed, with the configured idle time):
    given nothing new (assignment), promised to no bruker (waiting.live_queue) and counted as available nowhere
    (queue_overview), from the moment it closed (not only once the sweep marks them offline)."""
    sessions = await uow.staff_sessions.of_veiledere(veileder_ids) if veileder_ids else []
    idle_minutes = deps.settings.staff_idle_minutes
    return {veileder_id for veileder_id in veileder_ids
            if console_closed([s for s in sessions if s.veileder_id == veileder_id], now, idle_minutes)}


async def feed_seen(deps: Deps, token: str) -> bool:
    """The console's live feed on this session is open (FEED_BEAT): its veileder is at work, though idle. True when
    the session's feed had closed (a reload, or another router's socket after this one's closed): assignment may
    give them chats again."""
    async with deps.uow() as uow:
        session = await uow.staff_sessions.get(_token_hash(token))
        await uow.staff_sessions.feed_seen(_token_hash(token), deps.clock.now())
    return session is not None and session.feed_closed_at is not None


async def dashboard_seen(deps: Deps, token: str) -> None:
    """The kontaktsenter's page opened its live feed on this session: from now on only a console of the session says
    its veileder is at work (session_at_work), not the page's own refreshes."""
    async with deps.uow() as uow:
        await uow.staff_sessions.dashboard_seen(_token_hash(token), deps.clock.now())


async def feed_closed(deps: Deps, token: str) -> None:
    """The last console socket of this session on this router closed: nothing new is assigned to its veileder while
    no other session of theirs has a console open (console_closed)."""
    async with deps.uow() as uow:
        await uow.staff_sessions.feed_closed(_token_hash(token), deps.clock.now())


async def session_ends_at(deps: Deps, token: str) -> datetime | None:
    """When the session behind ``token`` ends unless it is used; None once it has ended. Only reads: a staff
    screen that is merely open (its live feed) is no activity."""
    async with deps.uow() as uow:
        session = await uow.staff_sessions.get(_token_hash(token))
    if session is None:
        return None
    ends = ends_unless_used(session, deps.settings.staff_idle_minutes)
    return ends if ends > deps.clock.now() else None


def session_key(token: str) -> str:
    """What names a session to the other routers (its stored hash; never the token)."""
    return _token_hash(token)


async def _ended(deps: Deps, token: str) -> None:
    """Every router closes its live feeds to the screens of a session that ended (ws.py)."""
    await deps.publish({"type": "staff_session_ended", "session": session_key(token)})


def csrf_matches(expected: str, given: str | None) -> bool:
    return bool(given) and hmac.compare_digest(expected, given or "")


async def logout(deps: Deps, token: str | None) -> None:
    """The session ends here and on every router: their live feeds to its screens close at once."""
    if token:
        async with deps.uow() as uow:
            session = await uow.staff_sessions.get(_token_hash(token))
            await uow.staff_sessions.delete(_token_hash(token))
            if session is not None:  # audited as the login is (probe 165: logins were rows, logouts not)
                veileder = await uow.veiledere.get(session.veileder_id)
                uow.audit.add(AuditEntry(deps.clock.now(), session.veileder_id,
                                         veileder.username if veileder else str(session.veileder_id), "logout", None,
                                         {}))
        await _ended(deps, token)


def audit(uow: UnitOfWork, staff: StaffUser, action: str, conversation_id: str | None, now: datetime,
          detail: dict[str, Any] | None = None) -> None:
    """Every staff read and action on a conversation leaves a row (DESIGN.md: need-to-know, audited)."""
    uow.audit.add(AuditEntry(now, staff.id, staff.username, action, conversation_id, detail or {}))


async def audit_refused(deps: Deps, staff: StaffUser, attempt: str, conversation_id: str, *,
                        reading: bool = False, why: dict[str, Any] | None = None) -> None:
    """A staff member was refused ``attempt`` (read, take, ...) on a conversation they may not see: one audit row
    ``refused`` with the attempt and why (access.why_refused), in a transaction of its own, since the refused one
    is rolled back. A probe's three refused reads of a kode 6 chat left no trace; attempts by the curious are what
    the audit is for. Every existing conversation counts, not only protected ones: who tries another enhet's chats
    matters as well. Nothing is written for an unknown id (nothing was reached) nor when the failure was not one of
    access. The caller's answer stays what it was: a failure to write is logged, never shown. ``reading``: the
    attempt was to read what it says (access.may_read: admin alone, an ended chat the staff member never had).
    ``why``: the use case's own reason for a refusal of access the rules above do not name (a download)."""
    try:
        async with deps.uow() as uow:
            conversation = await uow.conversations.get(conversation_id)
            if conversation is not None and why is None:
                had_it = reading and conversation.scope.closed and had_conversation(
                    staff, await uow.history.list(conversation_id))
                why = why_refused(staff, conversation.scope, reading=reading, had_it=had_it)
            if conversation is not None and why is not None:
                audit(uow, staff, "refused", conversation_id, deps.clock.now(), {"attempt": attempt, **why})
    except Exception:  # the refusal is answered whatever happens here
        log.exception("could not audit a refused %s", attempt)


# A page of the audit log: older rows are reached by paging (before_id), never by a bigger page.
AUDIT_PAGE_ROWS = 100
AUDIT_MAX_PAGE_ROWS = 500


@dataclass(frozen=True)
class AuditQuery:
    """What a reader asks the audit log for: every filter given must hold (``since`` <= at < ``until``); the rows
    older than the row ``before_id`` (the previous page's ``next_before_id``), newest first."""

    conversation_id: str | None = None
    username: str | None = None
    action: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    before_id: int | None = None
    limit: int = AUDIT_PAGE_ROWS

    def asked(self) -> dict[str, Any]:
        """The filters given, for the audit row of the query itself."""
        asked = {"conversation_id": self.conversation_id, "username": self.username, "action": self.action,
                 "since": self.since.isoformat() if self.since else None,
                 "until": self.until.isoformat() if self.until else None, "before_id": self.before_id}
        return {key: value for key, value in asked.items() if value is not None}


def audit_row_view(entry: AuditEntry) -> dict[str, Any]:
    """One audit row for its reader, with the action and the protection in words (staff_labels)."""
    protection = sorted(p.value for p in required_permissions(entry.diskresjonskode, entry.skjermet))
    return {
        "id": entry.id, "at": entry.at.isoformat(), "username": entry.username, "action": entry.action,
        "action_label": staff_labels.audit_action_label(entry.action), "conversation_id": entry.conversation_id,
        "detail": entry.detail or {}, "detail_nb": staff_labels.audit_detail_text(entry.detail or {}),
        "purpose_label": staff_labels.audit_purpose_label(entry.detail or {}),
        "protection": protection, "protection_label": staff_labels.protection_label(protection),
    }


async def query_audit(deps: Deps, *, reader: StaffUser, query: AuditQuery | None = None,
                      **filters: Any) -> dict[str, Any]:
    """A page of the audit log, newest first, and the cursor to the next (older) page (``next_before_id``, None on
    the last). Need-to-know holds in the query itself (access.audit_rows_hidden_from): an admin is not shown the
    rows about a kode 6/7 or skjermet conversation their permissions do not cover, and a page is full all the same;
    a revisor is shown every row, so that who read such a chat, or tried to and was refused, can be audited.
    How many conversations the rows left out are about is said (``hidden_conversations``, ``hidden_note_nb``), except
    for a search of one conversation (``conversation_id``): None there, and words that do not depend on its rows.
    The query is itself audited (``audit_query``, with the filters and the number of rows shown)."""
    query = query or AuditQuery(**filters)
    limit = min(max(query.limit, 1), AUDIT_MAX_PAGE_ROWS)
    hidden_codes, hide_skjermet = audit_rows_hidden_from(reader)
    async with deps.uow() as uow:
        # One row more than the page: whether there is an older page.
        entries = await uow.audit.query(
            conversation_id=query.conversation_id, username=query.username, action=query.action,
            since=query.since, until=query.until, before_id=query.before_id, limit=limit + 1,
            hidden_diskresjonskoder=hidden_codes, hide_skjermet=hide_skjermet)
        page = entries[:limit]
        # What was left out is said as a number of conversations (never which), so a reader does not take the
        # page for all there is (privacy probe). Not for a search of one conversation: a count there says whether
        # that chat is protected, to anyone who knows its id; the same words are said whether it has no rows or
        # they are withheld, to every reader from whom rows can be withheld.
        hidden: int | None = None
        if query.conversation_id is None:
            hidden = await uow.audit.count_hidden_conversations(
                conversation_id=None, username=query.username, action=query.action, since=query.since,
                until=query.until, hidden_diskresjonskoder=hidden_codes, hide_skjermet=hide_skjermet)
        audit(uow, reader, "audit_query", None, deps.clock.now(), {**query.asked(), "rows": len(page)})
    more = len(entries) > limit and page[-1].id is not None
    if hidden is not None:
        note = staff_labels.hidden_conversations_note(hidden)
    else:
        note = staff_labels.AUDIT_ONE_CONVERSATION_NOTE if hidden_codes or hide_skjermet else None
    return {"audit": [audit_row_view(e) for e in page], "next_before_id": page[-1].id if more else None,
            "hidden_conversations": hidden, "hidden_note_nb": note}


async def users_with_known_passwords(uow_factory: UnitOfWorkFactory, known: dict[str, str]) -> list[str]:
    """The usernames whose password is still the published one given (the development users' passwords)."""
    found = []
    async with uow_factory() as uow:
        for username, password in known.items():
            veileder = await uow.veiledere.by_username(username)
            if veileder is not None and _password_matches(veileder.password_hash, password):
                found.append(username)
    return found


async def audit_live_read(deps: Deps, staff: StaffUser, conversation_id: str) -> None:
    """Content pushed live to a staff member's screen is a read, audited like opening the conversation, with the
    ground it is read on (access.read_purpose) where the reader may read it."""
    async with deps.uow() as uow:
        conversation = await uow.conversations.get(conversation_id)
        detail: dict[str, Any] = {}
        if conversation is not None:
            history = await uow.history.list(conversation_id)
            had_it = had_conversation(staff, history)
            if may_read(staff, conversation.scope, had_it=had_it):
                detail["why"] = read_purpose(staff, conversation.scope, history, had_it=had_it).value
        audit(uow, staff, "live_read", conversation_id, deps.clock.now(), detail)
