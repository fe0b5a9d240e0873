"""Rasa's Redis lock store with every change to a conversation's lock made atomically, in one round trip.

Why atomic: Rasa's ``RedisLockStore`` changes a lock by reading it, changing it in Python and writing it back. Two
Rasa processes that issue a ticket for one conversation at the same moment both read "no lock", both issue ticket 0
and both hold the lock: their turns of that conversation run at once (seen in CI: one message taken twice).
Releasing a ticket the same way can drop a ticket issued in between.

Why one round trip: Rasa calls its lock store synchronously, on its event loop, so every round trip to Redis stops
all of that Rasa process's conversations until Redis answers. Each change as a WATCH/GET/MULTI transaction took
three, seven a turn (issue, read, release), and at 12 new conversations a second on the scaled profile those calls
held 13.5 % of Rasa's loop (py-spy), waiting for Redis to get a core. Here each change is one Lua script that Redis
runs on its own, atomically: three round trips a turn (issue, Rasa's own read, release).

The script keeps Rasa's stored form (``TicketLock.dumps``: each ticket its own JSON string inside the lock's), so
Rasa's ``get_lock`` reads it unchanged, and Rasa's rules: a ticket past its expiry is dropped at every change, a new
ticket is one above the last one held (0 when none is). Two things differ from Rasa's store, both about
what is left in Redis: a lock with no ticket left is deleted at once (Rasa keeps it until a cleanup; nobody holds or
waits for it, and a turn whose own ticket expired meanwhile gets Rasa's LockError, as when a lock has gone, rather
than waiting on an empty lock), and the key expires with its latest ticket, so the lock of a Rasa process that died
mid-turn goes away by itself (Rasa's stays for ever).

The scaled profile's endpoints file names it (``type: bot.redis_lock.AtomicRedisLockStore``) with the same settings
as Rasa's ``redis`` type. Runs in Rasa's interpreter; lives in bot/ beside bot/tracker_cache.py for the reason given
there.
"""

from __future__ import annotations

import time
from typing import Any

from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

# KEYS[1] the lock's key; ARGV: the change (issue, drop_expired, release, cleanup), the time now (Unix seconds, the
# caller's clock, as Rasa's own TicketLock uses it), the lifetime of a new ticket, the ticket to release, the
# conversation id (for a lock not stored yet). Returns the new ticket's number (issue), else nothing. "release" and
# "cleanup" do the same here: Rasa's cleanup deletes the lock when no ticket is left, which every change does.
CHANGE_LOCK = """
local key, change = KEYS[1], ARGV[1]
local now, lifetime, ticket, conversation_id = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), ARGV[5]
local stored = redis.call('GET', key)
if not stored and change ~= 'issue' then return nil end
local kept, numbers, expiries = {}, {}, {}
if stored then
  local lock = cjson.decode(stored)
  conversation_id = lock.conversation_id
  for _, raw in ipairs(lock.tickets) do
    local held = cjson.decode(raw)
    if held.expires >= now then
      kept[#kept + 1], numbers[#numbers + 1], expiries[#expiries + 1] = raw, held.number, held.expires
    end
  end
end
local issued = nil
if change == 'issue' then
  issued = (numbers[#numbers] or -1) + 1
  kept[#kept + 1] = string.format('{"number": %d, "expires": %.6f}', issued, now + lifetime)
  expiries[#expiries + 1] = now + lifetime
elseif change == 'release' or change == 'cleanup' then
  for i = 1, #numbers do
    if numbers[i] == ticket then table.remove(kept, i); table.remove(expiries, i); break end
  end
end
if #kept == 0 then
  redis.call('DEL', key)
  return nil
end
local latest = math.max(unpack(expiries))
local tickets = {}
for i, raw in ipairs(kept) do tickets[i] = cjson.encode(raw) end
local value = '{"conversation_id": ' .. cjson.encode(conversation_id) .. ', "tickets": [' .. table.concat(tickets, ', ') .. ']}'
redis.call('SET', key, value, 'PX', math.max(1, math.ceil((latest - now) * 1000)))
return issued
"""


class AtomicRedisLockStore(RedisLockStore):
    def __init__(self, endpoint_config: EndpointConfig | None = None, **kwargs: Any) -> None:
        if endpoint_config is not None:  # as Rasa builds a lock store named by its class
            kwargs = {"host": endpoint_config.url or "localhost", **endpoint_config.kwargs, **kwargs}
        super().__init__(**kwargs)
        self._change_lock = self.red.register_script(CHANGE_LOCK)  # EVALSHA, loaded again if Redis lost it

    def _change(self, change: str, conversation_id: str, *, lifetime: float = LOCK_LIFETIME,
                ticket: int = -1) -> Any:
        return self._change_lock(keys=[self.key_prefix + conversation_id],
                                 args=[change, repr(time.time()), repr(float(lifetime)), ticket, conversation_id])

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        try:
            return int(self._change("issue", conversation_id, lifetime=lock_lifetime))
        except Exception as error:
            raise LockError(f"Could not issue a ticket for conversation '{conversation_id}'.") from error

    def update_lock(self, conversation_id: str) -> None:
        self._change("drop_expired", conversation_id)

    def finish_serving(self, conversation_id: str, ticket_number: int) -> None:
        self._change("release", conversation_id, ticket=ticket_number)

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        """Release the ticket, and delete the lock when nobody else holds a ticket: one step, so a ticket issued in
        between is never deleted with it."""
        self._change("cleanup", conversation_id, ticket=ticket_number)
