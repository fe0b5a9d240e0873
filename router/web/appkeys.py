"""Typed keys for the objects every handler shares; each topic module may add its own next to its handlers."""

from __future__ import annotations

from aiohttp import web

from router.config import Settings

SETTINGS = web.AppKey("settings", Settings)
