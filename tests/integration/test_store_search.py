"""The store's search (router/adapters/store.py) on SQLite: the words staff write find what a card shows and what
people wrote; tests/integration/scaled/test_postgres_search_and_logins.py runs the same on PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from router.domain.conversation import Conversation, Placement
from router.domain.messages import Message
from router.domain.queue import Priority
from router.ports.store import UnitOfWorkFactory
from tests.integration import test_store

store = test_store.store  # the fixture: a migrated SQLite file per test

NOW = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)
GRUNERLOKKA = Placement("0315", "Nav Grünerløkka", "test", "4101", NOW)
ASKER = Placement("0220", "Nav Asker", "test", "4101", NOW)


async def conversation(store: UnitOfWorkFactory, conversation_id: str, *, minutes_ago: int = 0,
                       placement: Placement | None = GRUNERLOKKA, tema: str = "KOM",
                       said: tuple[tuple[str, str, str | None], ...] = ()) -> None:
    """A conversation handed off to ``placement`` (None: still with the bot), with messages (sender, original,
    Norwegian translation)."""
    at = NOW - timedelta(minutes=minutes_ago)
    row = Conversation(id=conversation_id, token_hash="x", created_at=at, updated_at=at, language="pl")
    if placement is not None:
        row.hand_off(placement, tema=tema, priority=Priority.NORMAL, reason="ba om veileder", actor="bot", now=at)
    async with store() as uow:
        await uow.conversations.add(row)
        for sender, original, translated in said:
            message = Message(conversation_id, sender, original, "pl" if sender == "user" else "nb", at)
            if translated is not None:
                message.record_translation(translated, "nb" if sender == "user" else "pl")
            await uow.messages.add(message)


async def found(store: UnitOfWorkFactory, words: str, *, temaer: frozenset[str] = frozenset(),
                enhetsnummer: str | None = None, window: int = 100) -> list[str]:
    async with store() as uow:
        hits = await uow.conversations.search(words, temaer=temaer, enhetsnummer=enhetsnummer, limit=10,
                                              message_window=window)
    return [c.id for c in hits]


async def what_people_wrote_is_found(store: UnitOfWorkFactory) -> None:
    """A bruker's words as written and in Norwegian, a veileder's words, any case (Norwegian letters too); not the
    bot's fixed texts; not a conversation still with the bot; a LIKE wildcard is a plain character."""
    await conversation(store, "c-husleie", said=(
        ("user", "Potrzebuję pieniędzy na czynsz", "Jeg trenger penger til husleie"),
        ("bot", "Vil du søke om økonomisk sosialhjelp?", "Czy chcesz złożyć wniosek?"),
        ("veileder", "Har du fått STRØMREGNINGEN?", "Czy dostałeś rachunek za prąd?"),
        ("user", "Tak, 100% zniżki nie ma", None)))
    await conversation(store, "c-bot-only", placement=None, said=(("user", "czynsz", "husleie"),))
    for words in ("husleie", "HUSLEIE", "czynsz", "CZYNSZ", "strømregningen", "rachunek", "100%"):
        assert await found(store, words) == ["c-husleie"], words
    for words in ("økonomisk sosialhjelp", "złożyć", "100%z", "tak_"):
        assert await found(store, words) == [], words
    # Without a window, no message is read (the caller decides the bound).
    assert await found(store, "husleie", window=0) == []


async def a_card_is_found_by_what_it_shows(store: UnitOfWorkFactory) -> None:
    """The enhetsnummer, the tema codes the caller read from a word, the kontor's name; one enhet or all."""
    await conversation(store, "c-lokka", tema="KOM")
    await conversation(store, "c-asker", placement=ASKER, tema="DAG", minutes_ago=1)
    assert await found(store, "0315") == ["c-lokka"]
    assert await found(store, "031") == [], "an enhetsnummer is matched whole"
    assert await found(store, "oksos", temaer=frozenset({"KOM", "OKSOS"})) == ["c-lokka"]
    assert await found(store, "penger", temaer=frozenset({"DAG"})) == ["c-asker"]
    assert await found(store, "grünerløkka") == ["c-lokka"]
    assert await found(store, "0315", enhetsnummer="0220") == []
    assert await found(store, "c-", enhetsnummer="0220") == ["c-asker"]


async def message_words_are_read_in_the_newest_conversations_only(store: UnitOfWorkFactory) -> None:
    """The bound: words are read in the newest ``message_window`` conversations of the scope; an older one is
    found by its words only with a wider window (and by its id, enhet or tema always)."""
    await conversation(store, "c-old", minutes_ago=30, said=(("user", "czynsz", "husleie"),))
    for n in range(3):
        await conversation(store, f"c-new-{n}", minutes_ago=n, said=(("user", "dzień dobry", "god dag"),))
    assert await found(store, "husleie", window=3) == []
    assert await found(store, "husleie", window=4) == ["c-old"]
    assert await found(store, "god dag", window=2) == ["c-new-0", "c-new-1"]
    # The window is counted within the scope: another enhet's newer chats do not push this enhet's out.
    for n in range(3):
        await conversation(store, f"c-asker-{n}", placement=ASKER, minutes_ago=n, said=(("user", "x", "y"),))
    assert await found(store, "husleie", enhetsnummer="0315", window=4) == ["c-old"]


async def test_what_people_wrote_is_found(store: UnitOfWorkFactory) -> None:
    await what_people_wrote_is_found(store)


async def test_a_card_is_found_by_what_it_shows(store: UnitOfWorkFactory) -> None:
    await a_card_is_found_by_what_it_shows(store)


async def test_message_words_are_read_in_the_newest_conversations_only(store: UnitOfWorkFactory) -> None:
    await message_words_are_read_in_the_newest_conversations_only(store)
