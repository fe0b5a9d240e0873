"""Who among the staff may see or act on which conversation (need-to-know, NAV's access rules)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    VEILEDER = "veileder"
    KONTAKTSENTER = "kontaktsenter"
    ADMIN = "admin"


class Permission(StrEnum):
    FORTROLIG = "fortrolig"  # SPFO, kode 7
    STRENGT_FORTROLIG = "strengt_fortrolig"  # SPSF, kode 6
    SKJERMET = "skjermet"  # the bruker is a NAV employee


@dataclass(frozen=True)
class StaffUser:
    id: int
    username: str
    navn: str
    enhetsnummer: str
    roles: frozenset[Role]
    permissions: frozenset[Permission]

    def has_role(self, role: Role) -> bool:
        return role in self.roles


@dataclass(frozen=True)
class ConversationScope:
    """The facts about a conversation that decide who may see it."""

    enhetsnummer: str | None
    diskresjonskode: str | None
    skjermet: bool
    veileder_id: int | None


def has_needed_permissions(staff: StaffUser, scope: ConversationScope) -> bool:
    """Kode 6/7 and skjermet need their own permission, whatever the role."""
    if scope.diskresjonskode == "SPSF" and Permission.STRENGT_FORTROLIG not in staff.permissions:
        return False
    if scope.diskresjonskode == "SPFO" and Permission.FORTROLIG not in staff.permissions:
        return False
    return not (scope.skjermet and Permission.SKJERMET not in staff.permissions)


def may_see(staff: StaffUser, scope: ConversationScope) -> bool:
    """A veileder sees the conversations of their own enhet; kontaktsenter and admin see every queue."""
    if not has_needed_permissions(staff, scope):
        return False
    if staff.has_role(Role.KONTAKTSENTER) or staff.has_role(Role.ADMIN):
        return True
    return scope.veileder_id == staff.id or (
        scope.enhetsnummer is not None and scope.enhetsnummer == staff.enhetsnummer
    )


def may_answer(staff: StaffUser, scope: ConversationScope) -> bool:
    """Only the assigned veileder writes to the bruker."""
    return scope.veileder_id == staff.id and has_needed_permissions(staff, scope)
