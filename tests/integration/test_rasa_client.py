"""Several Rasa processes behind one RasaClient (NAVCHAT_RASA_URL comma-separated): each conversation sticks to
the one its id hashes to, for turns and tracker calls alike, and goes to another when that one cannot be reached."""

from __future__ import annotations

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
        with pytest.raises(BotUnavailable):
            await nobody.send("x", "hei")
        assert not await nobody.is_healthy()


async def test_an_error_answer_does_not_fail_over(two_rasa: tuple[list[str], list[tuple[str, str, str]]]) -> None:
    """Rasa answered (it may have processed the turn): the turn is not sent again elsewhere."""
    urls, seen = two_rasa
    async with aiohttp.ClientSession() as http:
        client = RasaClient(http, urls, "", 5)
        with pytest.raises(BotUnavailable):
            await client._request("GET", "/no/such/path", "c1")
    assert seen == []
