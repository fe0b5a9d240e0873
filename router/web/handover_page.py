"""GET /chat/continue?ticket=: where a Rasa widget's "Logg inn" leads (router/services/handover.py).

Looking at the page changes nothing (a link preview or a prefetch may open it too): it says what the click will do,
in the conversation's language, or that the link cannot be used any more. The click is continue.js's POST
/api/handover.
"""

from __future__ import annotations

from pathlib import Path

from aiohttp import web

from router.services import handover
from router.texts import widget_texts
from router.web import input_guard
from router.web.appkeys import DEPS
from router.web.middleware import PAGE_SECURITY_HEADERS
from router.web.widget_page import page_language, render

TEMPLATE = Path(__file__).parent / "static" / "widget" / "continue.html"


async def continue_page(request: web.Request) -> web.Response:
    ticket = input_guard.query_text(request.query, "ticket", max_chars=200) or ""
    conversation, language = await handover.offered(request.app[DEPS], ticket) if ticket else (None, None)
    bundle = widget_texts(language or page_language(request))
    page = render(TEMPLATE.read_text(encoding="utf-8"), bundle)
    page = page.replace("{offer_hidden}", "" if conversation else "hidden")
    page = page.replace("{gone_hidden}", "hidden" if conversation else "")
    return web.Response(text=page, content_type="text/html",
                        headers={"Cache-Control": "no-store", "Referrer-Policy": "no-referrer",
                                 **PAGE_SECURITY_HEADERS})
