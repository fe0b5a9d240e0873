"""Staff users, login sessions (rotated on login, CSRF token per session) and the audit log."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from router.adapters.db import unit_of_work
from router.adapters.models import AuditRow, StaffSessionRow, VeilederRow
from router.domain.access import Permission, Role, StaffUser
from router.services.deps import Deps
from router.services.errors import InvalidInput, NotAuthenticated

SESSION_LIFETIME = timedelta(hours=10)  # one working day
_hasher = PasswordHasher()
# Verifying against a dummy hash when the user is unknown keeps login time the same either way.
_DUMMY_HASH = _hasher.hash("not-a-real-password")


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def to_staff_user(row: VeilederRow) -> StaffUser:
    return StaffUser(
        id=row.id,
        username=row.username,
        navn=row.navn,
        enhetsnummer=row.enhetsnummer,
        roles=frozenset(Role(r) for r in row.roles),
        permissions=frozenset(Permission(p) for p in row.permissions),
    )


def staff_view(row: VeilederRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "username": row.username,
        "navn": row.navn,
        "enhetsnummer": row.enhetsnummer,
        "roles": list(row.roles),
        "permissions": list(row.permissions),
        "languages": list(row.languages),
        "temaer": list(row.temaer),
        "capacity": row.capacity,
        "presence": row.presence,
    }


async def create_user(
    sessions: async_sessionmaker[AsyncSession],
    *,
    username: str,
    password: str,
    navn: str,
    enhetsnummer: str,
    roles: list[str],
    permissions: list[str] | None = None,
    languages: list[str] | None = None,
    temaer: list[str] | None = None,
    capacity: int = 3,
) -> VeilederRow:
    """Create or update a staff user (passwords are stored as argon2 hashes only)."""
    if len(password) < 8:
        raise InvalidInput("password must have at least 8 characters")
    try:
        for role in roles:
            Role(role)
        for permission in permissions or []:
            Permission(permission)
    except ValueError as error:
        raise InvalidInput(str(error)) from None
    async with unit_of_work(sessions) as session:
        row = (await session.scalars(select(VeilederRow).where(VeilederRow.username == username))).first()
        if row is None:
            row = VeilederRow(username=username, password_hash="", navn=navn, enhetsnummer=enhetsnummer)
            session.add(row)
        row.password_hash = _hasher.hash(password)
        row.navn = navn
        row.enhetsnummer = enhetsnummer
        row.roles = list(roles)
        row.permissions = list(permissions or [])
        row.languages = list(languages or ["nb"])
        row.temaer = list(temaer or ["KOM"])
        row.capacity = capacity
        row.presence = row.presence or "offline"
    return row


async def login(deps: Deps, username: Any, password: Any, old_token: str | None) -> tuple[str, str, VeilederRow]:
    """Check the password and open a NEW session (the old one is dropped: no session fixation)."""
    if not isinstance(username, str) or not isinstance(password, str):
        raise InvalidInput("username and password are required")
    now = deps.clock.now()
    async with unit_of_work(deps.sessions) as session:
        row = (await session.scalars(select(VeilederRow).where(VeilederRow.username == username))).first()
        try:
            _hasher.verify(row.password_hash if row else _DUMMY_HASH, password)
            ok = row is not None
        except (VerificationError, InvalidHashError):
            ok = False
        if not ok or row is None:
            raise NotAuthenticated("wrong username or password")
        if old_token:
            await session.execute(delete(StaffSessionRow).where(StaffSessionRow.token_hash == _token_hash(old_token)))
        token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        session.add(
            StaffSessionRow(
                token_hash=_token_hash(token),
                veileder_id=row.id,
                csrf_token=csrf,
                created_at=now,
                expires_at=now + SESSION_LIFETIME,
            )
        )
        session.add(AuditRow(at=now, veileder_id=row.id, username=row.username, action="login", detail={}))
    return token, csrf, row


async def session_user(deps: Deps, token: str | None) -> tuple[StaffUser, str, VeilederRow]:
    """The staff user and CSRF token behind a session cookie, or NotAuthenticated."""
    if not token:
        raise NotAuthenticated("log in first")
    async with unit_of_work(deps.sessions) as session:
        row = await session.get(StaffSessionRow, _token_hash(token))
        if row is None or row.expires_at <= deps.clock.now():
            raise NotAuthenticated("your session has ended; log in again")
        veileder = await session.get(VeilederRow, row.veileder_id)
        assert veileder is not None
        return to_staff_user(veileder), row.csrf_token, veileder


def csrf_matches(expected: str, given: str | None) -> bool:
    return bool(given) and hmac.compare_digest(expected, given or "")


async def logout(deps: Deps, token: str | None) -> None:
    if token:
        async with unit_of_work(deps.sessions) as session:
            await session.execute(delete(StaffSessionRow).where(StaffSessionRow.token_hash == _token_hash(token)))


def audit(
    session: AsyncSession,
    staff: StaffUser,
    action: str,
    conversation_id: str | None,
    now: datetime,
    detail: dict[str, Any] | None = None,
) -> None:
    """Every staff read and action on a conversation leaves a row (DESIGN.md: need-to-know, audited)."""
    session.add(
        AuditRow(
            at=now,
            veileder_id=staff.id,
            username=staff.username,
            action=action,
            conversation_id=conversation_id,
            detail=detail or {},
        )
    )


async def query_audit(
    deps: Deps, *, conversation_id: str | None = None, username: str | None = None, limit: int = 200
) -> list[dict[str, Any]]:
    query = select(AuditRow).order_by(AuditRow.id.desc()).limit(min(max(limit, 1), 1000))
    if conversation_id:
        query = query.where(AuditRow.conversation_id == conversation_id)
    if username:
        query = query.where(AuditRow.username == username)
    async with unit_of_work(deps.sessions) as session:
        rows = (await session.scalars(query)).all()
    return [
        {"at": r.at.isoformat(), "username": r.username, "action": r.action, "conversation_id": r.conversation_id,
         "detail": r.detail}
        for r in rows
    ]
