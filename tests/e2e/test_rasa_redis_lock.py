"""bot/redis_lock.py inside Rasa's own interpreter, on the real Redis: Rasa's own lock cycle in three round trips,
tickets in Rasa's order and stored form, expired tickets dropped, no ticket issued twice from two processes at once,
and no lock left behind (deleted when nobody waits, and an expiry on the key when a process dies holding one)."""

from __future__ import annotations

import json
import subprocess
import uuid
from pathlib import Path

import pytest

from tests.integration.scaled.conftest import _ensure_services

ROOT = Path(__file__).resolve().parents[2]
RASA_PYTHON = str(ROOT / ".venv-rasa" / "bin" / "python")
LOCK_DB = 5

CHECK = r'''
import asyncio, json, multiprocessing, sys, time
import redis
from redis.connection import Connection
from rasa.core.lock import Ticket, TicketLock
from rasa.core.lock_store import RedisLockStore
from bot.redis_lock import AtomicRedisLockStore

prefix, db = sys.argv[1], int(sys.argv[2])
sends = []
_send = Connection.send_packed_command
Connection.send_packed_command = lambda self, *a, **k: (sends.append(1), _send(self, *a, **k))[1]


def store():
    return AtomicRedisLockStore(host="127.0.0.1", port=6379, db=db, key_prefix=prefix)


def issue_many(conversation_id, count, queue):
    queue.put([store().issue_ticket(conversation_id, 600) for _ in range(count)])


async def main():
    out, locks = {}, store()
    raw = redis.Redis(host="127.0.0.1", port=6379, db=db)
    locks.issue_ticket("warm-up", 1)  # loads the script once (EVALSHA answers NOSCRIPT the first time)
    locks.cleanup("warm-up", 0)

    sends.clear()
    async with locks.lock("c1") as held:
        out["held_while_serving"] = [t.number for t in held.tickets]
    out["round_trips_per_turn"] = len(sends)
    out["left_after_turn"] = raw.exists(locks.key_prefix + "c1")

    out["issued"] = [locks.issue_ticket("c2", 600) for _ in range(3)]
    lock = locks.get_lock("c2")  # Rasa's own read of what the script stored
    out["now_serving"], out["second_locked"] = lock.now_serving, lock.is_locked(1)
    out["ttl_s"] = raw.pttl(locks.key_prefix + "c2") / 1000
    locks.finish_serving("c2", 0)
    out["after_first_served"] = locks.get_lock("c2").now_serving
    locks.cleanup("c2", 2)
    out["cleanup_with_one_waiting"] = [t.number for t in locks.get_lock("c2").tickets]
    locks.cleanup("c2", 1)
    out["left_after_last"] = raw.exists(locks.key_prefix + "c2")

    # A lock as Rasa's own store writes it (one ticket expired, one held) is read and changed by the script.
    plain = RedisLockStore(host="127.0.0.1", port=6379, db=db, key_prefix=prefix)
    plain.save_lock(TicketLock("c3", __import__("collections").deque(
        [Ticket(4, time.time() - 1), Ticket(5, time.time() + 600)])))
    out["after_rasa_wrote"] = locks.issue_ticket("c3", 600)
    out["kept_from_rasa"] = [t.number for t in locks.get_lock("c3").tickets]
    locks.update_lock("c3")
    out["stored_form"] = json.loads(raw.get(locks.key_prefix + "c3"))

    # A ticket past its lifetime is dropped: the next is numbered as if it never was (Rasa's rule).
    locks.issue_ticket("c4", 0.05)
    time.sleep(0.1)
    out["after_expiry"] = locks.issue_ticket("c4", 600)
    locks.cleanup("c4", 0)

    # Releasing the ticket that expires last: the key then expires with the one left.
    locks.issue_ticket("c7", 600)
    locks.issue_ticket("c7", 1200)
    locks.finish_serving("c7", 1)
    out["ttl_after_latest_released_s"] = raw.pttl(locks.key_prefix + "c7") / 1000
    locks.cleanup("c7", 0)

    # A process that dies holding a ticket: the key goes with the ticket's lifetime, not never.
    locks.issue_ticket("c5", 0.2)
    time.sleep(0.5)
    out["dead_holder_left_after_s"] = raw.pttl(locks.key_prefix + "c5")

    queue = multiprocessing.Queue()
    workers = [multiprocessing.Process(target=issue_many, args=("c6", 150, queue)) for _ in range(2)]
    for worker in workers:
        worker.start()
    numbers = queue.get(timeout=60) + queue.get(timeout=60)
    for worker in workers:
        worker.join(timeout=60)
    out["two_processes_issued"], out["distinct"] = len(numbers), len(set(numbers))
    out["left"] = sorted(k.decode() for k in raw.keys(prefix + "*") if not k.decode().endswith(("c3", "c6")))
    raw.delete(*raw.keys(prefix + "*"))
    print(json.dumps(out))

asyncio.run(main())
'''


@pytest.mark.timeout(300)
def test_the_lock_store_keeps_rasas_rules_in_three_round_trips_a_turn(tmp_path: Path) -> None:
    _ensure_services()
    prefix = "t" + uuid.uuid4().hex[:10]
    script = tmp_path / "check.py"
    script.write_text(CHECK)
    done = subprocess.run([RASA_PYTHON, str(script), prefix, str(LOCK_DB)], cwd=ROOT, capture_output=True, text=True,
                          timeout=240, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr[-3000:]
    out = json.loads(done.stdout.strip().splitlines()[-1])

    assert out["held_while_serving"] == [0]
    assert out["round_trips_per_turn"] == 3, "issue, Rasa's read, release: one round trip each"
    assert out["left_after_turn"] == 0

    assert out["issued"] == [0, 1, 2]
    assert (out["now_serving"], out["second_locked"]) == (0, True)
    assert 590 < out["ttl_s"] <= 600, "the key expires with its latest ticket"
    assert out["after_first_served"] == 1
    assert out["cleanup_with_one_waiting"] == [1], "a ticket still waiting keeps the lock"
    assert out["left_after_last"] == 0

    assert out["after_rasa_wrote"] == 6 and out["kept_from_rasa"] == [5, 6]
    assert out["stored_form"]["conversation_id"] == "c3"
    assert [json.loads(t)["number"] for t in out["stored_form"]["tickets"]] == [5, 6]

    assert 590 < out["ttl_after_latest_released_s"] <= 600, "the key expires with the latest ticket still held"
    assert out["after_expiry"] == 0
    assert out["dead_holder_left_after_s"] == -2, "the key of a dead holder's lock expires"

    assert out["two_processes_issued"] == out["distinct"] == 300, "no ticket issued twice"
    assert out["left"] == []
