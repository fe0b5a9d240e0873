"""What a bruker is expected to read, composed of the router's fixed texts as the router composes them."""

from __future__ import annotations

from router.texts import fixed_text


def first_in_queue(question: str, language: str) -> str:
    """The place question as the handoff asks it of a bruker in acute need it queued at once: why it is asked now,
    then the question (router/services/handoff.py place_question_in_queue, ``first``)."""
    return f"{fixed_text('place_question_in_queue_lead', language)} {question}"
