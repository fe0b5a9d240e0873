"""Client for Rasa's REST webhook and HTTP API; aiohttp errors become BotUnavailable."""

from __future__ import annotations

import logging
from typing import Any

import aiohttp

from router.ports.bot import BotReply, BotUnavailable

log = logging.getLogger(__name__)


class RasaClient:
    def __init__(self, session: aiohttp.ClientSession, base_url: str, token: str, timeout_s: float) -> None:
        self._session = session
        self._base_url = base_url.rstrip("/")
        self._token = token
        self._timeout = aiohttp.ClientTimeout(total=timeout_s)

    def _params(self) -> dict[str, str]:
        return {"token": self._token} if self._token else {}

    async def _request(self, method: str, path: str, **kwargs: Any) -> Any:
        try:
            async with self._session.request(
                method, f"{self._base_url}{path}", params=self._params(), timeout=self._timeout, **kwargs
            ) as response:
                if response.status >= 400:
                    raise BotUnavailable(f"rasa answered {response.status} on {path}")
                return await response.json(content_type=None)
        except (aiohttp.ClientError, TimeoutError, ValueError) as error:
            raise BotUnavailable(f"rasa unreachable on {path}: {type(error).__name__}") from error

    async def send(self, conversation_id: str, text: str, metadata: dict[str, Any] | None = None) -> list[BotReply]:
        # Rasa's REST channel keeps "metadata" on the user event in the tracker (RestInput.get_metadata).
        payload: dict[str, Any] = {"sender": conversation_id, "message": text}
        if metadata:
            payload["metadata"] = metadata
        answer = await self._request("POST", "/webhooks/rest/webhook", json=payload)
        replies = []
        for item in answer or []:
            buttons = tuple(
                {"title": str(b.get("title", "")), "payload": str(b.get("payload", ""))}
                for b in item.get("buttons") or []
            )
            if item.get("text") or buttons:
                replies.append(BotReply(text=item.get("text") or "", buttons=buttons))
        return replies

    async def set_slots(self, conversation_id: str, slots: dict[str, Any]) -> None:
        events = [{"event": "slot", "name": name, "value": value} for name, value in slots.items()]
        await self._request("POST", f"/conversations/{conversation_id}/tracker/events", json=events)

    async def tracker(self, conversation_id: str) -> dict[str, Any]:
        return await self._request("GET", f"/conversations/{conversation_id}/tracker")

    async def is_healthy(self) -> bool:
        try:
            await self._request("GET", "/status")
            return True
        except BotUnavailable:
            return False
