"""Typed keys for the objects every handler shares; each topic module may add its own next to its handlers."""

from __future__ import annotations

import aiohttp
from aiohttp import web

from router.config import Settings

SETTINGS = web.AppKey("settings", Settings)

# Filled by create_app's cleanup contexts (imports kept late to avoid cycles).
from router.services.deps import Deps  # noqa: E402
from router.web.ws import WsHub  # noqa: E402

DEPS = web.AppKey("deps", Deps)
HUB = web.AppKey("hub", WsHub)
HTTP = web.AppKey("http", aiohttp.ClientSession)
