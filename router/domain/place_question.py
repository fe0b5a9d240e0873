"""What the router has asked about where a bruker lives, read from the conversation's history.

The answer to a place question is judged by how often it was asked before (at most twice), whether a bruker
without a home was already asked where she stays now (once), and, in the queue, whether the last question still
waits for its answer. All of it comes from one read of the history (it was four reads per answer before).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from router.domain.events import HistoryRecord

# The place asked before a handoff (handoff.hand_off); its answer is read by handoff.answer_place_question.
PLACE_ASKED = "place_asked"
# The place asked of a bruker already in the queue (acute need is queued first): their next message is read as
# the answer (rerouting.reroute_on_place), in any language, until a "place_answered" record.
PLACE_ASKED_IN_QUEUE = "place_asked_in_queue"
PLACE_ANSWERED = "place_answered"
# The reason of a place question that asked a bruker without a home where she stays now (place_question_no_home):
# asked once, and not one of the two questions where she lives.
NO_HOME_ASKED = "uten fast sted å bo: spurt hvor brukeren oppholder seg nå"


@dataclass(frozen=True)
class PlaceQuestions:
    """The place questions one conversation has had."""

    before_queue: int = 0
    in_queue: int = 0
    no_home_asked: bool = False
    # The last question in the queue has no answer yet: the bruker's next message is read as one.
    waiting_in_queue: bool = False

    def times(self, kind: str) -> int:
        return self.in_queue if kind == PLACE_ASKED_IN_QUEUE else self.before_queue


def place_questions(history: Iterable[HistoryRecord]) -> PlaceQuestions:
    before_queue = in_queue = 0
    no_home = waiting = False
    for record in history:
        kind, reason = record.kind, record.reason
        if reason == NO_HOME_ASKED:
            no_home = True
        elif kind == PLACE_ASKED:
            before_queue += 1
        elif kind == PLACE_ASKED_IN_QUEUE:
            in_queue += 1
        if kind == PLACE_ASKED_IN_QUEUE:
            waiting = True
        elif kind == PLACE_ANSWERED:
            waiting = False
    return PlaceQuestions(before_queue, in_queue, no_home, waiting)
