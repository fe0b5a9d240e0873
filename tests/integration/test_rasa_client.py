"""Several Rasa processes behind one RasaClient (NAVCHAT_RASA_URL comma-separated): each conversation sticks to
the one its id hashes to, for turns and tracker calls alike, and goes to another when that one cannot be reached."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from router.adapters.rasa_client import RasaClient
from router.config import Settings
from router.ports.bot import BotUnavailable
from tests.processes import free_port


def fake_rasa(name: str, seen: list[tuple[str, str, str]]) -> web.Application:
    async def webhook(request: web.Request) -> web.Response:
        body = await request.json()
        seen.append((name, "turn", body["sender"]))
        return web.json_response([{"recipient_id": body["sender"], "text": f"svar fra {name}"}])

    async def events(request: web.Request) -> web.Response:
        seen.append((name, "events", request.match_info["id"]))
        return web.json_response({})

    async def tracker(request: web.Request) -> web.Response:
        seen.append((name, "tracker", request.match_info["id"]))
        return web.json_response({"sender_id": request.match_info["id"], "events": []})

    async def status(request: web.Request) -> web.Response:
        return web.json_response({"model_file": "m.tar.gz"})

    app = web.Application()
    app.router.add_post("/webhooks/rest/webhook", webhook)
    app.router.add_post("/conversations/{id}/tracker/events", events)
    app.router.add_get("/conversations/{id}/tracker", tracker)
    app.router.add_get("/status", status)
    return app


@pytest.fixture
async def two_rasa() -> AsyncIterator[tuple[list[str], list[tuple[str, str, str]]]]:
    seen: list[tuple[str, str, str]] = []
    servers = [TestServer(fake_rasa(name, seen), host="127.0.0.1") for name in ("a", "b")]
    for server in servers:
        await server.start_server()
    yield [str(server.make_url("")).rstrip("/") for server in servers], seen
    for server in servers:
        await server.close()


def test_settings_split_the_comma_separated_urls() -> None:
    settings = Settings(rasa_url="http://127.0.0.1:5005, http://127.0.0.1:5006,")
    assert settings.rasa_urls == ("http://127.0.0.1:5005", "http://127.0.0.1:5006")
    assert Settings().rasa_urls == ("http://127.0.0.1:5005",)


async def test_each_conversation_sticks_to_one_rasa_and_both_are_used(
        two_rasa: tuple[list[str], list[tuple[str, str, str]]]) -> None:
    urls, seen = two_rasa
    async with aiohttp.ClientSession() as http:
        client = RasaClient(http, ",".join(urls), "token-token-token", 5)
        conversations = [f"c{n}" for n in range(12)]
        for conversation in conversations:
            for _ in range(3):
                answer = await client.send(conversation, "hei")
                assert len(answer) == 1
            await client.tracker(conversation)
    by_conversation: dict[str, set[str]] = {}
    for name, _kind, conversation in seen:
        by_conversation.setdefault(conversation, set()).add(name)
    assert all(len(names) == 1 for names in by_conversation.values()), "turns and tracker calls on one Rasa"
    assert {name for name, _, _ in seen} == {"a", "b"}, "conversations spread over both"


async def test_a_rasa_that_cannot_be_reached_hands_the_turn_to_another(
        two_rasa: tuple[list[str], list[tuple[str, str, str]]]) -> None:
    urls, seen = two_rasa
    dead = f"http://127.0.0.1:{free_port()}"
    async with aiohttp.ClientSession() as http:
        client = RasaClient(http, [dead, *urls], "", 5)
        on_dead = next(c for c in (f"d{n}" for n in range(100)) if client.urls_for(c)[0] == dead)
        answer = await client.send(on_dead, "hei")
        assert answer[0].text.startswith("svar fra")
        await client.tracker(on_dead)
        assert await client.is_healthy()
        assert {conversation for _, _, conversation in seen} == {on_dead}

        nobody = RasaClient(http, [dead, f"http://127.0.0.1:{free_port()}"], "", 5)
        with pytest.raises(BotUnavailable) as gone:
            await nobody.send("x", "hei")
        assert gone.value.rasa_gone, "no Rasa listens: the turn may wait for one to come back (bot_outage)"
        assert not await nobody.is_healthy()


async def test_an_error_answer_does_not_fail_over(two_rasa: tuple[list[str], list[tuple[str, str, str]]]) -> None:
    """Rasa answered (it may have processed the turn): the turn is not sent again elsewhere."""
    urls, seen = two_rasa
    async with aiohttp.ClientSession() as http:
        client = RasaClient(http, urls, "", 5)
        with pytest.raises(BotUnavailable) as failed:
            await client._request("GET", "/no/such/path", "c1")
    assert seen == []
    assert not failed.value.rasa_gone, "a Rasa answered: not waited for, it may have taken the message"


def slow_rasa(state: dict[str, int], release: asyncio.Event) -> web.Application:
    """A Rasa that holds every turn until ``release`` is set, counting the turns it holds at once."""

    async def webhook(request: web.Request) -> web.Response:
        body = await request.json()
        state["now"] += 1
        state["most"] = max(state["most"], state["now"])
        try:
            await release.wait()
        finally:
            state["now"] -= 1
        return web.json_response([{"recipient_id": body["sender"], "text": "svar"}])

    app = web.Application()
    app.router.add_post("/webhooks/rest/webhook", webhook)
    return app


async def test_each_rasa_gets_at_most_its_slots_and_the_rest_wait_without_timing_out() -> None:
    """Backpressure: 12 turns at once to a Rasa with 3 slots; Rasa never holds more than 3, the others wait in the
    router until Rasa has room, and all 12 are answered."""
    state, release = {"now": 0, "most": 0}, asyncio.Event()
    server = TestServer(slow_rasa(state, release), host="127.0.0.1")
    await server.start_server()
    try:
        async with aiohttp.ClientSession() as http:
            client = RasaClient(http, str(server.make_url("")).rstrip("/"), "", 5, max_in_flight=3, queue_wait_s=10)
            turns = [asyncio.create_task(client.send(f"c{n}", "hei")) for n in range(12)]
            await asyncio.sleep(0.2)
            assert state["now"] == 3 and client.turns_waiting == 9
            release.set()
            answers = await asyncio.gather(*turns)
    finally:
        await server.close()
    assert [len(answer) for answer in answers] == [1] * 12
    assert state["most"] == 3 and client.turns_waiting == 0


async def test_a_turn_that_finds_no_free_slot_in_time_is_unavailable() -> None:
    state, release = {"now": 0, "most": 0}, asyncio.Event()
    server = TestServer(slow_rasa(state, release), host="127.0.0.1")
    await server.start_server()
    try:
        async with aiohttp.ClientSession() as http:
            client = RasaClient(http, str(server.make_url("")).rstrip("/"), "", 5, max_in_flight=1, queue_wait_s=0.2)
            first = asyncio.create_task(client.send("c1", "hei"))
            await asyncio.sleep(0.05)
            with pytest.raises(BotUnavailable, match="busy"):
                await client.send("c2", "hei")
            release.set()
            assert len(await first) == 1
            # The slot the refused turn waited for was never taken: the next turn gets it.
            assert len(await client.send("c3", "hei")) == 1
    finally:
        await server.close()


async def test_the_timeout_counts_only_rasas_own_time_not_the_wait_for_a_slot() -> None:
    """One slot, Rasa 0.15 s a turn, six turns at once: the last waits 0.75 s, past the 0.4 s timeout, and is
    still answered, since its own turn at Rasa took 0.15 s."""
    async def webhook(request: web.Request) -> web.Response:
        body = await request.json()
        await asyncio.sleep(0.15)
        return web.json_response([{"recipient_id": body["sender"], "text": "svar"}])

    app = web.Application()
    app.router.add_post("/webhooks/rest/webhook", webhook)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    try:
        async with aiohttp.ClientSession() as http:
            client = RasaClient(http, str(server.make_url("")).rstrip("/"), "", 0.4, max_in_flight=1, queue_wait_s=10)
            answers = await asyncio.gather(*(client.send(f"c{n}", "hei") for n in range(6)))
            assert [len(answer) for answer in answers] == [1] * 6
    finally:
        await server.close()


class DyingRasa:
    """A Rasa on a raw socket that answers its first turn on a kept-alive connection and dies on the second: with
    ``stop_listening`` it is killed (nothing listens any more), without it only that connection breaks."""

    def __init__(self, stop_listening: bool) -> None:
        self.stop_listening = stop_listening
        self.turns = 0
        self.server: asyncio.Server | None = None

    async def start(self) -> str:
        self.server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        return f"http://127.0.0.1:{self.server.sockets[0].getsockname()[1]}"

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            length = int(next((line.split(b":")[1] for line in head.split(b"\r\n")
                               if line.lower().startswith(b"content-length:")), b"0"))
            await reader.readexactly(length)
            if head.startswith(b"GET /status"):  # alive: a fresh connection asking whether it is (not a turn)
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}")
                await writer.drain()
                continue
            self.turns += 1
            if self.turns > 1:
                if self.stop_listening and self.server is not None:
                    self.server.close()
                writer.transport.abort()
                return
            body = b'[{"text": "svar fra den som d\\u00f8r"}]'
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                         + str(len(body)).encode() + b"\r\n\r\n" + body)
            await writer.drain()


@pytest.mark.parametrize("killed", [True, False])
async def test_a_rasa_killed_with_a_kept_alive_connection_hands_the_turn_to_another_only_when_it_is_gone(
        two_rasa: tuple[list[str], list[tuple[str, str, str]]], killed: bool) -> None:
    """The router keeps connections to Rasa alive; a Rasa killed since (kill -9 in the scaled profile) breaks the
    next turn on its connection. Nothing listens there any more, so the turn goes to the next Rasa. A broken
    connection to a Rasa that still listens may have been processed there: unavailable, not sent twice."""
    urls, seen = two_rasa
    dying = DyingRasa(stop_listening=killed)
    dying_url = await dying.start()
    async with aiohttp.ClientSession() as http:
        client = RasaClient(http, [dying_url, *urls], "", 5)
        conversation = next(c for c in (f"k{n}" for n in range(100)) if client.urls_for(c)[0] == dying_url)
        first = await client.send(conversation, "hei")
        assert first[0].text == "svar fra den som dør"
        if killed:
            second = await client.send(conversation, "hei igjen")
            assert second[0].text.startswith("svar fra "), "answered by the next Rasa"
            assert [c for _, _, c in seen] == [conversation]
        else:
            with pytest.raises(BotUnavailable):
                await client.send(conversation, "hei igjen")
            assert seen == [], "not sent again to another Rasa"
    assert dying.turns == 2
    if dying.server is not None:
        dying.server.close()
