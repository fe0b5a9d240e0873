"""The limit store in Redis: one set of counters for every router of a deployment (the scaled profile).

Each check is one Lua script, so it is atomic however many routers ask at once: a token bucket per key (a hash of
tokens and time, expiring once it would be full again), and a login's lockout check and its failures counted in
the same step (sorted sets of attempts by time, expiring once they lock nothing). The arithmetic is
router/domain/abuse_limits.py's, written again in Lua; tests/integration/scaled/test_redis_limits.py holds the two
to the same answers. Time is Redis's own clock (``TIME``): one clock for every router, whatever their hosts say.

Keys name no one in clear: the address, conversation id or username is a keyed hash (the deployment's pseudonym
key, shared by its routers), under ``navchat:limits:<table>:``.

Redis away: each router falls back to its own tables (router/adapters/limit_store.py), for rates and logins
alike, logs ``limits.redis_unreachable`` once and counts every request it decides alone
(``navchat_limits_unshared_total{check}``); it tries Redis again after ``RETRY_S``. Why not refuse: the rates
guard capacity, and a router's own tables still hold each client to the configured rates per router (at most N
times them), where refusing would turn a Redis outage into no chat for anyone. For logins, refusing every login
would lock all veiledere out while brukere wait in the queues; a router's own tables still lock an account after
the configured failures on that router (at most N times them across N routers, with the doubling lockout and the
slow password hash), which is what the service had before the counters were shared.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import time
import uuid
from collections.abc import Callable, Sequence
from typing import Any

from router.adapters.limit_store import InMemoryLimitStore
from router.domain.abuse_limits import LimitPolicy, Lockout
from router.ports import faults
from router.ports.limits import LoginTicket

log = logging.getLogger(__name__)

PREFIX = "navchat:limits:"

# Shared by both scripts: now from ARGV[1], or Redis's clock when it is empty; numbers written in full precision
# (Lua's own tostring keeps 14 digits: a tenth of a millisecond of a Unix time).
_NOW = """
local function num(x) return string.format('%.17g', x) end
local now = tonumber(ARGV[1])
if not now then
  local t = redis.call('TIME')
  now = tonumber(t[1]) + tonumber(t[2]) / 1000000
end
"""

# KEYS: the buckets, in order; ARGV[2i], ARGV[2i+1]: bucket i's limit (0: off) and rate (tokens a second).
# abuse_limits.take_token for each, stopping at the first that refuses: its wait, else '0'.
TAKE = _NOW + """
for i, key in ipairs(KEYS) do
  local limit, rate = tonumber(ARGV[2 * i]), tonumber(ARGV[2 * i + 1])
  if limit > 0 then
    local state = redis.call('HMGET', key, 't', 'at')
    local tokens = tonumber(state[1])
    if tokens == nil then
      tokens = limit
    else
      tokens = math.min(limit, tokens + math.max(0, now - tonumber(state[2])) * rate)
    end
    local wait = 0
    if tokens >= 1 then tokens = tokens - 1 else wait = (1 - tokens) / rate end
    redis.call('HSET', key, 't', num(tokens), 'at', num(now))
    redis.call('PEXPIRE', key, math.ceil(limit / rate * 1000))
    if wait > 0 then return num(wait) end
  end
end
return '0'
"""

# KEYS[1], KEYS[2]: the account's and the address's failures (member: the attempt, score: its time).
# ARGV[2]: this attempt's member; ARGV[3..8] and ARGV[9..14]: the account's and the address's rule (threshold,
# window_s, lockout_s, longest_s, keep, horizon_s). abuse_limits.locked_for on each; when neither is locked, this
# attempt is a failure of both from now. Returns {wait, now}.
BEGIN = _NOW + """
local function locked_for(key, base)
  local threshold = tonumber(ARGV[base])
  if threshold <= 0 then return 0 end
  local window, lockout, longest = tonumber(ARGV[base + 1]), tonumber(ARGV[base + 2]), tonumber(ARGV[base + 3])
  redis.call('ZREMRANGEBYSCORE', key, '-inf', num(now - window))
  local failures = redis.call('ZCARD', key)
  if failures < threshold then return 0 end
  local latest = tonumber(redis.call('ZRANGE', key, -1, -1, 'WITHSCORES')[2])
  return math.max(0, latest + math.min(longest, lockout * 2 ^ (failures - threshold)) - now)
end
local function add(key, base)
  if tonumber(ARGV[base]) <= 0 then return end
  redis.call('ZADD', key, num(now), ARGV[2])
  redis.call('ZREMRANGEBYRANK', key, 0, -(tonumber(ARGV[base + 4]) + 1))
  redis.call('PEXPIRE', key, math.ceil(tonumber(ARGV[base + 5]) * 1000))
end
local wait = math.max(locked_for(KEYS[1], 3), locked_for(KEYS[2], 9))
if wait == 0 then
  add(KEYS[1], 3)
  add(KEYS[2], 9)
end
return {num(wait), num(now)}
"""


def _rule_args(rule: Lockout) -> list[str]:
    return [str(rule.threshold), repr(rule.window_s), repr(rule.lockout_s), repr(rule.longest_s), str(rule.keep),
            repr(rule.horizon_s)]


class RedisLimitStore:
    """The limit store on ``redis_url``; ``clock`` (seconds) only for tests, else Redis's own clock."""

    # After Redis failed a check: this router's own tables decide for this long before Redis is tried again, so
    # a Redis that hangs costs one timeout per RETRY_S, not one per request.
    RETRY_S = 5.0
    TIMEOUT_S = 0.5

    def __init__(self, redis_url: str, policy: LimitPolicy, key_secret: str, max_keys: int, *,
                 prefix: str = PREFIX, clock: Callable[[], float] | None = None) -> None:
        import redis.asyncio as redis
        from redis.exceptions import RedisError

        # What Redis away looks like (imported here: the embedded profile never loads redis).
        self._unreachable: tuple[type[Exception], ...] = (RedisError, OSError, asyncio.TimeoutError)
        self._redis: Any = redis.from_url(redis_url, socket_timeout=self.TIMEOUT_S,
                                          socket_connect_timeout=self.TIMEOUT_S)
        self._policy = policy
        self._secret = key_secret.encode()
        self._prefix = prefix
        self._clock = clock
        self._take = self._redis.register_script(TAKE)
        self._begin = self._redis.register_script(BEGIN)
        self._login_args = _rule_args(policy.per_account) + _rule_args(policy.per_address)
        self.local = InMemoryLimitStore(policy, max_keys)
        self.reachable = True
        self._retry_at = 0.0

    def key(self, table: str, key: str) -> str:
        digest = hmac.new(self._secret, f"{table}\0{key}".encode(), hashlib.sha256).hexdigest()[:32]
        return f"{self._prefix}{table}:{digest}"

    def _now(self) -> str:
        return repr(self._clock()) if self._clock is not None else ""

    async def take(self, checks: Sequence[tuple[str, str]]) -> float:
        checks = [(table, key) for table, key in checks if self._policy.rates[table].on]
        if not checks:
            return 0.0  # every one switched off: no round trip
        if time.monotonic() < self._retry_at:
            return self._alone("rate", self.local.take_now(checks))
        args = [self._now()]
        for table, _ in checks:
            rule = self._policy.rates[table]
            args += [str(rule.limit), repr(rule.rate)]
        try:
            wait = float(await self._take(keys=[self.key(table, key) for table, key in checks], args=args))
        except self._unreachable as error:  # never the bruker's problem: this router's tables decide
            self._lost(error)
            return self._alone("rate", self.local.take_now(checks))
        self._found()
        return wait

    async def begin_login(self, account: str, address: str) -> LoginTicket:
        if time.monotonic() >= self._retry_at:
            mark = uuid.uuid4().hex
            keys = [self.key("login_account", account), self.key("login_address", address)]
            try:
                wait, now = await self._begin(keys=keys, args=[self._now(), mark, *self._login_args])
            except self._unreachable as error:
                self._lost(error)
            else:
                self._found()
                return LoginTicket(account, address, float(wait), float(now), mark)
        ticket = await self.local.begin_login(account, address)
        self._alone("login", 0.0)
        return LoginTicket(ticket.account, ticket.address, ticket.retry_after_s, ticket.at, fallback=True)

    async def login_succeeded(self, ticket: LoginTicket) -> None:
        if ticket.fallback:
            await self.local.login_succeeded(ticket)
            return
        await self._take_back(ticket, succeeded=True)

    async def login_cancelled(self, ticket: LoginTicket) -> None:
        if ticket.fallback:
            await self.local.login_cancelled(ticket)
            return
        await self._take_back(ticket, succeeded=False)

    async def _take_back(self, ticket: LoginTicket, *, succeeded: bool) -> None:
        """Success: every failure of the account goes; cancel: this attempt's. Either way the address loses this
        attempt only. With Redis away the failure stays counted (it leaves with the window)."""
        if ticket.retry_after_s:
            return  # locked: nothing was counted
        account, address = self.key("login_account", ticket.account), self.key("login_address", ticket.address)
        try:
            async with self._redis.pipeline(transaction=True) as pipe:
                if succeeded:
                    pipe.delete(account)
                else:
                    pipe.zrem(account, ticket.mark)
                pipe.zrem(address, ticket.mark)
                await pipe.execute()
        except self._unreachable as error:
            self._lost(error)

    def _alone(self, check: str, wait: float) -> float:
        faults.count("navchat_limits_unshared", check)
        return wait

    def _lost(self, error: Exception) -> None:
        self._retry_at = time.monotonic() + self.RETRY_S
        if self.reachable:
            log.warning("limits.redis_unreachable reason=%s: each router counts alone until it is back",
                        type(error).__name__)
        self.reachable = False

    def _found(self) -> None:
        if not self.reachable:
            log.info("limits.redis_back")
        self.reachable = True

    async def close(self) -> None:
        await self._redis.aclose()
