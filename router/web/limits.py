"""Limits against abuse: request rates per client address and per conversation, login failures per account.

Answered with 429, a ``Retry-After`` header (whole seconds) and ``{"error": reason}``. The policy is here, in one
place for both stores: the numbers (``limit_policy``, from the settings), the routes and socket events each limit
counts, the 429 with its reason. The rules are router/domain/abuse_limits.py's; the state is in a limit store
(router/ports/limits.py):

- The embedded profile: this router's own tables in memory (router/adapters/limit_store.py), answered without
  a coroutine. Memory is bounded: keys idle long enough to be back at their start are dropped, and each table
  holds at most ``limit_max_keys`` keys (the least recently used goes first).
- With ``NAVCHAT_REDIS_URL`` (the scaled profile): Redis, shared by every router, so N routers behind the
  balancer allow the configured rates and login failures once, not N times (router/adapters/redis_limits.py:
  one Lua script per check, atomic; keys expire). Redis away: each router decides with its own tables (at most N
  times the limits, as before they were shared), logs ``limits.redis_unreachable`` and counts
  ``navchat_limits_unshared_total``; refusing instead would turn a Redis outage into no chat for brukere and no
  login for veiledere (the reasoning is in that module).

- Rates are token buckets: a burst of ``limit`` requests, refilled at ``limit`` per ``limit_window_s``.
- The client address is ``request.remote``; ``X-Forwarded-For`` is read only when ``request.remote`` is one of
  ``Settings.trusted_proxies`` (the rightmost address that is not a trusted proxy is the client). IPv6
  addresses count per /64, the block one subscriber usually holds.
- Login: see ``Limits``.
"""

from __future__ import annotations

import ipaddress
import math
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from aiohttp import web

from router.adapters.limit_store import InMemoryLimitStore
from router.config import Settings
from router.domain.abuse_limits import Bucket, LimitPolicy, Lockout
from router.ports.limits import LimitStore, LoginTicket

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def clock() -> float:
    """Seconds on a monotonic clock, for the embedded tables; tests replace this function (monkeypatch) to move
    time."""
    return time.monotonic()


def retry_after_seconds(wait_s: float) -> int:
    """A wait as Retry-After says it: whole seconds, at least one."""
    return max(1, math.ceil(wait_s))


def too_many_requests(reason: str, retry_after_s: float, *, nb: str | None = None) -> web.Response:
    """429 with the reason (and ``nb``, the reason in bokmål for the staff pages, as other refusals carry it)."""
    body = {"error": reason} if nb is None else {"error": reason, "error_nb": nb}
    return web.json_response(body, status=429, headers={"Retry-After": str(retry_after_seconds(retry_after_s))})


# ---------------------------------------------------------------- client address


Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    """``("10.0.0.5", "10.1.0.0/16", "::1")`` as networks (a single address is a /32 or /128)."""
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries if entry.strip())


def _ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip().strip("[]"))
    except ValueError:
        return None


def _trusted(text: str, proxies: tuple[Network, ...]) -> bool:
    address = _ip(text)
    return address is not None and any(address in network for network in proxies)


def client_address(request: web.Request, proxies: tuple[Network, ...]) -> str:
    """The address to count a request against (see the module docstring)."""
    remote = request.remote or "unknown"
    if proxies and _trusted(remote, proxies):
        forwarded = [part.strip() for value in request.headers.getall("X-Forwarded-For", []) for part in value.split(",")]
        for hop in reversed([h for h in forwarded if h]):
            remote = hop
            if not _trusted(hop, proxies):
                break
    return address_key(remote)


def address_key(address: str) -> str:
    ip = _ip(address)
    if ip is None:
        return address[:64]
    if ip.version == 6:
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


# ---------------------------------------------------------------- the policy and the middleware


# The tables of rates, by the route that is counted in them (and the socket events that count in the same ones).
CONVERSATIONS = "conversations_per_address"
MESSAGES_ADDRESS = "messages_per_address"
MESSAGES_CONVERSATION = "messages_per_conversation"
DETECTIONS = "detections_per_address"
LOGINS = "logins_per_address"

LOGIN_REFUSED = "too many login attempts; try again later"
NEW_CONVERSATIONS_REFUSED = "too many new conversations from your address; try again later"
MESSAGES_REFUSED = "too many messages; wait a moment and send again"
DETECTIONS_REFUSED = "too many language detections from your address; try again later"

# (method, route) -> the reason of its 429 and the table its client address is counted in (messages: see check).
_ROUTES: dict[tuple[str, str], tuple[str, str]] = {
    ("POST", "/api/conversations"): (NEW_CONVERSATIONS_REFUSED, CONVERSATIONS),
    ("POST", "/api/conversations/{id}/messages"): (MESSAGES_REFUSED, MESSAGES_ADDRESS),
    ("POST", "/api/language/detect"): (DETECTIONS_REFUSED, DETECTIONS),
    ("POST", "/api/staff/login"): (LOGIN_REFUSED, LOGINS),
}


def limit_policy(settings: Settings) -> LimitPolicy:
    """The numbers of every limit, for whichever store keeps the counts."""
    window = settings.limit_window_s
    lockout = (settings.login_failure_window_s, settings.login_lockout_s, settings.login_lockout_max_s)
    return LimitPolicy(
        rates={
            CONVERSATIONS: Bucket(settings.limit_conversations_per_address, window),
            MESSAGES_CONVERSATION: Bucket(settings.limit_messages_per_conversation, window),
            MESSAGES_ADDRESS: Bucket(settings.limit_messages_per_address, window),
            DETECTIONS: Bucket(settings.limit_detections_per_address, window),
            LOGINS: Bucket(settings.limit_logins_per_address, window),
        },
        per_account=Lockout(settings.login_failures_per_account, *lockout),
        per_address=Lockout(settings.login_failures_per_address, *lockout),
    )


def in_memory_store(settings: Settings) -> InMemoryLimitStore:
    """One router's own tables (the embedded profile), on ``clock`` as it is when asked (tests replace it)."""
    return InMemoryLimitStore(limit_policy(settings), settings.limit_max_keys, clock=lambda: clock())


@dataclass
class LoginAttempt:
    """One login being checked; its failure is counted from the start, so parallel guesses cannot slip past
    the threshold while the (slow) password hash is verified. ``retry_after_s`` > 0: locked, not counted."""

    store: LimitStore
    ticket: LoginTicket

    @property
    def retry_after_s(self) -> float:
        return self.ticket.retry_after_s

    async def succeeded(self) -> None:
        """Right password: the account's failures are forgotten; the address keeps its other failures."""
        await self.store.login_succeeded(self.ticket)

    async def cancel(self) -> None:
        """Neither right nor wrong (bad input, an error on our side): not a failure."""
        await self.store.login_cancelled(self.ticket)


class Limits:
    """The limits of one router, counted in ``store`` (its own tables, or Redis shared by every router).

    Login policy: ``login_failures_per_account`` failures of one username within ``login_failure_window_s`` lock
    that username for every address; ``login_failures_per_address`` failures from one address (over any usernames)
    lock that address for every username. A lock lasts ``login_lockout_s`` after the latest failure and doubles
    with each failure past the threshold (up to ``login_lockout_max_s``). While locked, every attempt gets 429
    before the password is looked at, the right one too, so a guesser learns nothing; it is not counted as a
    failure. Unknown usernames are counted like real ones (no hint that an account exists). A successful login
    clears the account's failures but not the address's (one good account must not reset a guesser's address).
    """

    def __init__(self, settings: Settings, store: LimitStore) -> None:
        self.proxies = parse_networks(settings.trusted_proxies)
        self.store = store
        # The embedded tables answer without waiting: no coroutine per request for them (limits_middleware).
        self.take_now = store.take_now if isinstance(store, InMemoryLimitStore) else None

    def counted(self, request: web.Request) -> tuple[str, list[tuple[str, str]]] | None:
        """What ``request`` is counted against: the reason of its 429 and its (table, key) checks, in order; None
        for a route no limit counts."""
        resource = request.match_info.route.resource
        counted = _ROUTES.get((request.method, resource.canonical if resource is not None else ""))
        if counted is None:
            return None
        reason, table = counted
        checks = [(table, self.address(request))]
        if table == MESSAGES_ADDRESS:
            checks.append((MESSAGES_CONVERSATION, request.match_info.get("id", "")))
        return reason, checks

    def address(self, request: web.Request) -> str:
        return client_address(request, self.proxies)

    async def take_new_conversation(self, address: str) -> float:
        """Count a new conversation, however it was opened (POST or a socket.io session); seconds to wait when over."""
        return await self.store.take(((CONVERSATIONS, address),))

    async def take_message(self, address: str, conversation_id: str) -> float:
        """Count a bruker's message, however it came (POST, the chat's WebSocket or socket.io): the address's rate,
        then the conversation's (a message the address's refused is not counted there); seconds to wait when over."""
        return await self.store.take(((MESSAGES_ADDRESS, address), (MESSAGES_CONVERSATION, conversation_id)))

    async def begin_login(self, address: str, username: str) -> LoginAttempt:
        """A login attempt for ``username`` (case-insensitive) from ``address``, counted as a failure until it is
        known not to be one."""
        account = username.strip().casefold()[:64]
        return LoginAttempt(self.store, await self.store.begin_login(account, address))


LIMITS = web.RequestKey("limits", Limits)


def limits_middleware(settings: Settings, store: LimitStore | None = None) -> Callable[..., Awaitable[web.StreamResponse]]:
    """The middleware for ``create_app``: the limits of one app, put on each request for the handlers; counted in
    ``store`` (the scaled profile's Redis), else in this router's own tables."""
    limits = Limits(settings, store if store is not None else in_memory_store(settings))

    take_now, take = limits.take_now, limits.store.take

    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        if (counted := limits.counted(request)) is not None:
            reason, checks = counted
            if wait := take_now(checks) if take_now is not None else await take(checks):
                return too_many_requests(reason, wait)
        request[LIMITS] = limits
        return await handler(request)

    return middleware


async def login_attempt(request: web.Request, username: str) -> LoginAttempt:
    """For the login handler: begin an attempt for ``username`` from this request's address."""
    limits = request[LIMITS]
    return await limits.begin_login(limits.address(request), username)
