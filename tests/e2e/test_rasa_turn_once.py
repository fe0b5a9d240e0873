"""bot/turn_once.py in the embedded shape (`make up`: SQLite tracker, Rasa's lock in memory): a message the router
sends again, with the same message id, is answered as the first time and stands once in Rasa's tracker. The router
sends a message again when it runs a turn again that it cannot know finished (services/turns.py); the scaled shape
has its own test (test_scaled_rasa.py)."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import aiohttp
import pytest

from tests.e2e.conftest import Service, rasa_events

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]


async def _send(http: aiohttp.ClientSession, service: Service, sender: str, text: str,
                message_id: int) -> list[dict[str, Any]]:
    async with http.post(f"{service.rasa_url}/webhooks/rest/webhook", json={
            "sender": sender, "message": text, "metadata": {"message_id": message_id, "language": "nb"}}) as response:
        assert response.status == 200, await response.text()
        return await response.json()  # type: ignore[no-any-return]


async def test_the_same_message_sent_again_is_taken_once(running_service: Service) -> None:
    sender = f"once-{uuid.uuid4().hex[:8]}"
    question, other = "hvilke vedlegg trenger jeg", "hva er dagpenger"
    async with aiohttp.ClientSession() as http:
        first, at_once = await asyncio.gather(_send(http, running_service, sender, question, 3),
                                              _send(http, running_service, sender, question, 3))
        later = await _send(http, running_service, sender, question, 3)
        same_text_new_id = await _send(http, running_service, sender, question, 4)
        following = await _send(http, running_service, sender, other, 5)
    texts = [answer["text"] for answer in first]
    assert texts, "the question is answered"
    assert [a["text"] for a in at_once] == texts and [a["text"] for a in later] == texts, \
        "a copy, sent while the first is answered or after, gets the first answer"
    assert [a.get("buttons") for a in later] == [a.get("buttons") for a in first], "buttons too"
    assert [a["text"] for a in same_text_new_id] == texts and following, "a new message id is a new message"
    events = rasa_events(running_service, sender)
    said = [event["metadata"]["message_id"] for kind, event in events if kind == "user"]
    assert said == [3, 4, 5], "each message id once in Rasa's tracker, in order"
    answered = sum(1 for kind, _ in events if kind == "bot")
    assert answered == 2 * len(texts) + len(following), "answers given again are not stored again"
    rasa_log = (running_service.data_dir / "log" / "rasa.log").read_text(errors="replace")
    assert rasa_log.count(f"turn_once.answered_again sender={sender} message_id=3 ") == 2, "logged, for operators"
