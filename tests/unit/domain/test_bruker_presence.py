"""router/domain/bruker_presence.py: when a bruker counts as gone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from router.domain.bruker_presence import BACK, LEFT, gone_since

T0 = datetime(2026, 12, 7, 8, 30, tzinfo=UTC)


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def test_gone_while_the_last_word_is_left() -> None:
    assert gone_since([]) is None
    assert gone_since([(LEFT, at(1))]) == at(1)
    assert gone_since([(LEFT, at(1)), (BACK, at(2))]) is None
    assert gone_since([(LEFT, at(1)), (BACK, at(2)), (LEFT, at(3))]) == at(3)


def test_other_rows_do_not_count() -> None:
    assert gone_since([(LEFT, at(1)), ("assign", at(2))]) == at(1)


def test_a_message_written_since_is_a_bruker_who_is_there() -> None:
    assert gone_since([(LEFT, at(1))], last_written=at(2)) is None
    assert gone_since([(LEFT, at(1))], last_written=at(0)) == at(1)
