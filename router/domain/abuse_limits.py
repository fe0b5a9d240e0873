"""The rules of the limits against abuse, without their state: token buckets for request rates, and the doubling
lockout after repeated login failures. The limit stores (router/adapters/limit_store.py in memory,
router/adapters/redis_limits.py in Redis, where a Lua script does the same arithmetic) keep the state; the numbers
come from the settings (router/web/limits.py limit_policy).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Bucket:
    """A burst of ``limit`` requests, refilled at ``limit`` per ``window_s``; ``limit <= 0`` or ``window_s <= 0``
    switches it off. ``rate``: tokens back per second; ``full_after_s``: how long an untouched bucket takes to be
    full again (after that it is the same as no bucket). Worked out once: they are read on every request."""

    limit: int
    window_s: float
    on: bool = field(init=False)
    rate: float = field(init=False)
    full_after_s: float = field(init=False)

    def __post_init__(self) -> None:
        on = self.limit > 0 and self.window_s > 0
        object.__setattr__(self, "on", on)
        object.__setattr__(self, "rate", self.limit / self.window_s if on else 0.0)
        object.__setattr__(self, "full_after_s", self.window_s if on else 0.0)


def take_token(tokens: float | None, last: float, now: float, rule: Bucket) -> tuple[float, float]:
    """One request at ``now`` against a bucket holding ``tokens`` at ``last`` (None: no bucket, i.e. full).

    Returns the bucket's tokens after it and the seconds to wait: 0.0 when the request may go (a token was taken),
    else until one is back (nothing taken)."""
    # Plain comparisons rather than min() and max(): this runs on every counted request.
    if tokens is None:
        tokens = float(rule.limit)
    else:
        if now > last:
            tokens += (now - last) * rule.rate
        if tokens > rule.limit:
            tokens = float(rule.limit)
    if tokens >= 1.0:
        return tokens - 1.0, 0.0
    return tokens, (1.0 - tokens) / rule.rate


@dataclass(frozen=True)
class Lockout:
    """``threshold`` failures of one key within ``window_s`` lock it for ``lockout_s`` after its latest failure,
    doubling with each further failure, at most ``max_lockout_s``; ``threshold <= 0`` switches it off."""

    threshold: int
    window_s: float
    lockout_s: float
    max_lockout_s: float

    @property
    def longest_s(self) -> float:
        return max(self.lockout_s, self.max_lockout_s)

    @property
    def keep(self) -> int:
        """How many of a key's latest failures are worth keeping: enough to reach the longest lockout."""
        doublings = math.ceil(math.log2(self.longest_s / self.lockout_s)) if self.lockout_s > 0 else 0
        return max(1, self.threshold) + doublings + 1

    @property
    def horizon_s(self) -> float:
        """How long after its latest failure a key still matters (in the window, or locked)."""
        return max(self.window_s, self.longest_s)


def locked_for(failures: int, latest: float, now: float, rule: Lockout) -> float:
    """Seconds until a key with ``failures`` failures within the window, the latest at ``latest``, may try again."""
    if rule.threshold <= 0 or failures < rule.threshold:
        return 0.0
    lockout = min(rule.longest_s, rule.lockout_s * 2.0 ** (failures - rule.threshold))
    return max(0.0, latest + lockout - now)


@dataclass(frozen=True)
class LimitPolicy:
    """Every limit of one deployment: the rates by table name, and the login lockouts."""

    rates: dict[str, Bucket]
    per_account: Lockout
    per_address: Lockout
