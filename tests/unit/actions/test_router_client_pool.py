"""The action server's calls to the router share kept-alive connections, and survive a router restart."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiohttp import web

from actions.router_client import RouterClient, close_shared_session
from tests.processes import free_port


class FakeRouter:
    """The router's kommune endpoint; remembers the client port of each request (one port = one connection)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.client_ports: list[int] = []
        self.runner: web.AppRunner | None = None
        self.drop_reused = False  # close a kept-alive connection when it brings its next request, unanswered
        self.ways_asked = 0

    async def kommune(self, request: web.Request) -> web.Response:
        assert request.transport is not None
        self.client_ports.append(request.transport.get_extra_info("peername")[1])
        assert request.headers["Authorization"] == "Bearer secret"
        return web.json_response({"kommunenummer": "0301", "navn": request.match_info["name"]})

    async def handoff(self, request: web.Request) -> web.Response:
        assert request.transport is not None
        port = request.transport.get_extra_info("peername")[1]
        if self.drop_reused and port in self.client_ports:
            request.transport.close()
            raise web.HTTPServiceUnavailable  # never reaches the client: its connection is gone
        self.client_ports.append(port)
        return web.json_response({"state": "queued", **await request.json()})

    async def ways_to_nav(self, request: web.Request) -> web.Response:
        self.ways_asked += 1
        return web.json_response({"may_apply_digitally": True, "local_office": None, "registered_abroad": True})

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/api/kommuner/{name}", self.kommune)
        app.router.add_get("/api/internal/conversations/{id}/ways-to-nav", self.ways_to_nav)
        app.router.add_post("/api/internal/conversations/{id}/handoff", self.handoff)
        self.runner = web.AppRunner(app, access_log=None)
        await self.runner.setup()
        await web.TCPSite(self.runner, "127.0.0.1", self.port).start()

    async def stop(self) -> None:
        assert self.runner is not None
        await self.runner.cleanup()


@pytest.fixture
async def router() -> AsyncIterator[FakeRouter]:
    fake = FakeRouter(free_port())
    await fake.start()
    yield fake
    await close_shared_session()
    await fake.stop()


async def test_calls_from_several_action_runs_share_one_connection(router: FakeRouter) -> None:
    for name in ("Oslo", "Bergen", "Tromsø"):
        client = RouterClient(base_url=f"http://127.0.0.1:{router.port}", token="secret")  # one per action run
        answer = await client.get_kommune(name)
        assert answer == {"kommunenummer": "0301", "navn": name}
    assert len(router.client_ports) == 3
    assert len(set(router.client_ports)) == 1, "each call opened a connection of its own"


async def test_a_call_after_the_router_restarted_is_answered(router: FakeRouter) -> None:
    client = RouterClient(base_url=f"http://127.0.0.1:{router.port}", token="secret")
    assert await client.get_kommune("Oslo") is not None
    await router.stop()  # the kept-alive connection is closed under the client
    await router.start()
    assert await client.get_kommune("Bergen") == {"kommunenummer": "0301", "navn": "Bergen"}


async def test_a_kept_alive_connection_dropped_by_the_router_is_retried_once_on_a_new_one(
        router: FakeRouter) -> None:
    client = RouterClient(base_url=f"http://127.0.0.1:{router.port}", token="secret")
    assert await client.get_kommune("Oslo") is not None
    router.drop_reused = True
    assert await client.handoff("c1", {"reason": "x"}) == {"state": "queued", "reason": "x"}
    assert len(set(router.client_ports)) == 2  # the dropped connection, then a new one


async def test_closing_the_pool_lets_the_next_call_open_a_new_one(router: FakeRouter) -> None:
    client = RouterClient(base_url=f"http://127.0.0.1:{router.port}", token="secret")
    assert await client.get_kommune("Oslo") is not None
    await close_shared_session()
    assert await client.get_kommune("Bergen") is not None
    assert len(set(router.client_ports)) == 2


async def test_one_action_run_asks_the_router_how_the_person_reaches_nav_once(router: FakeRouter) -> None:
    """ActionSosialhjelpApply reads whether the person may apply digitally and whether they live abroad: one
    request, not one per answer read; another run (a new client) asks again."""
    client = RouterClient(base_url=f"http://127.0.0.1:{router.port}", token="secret")
    assert await client.may_apply_digitally("c1") is True
    assert await client.registered_abroad("c1") is True
    assert await client.local_office("c1") is None
    assert router.ways_asked == 1
    assert await RouterClient(base_url=f"http://127.0.0.1:{router.port}", token="secret").registered_abroad("c1")
    assert router.ways_asked == 2
