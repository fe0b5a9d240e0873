"""The limit store port: where the state of the limits against abuse is kept (router/domain/abuse_limits.py has the
rules). In memory for one router (the embedded profile), in Redis for routers sharing one (the scaled profile)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class LoginTicket:
    """A login attempt begun: counted as a failure of ``account`` and ``address`` from its start (unless locked:
    ``retry_after_s`` > 0, and nothing was counted). ``at`` and ``mark`` name the failure to take back;
    ``fallback``: counted by a router's own tables while the shared store was away."""

    account: str
    address: str
    retry_after_s: float
    at: float
    mark: str = ""
    fallback: bool = False


class LimitStore(Protocol):
    # False while a shared store is away (and a local fallback counts): /health and the log say so.
    reachable: bool

    async def take(self, checks: Sequence[tuple[str, str]]) -> float:
        """One request against each (table, key) in turn, stopping at the first that is over: 0.0 when every one
        allowed it, else the seconds the refusing one asks to wait."""
        ...

    async def begin_login(self, account: str, address: str) -> LoginTicket:
        """Locked (the account or the address): the seconds left, nothing counted. Else one failure of each, from now."""
        ...

    async def login_succeeded(self, ticket: LoginTicket) -> None:
        """The right password: the account's failures are forgotten; the address loses this attempt's only."""
        ...

    async def login_cancelled(self, ticket: LoginTicket) -> None:
        """Neither right nor wrong (bad input, an error on our side): this attempt's failures are taken back."""
        ...

    async def close(self) -> None: ...
