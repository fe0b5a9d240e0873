"""Bruker → real bot → handoff → veileder → close, over the public HTTP, WebSocket and socket.io API."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import aiohttp
import pytest

from router.texts import fixed_text
from tests.e2e.conftest import Service
from tests.socketio_widget import widget_socket

# Training (when the model inputs changed) and starting Rasa can take minutes on two cores.
pytestmark = [pytest.mark.e2e, pytest.mark.timeout(1800)]


class Bruker:
    def __init__(self, http: aiohttp.ClientSession, url: str) -> None:
        self.http, self.url = http, url
        self.frames: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.answers: dict[str, asyncio.Future[dict[str, Any]]] = {}  # a send frame's sent / send_error

    async def open(self, **body: Any) -> None:
        async with self.http.post(f"{self.url}/api/conversations", json=body) as response:
            assert response.status == 201
            data = await response.json()
        self.id, self.auth = data["id"], {"Authorization": f"Bearer {data['token']}"}
        self.ws = await self.http.ws_connect(f"{self.url}/api/conversations/{self.id}/ws")
        await self.ws.send_json({"type": "auth", "token": data["token"]})
        assert (await self.ws.receive_json(timeout=10))["type"] == "ready"
        self._reader = asyncio.ensure_future(self._read())

    async def _read(self) -> None:
        async for message in self.ws:
            frame = message.json()
            if frame["type"] in ("sent", "send_error"):
                self.answers.pop(frame["client_msg_id"]).set_result(frame)
            else:
                self.frames.put_nowait(frame)

    async def say(self, text: str, *, by_post: bool = False, payload: str | None = None) -> dict[str, Any]:
        """As the widget sends: over its open socket, or by POST (the widget without a socket); a pressed button
        sends its title and its payload."""
        body = {"client_msg_id": uuid.uuid4().hex, "text": text, **({"payload": payload} if payload else {})}
        if by_post:
            async with self.http.post(f"{self.url}/api/conversations/{self.id}/messages", json=body,
                                      headers=self.auth) as response:
                assert response.status == 201, await response.text()
                return await response.json()
        self.answers[body["client_msg_id"]] = asyncio.get_running_loop().create_future()
        await self.ws.send_json({"type": "send", **body})
        answer = await asyncio.wait_for(self.answers[body["client_msg_id"]], 30)
        assert answer["type"] == "sent", answer
        return answer["message"]

    async def next_frame(self, predicate: Any, timeout_s: float = 60) -> dict[str, Any]:
        async def wait() -> dict[str, Any]:
            while True:
                frame = await self.frames.get()
                if predicate(frame):
                    return frame
        return await asyncio.wait_for(wait(), timeout_s)

    async def close(self) -> None:
        await self.ws.close()
        self._reader.cancel()


def is_message(sender: str):  # type: ignore[no-untyped-def]
    return lambda f: f["type"] == "message" and f["message"]["sender"] == sender


def is_state(state: str):  # type: ignore[no-untyped-def]
    return lambda f: f["type"] == "state" and f["conversation"]["state"] == state


async def test_bot_answer_handoff_veileder_reply_close(running_service: Service) -> None:
    async with aiohttp.ClientSession() as http, aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as console:
        bruker = Bruker(http, running_service.url)
        await bruker.open(kommune="Oslo", page_locale="nb-NO")
        # The greeting was stored when the conversation opened (before the socket): clients read history.
        async with http.get(f"{running_service.url}/api/conversations/{bruker.id}/messages",
                            headers=bruker.auth) as response:
            assert (await response.json())["messages"][0]["sender"] == "bot"
        await bruker.say("hei")
        answer = await bruker.next_frame(is_message("bot"))
        # A hello back, not the introduction the greeting just gave (probe 87)
        assert answer["message"]["text"] == "Hei! Hva lurer du på? Skriv det gjerne med egne ord.", answer

        await bruker.say("jeg vil snakke med et menneske", by_post=True)
        # Oslo has one NAV-kontor per bydel: the page's "Oslo" does not tell which, so the bruker is asked.
        question = await bruker.next_frame(is_message("system"))
        assert question["message"]["text"] == fixed_text("bydel_question", "nb", kommune="Oslo"), question
        await bruker.say("Grünerløkka")
        await bruker.next_frame(is_state("QUEUED"))
        notice = await bruker.next_frame(is_message("system"))
        assert "kø" in notice["message"]["text"] and "Grünerløkka" in notice["message"]["text"], notice

        async with console.post(f"{running_service.url}/api/staff/login",
                                json={"username": "veileder1", "password": "passord-veileder1"}) as response:
            assert response.status == 200
            csrf = {"X-CSRF-Token": (await response.json())["csrf_token"]}
        async with console.get(f"{running_service.url}/api/staff/queue") as response:
            queue = (await response.json())["conversations"]
        assert bruker.id in [c["id"] for c in queue]
        base = f"{running_service.url}/api/staff/conversations/{bruker.id}"
        async with console.post(f"{base}/take", headers=csrf) as response:
            assert response.status == 200, await response.text()
        async with console.get(base) as response:
            detail = await response.json()
        user_turns = [m for m in detail["messages"] if m["sender"] == "user"]
        assert [m["text"] for m in user_turns] == ["hei", "jeg vil snakke med et menneske", "Grünerløkka"]
        assert any(m["sender"] == "bot" and m["text"] == answer["message"]["text"] for m in detail["messages"])
        assert all(m["intent"] for m in user_turns[:2]), "the veileder sees the intents the bot predicted"
        assert detail["conversation"]["handoff_reason"]

        async with console.post(f"{base}/messages", json={"text": "Hei, dette er NAV. Hva gjelder det?"},
                                headers=csrf) as response:
            assert response.status == 201
        reply = await bruker.next_frame(is_message("veileder"))
        assert reply["message"]["text"] == "Hei, dette er NAV. Hva gjelder det?"

        # While a human has the chat, Rasa gets nothing; the veileder sees the bruker live.
        await bruker.say("takk, jeg trenger hjelp med husleia")
        async with console.post(f"{base}/close", json={"outcome": "besvart"}, headers=csrf) as response:
            assert response.status == 200
        await bruker.next_frame(is_state("CLOSED"))
        async with console.get(base) as response:
            detail = await response.json()
        after_handoff = detail["messages"][[m["text"] for m in detail["messages"]].index(
            "takk, jeg trenger hjelp med husleia"):]
        assert not any(m["sender"] == "bot" for m in after_handoff)
        await bruker.close()


async def test_back_to_bot_gives_the_conversation_to_rasa_again(running_service: Service) -> None:
    async with aiohttp.ClientSession() as http, aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as console:
        bruker = Bruker(http, running_service.url)
        await bruker.open(kommune="Grünerløkka")
        async with http.post(f"{running_service.url}/api/conversations/{bruker.id}/handoff",
                             headers=bruker.auth) as response:
            assert response.status == 200 and (await response.json())["state"] == "QUEUED"
        async with console.post(f"{running_service.url}/api/staff/login",
                                json={"username": "veileder1", "password": "passord-veileder1"}) as response:
            csrf = {"X-CSRF-Token": (await response.json())["csrf_token"]}
        base = f"{running_service.url}/api/staff/conversations/{bruker.id}"
        async with console.post(f"{base}/take", headers=csrf) as response:
            assert response.status == 200
        async with console.post(f"{base}/back-to-bot", headers=csrf) as response:
            assert (await response.json())["state"] == "BOT"
        await bruker.next_frame(is_state("BOT"))
        await bruker.say("hvordan søker jeg om sosialhjelp")
        answer = await bruker.next_frame(is_message("bot"))
        assert answer["message"]["text"].strip()
        await bruker.close()


async def test_rasa_widget_over_socketio(running_service: Service) -> None:
    sio, received = await widget_socket(running_service.url)

    async def next_event(name: str, text: str | None = None) -> Any:
        while True:
            event, data = await asyncio.wait_for(received.get(), 60)
            if event == name and (text is None or text in data.get("text", "")):
                return data

    await sio.emit("session_request", {"session_id": None})
    session_id = await next_event("session_confirm")
    await next_event("bot_uttered")  # greeting
    await sio.emit("user_uttered", {"message": "/get_started", "session_id": session_id})  # a widget's initPayload
    await sio.emit("user_uttered", {"message": "hei", "session_id": session_id})
    answer = await next_event("bot_uttered")
    assert answer["text"].strip() and set(answer) <= {"text", "quick_replies"}, "Rasa 3.6's own keys only"
    await sio.emit("user_uttered", {"message": "/human_handoff", "session_id": session_id})
    # No place known: the router asks once, with its "rather not say" quick reply, then queues at the answer.
    question = await next_event("bot_uttered", "kommune")
    assert set(question) == {"text", "quick_replies"} and question["quick_replies"][0]["payload"] == "/place_unknown"
    await sio.emit("user_uttered", {"message": "Grünerløkka", "session_id": session_id})
    notice = await next_event("bot_uttered", "kø")
    assert set(notice) == {"text", "quick_replies"} and "Grünerløkka" in notice["text"]
    # the way back to the bot, as a "/" payload a Rasa widget sends as a button
    assert [q["payload"] for q in notice["quick_replies"]] == ["/back_to_bot"]
    await sio.disconnect()
