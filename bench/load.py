"""`make load`: open-loop arrivals of whole conversations, through the router and straight to Rasa, per rate.

    .venv/bin/python bench/load.py [--rates 1,4,8] [--duration 60] [--drain 45] [--seed 0]
                                   [--profile-rate 8 --profile-seconds 30] [--out reports/load]
                                   [--shape scaled --routers 2 --rasa-processes 2]

``--shape scaled`` measures the scaled profile instead (scripts/run_scaled.py: routers and Rasa processes on
PostgreSQL and Redis behind HAProxy, on databases made for the run and dropped after it).

Starts the three processes with scripts/run_all.py in a temporary data directory (as tests/e2e does; abuse limits
raised, since one address plays every bruker). For each rate, for ``--duration`` seconds, conversations arrive as
a Poisson process (bench/loadgen.py, seeded: both targets get the same arrivals and scripts). Each conversation
opens (its WebSocket offering compression, as a browser's does); one in ten of those that will not ask for a human
first logs in with ID-porten as one of the local provider's synthetic persons (the router loads the login's
libraries then, as in service; a logged-in bruker's handoff would go to the person's own office, which has no
console in the load); each sends
four messages with 1-4 s of think time before each (over the chat's WebSocket, as the widget sends them while it is
open); a fifth writes in English, Polish, Arabic or Ukrainian; one in ten then asks for a human (POST .../handoff)
and waits for the veileder's reply (one veileder, nks1, takes, answers and closes through the staff API, up to
three chats at once as their capacity allows: one at a time, the 1.6 handoffs a second of 16/s outran them and the
reply waited about a second in line). Then the
same arrivals go straight to Rasa's REST webhook (the four messages, same think times; Rasa has no login): the
baseline, measured in the same run.

Reply time is what the bruker sees: from the POST of the message to the first bot (or router notice) message on
the conversation's WebSocket; none within 15 s is unanswered. Errors: any refused request or broken connection.
Per process (router, Rasa, action server, and this generator) it samples CPU and resident memory every second.

Why not Locust: Locust runs a fixed number of users that loop over tasks with wait times (a closed loop: a slow
service lowers the arrival rate, hiding its own queueing), and its HTTP users do not speak aiohttp WebSockets;
arrivals of independent conversations at a rate are a few lines of asyncio here.

Writes <out>/load.json, <out>/load.md and <out>/latency.png (latency against arrival rate), and with
``--profile-rate`` a py-spy profile of the router under that load (<out>/pyspy_router.txt, summary in the
report). Not part of `make test`: it takes minutes and the figures are timings.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import re
import secrets
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from router.texts import available_languages, fixed_text  # noqa: E402

BUSY_NOTICES = frozenset(fixed_text("bot_busy", code) for code in available_languages())

from bench.bench_memory import bare_aiohttp_rss, rss_mb  # noqa: E402
from bench.loadgen import (  # noqa: E402
    Plan,
    arrival_times,
    compare_targets,
    cpu_pressure_total_us,
    national_peak_per_s,
    plan_conversations,
    ratio,
    run_order,
    summarize,
    summarize_collapsed,
    sustainable_rate,
    unaccounted_cpu_pct,
    waited_pct,
)
from tests.e2e.conftest import MANY_BRUKERE_FROM_ONE_ADDRESS  # noqa: E402
from tests.launcher import Launched, NotStarted, start_embedded, start_scaled, stop  # noqa: E402
from tests.oidc_provider import log_in_at_the_provider  # noqa: E402
from tests.postgres import PG_ADMIN_DSN, pg_admin  # noqa: E402

REPLY_TIMEOUT_S = 15.0
# The local ID-porten's synthetic persons (scripts/oidc_provider): who logs in, in the conversations that do.
SYNTHETIC_PERSONS = tuple(p["ident"] for p in json.loads(
    (ROOT / "reference" / "synthetic" / "persons.json").read_text(encoding="utf-8"))["personer"])
VEILEDER_TIMEOUT_S = 60.0
P95_BAR_MS = 1000.0
# Rasa's lock store in the scaled shape: a Redis database of the load run's own, so leftovers are its own.
SCALED_LOCK_DB = 7
# The router's /metrics, read after the runs (off without a token).
METRICS_TOKEN = secrets.token_hex(16)
LIMITS = {**MANY_BRUKERE_FROM_ONE_ADDRESS, "NAVCHAT_LIMIT_MESSAGES_PER_CONVERSATION": "100000",
          "NAVCHAT_LIMIT_DETECTIONS_PER_ADDRESS": "100000", "NAVCHAT_METRICS_TOKEN": METRICS_TOKEN}


# --- The service and its processes ------------------------------------------------------------------------


@dataclass
class Service:
    launched: Launched
    staff: tuple[str, str] = ("nks1", "passord-nks1")  # the embedded shape's development user
    databases: tuple[str, ...] = ()  # created for the run (scaled), dropped after it

    @property
    def process(self) -> subprocess.Popen[bytes]:
        return self.launched.process

    @property
    def url(self) -> str:
        return self.launched.url


def rasa_for(service: Service, sender: str) -> str:
    """The Rasa a conversation goes to, by the same stable hash as the router's (router/adapters/rasa_client.py)."""
    urls = service.launched.rasa_urls
    return urls[zlib.crc32(sender.encode()) % len(urls)]


def start_scaled_service(data_dir: Path, routers: int, rasa: int) -> Service:
    """The scaled shape (scripts/run_scaled.py): N routers and M Rasa with their action servers on PostgreSQL and
    Redis behind HAProxy, on databases of their own for this run, with the local ID-porten for the brukere who log
    in."""
    suffix = uuid.uuid4().hex[:8]
    databases = (f"navchat_load_{suffix}", f"navchat_load_rasa_{suffix}")
    try:
        launched = start_scaled(data_dir, routers=routers, rasa=rasa, router_db=databases[0], rasa_db=databases[1],
                                lock_db=SCALED_LOCK_DB, env=LIMITS)
    except NotStarted as error:
        raise SystemExit(str(error)) from None
    if launched.staff is None:
        stop(launched)
        raise SystemExit(f"the scaled launcher printed no staff user; see {data_dir}")
    return Service(launched, launched.staff, databases)


def start_service(data_dir: Path, rasa: int = 1) -> Service:
    """The embedded shape (scripts/run_all.py) with ``rasa`` Rasa processes."""
    try:
        return Service(start_embedded(data_dir, rasa_processes=rasa, env=LIMITS))
    except NotStarted as error:
        raise SystemExit(str(error)) from None


def embedded_integrity(service: Service) -> dict[str, int]:
    """After the runs, from the router's /metrics: its statements that waited on a worker thread for its own SQLite
    write lock (0 while no transaction pauses holding it; the 30 s freezes of 2026-12-03 began with such waits)."""
    request = urllib.request.Request(f"{service.url}/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        body = response.read().decode()
    found = re.search(r"^navchat_sqlite_statements_on_threads_total (\S+)$", body, re.MULTILINE)
    if found is None:
        raise ValueError("no navchat_sqlite_statements_on_threads_total in /metrics")
    return {"sqlite_statements_on_threads": int(float(found.group(1)))}


async def scaled_integrity(service: Service, locks_before: set[bytes]) -> dict[str, int]:
    """After the runs, from the scaled shape's own stores: what it must never do under load. Turns not finished or
    given up, a question answered twice with the same text, a bruker message twice in Rasa's tracker (by
    the router's message id; by its text in the runs straight to Rasa, whose scripts repeat no text within a
    conversation), and Rasa locks left in Redis."""
    import asyncpg
    import redis.asyncio as redis

    base = PG_ADMIN_DSN.rsplit("/", 1)[0]
    router_db, rasa_db = service.databases
    connection = await asyncpg.connect(f"{base}/{router_db}")
    try:
        turns = dict(await connection.fetch("SELECT state, count(*) FROM bot_turn GROUP BY state"))
        answered_twice = await connection.fetchval(
            "SELECT count(*) FROM (SELECT 1 FROM message WHERE sender = 'bot' AND reply_to IS NOT NULL "
            "GROUP BY reply_to, original_text HAVING count(*) > 1) AS twice")
    finally:
        await connection.close()
    connection = await asyncpg.connect(f"{base}/{rasa_db}")
    try:
        in_tracker_twice = await connection.fetchval(
            "SELECT count(*) FROM (SELECT 1 FROM events WHERE type_name = 'user' "
            "GROUP BY sender_id, coalesce(data::json->'metadata'->>'message_id', data::json->>'text') "
            "HAVING count(*) > 1) AS twice")
    finally:
        await connection.close()
    client = redis.from_url(f"redis://127.0.0.1:6379/{SCALED_LOCK_DB}")
    try:
        locks_left = {key async for key in client.scan_iter("lock:*")} - locks_before
    finally:
        await client.aclose()
    return {"turns_done": turns.get("done", 0), "turns_unfinished": turns.get("pending", 0) + turns.get("running", 0),
            "turns_given_up": turns.get("failed", 0), "answered_twice": answered_twice,
            "user_message_twice_in_rasa_tracker": in_tracker_twice, "rasa_locks_left": len(locks_left)}


async def rasa_locks() -> set[bytes]:
    import redis.asyncio as redis

    client = redis.from_url(f"redis://127.0.0.1:6379/{SCALED_LOCK_DB}")
    try:
        return {key async for key in client.scan_iter("lock:*")}
    finally:
        await client.aclose()


def stop_service(service: Service) -> None:
    stop(service.launched, timeout_s=30)
    for database in service.databases:
        asyncio.run(pg_admin(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))


def process_groups(run_all_pid: int) -> dict[str, list[psutil.Process]]:
    """router / rasa / actions / login (the local OpenID provider, which the router run's logins use and the Rasa
    run's do not): each child of run_all.py with its own descendants (Sanic's workers)."""
    groups: dict[str, list[psutil.Process]] = {}
    for child in psutil.Process(run_all_pid).children():
        cmdline = " ".join(child.cmdline())
        name = ("router" if "router.app" in cmdline else "actions" if "actions.server" in cmdline
                else "rasa" if "rasa_run.py" in cmdline else "haproxy" if "haproxy" in cmdline
                else "login" if "oidc_provider" in cmdline else None)
        if name:
            # The scaled shape runs several of each: a role's figures are their sum.
            groups.setdefault(name, []).extend([child, *child.children(recursive=True)])
    groups["generator"] = [psutil.Process()]
    return groups


def cpu_pressure_s() -> float | None:
    """Seconds in which some runnable task on the machine waited for a CPU, since boot (None without PSI)."""
    try:
        return cpu_pressure_total_us(Path("/proc/pressure/cpu").read_text()) / 1e6
    except (OSError, ValueError):
        return None


def run_queue_wait_s(processes: list[psutil.Process]) -> float:
    """Seconds the processes' threads have spent runnable but waiting for a CPU (the second field of each
    thread's /proc schedstat, in nanoseconds). A thread that ends during a run takes its count with it, so the
    difference over a run is a lower bound."""
    total_ns = 0
    for process in processes:
        for schedstat in Path(f"/proc/{process.pid}/task").glob("*/schedstat"):
            with contextlib.suppress(OSError, ValueError, IndexError):
                total_ns += int(schedstat.read_text().split()[1])
    return total_ns / 1e9


class ProcessSampler:
    """CPU time and resident memory of each process group, sampled every second on a thread; also how long the
    machine and each group waited for a CPU (a run whose processes wait while the machine shows idle CPU is
    short of cores in its bursts, not on average)."""

    def __init__(self, groups: dict[str, list[psutil.Process]]) -> None:
        self.groups = groups
        self._stop = threading.Event()
        self._rss_max: dict[str, float] = {}
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _cpu(self) -> dict[str, float]:
        # The whole machine too (every process, this generator's and the system's): what the two cores gave.
        machine = psutil.cpu_times()
        out = {"machine": machine.user + machine.nice + machine.system + machine.irq + machine.softirq,
               # Time the hypervisor gave this machine's cores to other guests: CPU the run wanted and did not get.
               "stolen": getattr(machine, "steal", 0.0)}
        for name, processes in self.groups.items():
            total = 0.0
            for p in processes:
                with contextlib.suppress(psutil.Error):
                    t = p.cpu_times()
                    total += t.user + t.system
            out[name] = total
        return out

    def rss_mb(self) -> dict[str, float]:
        out = {}
        for name, processes in self.groups.items():
            total = 0
            for p in processes:
                with contextlib.suppress(psutil.Error):
                    total += p.memory_info().rss
            out[name] = round(total / 2**20, 1)
        return out

    def peak_mb(self) -> dict[str, float]:
        """The kernel's high-water mark of each group's resident memory since its start (VmHWM): unlike the
        samples, it misses no short peak (an argon2 hash at a login, say)."""
        out = {}
        for name, processes in self.groups.items():
            total = 0.0
            for p in processes:
                with contextlib.suppress(OSError):
                    total += rss_mb(p.pid, "VmHWM")
            out[name] = round(total, 1)
        return out

    def _run(self) -> None:
        while not self._stop.wait(1.0):
            for name, mb in self.rss_mb().items():
                self._rss_max[name] = max(self._rss_max.get(name, 0.0), mb)

    def _waits(self) -> dict[str, float | None]:
        return {"machine": cpu_pressure_s(),
                **{name: run_queue_wait_s(processes) for name, processes in self.groups.items()}}

    def __enter__(self) -> ProcessSampler:
        self._started, self._cpu0, self._waits0 = time.monotonic(), self._cpu(), self._waits()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        wall = time.monotonic() - self._started
        cpu1, rss_end, waits1 = self._cpu(), self.rss_mb(), self._waits()
        self.figures = {
            name: {"cpu_pct_of_one_core": round(100 * (cpu1[name] - self._cpu0[name]) / wall, 1),
                   "rss_max_mb": max(self._rss_max.get(name, 0.0), rss_end[name]), "rss_end_mb": rss_end[name],
                   "waited_for_cpu_pct": waited_pct(self._waits0[name] or 0.0, waits1[name] or 0.0, wall)}
            for name in self.groups
        }
        machine = round(100 * (cpu1["machine"] - self._cpu0["machine"]) / wall, 1)
        self.figures["machine"] = {"cpu_pct_of_one_core": machine,
                                   "stolen_pct_of_one_core": round(100 * (cpu1["stolen"] - self._cpu0["stolen"]) / wall, 1)}
        before, after = self._waits0["machine"], waits1["machine"]
        if before is not None and after is not None:
            # Of the run's wall time, the share in which some runnable task waited for a CPU (PSI "some").
            self.figures["machine"]["cpu_pressure_pct"] = waited_pct(before, after, wall)
        # What the run's own processes do not account for: the system, and anything else on the machine (in the
        # scaled shape PostgreSQL and Redis). High in one run and not in its twin: that run was disturbed.
        ours = [figures["cpu_pct_of_one_core"] for name, figures in self.figures.items() if name != "machine"]
        self.figures["others"] = {"cpu_pct_of_one_core": unaccounted_cpu_pct(machine, ours)}


# --- One run: arrivals at one rate against one target -------------------------------------------------------


@dataclass
class RunStats:
    replies_ms: list[float] = field(default_factory=list)
    veileder_ms: list[float] = field(default_factory=list)
    logins_ms: list[float] = field(default_factory=list)
    unanswered: int = 0
    # Sent while the conversation waited for or talked with a veileder (the bot's acute-need or place handoffs):
    # the router acknowledges the first such message of each wait and stays quiet after, by design.
    to_veileder: int = 0
    errors: int = 0
    error_kinds: dict[str, int] = field(default_factory=dict)
    started: int = 0
    finished: int = 0
    handoffs: int = 0
    late_start_max_s: float = 0.0

    def error(self, kind: str) -> None:
        self.errors += 1
        self.error_kinds[kind] = self.error_kinds.get(kind, 0) + 1


# The chats nks1 has open at a time (the development users' capacity, router/commands/users.py).
CHATS_AT_ONCE = 3


class Veileder:
    """nks1 at the console: takes each conversation handed off, answers it and closes it; ``work`` is run once per
    chat they may have open at a time (CHATS_AT_ONCE, their capacity)."""

    def __init__(self, http: aiohttp.ClientSession, url: str) -> None:
        self.http, self.url = http, url
        self.queue: asyncio.Queue[str] = asyncio.Queue()

    async def login(self, staff: tuple[str, str]) -> None:
        async with self.http.post(f"{self.url}/api/staff/login",
                                  json={"username": staff[0], "password": staff[1]}) as r:
            r.raise_for_status()
            self.csrf = {"X-CSRF-Token": (await r.json())["csrf_token"]}

    async def work(self, stats: RunStats) -> None:
        while True:
            conversation_id = await self.queue.get()
            base = f"{self.url}/api/staff/conversations/{conversation_id}"
            try:
                for _ in range(20):  # the handoff may not be queued for the console yet
                    async with self.http.post(f"{base}/take", headers=self.csrf) as r:
                        if r.status == 200:
                            break
                    await asyncio.sleep(0.5)
                else:
                    stats.error("veileder take refused")
                    continue
                async with self.http.post(f"{base}/messages", json={"text": "Hei, dette er NAV. Hva gjelder det?"},
                                          headers=self.csrf) as r:
                    if r.status != 201:
                        stats.error(f"veileder message {r.status}")
                await asyncio.sleep(0.5)
                async with self.http.post(f"{base}/close", json={"outcome": "besvart"}, headers=self.csrf) as r:
                    if r.status != 200:
                        stats.error(f"veileder close {r.status}")
            except aiohttp.ClientError as exc:
                stats.error(f"veileder {type(exc).__name__}")


async def router_conversation(http: aiohttp.ClientSession, url: str, plan: Plan, stats: RunStats,
                              veileder: Veileder) -> None:
    async with http.post(f"{url}/api/conversations", json={"page_locale": plan.page_locale}) as r:
        if r.status != 201:
            stats.error(f"open {r.status}")
            return
        data = await r.json()
    cid, auth = data["id"], {"Authorization": f"Bearer {data['token']}"}
    frames: asyncio.Queue[dict[str, object]] = asyncio.Queue()
    answers: dict[str, asyncio.Future[dict[str, Any]]] = {}  # client_msg_id -> its sent / send_error frame
    state = {"now": "BOT"}
    # compress=15: the permessage-deflate offer every browser makes (the router declines it).
    async with http.ws_connect(f"{url}/api/conversations/{cid}/ws", compress=15) as ws:
        await ws.send_json({"type": "auth", "token": data["token"]})

        async def read() -> None:
            async for msg in ws:
                if msg.type == aiohttp.WSMsgType.TEXT:
                    frame = json.loads(msg.data)
                    if frame.get("type") == "message":
                        frames.put_nowait(frame["message"])
                    elif frame.get("type") in ("state", "ready") and isinstance(frame.get("conversation"), dict):
                        state["now"] = str(frame["conversation"].get("state", state["now"]))
                    elif frame.get("type") in ("sent", "send_error"):
                        waiting = answers.pop(str(frame.get("client_msg_id")), None)
                        if waiting is not None and not waiting.done():
                            waiting.set_result(frame)

        async def send(text: str) -> dict[str, Any]:
            """As the widget sends while its socket is open: a send frame, answered with sent or send_error."""
            body = {"client_msg_id": uuid.uuid4().hex, "text": text}
            answers[body["client_msg_id"]] = asyncio.get_running_loop().create_future()
            await ws.send_json({"type": "send", **body})
            return await asyncio.wait_for(answers[body["client_msg_id"]], REPLY_TIMEOUT_S)

        reader = asyncio.create_task(read())
        try:
            if plan.person is not None:
                await log_in(url, cid, auth, plan.person, stats)
            for text, think in zip(plan.messages, plan.think_s, strict=True):
                await asyncio.sleep(think)
                while not frames.empty():
                    frames.get_nowait()
                started = time.perf_counter()
                answer = await send(text)
                if answer["type"] != "sent":
                    stats.error(f"message {answer.get('status')}")
                    continue
                seq = answer["message"].get("seq", 0)
                # The answer, not the "bot is busy, your message is saved" notice a waiting turn gets first.
                if await wait_for(frames, lambda m, s=seq: m.get("seq", 0) > s and m["sender"] in ("bot", "system")
                                  and m.get("text") not in BUSY_NOTICES, REPLY_TIMEOUT_S):
                    stats.replies_ms.append((time.perf_counter() - started) * 1000)
                elif state["now"] in ("QUEUED", "ASSIGNED"):
                    stats.to_veileder += 1
                else:
                    stats.unanswered += 1
            if plan.handoff and state["now"] == "BOT":
                stats.handoffs += 1
                started = time.perf_counter()
                async with http.post(f"{url}/api/conversations/{cid}/handoff", json={}, headers=auth) as r:
                    if r.status != 200:
                        stats.error(f"handoff {r.status}")
                        return
                    asked_place = (await r.json()).get("state") == "BOT"
                # No place on the page: the router asks where the bruker lives. This one would rather not say, and
                # so waits at the kontaktsenter, where nks1 works.
                if asked_place and (answer := await send("vil ikke si det"))["type"] != "sent":
                    stats.error(f"place answer {answer.get('status')}")
                veileder.queue.put_nowait(cid)
                if await wait_for(frames, lambda m: m["sender"] == "veileder", VEILEDER_TIMEOUT_S):
                    stats.veileder_ms.append((time.perf_counter() - started) * 1000)
                else:
                    stats.error("no veileder reply")
        finally:
            reader.cancel()
    stats.finished += 1


async def log_in(url: str, cid: str, auth: dict[str, str], ident: str, stats: RunStats) -> None:
    """As a bruker does from the chat before writing: start the ID-porten login, pick the synthetic person on the
    local provider's page, and follow the redirects back to the router (a browser of its own: its cookies)."""
    started = time.perf_counter()
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as browser:
        async with browser.post(f"{url}/api/conversations/{cid}/login", headers=auth) as r:
            if r.status != 200:
                stats.error(f"login {r.status}")
                return
            provider_url = (await r.json())["url"]
        try:
            landed = await log_in_at_the_provider(browser, provider_url, ident)
        except AssertionError:
            stats.error("login: no login page")
            return
        async with landed:
            if landed.url.query.get("login") != "ok":
                # The path and the outcome only: the callback's query holds a one-time code and state, which would
                # make every such error a kind of its own.
                stats.error(f"login landed on {landed.url.path} (status {landed.status}, "
                            f"login={landed.url.query.get('login')})")
                return
    stats.logins_ms.append((time.perf_counter() - started) * 1000)


async def wait_for(frames: asyncio.Queue[dict[str, object]], wanted, timeout_s: float) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout_s
    while (left := deadline - time.monotonic()) > 0:
        try:
            message = await asyncio.wait_for(frames.get(), left)
        except TimeoutError:
            return False
        if wanted(message):
            return True
    return False


async def rasa_conversation(http: aiohttp.ClientSession, service: Service, plan: Plan, stats: RunStats) -> None:
    sender = f"load-{uuid.uuid4().hex}"
    rasa_url = rasa_for(service, sender)
    for text, think in zip(plan.messages, plan.think_s, strict=True):
        await asyncio.sleep(think)
        started = time.perf_counter()
        try:
            async with http.post(f"{rasa_url}/webhooks/rest/webhook", json={"sender": sender, "message": text},
                                 timeout=aiohttp.ClientTimeout(total=REPLY_TIMEOUT_S)) as r:
                if r.status != 200:
                    stats.error(f"rasa {r.status}")
                    continue
                await r.json()
        except TimeoutError:
            stats.unanswered += 1
            continue
        stats.replies_ms.append((time.perf_counter() - started) * 1000)
    stats.finished += 1


async def run_rate(target: str, service: Service, rate: float, duration_s: float, drain_s: float,
                   seed: int) -> RunStats:
    times = arrival_times(rate, duration_s, seed)
    plans = plan_conversations(len(times), seed, persons=SYNTHETIC_PERSONS)
    stats = RunStats()
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector) as http, aiohttp.ClientSession(
            cookie_jar=aiohttp.CookieJar(unsafe=True)) as console:
        veileder = Veileder(console, service.url)
        workers: list[asyncio.Task[None]] = []
        if target == "router":
            await veileder.login(service.staff)
            workers = [asyncio.create_task(veileder.work(stats)) for _ in range(CHATS_AT_ONCE)]

        async def one(plan: Plan) -> None:
            try:
                if target == "router":
                    await router_conversation(http, service.url, plan, stats, veileder)
                else:
                    await rasa_conversation(http, service, plan, stats)
            except (TimeoutError, aiohttp.ClientError, OSError) as exc:
                stats.error(type(exc).__name__)

        tasks = []
        start = time.monotonic()
        for at, plan in zip(times, plans, strict=True):
            delay = start + at - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            stats.late_start_max_s = max(stats.late_start_max_s, -delay)
            stats.started += 1
            tasks.append(asyncio.create_task(one(plan)))
        done, pending = await asyncio.wait(tasks, timeout=drain_s) if tasks else (set(), set())
        for task in pending:
            task.cancel()
        if pending:
            stats.error("cut off at the end of the drain")
            stats.errors += len(pending) - 1
            stats.error_kinds["cut off at the end of the drain"] = len(pending)
        for worker in workers:
            worker.cancel()
    return stats


# --- py-spy ------------------------------------------------------------------------------------------------


def profile_router(service: Service, rate: float, seconds: float, out: Path, seed: int) -> dict[str, object]:
    """py-spy record of the router while conversations arrive at ``rate`` (a separate run: sampling costs CPU)."""
    router = process_groups(service.process.pid)["router"][0]
    raw = out / "pyspy_router.txt"
    spy = subprocess.Popen([str(ROOT / ".venv/bin/py-spy"), "record", "-p", str(router.pid), "-d", str(int(seconds)),
                            "-r", "100", "-f", "raw", "-o", str(raw), "--nonblocking"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stats = asyncio.run(run_rate("router", service, rate, seconds, 30.0, seed + 1000))
    _, err = spy.communicate(timeout=60)
    if not raw.exists():
        return {"error": err.decode(errors="replace")[-500:]}
    summary = summarize_collapsed(raw.read_text().splitlines())
    summary.update(rate=rate, seconds=seconds, replies=summarize(stats.replies_ms))
    return summary


# --- Report ------------------------------------------------------------------------------------------------


def row(target: str, rate: float, stats: RunStats, processes: dict[str, dict[str, float]]) -> dict[str, object]:
    return {"target": target, "rate": rate, **summarize(stats.replies_ms), "unanswered": stats.unanswered,
            "sent_to_veileder_queue": stats.to_veileder, "errors": stats.errors, "error_kinds": {k: v for k, v in stats.error_kinds.items() if v},
            "conversations": stats.started, "finished": stats.finished, "handoffs": stats.handoffs,
            "veileder_reply": summarize(stats.veileder_ms), "logins": summarize(stats.logins_ms),
            "late_start_max_s": round(stats.late_start_max_s, 3),
            "processes": processes}


def plot(results: list[dict[str, object]], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4.5))
    for target, style in (("router", "-"), ("rasa", "--")):
        rows = [r for r in results if r["target"] == target]
        for key, marker in (("p50_ms", "o"), ("p95_ms", "s"), ("p99_ms", "^")):
            points = [(r["rate"], r[key]) for r in rows if r[key] is not None]
            if points:
                ax.plot(*zip(*points, strict=True), style, marker=marker,
                        label=f"{'router (bruker sees)' if target == 'router' else 'Rasa REST directly'} {key[:3]}")
    ax.axhline(P95_BAR_MS, color="grey", linewidth=0.8, linestyle=":")
    ax.set_xlabel("new conversations per second (open loop, Poisson)")
    ax.set_ylabel("bot reply time (ms)")
    ax.set_yscale("log")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=7)
    ax.set_title("Bot reply time against arrival rate (4 turns per conversation)")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def run_label(result: dict[str, object], report: dict[str, object]) -> str:
    """The label of a target's run at a rate, " (2)" for its second, when the report has repeats."""
    return f" ({int(result.get('repeat', 0)) + 1})" if int(report.get("repeats", 1)) > 1 else ""  # type: ignore[call-overload]


def render(report: dict[str, object]) -> str:
    peak = report["national_peak_per_s"]
    lines = ["# Load: open-loop conversations through the router and straight to Rasa", "",
             f"Written by `{report['command']}` on {report['when']} ({os.cpu_count()} cores, shared: figures are "
             "noisy; read the ratios, measured in the same run).", "",
             f"Per rate: {report['duration_s']} s of Poisson arrivals (seed {report['seed']}), then up to "
             f"{report['drain_s']} s for the conversations still going. Reply = from sending the message (a send "
             "frame on the chat's WebSocket, as the widget sends it) to the first bot message on that socket "
             f"(router), or the REST answer (Rasa); none within {REPLY_TIMEOUT_S:.0f} s is "
             "unanswered. CPU in % of one core over the run (machine: every process on it, of at most "
             f"{100 * (os.cpu_count() or 1)} %; others: the machine less the processes named, so the system and "
             "anything else running, which in the scaled shape includes PostgreSQL and Redis; the login provider "
             "serves the router run's ID-porten logins only; CPU pressure: the share of the run in which some "
             "runnable task waited for a core, from the kernel's /proc/pressure/cpu; stolen: CPU time the "
             "hypervisor gave to other guests while this machine's tasks could run, /proc/stat's steal), RSS "
             "the highest sampled (MB, process and children).", "",
             (f"Shape: scaled, {report.get('routers')} routers and {report.get('rasa_processes')} Rasa processes "
              "(each with its action server) on PostgreSQL and Redis behind HAProxy (scripts/run_scaled.py); the "
              "Rasa baseline spreads its conversations over the same Rasa processes by the router's hash; per-role "
              "CPU and RSS are sums over the processes." if report.get("shape") == "scaled" else
              f"Shape: embedded, one router, {report.get('rasa_processes', 1)} Rasa process(es) over one SQLite tracker "
              "(each keeping its conversations' trackers between turns: bot/tracker_cache.py) and "
              "one action server, on SQLite (scripts/run_all.py); the Rasa baseline spreads its conversations over the "
              "same Rasa processes by the router's hash."), "",
             "![latency against arrival rate](latency.png)", "",
             "| target | conv/s | × peak | n | p50 ms | p95 ms | p99 ms | unanswered | errors | router CPU % | "
             "Rasa CPU % | actions CPU % | login provider CPU % | generator CPU % | machine CPU % | others CPU % | "
             "CPU pressure % | stolen CPU % | router RSS | Rasa RSS | actions RSS |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in report["results"]:  # type: ignore[union-attr]
        p = r["processes"]
        lines.append(
            f"| {r['target']}{run_label(r, report)} | {r['rate']:g} | {r['rate'] / peak:.1f} | {r['n']} | {r['p50_ms']} | {r['p95_ms']} | "
            f"{r['p99_ms']} | {r['unanswered']} | {r['errors']} | {p['router']['cpu_pct_of_one_core']} | "
            f"{p['rasa']['cpu_pct_of_one_core']} | {p['actions']['cpu_pct_of_one_core']} | "
            f"{p.get('login', {}).get('cpu_pct_of_one_core', '–')} | {p['generator']['cpu_pct_of_one_core']} | "
            f"{p.get('machine', {}).get('cpu_pct_of_one_core', '–')} | "
            f"{p.get('others', {}).get('cpu_pct_of_one_core', '–')} | "
            f"{p.get('machine', {}).get('cpu_pressure_pct', '–')} | "
            f"{p.get('machine', {}).get('stolen_pct_of_one_core', '–')} | {p['router']['rss_max_mb']} | {p['rasa']['rss_max_mb']} | "
            f"{p['actions']['rss_max_mb']} |")
    repeats = report.get("repeats", 1)
    lines += ["", (f"Router against Rasa, every reply of the {repeats} runs per target and rate pooled (run in the "
                   "order router, Rasa, Rasa, router, ...); each repeat's own p50 ratio beside it:" if repeats > 1
                   else "Router against Rasa (one run per target and rate):"), "",
              "| conv/s | router / Rasa p50 | router / Rasa p95 | router p50 − Rasa p50 (ms) | p50 ratio per repeat |",
              "|---|---|---|---|---|"]
    for c in report["comparison"]:  # type: ignore[union-attr]
        per_repeat = ", ".join(str(x) for x in c.get("p50_ratio_per_repeat", []))
        lines.append(f"| {c['rate']:g} | {c['p50_ratio']} | {c['p95_ratio']} | {c['p50_overhead_ms']} | {per_repeat} |")
    for target, rate in report["sustainable"].items():  # type: ignore[union-attr]
        lines.append("")
        lines.append(f"Sustainable through the {target} (p95 < {P95_BAR_MS:.0f} ms, nothing unanswered, no errors, "
                     f"at every rate up to it): " + (f"**{rate:g} conversations/s = {rate / peak:.0f}× NAV's national "
                                                   f"peak** ({peak:.3f}/s: 12,500 a day, 12 % in the busiest hour)"
                                                   if rate else "none of the rates tried"))
    lines += ["", "Errors and handoffs per run:", ""]
    for r in report["results"]:  # type: ignore[union-attr]
        p = r["processes"]
        waits = (f"; waited for a CPU (% of the run, summed over threads): router {p['router']['waited_for_cpu_pct']}, "
                 f"Rasa {p['rasa']['waited_for_cpu_pct']}" if "waited_for_cpu_pct" in p["router"] else "")
        lines.append(f"- {r['target']} {r['rate']:g}/s: {r['conversations']} conversations, {r['finished']} "
                     f"finished, {r['handoffs']} handoffs, {r.get('logins', {}).get('n', 0)} ID-porten logins (p50 "
                     f"{r.get('logins', {}).get('p50_ms')} ms), {r.get('sent_to_veileder_queue', 0)} messages sent while waiting "
                     f"for or talking with a veileder (no bot reply expected), veileder reply p50 {r['veileder_reply']['p50_ms']} ms; "
                     f"errors {r['error_kinds'] or 'none'}; generator late by at most {r['late_start_max_s']} s{waits}")
    if "integrity" in report:
        source = "the stores themselves (PostgreSQL, Redis)" if report.get("shape") == "scaled" else "the router's /metrics"
        lines += ["", f"After the runs, from {source}:", "",
                  *(f"- {name.replace('_', ' ')}: {value}" for name, value in report["integrity"].items())]  # type: ignore[union-attr]
    memory: dict[str, Any] = report["memory"]  # type: ignore[assignment]
    bare = memory.get("bare_aiohttp_mb")
    lines += ["", "## Memory (resident, MB)", "",
              "Highest sampled: the most seen by the once-a-second samples during the runs. Peak since start: the "
              "kernel's high-water mark (VmHWM), start-up and every short peak included."
              + (f" Beside an idle bare aiohttp process measured after the runs: {bare} MB." if bare else ""), "",
              "| process | after start (idle) | highest sampled under load | peak since start |", "|---|---|---|---|"]
    for name in ("router", "rasa", "actions"):
        sampled = max(r['processes'][name]['rss_max_mb'] for r in report['results'])  # type: ignore[union-attr]
        peak = memory.get("peak_since_start", {}).get(name)
        cells = [memory["after_start"][name], sampled, peak]
        if name == "router" and bare:
            cells = [f"{value} ({value / bare:.1f}x)" if value else value for value in cells]
        lines.append(f"| {name} | " + " | ".join(str(cell) for cell in cells) + " |")
    if "profile" in report:
        prof = report["profile"]
        lines += ["", f"## Router profile (py-spy, {prof.get('seconds')} s at {prof.get('rate')} conversations/s, "
                  f"{prof.get('samples')} samples of busy threads)", "",
                  "Top router frames, inclusive (% of samples):", ""]
        lines += [f"- {name}: {pct} %" for name, pct in prof.get("inclusive_pct", [])]  # type: ignore[union-attr]
        lines += ["", "Where the samples end (self time by package, %):", ""]
        lines += [f"- {name}: {pct} %" for name, pct in prof.get("self_by_package_pct", [])]  # type: ignore[union-attr]
        lines += ["", "Top leaf frames (self %):", ""]
        lines += [f"- {name}: {pct} %" for name, pct in prof.get("self_by_frame_pct", [])]  # type: ignore[union-attr]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rates", default="1,4,8", help="new conversations per second, comma-separated")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of arrivals per rate and target")
    parser.add_argument("--drain", type=float, default=45.0, help="seconds to let conversations finish after")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeats", type=int, default=2,
                        help="runs per target and rate, in the order A B B A ...; the comparison pools their replies")
    parser.add_argument("--targets", default="router,rasa")
    parser.add_argument("--profile-rate", type=float, default=None, help="also py-spy the router at this rate")
    parser.add_argument("--profile-seconds", type=float, default=30.0)
    parser.add_argument("--out", type=Path, default=ROOT / "reports" / "load")
    parser.add_argument("--shape", choices=("embedded", "scaled"), default="embedded",
                        help="embedded: scripts/run_all.py (SQLite); scaled: scripts/run_scaled.py (PostgreSQL, "
                             "Redis, HAProxy)")
    parser.add_argument("--routers", type=int, default=2, help="router processes in the scaled shape")
    # Two: one per core of this machine; Rasa's CPU is what limits the rate.
    parser.add_argument("--rasa-processes", type=int, default=2, help="Rasa processes (default 2)")
    args = parser.parse_args(argv)
    rates = [float(r) for r in args.rates.split(",") if r.strip()]
    targets = [t.strip() for t in args.targets.split(",") if t.strip()]
    args.out.mkdir(parents=True, exist_ok=True)
    results: list[dict[str, object]] = []
    samples: dict[tuple[str, float], list[float]] = {}  # every reply per target and rate, all repeats
    with tempfile.TemporaryDirectory(prefix="navchat-load-") as tmp:
        print(f"starting the service ({args.shape})", flush=True)
        service = start_service(Path(tmp), args.rasa_processes) if args.shape == "embedded" else \
            start_scaled_service(Path(tmp), args.routers, args.rasa_processes)
        try:
            groups = process_groups(service.process.pid)
            locks_before = asyncio.run(rasa_locks()) if args.shape == "scaled" else set()
            time.sleep(5)
            after_start = ProcessSampler(groups).rss_mb()
            print(f"resident after start (MB): {after_start}", flush=True)
            # Warm-up: TensorFlow's first predictions are slow, and both paths load lazily on first use.
            asyncio.run(run_rate("rasa", service, 2, 3, 30, args.seed + 500))
            asyncio.run(run_rate("router", service, 2, 3, 30, args.seed + 501))
            for rate in rates:
                for repeat in range(args.repeats):
                    for target in run_order(targets, repeat):
                        print(f"== {target}: {rate:g} conversations/s for {args.duration:g} s"
                              + (f" (repeat {repeat + 1} of {args.repeats})" if args.repeats > 1 else ""), flush=True)
                        with ProcessSampler(process_groups(service.process.pid)) as sampler:
                            stats = asyncio.run(run_rate(target, service, rate, args.duration, args.drain, args.seed))
                        samples.setdefault((target, rate), []).extend(stats.replies_ms)
                        results.append({**row(target, rate, stats, sampler.figures), "repeat": repeat})
                        r = results[-1]
                        print(f"   n={r['n']} p50={r['p50_ms']} p95={r['p95_ms']} p99={r['p99_ms']} ms "
                              f"unanswered={r['unanswered']} errors={r['errors']} {r['error_kinds'] or ''} "
                              f"cpu/rss={sampler.figures}", flush=True)
            peak_since_start = ProcessSampler(process_groups(service.process.pid)).peak_mb()
            profile = None
            if args.profile_rate:
                print(f"== py-spy on the router at {args.profile_rate:g}/s for {args.profile_seconds:g} s", flush=True)
                profile = profile_router(service, args.profile_rate, args.profile_seconds, args.out, args.seed)
            try:
                if args.shape == "scaled":
                    time.sleep(20)  # the turns of conversations cut off at the end of the last drain finish
                    integrity: dict[str, Any] = asyncio.run(scaled_integrity(service, locks_before))
                else:
                    integrity = embedded_integrity(service)
            except Exception as error:  # the figures above still count; say why this part is missing
                integrity = {"error": f"{type(error).__name__}: {error}"}
            print(f"integrity after the runs: {integrity}", flush=True)
        finally:
            stop_service(service)
    bare_aiohttp = bare_aiohttp_rss()
    peak = national_peak_per_s()

    def p50_of(target: str, rate: float, repeat: int) -> float | None:
        return next(r["p50_ms"] for r in results  # type: ignore[misc]
                    if (r["target"], r["rate"], r["repeat"]) == (target, rate, repeat))

    comparison = []
    for rate in rates:
        if ("router", rate) in samples and ("rasa", rate) in samples:
            per_repeat = [ratio(p50_of("router", rate, k), p50_of("rasa", rate, k)) for k in range(args.repeats)]
            comparison.append(compare_targets(rate, samples[("router", rate)], samples[("rasa", rate)], per_repeat))
    report: dict[str, object] = {
        "command": "bench/load.py " + " ".join(argv if argv is not None else sys.argv[1:]),
        "when": time.strftime("%Y-%m-%d %H:%M"), "shape": args.shape,
        "rasa_processes": args.rasa_processes, **({"routers": args.routers} if args.shape == "scaled" else {}),
        "rates": rates, "repeats": args.repeats, "duration_s": args.duration,
        "drain_s": args.drain, "seed": args.seed, "national_peak_per_s": round(peak, 4), "results": results,
        "comparison": comparison,
        "sustainable": {t: sustainable_rate([r for r in results if r["target"] == t], P95_BAR_MS) for t in targets},
        "memory": {"after_start": after_start, "peak_since_start": peak_since_start,
                   "bare_aiohttp_mb": bare_aiohttp},
    }
    if profile is not None:
        report["profile"] = profile
    report["integrity"] = integrity
    plot([{"target": target, "rate": rate, **summarize(ms)} for (target, rate), ms in samples.items()],
         args.out / "latency.png")
    (args.out / "load.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
    text = render(report)
    (args.out / "load.md").write_text(text)
    print(text)
    print(f"written: {args.out / 'load.md'}, {args.out / 'load.json'}, {args.out / 'latency.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
