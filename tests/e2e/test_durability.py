"""Nothing acknowledged is lost: the router is killed with SIGKILL right after brukere's messages were accepted.

Through the real processes (trained model, action server, router, started by scripts/run_all.py, which starts a
dead child again): every message acknowledged before the kill gets its bot answer after the restart, once, and
Rasa takes each message once, also when the turn it was sent in is run again after the restart.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import time
import uuid

import aiohttp
import pytest

from router.texts import fixed_text
from tests.e2e.conftest import Service, rasa_events
from tests.launcher import healthy

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(600)]

CONVERSATIONS = 30
QUESTIONS = ["hei", "hvordan søker jeg om økonomisk sosialhjelp", "hva er dagpenger", "når kommer pengene",
             "hvilke vedlegg trenger jeg"]


async def _open_and_say(http: aiohttp.ClientSession, url: str, text: str) -> tuple[str, dict[str, str], int]:
    async with http.post(f"{url}/api/conversations", json={"kommune": "Asker"}) as response:
        data = await response.json()
    auth = {"Authorization": f"Bearer {data['token']}"}
    async with http.post(f"{url}/api/conversations/{data['id']}/messages", headers=auth,
                         json={"client_msg_id": uuid.uuid4().hex, "text": text}) as response:
        assert response.status == 201, await response.text()
        seq = (await response.json())["seq"]
    return data["id"], auth, seq


async def _answers_after(http: aiohttp.ClientSession, url: str, conversation_id: str, auth: dict[str, str],
                         seq: int) -> list[dict]:
    async with http.get(f"{url}/api/conversations/{conversation_id}/messages?after={seq}", headers=auth) as response:
        if response.status != 200:
            return []
        return [m for m in (await response.json())["messages"] if m["sender"] in ("bot", "system")]


def _wait_healthy(url: str, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if healthy(url):
            return
        time.sleep(0.5)
    raise AssertionError(f"the router was not back within {timeout_s} s")


async def test_kill_9_of_the_router_loses_no_acknowledged_message(running_service: Service) -> None:
    url = running_service.url
    pid = int((running_service.data_dir / "log" / "router.pid").read_text())
    async with aiohttp.ClientSession() as http:
        sent = await asyncio.gather(*(_open_and_say(http, url, QUESTIONS[i % len(QUESTIONS)])
                                      for i in range(CONVERSATIONS)))
        os.kill(pid, signal.SIGKILL)  # every message above was acknowledged (201) before this line
        killed_at = time.monotonic()
        await asyncio.to_thread(_wait_healthy, url, 180)
        back_after = time.monotonic() - killed_at
        assert int((running_service.data_dir / "log" / "router.pid").read_text()) != pid, "a new router runs"
        deadline = time.monotonic() + 120
        answered: dict[str, list[dict]] = {}
        while time.monotonic() < deadline and len(answered) < CONVERSATIONS:
            for conversation_id, auth, seq in sent:
                if conversation_id not in answered:
                    answers = await _answers_after(http, url, conversation_id, auth, seq)
                    if answers:
                        answered[conversation_id] = answers
            await asyncio.sleep(0.5)
        all_answered_after = time.monotonic() - killed_at
    print(f"\nkill -9: {CONVERSATIONS} messages acknowledged before the kill, {len(answered)} answered after the "
          f"restart; router healthy again after {back_after:.1f} s, every message answered {all_answered_after:.1f} s "
          "after the kill")
    router_log = (running_service.data_dir / "log" / "router.log").read_text(errors="replace")
    print(f"turns of the killed router taken over at once (turns.released_dead_router): "
          f"{router_log.count('turns.released_dead_router')} line(s)")
    assert len(answered) == CONVERSATIONS, f"{CONVERSATIONS - len(answered)} acknowledged messages never answered"
    with sqlite3.connect(running_service.data_dir / "router.db") as db:
        states = dict(db.execute("SELECT state, count(*) FROM bot_turn GROUP BY state").fetchall())
        retried = db.execute("SELECT count(*) FROM bot_turn WHERE attempts > 1").fetchone()[0]
    print(f"bot turns by state: {states}; taken over after the kill: {retried}")
    assert set(states) == {"done"}, states
    assert all(a["sender"] == "bot" for answers in answered.values() for a in answers), \
        "answered by the bot, not by a 'bot unavailable' notice"
    rasa_log = (running_service.data_dir / "log" / "rasa.log").read_text(errors="replace")
    print(f"turns Rasa had answered before the kill, answered again from its tracker: "
          f"{rasa_log.count('turn_once.answered_again')}")
    in_rasa = {conversation_id: _in_rasa(running_service, conversation_id)[0] for conversation_id, _, _ in sent}
    assert in_rasa == {conversation_id: [seq] for conversation_id, _, seq in sent}, \
        f"each message once in Rasa's tracker: {in_rasa}"


async def _kill_and_check(running_service: Service, name: str
                          ) -> tuple[list[tuple[str, dict[str, str], int]], int, int]:
    """kill -9 one process; every message sent while it is down gets an answer (the bot's, or the honest notice
    with the way to a human); once the launcher has started it again, the bot answers again by itself."""
    url = running_service.url
    pid_file = running_service.data_dir / "log" / f"{name}.pid"
    pid = int(pid_file.read_text())
    os.kill(pid, signal.SIGKILL)
    async with aiohttp.ClientSession() as http:
        sent = await asyncio.gather(*(_open_and_say(http, url, "hvordan søker jeg om økonomisk sosialhjelp")
                                      for _ in range(10)))
        answered = 0
        deadline = time.monotonic() + 60
        pending = list(sent)
        while pending and time.monotonic() < deadline:
            for item in list(pending):
                if await _answers_after(http, url, item[0], item[1], item[2]):
                    pending.remove(item)
                    answered += 1
            await asyncio.sleep(0.5)
        recovered_after = None
        started = time.monotonic()
        while time.monotonic() - started < 240:
            conversation_id, auth, seq = await _open_and_say(http, url, "hei")
            await asyncio.sleep(3)
            answers = await _answers_after(http, url, conversation_id, auth, seq)
            if answers and answers[0]["sender"] == "bot":
                recovered_after = time.monotonic() - started
                break
    assert int(pid_file.read_text()) != pid, f"{name} was started again"
    assert recovered_after is not None, f"the bot did not answer again after {name} came back"
    print(f"\nkill -9 {name}: {len(sent)} messages sent while it was down, {answered} answered (bot or notice); "
          f"bot answering again after {recovered_after:.0f} s")
    return sent, answered, int(recovered_after)


@pytest.mark.parametrize("name", ["rasa", "actions"])
async def test_kill_9_of_rasa_or_the_action_server_gets_an_honest_answer_and_recovers(
        running_service: Service, name: str) -> None:
    sent, answered, recovered_after = await _kill_and_check(running_service, name)
    assert answered == len(sent), "no message sent while a part was down went unanswered"
    if name != "rasa":
        return
    # No Rasa listening: each bruker was told her message is saved, and the bot answered it once it was back
    # (router/services/bot_outage.py), each message taken once by Rasa.
    url, retrying = running_service.url, fixed_text("bot_retrying", "nb")
    async with aiohttp.ClientSession() as http:
        deadline, waiting = time.monotonic() + 60, list(sent)
        while waiting and time.monotonic() < deadline:
            for item in list(waiting):
                answers = await _answers_after(http, url, *item)
                if any(answer["sender"] == "bot" for answer in answers):
                    assert answers[0]["text"] == retrying, answers
                    waiting.remove(item)
            await asyncio.sleep(1)
    assert not waiting, f"{len(waiting)} of {len(sent)} questions asked while Rasa was down never got the bot's " \
                        f"answer (Rasa back after about {recovered_after} s)"
    for conversation_id, _, _ in sent:
        assert len(_in_rasa(running_service, conversation_id)[0]) == 1, "each message taken once by Rasa"


def _in_rasa(service: Service, conversation_id: str) -> tuple[list[int], list[str]]:
    """The message ids of the conversation's user events in Rasa's tracker, and the bot's texts, in order."""
    events = rasa_events(service, conversation_id)
    return ([e["metadata"]["message_id"] for kind, e in events if kind == "user"],
            [e["text"] for kind, e in events if kind == "bot"])


async def test_a_router_killed_after_rasa_answered_gets_the_same_answer_without_asking_rasa_twice(
        running_service: Service) -> None:
    """The router is stopped after it sent the bruker's message to Rasa, and killed once Rasa has answered it
    (the answer never stored). The turn runs again after the restart, once its lease has run out: Rasa answers it
    from its tracker (bot/turn_once.py), so the bruker reads what Rasa answered the first time, once, and Rasa's
    tracker holds the message once."""
    url, pid_file = running_service.url, running_service.data_dir / "log" / "router.pid"
    async with aiohttp.ClientSession() as http:
        for _attempt in range(5):
            pid = int(pid_file.read_text())
            conversation_id, auth, seq = await _open_and_say(http, url, "hvilke vedlegg trenger jeg")
            os.kill(pid, signal.SIGSTOP)  # the request to Rasa went out before the 201 (tasks.behind_started_requests)
            for _ in range(200):  # up to 20 s
                if seq in _in_rasa(running_service, conversation_id)[0]:
                    break
                await asyncio.sleep(0.1)
            if seq in _in_rasa(running_service, conversation_id)[0]:
                os.kill(pid, signal.SIGKILL)  # Rasa has answered; the router never stored it
                break
            os.kill(pid, signal.SIGCONT)  # the request had not gone out yet: let it answer, try another
        else:
            pytest.fail("the router's request never reached Rasa before the router was stopped, in 5 tries")
        await asyncio.to_thread(_wait_healthy, url, 180)
        deadline = time.monotonic() + 60
        answers: list[dict] = []
        while time.monotonic() < deadline and not answers:
            answers = await _answers_after(http, url, conversation_id, auth, seq)
            await asyncio.sleep(0.5)
        await asyncio.sleep(1)  # anything stored twice would show by now
        answers = await _answers_after(http, url, conversation_id, auth, seq)
    said, bot_texts = _in_rasa(running_service, conversation_id)
    assert said == [seq], "the message once in Rasa's tracker"
    assert answers, "the bruker got an answer after the restart"
    assert [a["sender"] for a in answers] == ["bot"] * len(answers)
    assert [a["text"] for a in answers] == bot_texts[-len(answers):], \
        "the answer Rasa gave the first time, each text once"
    rasa_log = (running_service.data_dir / "log" / "rasa.log").read_text(errors="replace")
    assert f"turn_once.answered_again sender={conversation_id} message_id={seq} " in rasa_log
