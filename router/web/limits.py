"""Limits against abuse: request rates per client address and per conversation, login failures per account.

Answered with 429, a ``Retry-After`` header (whole seconds) and ``{"error": reason}``. Everything is in memory,
per router process: in the scaled profile each router counts on its own, so N routers behind a balancer allow up
to N times the configured rates (and an account's failures are counted per router). Acceptable for now; a shared
counter (Redis) is the next step if that matters.

- Rates are token buckets: a burst of ``limit`` requests, refilled at ``limit`` per ``limit_window_s``.
- The client address is ``request.remote``; ``X-Forwarded-For`` is read only when ``request.remote`` is one of
  ``Settings.trusted_proxies`` (the rightmost address that is not a trusted proxy is the client). IPv6
  addresses count per /64, the block one subscriber usually holds.
- Memory is bounded: each table drops keys idle long enough to be back at their start, and holds at most
  ``limit_max_keys`` keys (the least recently used goes first).
- Login: see ``LoginGuard``.
"""

from __future__ import annotations

import ipaddress
import math
import time
from collections import OrderedDict, deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from aiohttp import web

from router.config import Settings

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def clock() -> float:
    """Seconds on a monotonic clock; tests replace this function (monkeypatch) to move time."""
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


# ---------------------------------------------------------------- token buckets


class RateLimit:
    """Token buckets by key: a burst of ``limit`` requests, refilled at ``limit`` per ``window_s``.

    ``limit <= 0`` (or ``window_s <= 0``) switches the limit off.
    """

    def __init__(self, limit: int, window_s: float, max_keys: int) -> None:
        self.limit = limit if window_s > 0 else 0
        self.rate = limit / window_s if limit > 0 else 0.0
        self.max_keys = max(1, max_keys)
        # key -> [tokens, last update]; ordered by last use, so the idle ones are at the front.
        self._buckets: OrderedDict[str, list[float]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._buckets)

    def take(self, key: str, now: float) -> float:
        """Take one token: 0.0 when allowed, else the seconds until one is back."""
        if self.limit <= 0:
            return 0.0
        self._expire(now)
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = [float(self.limit), now]
            self._buckets[key] = bucket
            while len(self._buckets) > self.max_keys:
                self._buckets.popitem(last=False)
        else:
            self._buckets.move_to_end(key)
            bucket[0] = min(float(self.limit), bucket[0] + (now - bucket[1]) * self.rate)
            bucket[1] = now
        if bucket[0] >= 1.0:
            bucket[0] -= 1.0
            return 0.0
        return (1.0 - bucket[0]) / self.rate

    def _expire(self, now: float) -> None:
        # A bucket idle long enough to be full again is the same as no bucket: drop it.
        full_after = self.limit / self.rate
        while self._buckets:
            key, (_, last) = next(iter(self._buckets.items()))
            if now - last < full_after:
                return
            del self._buckets[key]


# ---------------------------------------------------------------- login failures


class FailureCounter:
    """Failures by key within ``window_s``; from ``threshold`` failures on the key is locked after its latest
    failure for ``lockout_s``, doubling with each further failure, at most ``max_lockout_s``."""

    def __init__(self, threshold: int, window_s: float, lockout_s: float, max_lockout_s: float, max_keys: int):
        self.threshold = threshold
        self.window_s = window_s
        self.lockout_s = lockout_s
        self.max_lockout_s = max(lockout_s, max_lockout_s)
        self.max_keys = max(1, max_keys)
        # Enough history to reach the longest lockout; older failures change nothing.
        doublings = math.ceil(math.log2(self.max_lockout_s / lockout_s)) if lockout_s > 0 else 0
        self._keep = max(1, threshold) + doublings + 1
        self._failures: OrderedDict[str, deque[float]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._failures)

    def locked_for(self, key: str, now: float) -> float:
        """Seconds until ``key`` may try again (0.0: now)."""
        if self.threshold <= 0:
            return 0.0
        self._expire(now)
        failures = self._failures.get(key)
        if not failures:
            return 0.0
        while failures and now - failures[0] >= self.window_s:
            failures.popleft()
        if len(failures) < self.threshold:
            return 0.0
        extra = len(failures) - self.threshold
        lockout = min(self.max_lockout_s, self.lockout_s * 2.0**extra)
        return max(0.0, failures[-1] + lockout - now)

    def add(self, key: str, now: float) -> None:
        if self.threshold <= 0:
            return
        failures = self._failures.get(key)
        if failures is None:
            failures = self._failures[key] = deque(maxlen=self._keep)
            while len(self._failures) > self.max_keys:
                self._failures.popitem(last=False)
        else:
            self._failures.move_to_end(key)
        failures.append(now)

    def remove(self, key: str, at: float) -> None:
        """Take back one failure recorded at ``at`` (an attempt that turned out not to be a failure)."""
        failures = self._failures.get(key)
        if failures is not None and at in failures:
            failures.remove(at)

    def reset(self, key: str) -> None:
        self._failures.pop(key, None)

    def _expire(self, now: float) -> None:
        # Ordered by latest failure: drop keys whose latest failure left the window (and so every lockout).
        horizon = max(self.window_s, self.max_lockout_s)
        while self._failures:
            key, failures = next(iter(self._failures.items()))
            if failures and now - failures[-1] < horizon:
                return
            del self._failures[key]


@dataclass
class LoginAttempt:
    """One login being checked; its failure is counted from the start, so parallel guesses cannot slip past
    the threshold while the (slow) password hash is verified."""

    guard: LoginGuard
    account: str
    address: str
    at: float
    retry_after_s: float = 0.0

    def succeeded(self) -> None:
        """Right password: the account's failures are forgotten; the address keeps its other failures."""
        self.guard.accounts.reset(self.account)
        self.guard.addresses.remove(self.address, self.at)

    def cancel(self) -> None:
        """Neither right nor wrong (bad input, an error on our side): not a failure."""
        self.guard.accounts.remove(self.account, self.at)
        self.guard.addresses.remove(self.address, self.at)


class LoginGuard:
    """Login failures per account (username, case-insensitive) and per client address.

    Policy: ``login_failures_per_account`` failures of one username within ``login_failure_window_s`` lock that
    username for every address; ``login_failures_per_address`` failures from one address (over any usernames)
    lock that address for every username. A lock lasts ``login_lockout_s`` after the latest failure and doubles
    with each failure past the threshold (up to ``login_lockout_max_s``). While locked, every attempt gets 429
    before the password is looked at, the right one too, so a guesser learns nothing; it is not counted as a
    failure. Unknown usernames are counted like real ones (no hint that an account exists). A successful login
    clears the account's failures but not the address's (one good account must not reset a guesser's address).
    """

    def __init__(self, settings: Settings) -> None:
        args = (settings.login_failure_window_s, settings.login_lockout_s, settings.login_lockout_max_s)
        self.accounts = FailureCounter(settings.login_failures_per_account, *args, settings.limit_max_keys)
        self.addresses = FailureCounter(settings.login_failures_per_address, *args, settings.limit_max_keys)

    def begin(self, address: str, username: str) -> LoginAttempt:
        now = clock()
        account = username.strip().casefold()[:64]
        attempt = LoginAttempt(self, account, address, now)
        attempt.retry_after_s = max(self.accounts.locked_for(account, now), self.addresses.locked_for(address, now))
        if not attempt.retry_after_s:
            self.accounts.add(account, now)
            self.addresses.add(address, now)
        return attempt


# ---------------------------------------------------------------- the middleware


class Limits:
    """Every table of one router process."""

    def __init__(self, settings: Settings) -> None:
        window, keys = settings.limit_window_s, settings.limit_max_keys
        self.proxies = parse_networks(settings.trusted_proxies)
        self.conversations_per_address = RateLimit(settings.limit_conversations_per_address, window, keys)
        self.messages_per_conversation = RateLimit(settings.limit_messages_per_conversation, window, keys)
        self.messages_per_address = RateLimit(settings.limit_messages_per_address, window, keys)
        self.detections_per_address = RateLimit(settings.limit_detections_per_address, window, keys)
        self.logins_per_address = RateLimit(settings.limit_logins_per_address, window, keys)
        self.login = LoginGuard(settings)

    def check(self, request: web.Request) -> web.Response | None:
        """The 429 answer when ``request`` is over a limit, else None (and the request is counted)."""
        resource = request.match_info.route.resource
        route = (request.method, resource.canonical if resource is not None else "")
        now = clock()
        if route == ("POST", "/api/conversations"):
            wait = self.take_new_conversation(self.address(request))
            reason = NEW_CONVERSATIONS_REFUSED
        elif route == ("POST", "/api/conversations/{id}/messages"):
            wait = self.take_message(self.address(request), request.match_info.get("id", ""))
            reason = MESSAGES_REFUSED
        elif route == ("POST", "/api/language/detect"):
            wait = self.detections_per_address.take(self.address(request), now)
            reason = "too many language detections from your address; try again later"
        elif route == ("POST", "/api/staff/login"):
            wait = self.logins_per_address.take(self.address(request), now)
            reason = LOGIN_REFUSED
        else:
            return None
        return too_many_requests(reason, wait) if wait else None

    def address(self, request: web.Request) -> str:
        return client_address(request, self.proxies)

    def take_new_conversation(self, address: str) -> float:
        """Count a new conversation, however it was opened (POST or a socket.io session); seconds to wait when over."""
        return self.conversations_per_address.take(address, clock())

    def take_message(self, address: str, conversation_id: str) -> float:
        """Count a bruker's message, however it came (POST, the chat's WebSocket or socket.io); seconds to wait when
        over."""
        now = clock()
        return (self.messages_per_address.take(address, now)
                or self.messages_per_conversation.take(conversation_id, now))


LOGIN_REFUSED = "too many login attempts; try again later"
NEW_CONVERSATIONS_REFUSED = "too many new conversations from your address; try again later"
MESSAGES_REFUSED = "too many messages; wait a moment and send again"
LIMITS = web.RequestKey("limits", Limits)


def limits_middleware(settings: Settings) -> Callable[..., Awaitable[web.StreamResponse]]:
    """The middleware for ``create_app``: one set of tables per app, put on each request for the handlers."""
    limits = Limits(settings)

    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        refused = limits.check(request)
        if refused is not None:
            return refused
        request[LIMITS] = limits
        return await handler(request)

    return middleware


def login_attempt(request: web.Request, username: str) -> LoginAttempt:
    """For the login handler: begin an attempt for ``username`` from this request's address."""
    limits = request[LIMITS]
    return limits.login.begin(limits.address(request), username)
