"""Veileder: a staff member as assignment and access see them (roles, permissions, skills, capacity, presence)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from router.domain.access import Permission, Role, StaffUser
from router.domain.assignment import Presence, VeilederId, VeilederLoad

DEFAULT_CAPACITY = 3


@dataclass
class Veileder:
    id: int
    username: str
    navn: str
    enhetsnummer: str
    roles: frozenset[Role] = frozenset({Role.VEILEDER})
    permissions: frozenset[Permission] = frozenset()
    languages: frozenset[str] = frozenset({"nb"})
    temaer: frozenset[str] = frozenset({"KOM"})
    capacity: int = DEFAULT_CAPACITY
    presence: Presence = Presence.OFFLINE
    # when the veileder last got or finished a chat; None = never (counts as idle longest)
    idle_since: datetime | None = None
    password_hash: str = field(default="", repr=False)

    @property
    def fornavn(self) -> str:
        return self.navn.split()[0] if self.navn.strip() else "En veileder"

    def as_staff_user(self) -> StaffUser:
        return StaffUser(self.id, self.username, self.navn, self.enhetsnummer, self.roles, self.permissions)

    def load(self, open_chats: int) -> VeilederLoad:
        """The veileder as the assignment pipeline sees them, with the open chats counted by the store."""
        return VeilederLoad(
            veileder_id=VeilederId(str(self.id)),
            enhetsnummer=self.enhetsnummer,
            presence=self.presence,
            open_chats=open_chats,
            capacity=self.capacity,
            languages=self.languages,
            temaer=self.temaer,
            permissions=self.permissions,
            idle_since=self.idle_since,
        )

    def set_presence(self, presence: Presence, now: datetime) -> None:
        self.presence = presence
        if presence is Presence.ONLINE and self.idle_since is None:
            self.idle_since = now
