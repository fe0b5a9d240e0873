"""Client for Rasa's REST webhook and HTTP API; aiohttp errors become BotUnavailable.

Several Rasa processes (the scaled profile, NAVCHAT_RASA_URL with comma-separated URLs): each conversation goes to
the one a stable hash of its id picks, for its turns and its tracker reads and writes alike, so its turns stay on
one process. When that process is gone, the call goes to the next one in turn: either the connection is refused
(the request never got there), or a kept-alive connection breaks and a fresh one to the same address is refused (a
Rasa killed since the last call, or during this one: a dead process answers nothing more). That is safe because
every Rasa of the scaled profile shares the tracker store (PostgreSQL) and the lock store (Redis). A timeout, or a
broken connection to a Rasa that is still listening, does not fail over: Rasa may have taken the message.

Backpressure: Rasa works through its turns on one core, so turns sent beyond a dozen or so only queue inside it and
run into the timeout, and brukere read "not answering" while their turn is merely late. Each Rasa gets at most
``max_in_flight`` turns from this router at once; the rest wait here for a slot (up to ``queue_wait_s``), and the
timeout counts only Rasa's own time.

Health: every Rasa's /status is asked at once with a short timeout (``HEALTH_TIMEOUT_S``), and the answer is kept
for ``HEALTH_FRESH_S``: one hung Rasa (stopped, swapping) used to hold every router's /health for the whole bot
timeout before the next Rasa was asked, and HAProxy took both routers out (probe 98).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import zlib
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

import aiohttp

from router.ports.bot import BotReply, BotUnavailable

log = logging.getLogger(__name__)

HEALTH_TIMEOUT_S = 2.0  # one Rasa's /status, for /health
HEALTH_FRESH_S = 1.0  # /health asked often (monitoring, many tabs) asks the Rasa processes at most this often


class _RasaGone(Exception):
    """Nothing listens at that Rasa's address: the request was not processed there (or, cut off, never will be)."""


class RasaClient:
    def __init__(self, session: aiohttp.ClientSession, base_urls: str | Sequence[str], token: str,
                 timeout_s: float, *, max_in_flight: int = 0, queue_wait_s: float = 120.0) -> None:
        urls = base_urls.split(",") if isinstance(base_urls, str) else base_urls
        self._base_urls = [url.strip().rstrip("/") for url in urls if url.strip()]
        if not self._base_urls:
            raise ValueError("RasaClient needs at least one Rasa URL")
        self._session = session
        self._token = token
        self._timeout = aiohttp.ClientTimeout(total=timeout_s)
        # One gate per Rasa process for the bot turns (tracker reads are light and pass freely).
        self._slots = {url: asyncio.Semaphore(max_in_flight) for url in self._base_urls} if max_in_flight > 0 \
            else {}
        self._queue_wait_s = queue_wait_s
        self.turns_waiting = 0  # waiting for a slot now (the backpressure, in /metrics)
        self._health: tuple[float, list[bool]] | None = None
        self._health_lock = asyncio.Lock()

    def _params(self) -> dict[str, str]:
        return {"token": self._token} if self._token else {}

    def urls_for(self, conversation_id: str) -> list[str]:
        """The Rasa processes for this conversation, its own first (a stable hash of the id), then the others."""
        first = zlib.crc32(conversation_id.encode()) % len(self._base_urls)
        return self._base_urls[first:] + self._base_urls[:first]

    async def _request(self, method: str, path: str, conversation_id: str | None = None, *, turn: bool = False,
                       **kwargs: Any) -> Any:
        urls = self.urls_for(conversation_id) if conversation_id is not None else self._base_urls
        for number, base_url in enumerate(urls):
            try:
                if turn:
                    return await self._turn_at(base_url, method, path, **kwargs)
                return await self._request_one(base_url, method, path, **kwargs)
            except _RasaGone as error:
                # Not processed there: the next Rasa may take it.
                if number == len(urls) - 1:
                    raise BotUnavailable(f"rasa unreachable on {path}: {error}", rasa_gone=True) from error
                log.warning("rasa.failover from=%s path_kind=%s", base_url, path.rsplit("/", 1)[-1])
        raise AssertionError("unreachable")  # pragma: no cover

    async def _turn_at(self, base_url: str, method: str, path: str, **kwargs: Any) -> Any:
        """A bot turn at one Rasa, once it has one of that Rasa's slots."""
        slot = self._slots.get(base_url)
        if slot is None:
            return await self._request_one(base_url, method, path, **kwargs)
        self.turns_waiting += 1
        try:
            async with asyncio.timeout(self._queue_wait_s):
                await slot.acquire()
        except TimeoutError as error:
            raise BotUnavailable(f"every slot at rasa busy for {self._queue_wait_s:.0f} s") from error
        finally:
            self.turns_waiting -= 1
        try:
            return await self._request_one(base_url, method, path, **kwargs)
        finally:
            slot.release()

    async def _request_one(self, base_url: str, method: str, path: str, **kwargs: Any) -> Any:
        """One call to one Rasa; raises _RasaGone when that Rasa is gone (the caller fails over)."""
        try:
            async with self._session.request(
                method, f"{base_url}{path}", params=self._params(), timeout=self._timeout, **kwargs
            ) as response:
                if response.status >= 400:
                    raise BotUnavailable(f"rasa answered {response.status} on {path}")
                return await response.json(content_type=None)
        except aiohttp.ClientConnectorError as error:
            raise _RasaGone(type(error).__name__) from error
        except (aiohttp.ClientOSError, aiohttp.ServerDisconnectedError) as error:
            # A kept-alive connection broke: failing over is safe only when the process is gone.
            if await _refuses_connections(base_url):
                raise _RasaGone(type(error).__name__) from error
            raise BotUnavailable(f"rasa unreachable on {path}: {type(error).__name__}") from error
        except (aiohttp.ClientError, TimeoutError, ValueError) as error:
            raise BotUnavailable(f"rasa unreachable on {path}: {type(error).__name__}") from error

    async def send(self, conversation_id: str, text: str, metadata: dict[str, Any] | None = None) -> list[BotReply]:
        # Rasa's REST channel keeps "metadata" on the user event in the tracker (RestInput.get_metadata).
        payload: dict[str, Any] = {"sender": conversation_id, "message": text}
        if metadata:
            payload["metadata"] = metadata
        answer = await self._request("POST", "/webhooks/rest/webhook", conversation_id, turn=True, json=payload)
        replies = []
        for item in answer or []:
            buttons = tuple(
                {"title": str(b.get("title", "")), "payload": str(b.get("payload", ""))}
                for b in item.get("buttons") or []
            )
            if item.get("text") or buttons:
                replies.append(BotReply(text=item.get("text") or "", buttons=buttons))
        return replies

    async def tracker(self, conversation_id: str) -> dict[str, Any]:
        return await self._request("GET", f"/conversations/{conversation_id}/tracker", conversation_id)

    async def is_healthy(self) -> bool:
        """True while at least one Rasa answers (a conversation whose own Rasa is down goes to another)."""
        return any(await self.processes_up())

    async def processes_up(self) -> list[bool]:
        """Whether each Rasa (in NAVCHAT_RASA_URL's order) answers /status: all asked at once, each within
        ``HEALTH_TIMEOUT_S``, the answer kept for ``HEALTH_FRESH_S`` (callers at the same time share one round)."""
        async with self._health_lock:
            if self._health is not None and time.monotonic() - self._health[0] < HEALTH_FRESH_S:
                return self._health[1]
            found = list(await asyncio.gather(*(self._status_ok(url) for url in self._base_urls)))
            self._health = (time.monotonic(), found)
            return found

    async def _status_ok(self, base_url: str) -> bool:
        try:
            async with self._session.get(f"{base_url}/status", params=self._params(),
                                         timeout=aiohttp.ClientTimeout(total=HEALTH_TIMEOUT_S)) as response:
                return response.status < 400
        except (aiohttp.ClientError, TimeoutError, OSError):
            return False


async def _refuses_connections(base_url: str, timeout_s: float = 2.0) -> bool:
    """True when the Rasa at this address is gone: a fresh connection (not one from the pool) is refused, or it is
    accepted but closed or reset before a byte of an answer. A process killed a moment ago is still exiting: the
    kernel accepts for its listening socket until it has, then resets (a CI run's failover test read "Chatroboten
    svarer ikke" where the other Rasa would have answered). No answer within ``timeout_s`` is not known to be gone (a
    busy Rasa, a full backlog): no failover."""
    url = urlsplit(base_url)
    port = url.port or (443 if url.scheme == "https" else 80)
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_connection(url.hostname, port), timeout=timeout_s)
    except TimeoutError:
        return False
    except OSError:
        return True
    try:
        writer.write(b"GET /status HTTP/1.0\r\nHost: rasa\r\n\r\n")  # any answer, even 401, is a live Rasa
        await writer.drain()
        first = await asyncio.wait_for(reader.read(1), timeout=timeout_s)
        return first == b""
    except TimeoutError:
        return False
    except OSError:
        return True
    finally:
        writer.close()
        with contextlib.suppress(OSError):
            await writer.wait_closed()
