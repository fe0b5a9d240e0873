"""The place questions a conversation has had, counted from one read of its history."""
from datetime import UTC, datetime

from router.domain.events import Noted
from router.domain.place_question import (
    NO_HOME_ASKED,
    PLACE_ANSWERED,
    PLACE_ASKED,
    PLACE_ASKED_IN_QUEUE,
    PlaceQuestions,
    place_questions,
)

AT = datetime(2026, 12, 7, 9, 30, tzinfo=UTC)


def noted(kind: str, reason: str = "stedet er ukjent") -> Noted:
    return Noted("c1", kind, "router", reason, AT)


def test_a_conversation_never_asked_has_no_questions() -> None:
    assert place_questions([noted("routed", "kommune")]) == PlaceQuestions()


def test_questions_before_the_queue_and_in_it_are_counted_apart() -> None:
    asked = place_questions([noted(PLACE_ASKED), noted(PLACE_ASKED), noted(PLACE_ASKED_IN_QUEUE)])
    assert (asked.before_queue, asked.in_queue) == (2, 1)
    assert asked.times(PLACE_ASKED) == 2 and asked.times(PLACE_ASKED_IN_QUEUE) == 1


def test_the_question_where_a_bruker_without_a_home_stays_is_not_one_of_the_two() -> None:
    asked = place_questions([noted(PLACE_ASKED), noted(PLACE_ASKED, NO_HOME_ASKED),
                             noted(PLACE_ASKED_IN_QUEUE, NO_HOME_ASKED)])
    assert asked.no_home_asked
    assert (asked.before_queue, asked.in_queue) == (1, 0)


def test_the_queue_question_waits_for_an_answer_until_one_is_recorded() -> None:
    assert place_questions([noted(PLACE_ASKED_IN_QUEUE)]).waiting_in_queue
    assert not place_questions([noted(PLACE_ASKED_IN_QUEUE), noted(PLACE_ANSWERED, "Moss")]).waiting_in_queue
    # Asked again after the answer (it named no place): waiting again.
    assert place_questions([noted(PLACE_ASKED_IN_QUEUE), noted(PLACE_ANSWERED, "ikke forstått"),
                            noted(PLACE_ASKED_IN_QUEUE, NO_HOME_ASKED)]).waiting_in_queue
    # A question before the queue is answered in handoff, not read as waiting in the queue.
    assert not place_questions([noted(PLACE_ASKED)]).waiting_in_queue
