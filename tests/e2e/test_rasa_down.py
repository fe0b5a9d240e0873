"""The router process with Rasa unreachable: a clear message, a way to a human, never a 500 or a hang."""

from __future__ import annotations

import asyncio
import os
import time
import uuid
from pathlib import Path

import aiohttp
import pytest

from router.texts import fixed_text
from tests.e2e.conftest import PYTHON, ROOT
from tests.processes import free_port

# Training (when the model inputs changed) and starting Rasa can take minutes on two cores.
pytestmark = [pytest.mark.e2e, pytest.mark.timeout(1800)]


async def test_router_without_rasa(tmp_path: Path) -> None:
    port, dead_port = free_port(), free_port()
    env = {
        **os.environ,
        "NAVCHAT_PORT": str(port),
        "NAVCHAT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'router.db'}",
        "NAVCHAT_RASA_URL": f"http://127.0.0.1:{dead_port}",
        "NAVCHAT_ACTION_SERVER_URL": f"http://127.0.0.1:{dead_port}",
    }
    process = await asyncio.create_subprocess_exec(PYTHON, "-m", "router.app", cwd=ROOT, env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        async with aiohttp.ClientSession() as http:
            deadline = time.monotonic() + 60
            while True:
                try:
                    async with http.get(f"{url}/health") as response:
                        health = await response.json()
                        break
                except aiohttp.ClientError:
                    assert time.monotonic() < deadline, "router did not start"
                    await asyncio.sleep(0.3)
            assert health["rasa"] == "down" and health["database"] == "up"

            async with http.post(f"{url}/api/conversations", json={}) as response:
                data = await response.json()
            auth = {"Authorization": f"Bearer {data['token']}"}
            started = time.monotonic()
            async with http.post(f"{url}/api/conversations/{data['id']}/messages", headers=auth,
                                 json={"client_msg_id": uuid.uuid4().hex, "text": "hei"}) as response:
                assert response.status == 201
            notice = None
            while notice is None and time.monotonic() - started < 20:
                async with http.get(f"{url}/api/conversations/{data['id']}/messages", headers=auth) as response:
                    messages = (await response.json())["messages"]
                notice = next((m for m in messages if m["sender"] == "system"), None)
                await asyncio.sleep(0.2)
            assert notice is not None, "no message to the bruker when the bot is down"
            # No Rasa listening: her message is saved and tried again (router/services/bot_outage.py); the notice
            # says so, with the button to a person.
            assert notice["text"] == fixed_text("bot_retrying", "nb") and notice["buttons"][0]["payload"] == \
                "/human_handoff"
            async with http.post(f"{url}/api/conversations/{data['id']}/handoff", headers=auth) as response:
                asked = await response.json()
            # No place known: the router asks where the bruker lives itself, bot or no bot, and then queues.
            assert response.status == 200 and asked["state"] == "BOT" and "kommune" in asked["message"]
            async with http.post(f"{url}/api/conversations/{data['id']}/messages", headers=auth,
                                 json={"client_msg_id": uuid.uuid4().hex, "text": "Asker"}) as response:
                assert response.status == 201
            state = None
            while state != "QUEUED" and time.monotonic() - started < 40:
                await asyncio.sleep(0.2)
                async with http.get(f"{url}/api/conversations/{data['id']}/messages", headers=auth) as response:
                    state = (await response.json())["conversation"]["state"]
            assert state == "QUEUED", "the bruker reaches a human with the bot down, not kept behind the retries"
            # Typed words asking for a person while the bot is away are handed off too.
            async with http.post(f"{url}/api/conversations", json={"kommune": "Asker"}) as response:
                data = await response.json()
            auth = {"Authorization": f"Bearer {data['token']}"}
            async with http.post(f"{url}/api/conversations/{data['id']}/messages", headers=auth,
                                 json={"client_msg_id": uuid.uuid4().hex,
                                       "text": "kan jeg få snakke med en veileder?"}) as response:
                assert response.status == 201
            started, state = time.monotonic(), None
            while state != "QUEUED" and time.monotonic() - started < 20:
                await asyncio.sleep(0.2)
                async with http.get(f"{url}/api/conversations/{data['id']}/messages", headers=auth) as response:
                    state = (await response.json())["conversation"]["state"]
            assert state == "QUEUED", "asked for a person in words while the bot is away"
    finally:
        process.terminate()
        await asyncio.wait_for(process.wait(), 20)
