"""Rasa in the scaled shape: two `rasa run` processes with the trained model load endpoints.scaled.yml as it is
committed (environment variables expanded by Rasa itself), call the real action server, share one PostgreSQL
tracker store and one Redis lock store, answer one conversation's messages sent to both, keep every turn in the
tracker, take a message sent again (a turn the routers run again) once, and leave no lock. (No router here: the
actions degrade to their answers without it.)"""

from __future__ import annotations

import asyncio
import os
import subprocess
import time
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest

from tests.integration.scaled.conftest import _ensure_services
from tests.postgres import pg_admin
from tests.processes import free_port, stop

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(900)]
ROOT = Path(__file__).resolve().parents[2]
RASA_PYTHON = str(ROOT / ".venv-rasa" / "bin" / "python")
PYTHON = str(ROOT / ".venv" / "bin" / "python")
START_TIMEOUT_S = 300


def _up(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


@pytest.fixture(scope="module")
def two_rasa(trained_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[list[str], str, int]]:
    tmp_path = tmp_path_factory.mktemp("scaled-rasa")
    _ensure_services()
    database, lock_db = f"navchat_rasa_{uuid.uuid4().hex[:10]}", 5
    asyncio.run(pg_admin(f'CREATE DATABASE "{database}"'))
    action_port = free_port()
    env = {**os.environ, "NAVCHAT_ACTION_URL": f"http://127.0.0.1:{action_port}/webhook",
           "NAVCHAT_ACTION_TOKEN": "t" * 24, "NAVCHAT_ROUTER_URL": "http://127.0.0.1:9",
           "NAVCHAT_PG_HOST": "127.0.0.1", "NAVCHAT_PG_PORT": "5432", "NAVCHAT_RASA_DB": database,
           "NAVCHAT_PG_USER": "postgres", "NAVCHAT_PG_PASSWORD": "", "NAVCHAT_PG_LOGIN_DB": "postgres",
           "NAVCHAT_REDIS_HOST": "127.0.0.1", "NAVCHAT_REDIS_PORT": "6379", "NAVCHAT_REDIS_PASSWORD": "",
           "NAVCHAT_REDIS_LOCK_DB": str(lock_db), "PYTHONPATH": str(ROOT)}
    ports = [free_port(), free_port()]
    action_log = (tmp_path / "actions.log").open("wb")
    processes = [subprocess.Popen([PYTHON, "-m", "actions.server", "--actions", "actions", "-p", str(action_port)],
                                  cwd=ROOT, env=env, stdout=action_log, stderr=subprocess.STDOUT)]
    for port in ports:
        log = (tmp_path / f"rasa-{port}.log").open("wb")
        processes.append(subprocess.Popen(
            [RASA_PYTHON, "-m", "rasa", "run", "--enable-api", "-m", str(trained_model), "--endpoints",
             "endpoints.scaled.yml", "--credentials", "credentials.yml", "-i", "127.0.0.1", "-p", str(port)],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT))
    urls = [f"http://127.0.0.1:{port}" for port in ports]
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while not all(_up(url) for url in [f"{url}/" for url in urls] + [f"http://127.0.0.1:{action_port}/health"]):
            if any(p.poll() is not None for p in processes) or time.monotonic() > deadline:
                logs = "\n".join(p.read_text(errors="replace")[-2500:] for p in sorted(tmp_path.glob("*.log")))
                pytest.fail(f"Rasa did not start with endpoints.scaled.yml:\n{logs}")
            time.sleep(2)
        yield urls, database, lock_db
    finally:
        for process in processes:
            stop(process)
        asyncio.run(pg_admin(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))


async def test_two_rasa_processes_share_the_tracker_and_the_lock(two_rasa: tuple[list[str], str, int]) -> None:
    """Like the routers send (one turn of a conversation at a time, services/turns.py), each turn to either
    process: three conversations at once, their turns alternating between the two Rasa processes."""
    urls, database, lock_db = two_rasa
    texts = ["hei", "hvordan søker jeg om sosialhjelp?", "hva er meldekort?", "takk", "hvor er nav-kontoret mitt?",
             "ha det"]
    senders = [f"scaled-{uuid.uuid4().hex[:8]}" for _ in range(3)]
    async with aiohttp.ClientSession() as http:
        async def conversation(sender: str) -> dict:  # type: ignore[type-arg]
            for turn, text in enumerate(texts):
                async with http.post(f"{urls[turn % 2]}/webhooks/rest/webhook",
                                     json={"sender": sender, "message": text}) as response:
                    assert response.status == 200 and await response.json(), (sender, text)
            async with http.get(f"{urls[1]}/conversations/{sender}/tracker",
                                params={"include_events": "ALL"}) as response:
                return await response.json()  # type: ignore[no-any-return]

        trackers = await asyncio.gather(*(conversation(sender) for sender in senders))
    for tracker in trackers:
        said = [e["text"] for e in tracker["events"] if e["event"] == "user"]
        assert said == texts, "every turn in the shared tracker, once and in order"

    assert await _stored_user_events(database, senders) == len(texts) * len(senders), "the tracker lives in PostgreSQL"
    _assert_no_lock_left(lock_db)


async def test_a_message_sent_again_is_answered_once_from_the_tracker(two_rasa: tuple[list[str], str, int]) -> None:
    """A router runs a turn again when it cannot know it finished (its lease ran out, or it died after Rasa
    answered): the same message, with the same message id, reaches Rasa again, even while the first is still being
    answered. Rasa takes it once (bot/turn_once.py) and answers it again as it did the first time.

    As the routers send it: a copy while the first is answered goes to the same Rasa (the conversation's own, by a
    stable hash); another Rasa gets the conversation only when its own is gone (rasa_client.py), so after it.
    Copies at once to both processes: the next test."""
    urls, database, lock_db = two_rasa
    senders = [f"again-{uuid.uuid4().hex[:8]}" for _ in range(3)]
    question, next_question = "hvordan søker jeg om sosialhjelp?", "hva er meldekort?"
    async with aiohttp.ClientSession() as http:
        async def send(url: str, sender: str, text: str, message_id: int) -> list[dict]:  # type: ignore[type-arg]
            async with http.post(f"{url}/webhooks/rest/webhook", json={
                    "sender": sender, "message": text, "metadata": {"message_id": message_id, "language": "nb"}}) \
                    as response:
                assert response.status == 200
                return await response.json()  # type: ignore[no-any-return]

        async def conversation(sender: str) -> tuple[list[list[dict]], list[dict], dict]:  # type: ignore[type-arg]
            # Twice at once to the conversation's Rasa, then once more to the other (a failover); then the next.
            answers = list(await asyncio.gather(send(urls[0], sender, question, 7), send(urls[0], sender, question, 7)))
            answers.append(await send(urls[1], sender, question, 7))
            following = await send(urls[1], sender, next_question, 8)
            async with http.get(f"{urls[0]}/conversations/{sender}/tracker",
                                params={"include_events": "ALL"}) as response:
                return answers, following, await response.json()

        results = await asyncio.gather(*(conversation(sender) for sender in senders))
    for answers, following, tracker in results:
        texts = [[answer.get("text") for answer in each] for each in answers]
        assert texts[0], "the question is answered"
        assert texts[1] == texts[0] and texts[2] == texts[0], f"every copy gets the first answer: {texts}"
        assert following and [a.get("text") for a in following] != texts[0], "the next message is handled anew"
        said = [(e["text"], e["metadata"].get("message_id")) for e in tracker["events"] if e["event"] == "user"]
        assert said == [(question, 7), (next_question, 8)], "each message once in the tracker"
        bot_texts = [e["text"] for e in tracker["events"] if e["event"] == "bot"]
        assert bot_texts[:len(texts[0])] == texts[0] and len(bot_texts) == len(texts[0]) + len(following), \
            "the answers given again are not stored again"
    assert await _stored_user_events(database, senders) == 2 * len(senders)
    _assert_no_lock_left(lock_db)


async def test_copies_at_once_to_both_processes_are_taken_once(two_rasa: tuple[list[str], str, int]) -> None:
    """Not what a router sends, but what the shared lock store must hold: one conversation's messages at the same
    moment at two Rasa processes run one after the other (bot/redis_lock.py), so a copy is taken once. With Rasa's
    own RedisLockStore 11 and 12 of these 40 were taken twice (two runs)."""
    urls, database, lock_db = two_rasa
    senders = [f"both-{uuid.uuid4().hex[:8]}" for _ in range(40)]
    async with aiohttp.ClientSession() as http:
        async def send(url: str, sender: str) -> None:
            async with http.post(f"{url}/webhooks/rest/webhook", json={
                    "sender": sender, "message": "hei", "metadata": {"message_id": 1, "language": "nb"}}) as response:
                assert response.status == 200

        await asyncio.gather(*(send(url, sender) for sender in senders for url in urls))
    assert await _stored_user_events(database, senders) == len(senders), "each copy taken once"
    _assert_no_lock_left(lock_db)


async def _stored_user_events(database: str, senders: list[str]) -> int:
    import asyncpg

    connection = await asyncpg.connect(f"postgresql://postgres@127.0.0.1:5432/{database}")
    try:
        return int(await connection.fetchval(
            "SELECT count(*) FROM events WHERE type_name = 'user' AND sender_id = ANY($1::text[])", senders))
    finally:
        await connection.close()


def _assert_no_lock_left(lock_db: int) -> None:
    import redis

    leftover = redis.Redis(host="127.0.0.1", port=6379, db=lock_db).keys("navchat*")
    assert leftover == [], f"no lock left behind: {leftover}"
