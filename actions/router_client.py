"""A small client for the router's internal API (docs/CONTRACTS.md).

Every method returns None on any failure (router down, timeout, 4xx/5xx, bad JSON), so the actions can degrade to
a helpful text instead of failing. Configuration: NAVCHAT_ROUTER_URL (default http://127.0.0.1:8080) and
NAVCHAT_INTERNAL_TOKEN (sent as a Bearer token).
"""

from __future__ import annotations

import asyncio
import logging
import os
from typing import Any
from urllib.parse import quote

import aiohttp

logger = logging.getLogger(__name__)

DEFAULT_ROUTER_URL = "http://127.0.0.1:8080"
DEFAULT_TIMEOUT_S = 3.0
# Idle kept-alive connections are closed by this side well before the router's own limit (aiohttp's 75 s), so a
# call never picks a connection the router is closing.
KEEPALIVE_S = 10.0

# One connection pool per event loop (the action server's worker runs one): a call reuses a kept-alive connection
# to the router instead of opening a TCP connection (and a session) for every call of every action.
_sessions: dict[asyncio.AbstractEventLoop, aiohttp.ClientSession] = {}


def _shared_session() -> aiohttp.ClientSession:
    loop = asyncio.get_running_loop()
    for finished in [other for other in _sessions if other.is_closed()]:
        del _sessions[finished]  # a loop that has ended (tests run many): its pool went with it
    session = _sessions.get(loop)
    if session is None or session.closed:
        session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(keepalive_timeout=KEEPALIVE_S))
        _sessions[loop] = session
    return session


async def close_shared_session() -> None:
    """Close this loop's pool (the action server's stop; a test's end)."""
    session = _sessions.pop(asyncio.get_running_loop(), None)
    if session is not None:
        await session.close()


class RouterClient:
    """Async calls to the router. Construct one per action run (cheap): its calls share the loop's pool."""

    def __init__(self, base_url: str | None = None, token: str | None = None, timeout_s: float = DEFAULT_TIMEOUT_S):
        self.base_url = (base_url or os.environ.get("NAVCHAT_ROUTER_URL") or DEFAULT_ROUTER_URL).rstrip("/")
        self.token = token if token is not None else os.environ.get("NAVCHAT_INTERNAL_TOKEN", "")
        self.timeout = aiohttp.ClientTimeout(total=timeout_s)
        # ways-to-nav per conversation, as the router answered it: an action run (one client each) asks it once, though
        # it reads several of its answers (may apply digitally, registered abroad).
        self._ways: dict[str, dict[str, Any]] = {}

    def _headers(self) -> dict[str, str]:
        headers = {"Accept": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        return headers

    async def _request(self, method: str, path: str, *, params: dict[str, str] | None = None,
                       body: dict[str, Any] | None = None) -> Any | None:
        url = f"{self.base_url}{path}"
        for attempt in (1, 2):
            try:
                async with _shared_session().request(method, url, params=params, json=body, headers=self._headers(),
                                                     timeout=self.timeout) as resp:
                    if resp.status != 200:
                        logger.info("router %s %s -> %s", method, path, resp.status)
                        return None
                    return await resp.json(content_type=None)
            except (aiohttp.ServerDisconnectedError, aiohttp.ClientOSError) as exc:
                # A kept-alive connection the router dropped (it restarted): once more, on a new connection.
                if attempt == 2:
                    logger.info("router %s %s failed: %s", method, path, exc)
            except Exception as exc:  # noqa: BLE001 - any failure means "router not available"
                logger.info("router %s %s failed: %s", method, path, exc)
                return None
        return None

    async def get_kommune(self, kommune: str) -> dict[str, Any] | None:
        """GET /api/kommuner/{name or number}: kommunenummer, navn, digisos capabilities, enhet."""
        data = await self._request("GET", f"/api/kommuner/{quote(kommune, safe='')}")
        return data if isinstance(data, dict) else None

    async def ways_to_nav(self, sender_id: str) -> dict[str, Any]:
        """GET /api/internal/conversations/{sender_id}/ways-to-nav: ``may_apply_digitally`` (False with
        adressebeskyttelse, True for a logged-in person without, None when not known), ``local_office`` (False:
        never name a local office), ``registered_abroad`` and ``nav_phone_opens`` (null while NAV's phone is open now,
        else when it opens, ISO 8601); {} when the router cannot tell (router away)."""
        if sender_id in self._ways:
            return self._ways[sender_id]
        data = await self._request("GET", f"/api/internal/conversations/{quote(sender_id, safe='')}/ways-to-nav")
        if not isinstance(data, dict):
            return {}  # not kept: asked again, the router may answer
        self._ways[sender_id] = data
        return data

    async def may_apply_digitally(self, sender_id: str) -> bool | None:
        may = (await self.ways_to_nav(sender_id)).get("may_apply_digitally")
        return may if isinstance(may, bool) else None

    async def local_office(self, sender_id: str) -> bool | None:
        local = (await self.ways_to_nav(sender_id)).get("local_office")
        return local if isinstance(local, bool) else None

    async def logged_in(self, sender_id: str) -> bool:
        """Whether a person is logged in to the conversation now (ways-to-nav ``logged_in``; false when not known)."""
        return (await self.ways_to_nav(sender_id)).get("logged_in") is True

    async def registered_office(self, sender_id: str) -> str | None:
        """The enhetsnummer of the logged-in person's office by the folkeregister (ways-to-nav ``registered_office``),
        when the router tells it; None otherwise."""
        office = (await self.ways_to_nav(sender_id)).get("registered_office")
        return office if isinstance(office, str) and office else None

    async def registered_abroad(self, sender_id: str) -> bool:
        """Whether the person who logged in lives abroad by the folkeregister (false when not known)."""
        return (await self.ways_to_nav(sender_id)).get("registered_abroad") is True

    async def resolve(self, **criteria: str | None) -> list[dict[str, Any]] | None:
        """GET /api/routing/resolve: ranked enheter for kommune/postnummer/bydel/gt/tema ..."""
        params = {k: v for k, v in criteria.items() if v}
        data = await self._request("GET", "/api/routing/resolve", params=params)
        return data if isinstance(data, list) else None

    async def get_enhet(self, enhetsnummer: str) -> dict[str, Any] | None:
        """GET /api/enheter/{enhetsnummer}: navn, adresse, telefon, aapningstider."""
        data = await self._request("GET", f"/api/enheter/{quote(enhetsnummer, safe='')}")
        return data if isinstance(data, dict) else None

    async def handoff(self, sender_id: str, body: dict[str, Any]) -> dict[str, Any] | None:
        """POST /api/internal/conversations/{sender_id}/handoff -> {"state", "enhet", "message"}."""
        data = await self._request(
            "POST", f"/api/internal/conversations/{quote(sender_id, safe='')}/handoff", body=body
        )
        return data if isinstance(data, dict) else None

    async def record_interpreter(self, sender_id: str, language: str) -> dict[str, Any] | None:
        """POST /api/internal/conversations/{sender_id}/interpreter: the need for a tolk travels with the chat."""
        data = await self._request(
            "POST", f"/api/internal/conversations/{quote(sender_id, safe='')}/interpreter", body={"language": language}
        )
        return data if isinstance(data, dict) else None

    async def case_answer(self, sender_id: str, question: str) -> dict[str, Any] | None:
        """POST /api/internal/conversations/{sender_id}/case: the bruker's own Digisos case as facts and answer
        texts (``logged_in``, ``texts``, ``facts``), only while the bot answers this conversation. The router finds
        the person through the conversation's login; nothing here ever carries an identifier."""
        data = await self._request(
            "POST", f"/api/internal/conversations/{quote(sender_id, safe='')}/case", body={"question": question}
        )
        return data if isinstance(data, dict) else None
