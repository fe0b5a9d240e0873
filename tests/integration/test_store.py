"""The SQL store (router/adapters/store.py) against a real SQLite file: round trips and the atomic claim."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import fields
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import create_async_engine

from router.adapters.db import create_engine, migrate
from router.adapters.store import unit_of_work_factory
from router.domain.access import Permission
from router.domain.assignment import Presence
from router.domain.bot_turn import LEASE
from router.domain.conversation import CONTINUED_IN_EARLIER, Conversation, ConversationState, Placement
from router.domain.messages import Message
from router.domain.queue import Priority
from router.domain.veileder import Veileder
from router.ports.store import ConcurrentChange, DuplicateMessage, StoreUnavailable, UnitOfWorkFactory

NOW = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[UnitOfWorkFactory]:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'router.db'}")
    await migrate(engine)
    yield unit_of_work_factory(engine)
    await engine.dispose()


ASKER = Placement("0220", "Nav Asker", "test", "4101", NOW)


async def queued(store: UnitOfWorkFactory, conversation_id: str, *, placement: Placement = ASKER, reason: str = "test",
                 summary: dict[str, str] | None = None, **protection: object) -> None:
    conversation = Conversation(id=conversation_id, token_hash="x", created_at=NOW, updated_at=NOW, **protection)
    conversation.hand_off(placement, tema="KOM", priority=Priority.NORMAL, reason=reason, actor="bot", now=NOW,
                          summary=summary)
    async with store() as uow:
        await uow.conversations.add(conversation)


async def veileder(store: UnitOfWorkFactory, capacity: int = 1) -> Veileder:
    kari = Veileder(id=0, username="kari", navn="Kari Nordmann", enhetsnummer="0220", capacity=capacity,
                    permissions=frozenset({Permission.FORTROLIG}))
    async with store() as uow:
        uow.veiledere.add(kari)
    return kari


async def test_a_conversation_and_its_history_round_trip(store: UnitOfWorkFactory) -> None:
    await queued(store, "c1", diskresjonskode="SPFO", skjermet=True)
    async with store() as uow:
        loaded = await uow.conversations.get("c1")
        history = await uow.history.list("c1")
    assert loaded is not None and loaded.state is ConversationState.QUEUED
    assert (loaded.enhetsnummer, loaded.alternate_enhetsnummer, loaded.sla_deadline) == ("0220", "4101", NOW)
    assert (loaded.diskresjonskode, loaded.skjermet, loaded.queued_at) == ("SPFO", True, NOW)
    assert [record.kind for record in history] == ["handoff", "routed"]


async def test_the_claim_counts_open_chats_in_the_same_statement(store: UnitOfWorkFactory) -> None:
    """Two claims planned on the same stale load: the second finds the veileder full at write time."""
    await queued(store, "c1")
    await queued(store, "c2")
    kari = await veileder(store, capacity=1)
    async with store() as uow:
        stale_load = kari.load(open_chats=0)
    for conversation_id, should_win in (("c1", True), ("c2", False)):
        try:
            async with store() as uow:
                conversation = await uow.conversations.get(conversation_id)
                assert conversation is not None
                conversation.assign(stale_load, fornavn="Kari", actor="test", reason="test", now=NOW)
                await uow.conversations.claim(conversation, stale_load)
            won = True
        except ConcurrentChange:
            won = False
        assert won is should_win, conversation_id
    async with store() as uow:
        assert await uow.veiledere.open_chats(kari.id) == 1
        assert (await uow.conversations.get("c2")).state is ConversationState.QUEUED  # type: ignore[union-attr]


async def test_a_state_change_made_elsewhere_is_not_overwritten(store: UnitOfWorkFactory) -> None:
    await queued(store, "c1")
    with pytest.raises(ConcurrentChange):
        async with store() as first:
            mine = await first.conversations.get("c1")
            async with store() as second:
                theirs = await second.conversations.get("c1")
                assert theirs is not None
                theirs.close("annet", actor="test", now=NOW)
            assert mine is not None
            mine.back_to_bot(actor="test", now=NOW)
    async with store() as uow:
        assert (await uow.conversations.get("c1")).state is ConversationState.CLOSED  # type: ignore[union-attr]


async def test_reading_a_veileder_never_undoes_a_change_made_meanwhile(store: UnitOfWorkFactory) -> None:
    """A transfer reads its target veileder; the veileder goes online at the same moment: online stays."""
    kari = await veileder(store)
    async with store() as reader:
        assert (await reader.veiledere.by_username("kari")) is not None
        async with store() as presence:
            changed = await presence.veiledere.get(kari.id)
            assert changed is not None
            changed.set_presence(Presence.ONLINE, NOW)
    async with store() as uow:
        assert (await uow.veiledere.get(kari.id)).presence is Presence.ONLINE  # type: ignore[union-attr]


async def test_a_duplicate_client_message_id_is_a_duplicate(store: UnitOfWorkFactory) -> None:
    await queued(store, "c1")
    async with store() as uow:
        await uow.messages.add(Message("c1", "user", "hei", "nb", NOW, client_msg_id="m1"))
    with pytest.raises(DuplicateMessage):
        async with store() as uow:
            await uow.messages.add(Message("c1", "user", "hei igjen", "nb", NOW, client_msg_id="m1"))


async def test_the_latest_message_from_a_sender_is_read_alone(store: UnitOfWorkFactory) -> None:
    """The handoff's look for a place in the bruker's last words read the whole conversation to find them."""
    await queued(store, "c1")
    await queued(store, "c2")
    async with store() as uow:
        for conversation_id, sender, text in (("c1", "user", "hei"), ("c1", "user", "jeg bor i Sola"),
                                              ("c1", "bot", "Hva kan jeg hjelpe med?"), ("c2", "user", "andre")):
            await uow.messages.add(Message(conversation_id, sender, text, "nb", NOW))
    async with store() as uow:
        latest = await uow.messages.last_from("c1", "user")
        assert latest is not None and latest.original_text == "jeg bor i Sola"
        assert (await uow.messages.last_from("c1", "system")) is None
        assert (await uow.messages.last_from("nobody", "user")) is None
        latest = await uow.messages.latest_of_each(["c1"], "user", 5)
        assert [m.original_text for m in latest["c1"]] == ["jeg bor i Sola", "hei"]
        assert [m.original_text for m in (await uow.messages.latest_of_each(["c1"], "user", 1))["c1"]] == ["jeg bor i Sola"]
        # Several conversations in one read (a veileder's list): the limit holds per conversation.
        each = await uow.messages.latest_of_each(["c1", "c2", "nobody"], "user", 1)
        assert {cid: [m.original_text for m in found] for cid, found in each.items()} == \
            {"c1": ["jeg bor i Sola"], "c2": ["andre"]}


async def _turns(store: UnitOfWorkFactory, conversation_id: str, count: int) -> None:
    async with store() as uow:
        for i in range(count):
            message = await uow.messages.add(Message(conversation_id, "user", f"m{i}", "nb", NOW, client_msg_id=f"t{i}"))
            assert message.id is not None
            await uow.turns.enqueue(conversation_id, message.id, None, NOW)


async def _claim(store: UnitOfWorkFactory, worker: str, *, at: datetime = NOW, conversation_id: str | None = None):  # type: ignore[no-untyped-def]
    async with store() as uow:
        return await uow.turns.claim_next(conversation_id=conversation_id, worker=worker, now=at, lease=LEASE)


async def test_a_turn_is_taken_as_it_is_added_only_when_none_of_its_conversation_is_unfinished(
        store: UnitOfWorkFactory) -> None:
    await queued(store, "c1")
    async with store() as uow:
        first_message = await uow.messages.add(Message("c1", "user", "hei", "nb", NOW, client_msg_id="a"))
        assert first_message.id is not None
        first = await uow.turns.enqueue("c1", first_message.id, None, NOW, worker="router-a", lease=LEASE)
    assert first is not None and (first.message_id, first.attempts) == (first_message.id, 1)
    async with store() as uow:
        second_message = await uow.messages.add(Message("c1", "user", "og så", "nb", NOW, client_msg_id="b"))
        assert second_message.id is not None
        second = await uow.turns.enqueue("c1", second_message.id, None, NOW, worker="router-a", lease=LEASE)
    assert second is None, "the first turn is still running: the second waits"
    assert await _claim(store, "router-b") is None, "the first is taken (its lease runs), the second waits behind it"
    async with store() as uow:
        await uow.turns.complete(first.id, worker="router-a", now=NOW)
    following = await _claim(store, "router-b", conversation_id="c1")
    assert following is not None and following.message_id == second_message.id


async def test_turns_of_a_conversation_are_taken_one_at_a_time_in_order(store: UnitOfWorkFactory) -> None:
    await queued(store, "c1")
    await queued(store, "c2")
    await _turns(store, "c1", 2)
    await _turns(store, "c2", 1)
    first = await _claim(store, "router-a")
    assert first is not None and first.conversation_id == "c1" and first.attempts == 1
    other = await _claim(store, "router-b")
    assert other is not None and other.conversation_id == "c2", "c1's second turn waits for its first"
    assert await _claim(store, "router-b") is None
    async with store() as uow:
        await uow.turns.complete(first.id, worker="router-a", now=NOW)
    second = await _claim(store, "router-b", conversation_id="c1")
    assert second is not None and second.message_id > first.message_id


async def test_a_turn_whose_lease_ran_out_is_taken_over(store: UnitOfWorkFactory) -> None:
    await queued(store, "c1")
    await _turns(store, "c1", 1)
    dead = await _claim(store, "dead-router")
    assert dead is not None
    assert await _claim(store, "router-b", at=NOW + LEASE / 2) is None
    async with store() as uow:
        assert not await uow.turns.renew(dead.id, worker="router-b", until=NOW + LEASE * 2)
    again = await _claim(store, "router-b", at=NOW + LEASE * 2)
    assert again is not None and again.id == dead.id and again.attempts == 2
    async with store() as uow:
        # Too late: no longer its turn. Its finish stores nothing (router/services/relay.py finish).
        assert not await uow.turns.complete(dead.id, worker="dead-router", now=NOW)
        assert await uow.turns.unfinished() == 1
        assert await uow.turns.complete(dead.id, worker="router-b", now=NOW)
        assert await uow.turns.unfinished() == 0
        assert not await uow.turns.complete(dead.id, worker="router-b", now=NOW), "done once"


async def test_retention_deletes_a_conversations_rasa_tracker(tmp_path: Path) -> None:
    from router.adapters.rasa_tracker import RasaTrackerStore

    path = tmp_path / "rasa_tracker.db"
    import sqlite3

    with sqlite3.connect(path) as db:  # Rasa 3.6 SQLTrackerStore's table
        db.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id VARCHAR(255), type_name VARCHAR(255), "
                   "timestamp FLOAT, data TEXT)")
        db.executemany("INSERT INTO events (sender_id, type_name, timestamp, data) VALUES (?, 'user', 0, '{}')",
                       [("c1",), ("c1",), ("c2",)])
    memory = RasaTrackerStore(f"sqlite+aiosqlite:///{path}")
    assert await memory.forget(["c1"]) == 2
    await memory.close()
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT sender_id FROM events").fetchall() == [("c2",)]
    empty = RasaTrackerStore(f"sqlite+aiosqlite:///{tmp_path / 'none.db'}")
    assert await empty.forget(["c1"]) == 0, "no tracker store written yet"
    await empty.close()


async def test_a_change_inside_a_dict_field_is_written_back(store: UnitOfWorkFactory) -> None:
    await queued(store, "c1")
    async with store() as uow:
        conversation = await uow.conversations.get("c1")
        assert conversation is not None
        conversation.bot_summary["behov"] = "mat"  # in place, not through a new dict
    async with store() as uow:
        assert (await uow.conversations.get("c1")).bot_summary == {"behov": "mat"}  # type: ignore[union-attr]


async def test_a_unit_of_work_that_finds_every_connection_busy_is_store_unavailable(tmp_path: Path) -> None:
    """The pool's wait running out is the 503 with Retry-After (StoreUnavailable), not a 500."""
    engine = create_async_engine(f"sqlite+aiosqlite:///{tmp_path / 'busy.db'}", pool_size=1, max_overflow=0,
                                 pool_timeout=0.2)
    store = unit_of_work_factory(engine)
    async with store():
        with pytest.raises(StoreUnavailable, match="busy"):
            async with store():
                pass
    async with store() as uow:  # the connection is back: the store works again
        await uow.ping()
    await engine.dispose()


@pytest.mark.parametrize("words", ["østensjø", "NAV ØSTENSJØ", "strøm", "STRØM", "Æresord"])
async def test_search_ignores_case_in_norwegian_letters_too(store: UnitOfWorkFactory, words: str) -> None:
    """SQLite's own lower() folds only ASCII; the console's search must find "Nav Østensjø" from "østensjø"."""
    await queued(store, "c-sok-1", placement=Placement("0318", "Nav Østensjø", "test", "030113", NOW),
                 reason="æresord: ba om veileder", summary={"digisos_oppsummering": "Behov: Strøm"})
    async with store() as uow:
        found = await uow.conversations.search(words, enhetsnummer=None, limit=5)
    assert [c.id for c in found] == ["c-sok-1"]


async def test_a_conversation_reads_the_same_one_at_a_time_and_in_a_queue(store: UnitOfWorkFactory) -> None:
    """A queue's rows are read by column position (store._to_conversations), a single row through the driver's
    named tuple: both give every field as stored."""
    await queued(store, "c1", diskresjonskode="SPFO", skjermet=True, language="pl", interpreter_language="uk",
                 kommune="Asker", needs_interpreter=True, bot_slots={"topic": "husleie"}, summary={"tema": "strøm"})
    await queued(store, "c2")
    async with store() as uow:
        one = await uow.conversations.get("c1")
        in_queue = {c.id: c for c in await uow.conversations.queued("0220")}
    assert one is not None and set(in_queue) == {"c1", "c2"}
    names = [f.name for f in fields(Conversation) if f.name != "pending_events"]
    assert [getattr(in_queue["c1"], n) for n in names] == [getattr(one, n) for n in names]
    assert (one.language, one.interpreter_language, one.needs_interpreter, one.bot_slots, one.bot_summary) == (
        "pl", "uk", True, {"topic": "husleie"}, {"tema": "strøm"})
    assert in_queue["c1"].state is ConversationState.QUEUED and in_queue["c2"].skjermet is False


async def test_a_persons_open_and_recently_closed_conversations_are_found_by_the_pseudonym(
        store: UnitOfWorkFactory) -> None:
    """What a bruker who logs in again gets back (services/login.py resume_open_conversation)."""
    for conversation_id, pseudonym in (("mine-1", "p-kari"), ("mine-2", "p-kari"), ("theirs", "p-ola")):
        await queued(store, conversation_id)
        async with store() as uow:
            conversation = await uow.conversations.get(conversation_id, for_update=True)
            assert conversation is not None
            conversation.person_pseudonym = pseudonym
    async with store() as uow:
        closed = await uow.conversations.get("mine-2", for_update=True)
        assert closed is not None
        closed.close("besvart", actor="kari", now=NOW)
    async with store() as uow:
        assert await uow.conversations.open_of_person("p-kari", excluding="new") == ["mine-1"]
        assert await uow.conversations.open_of_person("p-kari", excluding="mine-1") == []
        assert await uow.conversations.recently_closed_of_person("p-kari", since=NOW, excluding="new") == ["mine-2"]
        later = NOW.replace(hour=10)
        assert await uow.conversations.recently_closed_of_person("p-kari", since=later, excluding="new") == []
        assert await uow.conversations.recently_closed_of_person("p-ola", since=NOW, excluding="new") == []


async def test_a_duplicate_closed_into_an_earlier_chat_is_none_of_the_persons_recently_closed(
        store: UnitOfWorkFactory) -> None:
    """conversation.CONTINUED_IN_EARLIER: closed because her login gave her back an earlier chat; not one she had
    ("Tidligere samtaler", services/inbox.py), and it takes none of the few places."""
    for conversation_id, outcome in (("answered", "besvart"), ("duplicate", CONTINUED_IN_EARLIER)):
        await queued(store, conversation_id)
        async with store() as uow:
            conversation = await uow.conversations.get(conversation_id, for_update=True)
            assert conversation is not None
            conversation.person_pseudonym = "p-kari"
            conversation.close(outcome, actor="kari", now=NOW)
    async with store() as uow:
        assert await uow.conversations.recently_closed_of_person("p-kari", since=NOW, excluding="new") == ["answered"]


async def test_history_of_kinds_reads_a_whole_queue_in_one_go(store: UnitOfWorkFactory) -> None:
    await history_of_kinds_reads_a_whole_queue_in_one_go(store)


async def history_of_kinds_reads_a_whole_queue_in_one_go(store: UnitOfWorkFactory) -> None:
    """(Also run on PostgreSQL: tests/integration/scaled/test_postgres_search_and_logins.py.)"""
    from router.domain.events import Noted

    ids = [f"c{n:04d}" for n in range(1200)]  # more than one IN list
    async with store() as uow:
        for conversation_id in ids:
            await uow.conversations.add(Conversation(id=conversation_id, token_hash="x", created_at=NOW, updated_at=NOW))
    async with store() as uow:
        for n, conversation_id in enumerate(ids):
            uow.history.record(Noted(conversation_id, "transfer" if n % 2 else "note", "router", f"r{n}", NOW))
        uow.history.record(Noted(ids[1], "handoff", "router", "second", NOW))
    async with store() as uow:
        found = await uow.history.of_kinds(ids, ("transfer", "handoff"))
    assert len(found) == 600 and ids[0] not in found
    assert [(r.kind, r.reason) for r in found[ids[1]]] == [("transfer", "r1"), ("handoff", "second")]


async def test_a_dead_routers_leases_end_at_once_and_waiting_turns_are_listed(store: UnitOfWorkFactory) -> None:
    await queued(store, "c1")
    await queued(store, "c2")
    await _turns(store, "c1", 2)
    await _turns(store, "c2", 1)
    dead = await _claim(store, "host:4242:dead", conversation_id="c1")
    alive = await _claim(store, "host:4343:alive", conversation_id="c2")
    assert dead is not None and alive is not None
    async with store() as uow:
        assert await uow.turns.running_workers(NOW) == {"host:4242:dead", "host:4343:alive"}
        waiting = await uow.turns.waiting("c1")
        assert [payload for _, payload in waiting] == [None] and waiting[0][0] > dead.message_id, \
            "c1's second turn waits"
        assert await uow.turns.release("host:4242:dead", NOW) == 1
        assert await uow.turns.running_workers(NOW) == {"host:4343:alive"}
    again = await _claim(store, "router-b", conversation_id="c1")
    assert again is not None and again.id == dead.id and again.attempts == 2, "taken over without waiting"
    assert await _claim(store, "router-b", conversation_id="c2") is None, "the live router's lease still runs"
