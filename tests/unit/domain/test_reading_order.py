"""The transcript's reading order: each answer after the bruker message it answers."""

from __future__ import annotations

from datetime import UTC, datetime

from router.domain.messages import Message, reading_order

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)


def message(seq: int, sender: str, reply_to: int | None = None) -> Message:
    return Message("c", sender, f"{sender}{seq}", "nb", NOW, id=seq, reply_to=reply_to)


def test_answers_follow_their_question_and_everything_else_keeps_its_place() -> None:
    stored = [message(1, "bot"), message(2, "user"), message(3, "user"), message(4, "bot", reply_to=2),
              message(5, "system", reply_to=2), message(6, "bot", reply_to=3), message(7, "veileder")]
    assert [m.id for m in reading_order(stored)] == [1, 2, 4, 5, 3, 6, 7]
    assert reading_order([]) == []


def test_an_answer_never_goes_above_what_was_said_after_the_message_it_answers() -> None:
    """Polish, seq 205 "Twoja rozmowa została przeniesiona do …" then 206 "Jesteś numerem 1 w kolejce…" (the
    answer to 204): shown 206 above 205, as if the move came after."""
    stored = [message(203, "system"), message(204, "user"), message(205, "system"), message(206, "system", 204)]
    assert [m.id for m in reading_order(stored)] == [203, 204, 205, 206]
    assert [m.id for m in reading_order(stored[2:])] == [205, 206], "the same when read on from seq 204"
    # A later bruker message is still passed: the answer follows its own question.
    stored = [message(204, "user"), message(205, "system"), message(206, "user"), message(207, "bot", 204),
              message(208, "bot", 206)]
    assert [m.id for m in reading_order(stored)] == [204, 205, 207, 206, 208]
