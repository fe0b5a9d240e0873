"""Login sessions and pending logins in the router's database, shared by every router and kept across restarts.

The ident, the ID token and the PKCE verifier are sealed (router/adapters/sealing.py); the browser's session id
and the login's state are stored as hashes. A session that does not open with this router's key counts as none.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from router.adapters import login_libraries
from router.adapters.db import CONNECT_ERRORS, unavailable
from router.adapters.models import LoginSessionRow, PendingLoginRow
from router.adapters.sealing import SealBroken, Sealer
from router.ports.login import LoginSession, PendingLogin

log = logging.getLogger(__name__)

PENDING_TTL = timedelta(minutes=10)


# A pending logout (start_logout) shares the pending logins' table, told apart by this in place of a browser
# binding (a login's is a SHA-256 hex digest, never this) and by its key (the hash of "logout:" and the ticket).
LOGOUT_MARK = "logout"


def _hash(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


class SqlLoginSessions:
    def __init__(self, engine: AsyncEngine, sealer: Sealer) -> None:
        self._sessions: async_sessionmaker[AsyncSession] = async_sessionmaker(engine, expire_on_commit=False)
        self._sealer = sealer

    @asynccontextmanager
    async def _db(self, *, write: bool = False) -> AsyncIterator[AsyncSession]:
        """A session, in a transaction when writing. The database away or every pooled connection busy is
        StoreUnavailable, as for the unit of work (router/adapters/db.py ``unavailable``).

        Writes commit with ``db.begin()`` on the session, in this task. Not ``sessionmaker.begin()``: SQLAlchemy
        runs that commit in a task of its own, so the caller would give the event loop away while it holds
        SQLite's write lock (router/adapters/sqlite_inline.py)."""
        try:
            async with self._sessions() as db:
                if write:
                    async with db.begin():
                        yield db
                else:
                    yield db
        except CONNECT_ERRORS as error:
            raise unavailable(error) from error

    async def start(self, pending: PendingLogin) -> None:
        await login_libraries.load()  # the first login's sealing, off the loop
        key = _hash(pending.state)
        sealed = self._sealer.seal({"nonce": pending.nonce, "code_verifier": pending.code_verifier}, bound_to=key)
        async with self._db(write=True) as db:
            await db.execute(delete(PendingLoginRow).where(PendingLoginRow.started_at < pending.started_at - PENDING_TTL))
            db.add(PendingLoginRow(state_hash=key, conversation_id=pending.conversation_id,
                                   browser_binding=pending.browser_binding, sealed=sealed,
                                   started_at=pending.started_at))

    async def take_pending(self, state: str, browser_binding: str) -> PendingLogin | None:
        await login_libraries.load()
        key = _hash(state)
        async with self._db(write=True) as db:
            # DELETE ... RETURNING: of two callbacks with the same state (a replay, two routers) only one gets it.
            # The binding is part of the match: a callback from another browser (someone who got hold of the
            # link) finds nothing and leaves the login for the browser that started it.
            row = (await db.execute(delete(PendingLoginRow)
                                    .where(PendingLoginRow.state_hash == key,
                                           PendingLoginRow.browser_binding == browser_binding)
                                    .returning(PendingLoginRow))).scalar_one_or_none()
        if row is None:
            return None
        try:
            secret = self._sealer.open(row.sealed, bound_to=key)
        except SealBroken:
            log.warning("login.pending_unreadable conversation=%s", row.conversation_id)
            return None
        return PendingLogin(state=state, nonce=secret["nonce"], code_verifier=secret["code_verifier"],
                            conversation_id=row.conversation_id, started_at=row.started_at,
                            browser_binding=row.browser_binding)

    async def start_logout(self, ticket: str, conversation_id: str, id_token: str, at: datetime) -> None:
        await login_libraries.load()
        key = _hash(f"logout:{ticket}")
        sealed = self._sealer.seal({"id_token": id_token}, bound_to=key)
        async with self._db(write=True) as db:
            await db.execute(delete(PendingLoginRow).where(PendingLoginRow.started_at < at - PENDING_TTL))
            db.add(PendingLoginRow(state_hash=key, conversation_id=conversation_id, browser_binding=LOGOUT_MARK,
                                   sealed=sealed, started_at=at))

    async def take_logout(self, ticket: str, now: datetime) -> str | None:
        await login_libraries.load()
        key = _hash(f"logout:{ticket}")
        async with self._db(write=True) as db:
            row = (await db.execute(delete(PendingLoginRow)
                                    .where(PendingLoginRow.state_hash == key,
                                           PendingLoginRow.browser_binding == LOGOUT_MARK)
                                    .returning(PendingLoginRow))).scalar_one_or_none()
        if row is None or row.started_at < now - PENDING_TTL:
            return None
        try:
            return str(self._sealer.open(row.sealed, bound_to=key)["id_token"])
        except (SealBroken, KeyError):
            log.warning("login.pending_logout_unreadable conversation=%s", row.conversation_id)
            return None

    async def add(self, session: LoginSession) -> None:
        key = _hash(session.session_id)
        sealed = self._sealer.seal({"ident": session.ident, "id_token": session.id_token}, bound_to=key)
        async with self._db(write=True) as db:
            # One login per conversation: a new login replaces the old one.
            await db.execute(delete(LoginSessionRow).where(LoginSessionRow.conversation_id == session.conversation_id))
            db.add(LoginSessionRow(id_hash=key, conversation_id=session.conversation_id, pseudonym=session.pseudonym,
                                   sealed=sealed, created_at=datetime.now(session.expires_at.tzinfo),
                                   expires_at=session.expires_at))

    def _session(self, row: LoginSessionRow, session_id: str) -> LoginSession | None:
        try:
            secret = self._sealer.open(row.sealed, bound_to=row.id_hash)
        except SealBroken:
            log.warning("login.session_unreadable conversation=%s", row.conversation_id)
            return None
        return LoginSession(session_id=session_id, conversation_id=row.conversation_id, ident=secret["ident"],
                            pseudonym=row.pseudonym, expires_at=row.expires_at, id_token=secret["id_token"])

    async def get(self, session_id: str) -> LoginSession | None:
        async with self._db() as db:
            row = await db.get(LoginSessionRow, _hash(session_id))
        if row is None:
            return None
        await login_libraries.load()  # a login made before this router started: its seal opens off the loop
        return self._session(row, session_id)

    async def for_conversation(self, conversation_id: str) -> LoginSession | None:
        async with self._db() as db:
            row = (await db.execute(select(LoginSessionRow).where(LoginSessionRow.conversation_id == conversation_id)
                                    )).scalars().first()
        if row is None:
            return None
        await login_libraries.load()
        # The browser's id is not stored: a session found by its conversation carries the id's hash instead.
        return self._session(row, row.id_hash)

    async def remove(self, conversation_id: str) -> None:
        async with self._db(write=True) as db:
            await db.execute(delete(LoginSessionRow).where(LoginSessionRow.conversation_id == conversation_id))

    async def expired(self, now: datetime) -> list[LoginSession]:
        async with self._db() as db:
            rows = (await db.execute(select(LoginSessionRow).where(LoginSessionRow.expires_at <= now))).scalars().all()
        if rows:
            await login_libraries.load()
        return [s for s in (self._session(row, row.id_hash) for row in rows) if s is not None]
