"""The limit store in memory: one router's own tables (the embedded profile; and the fallback of the Redis store
while Redis is away). The rules are router/domain/abuse_limits.py's; this keeps their state.

Memory is bounded: each table drops keys idle long enough to be back at their start, and holds at most
``max_keys`` keys (the least recently used goes first).
"""

from __future__ import annotations

import time
from collections import OrderedDict, deque
from collections.abc import Callable, Sequence

from router.domain.abuse_limits import Bucket, LimitPolicy, Lockout, locked_for, take_token
from router.ports.limits import LoginTicket

# How often a table of rates looks for its idle buckets: a dropped bucket and a full one answer alike, so this only
# decides how long an idle key takes memory (and looking on every request cost a sixth of the table's time).
EXPIRE_EVERY_S = 1.0


class RateLimit:
    """Token buckets by key (the rule: abuse_limits.take_token)."""

    def __init__(self, limit: int, window_s: float, max_keys: int) -> None:
        self.rule = Bucket(limit, window_s)
        self.max_keys = max(1, max_keys)
        # key -> [tokens, last update]; ordered by last use, so the idle ones are at the front.
        self._buckets: OrderedDict[str, list[float]] = OrderedDict()
        # Idle buckets are looked for at most once a second (EXPIRE_EVERY_S), not on every request.
        self._expire_at = float("-inf")

    def __len__(self) -> int:
        return len(self._buckets)

    def take(self, key: str, now: float) -> float:
        """Take one token: 0.0 when allowed, else the seconds until one is back."""
        if not self.rule.on:
            return 0.0
        if now >= self._expire_at:
            self._expire(now)
        bucket = self._buckets.get(key)
        if bucket is None:
            tokens, wait = take_token(None, now, now, self.rule)
            self._buckets[key] = [tokens, now]
            while len(self._buckets) > self.max_keys:
                self._buckets.popitem(last=False)
        else:
            self._buckets.move_to_end(key)
            tokens, wait = take_token(bucket[0], bucket[1], now, self.rule)
            bucket[0], bucket[1] = tokens, now
        return wait

    def _expire(self, now: float) -> None:
        # A bucket idle long enough to be full again is the same as no bucket: drop it.
        self._expire_at = now + EXPIRE_EVERY_S
        full_after = self.rule.full_after_s
        while self._buckets:
            key, (_, last) = next(iter(self._buckets.items()))
            if now - last < full_after:
                return
            del self._buckets[key]


class FailureCounter:
    """Failures by key (the rule: abuse_limits.locked_for), the latest ``rule.keep`` of each."""

    def __init__(self, threshold: int, window_s: float, lockout_s: float, max_lockout_s: float, max_keys: int):
        self.rule = Lockout(threshold, window_s, lockout_s, max_lockout_s)
        self.max_keys = max(1, max_keys)
        self._failures: OrderedDict[str, deque[float]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._failures)

    def locked_for(self, key: str, now: float) -> float:
        """Seconds until ``key`` may try again (0.0: now)."""
        if self.rule.threshold <= 0:
            return 0.0
        self._expire(now)
        failures = self._failures.get(key)
        if not failures:
            return 0.0
        while failures and now - failures[0] >= self.rule.window_s:
            failures.popleft()
        return locked_for(len(failures), failures[-1], now, self.rule) if failures else 0.0

    def add(self, key: str, now: float) -> None:
        if self.rule.threshold <= 0:
            return
        failures = self._failures.get(key)
        if failures is None:
            failures = self._failures[key] = deque(maxlen=self.rule.keep)
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
        horizon = self.rule.horizon_s
        while self._failures:
            key, failures = next(iter(self._failures.items()))
            if failures and now - failures[-1] < horizon:
                return
            del self._failures[key]


class InMemoryLimitStore:
    """Every table of one router process, on ``clock`` (seconds, monotonic)."""

    reachable = True  # nothing outside this process to lose

    def __init__(self, policy: LimitPolicy, max_keys: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.rates = {name: RateLimit(rule.limit, rule.window_s, max_keys) for name, rule in policy.rates.items()}
        self.accounts = FailureCounter(*_lockout_args(policy.per_account), max_keys)
        self.addresses = FailureCounter(*_lockout_args(policy.per_address), max_keys)

    async def take(self, checks: Sequence[tuple[str, str]]) -> float:
        return self.take_now(checks)

    def take_now(self, checks: Sequence[tuple[str, str]]) -> float:
        """``take`` without a coroutine: nothing here waits."""
        now = self.clock()
        for table, key in checks:
            if wait := self.rates[table].take(key, now):
                return wait
        return 0.0

    async def begin_login(self, account: str, address: str) -> LoginTicket:
        now = self.clock()
        wait = max(self.accounts.locked_for(account, now), self.addresses.locked_for(address, now))
        if not wait:
            self.accounts.add(account, now)
            self.addresses.add(address, now)
        return LoginTicket(account, address, wait, now)

    async def login_succeeded(self, ticket: LoginTicket) -> None:
        self.accounts.reset(ticket.account)
        self.addresses.remove(ticket.address, ticket.at)

    async def login_cancelled(self, ticket: LoginTicket) -> None:
        self.accounts.remove(ticket.account, ticket.at)
        self.addresses.remove(ticket.address, ticket.at)

    async def close(self) -> None:
        return None


def _lockout_args(rule: Lockout) -> tuple[int, float, float, float]:
    return rule.threshold, rule.window_s, rule.lockout_s, rule.max_lockout_s
