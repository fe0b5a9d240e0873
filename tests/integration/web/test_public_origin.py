"""NAVCHAT_PUBLIC_ORIGIN: the cross-site check compared a browser's Origin with the Host header the request named, so
it was only as good as the proxy in front (one that rewrites Host) and a non-browser could forge both: a foreign
Origin with a Host to match passed. With the setting, the Origin must be the site's own, whatever Host says; without
it (development) the Host comparison stays."""

from __future__ import annotations

from dataclasses import replace

import pytest
from aiohttp.test_utils import TestClient

from router.config import Settings
from tests.conftest import open_conversation

PUBLIC = "https://chat.nav.example"
LOGIN = {"username": "veileder2", "password": "passord-veileder2"}
WS_UPGRADE = {"Upgrade": "websocket", "Connection": "Upgrade", "Sec-WebSocket-Version": "13",
              "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ=="}


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return replace(settings, public_origin=PUBLIC, allowed_origins=("https://www.kommune.example",))


async def test_a_foreign_origin_with_a_forged_host_to_match_is_refused(client: TestClient) -> None:
    forged = await client.post("/api/staff/login", json=LOGIN,
                               headers={"Origin": "https://evil.example", "Host": "evil.example"})
    assert forged.status == 403 and "Origin" in (await forged.json())["error"]
    assert "navchat_staff" not in forged.cookies
    # A page that embeds the chat (NAVCHAT_ALLOWED_ORIGINS) opens its socket; it posts nothing to /api/.
    embedding = await client.post("/api/staff/login", json=LOGIN,
                                  headers={"Origin": "https://www.kommune.example", "Host": "www.kommune.example"})
    assert embedding.status == 403
    # The site's own page, whatever Host the proxy passed on (here the router's own address).
    own = await client.post("/api/staff/login", json=LOGIN, headers={"Origin": PUBLIC})
    assert own.status == 200, await own.text()
    # A client without a browser sends no Origin: its own rules decide, as before.
    conversation_id, auth = await open_conversation(client)
    assert (await client.post(f"/api/conversations/{conversation_id}/close", headers=auth)).status == 200


async def test_the_websockets_follow_the_same_rule(client: TestClient) -> None:
    conversation_id, _ = await open_conversation(client)
    forged = await client.get(f"/api/conversations/{conversation_id}/ws",
                              headers={**WS_UPGRADE, "Origin": "https://evil.example", "Host": "evil.example"})
    assert forged.status == 403
    own = await client.ws_connect(f"/api/conversations/{conversation_id}/ws", headers={"Origin": PUBLIC})
    await own.close()
