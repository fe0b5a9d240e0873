"""Every URL in one function."""

from __future__ import annotations

from pathlib import Path

from aiohttp import web

from router.texts import contact_text
from router.web import (
    api,
    handover_page,
    language_api,
    login_api,
    privacy_page,
    routing_api,
    staff_api,
    widget_page,
)
from router.web.middleware import PAGE_SECURITY_HEADERS

STATIC_DIR = Path(__file__).parent / "static"


def page(relative: str):  # type: ignore[no-untyped-def]
    """An HTML page with NAV's contact details ({phone}, {phone_tel}) filled in from router/texts.

    Filled here rather than fetched by the page: the phone number must show even when the API is unreachable.
    """
    path = STATIC_DIR / relative

    async def handler(request: web.Request) -> web.Response:
        return web.Response(
            text=contact_text(path.read_text(encoding="utf-8")),
            content_type="text/html",
            headers={"Cache-Control": "no-cache", **PAGE_SECURITY_HEADERS},
        )

    return handler


# Two routes no conversation uses, their modules imported at the first request for them, not at start (#12):
# the API's description with the pydantic models of every answer (router/web/answers.py, half a megabyte), and
# the Prometheus figures with prometheus_client (1 MB). Each import takes a few hundredths of a second, once.


async def openapi_json(request: web.Request) -> web.StreamResponse:
    from router.web.openapi import openapi_json as answer

    return await answer(request)


async def metrics(request: web.Request) -> web.StreamResponse:
    from router.web.metrics import metrics as answer

    return await answer(request)


def setup_routes(app: web.Application) -> None:
    r = app.router
    # pages
    r.add_get("/", widget_page.widget_page)
    r.add_get("/veileder", page("console/index.html"))
    r.add_get("/kontaktsenter", page("dashboard/index.html"))
    r.add_get("/tilgangslogg", page("audit/index.html"))  # the audit log, for admin and revisor
    r.add_static("/static/", STATIC_DIR, append_version=False)
    r.add_get("/health", api.health)
    r.add_get("/health/live", api.health_live)
    r.add_get("/health/ready", api.health_ready)
    r.add_get("/api/openapi.json", openapi_json)
    # bruker
    r.add_post("/api/conversations", api.create_conversation)
    r.add_post("/api/conversations/{id}/messages", api.post_message)
    r.add_get("/api/conversations/{id}/messages", api.get_messages)
    r.add_post("/api/conversations/{id}/handoff", api.request_handoff)
    r.add_post("/api/conversations/{id}/language", api.set_language)
    r.add_post("/api/conversations/{id}/interpreter", api.set_interpreter)
    r.add_post("/api/conversations/{id}/close", api.close_conversation)
    r.add_post("/api/conversations/{id}/typing", api.user_typing)
    r.add_post("/api/conversations/{id}/read", api.user_read)
    r.add_get("/api/conversations/{id}/ws", api.user_ws)
    r.add_get("/api/languages", api.list_languages)
    r.add_get("/api/limits", api.limits)
    r.add_get("/api/widget/texts", api.widget_texts_for)
    r.add_post("/api/language/detect", language_api.detect_language)
    # login (ID-porten) and the bruker's own case
    r.add_post("/api/conversations/{id}/login", login_api.start)
    r.add_post("/api/conversations/{id}/logout", login_api.logout)
    r.add_post("/api/conversations/{id}/resume", login_api.resume)
    r.add_get("/api/conversations/{id}/case", login_api.case)
    r.add_get("/oauth2/callback", login_api.callback)
    r.add_get(login_api.PROVIDER_LOGOUT_PATH, login_api.provider_logout)
    r.add_get(login_api.LOGGED_OUT_PATH, login_api.logged_out)
    # a chat in a Rasa widget on another site continues here to log in (router/services/handover.py)
    r.add_get("/chat/continue", handover_page.continue_page)
    r.add_post("/api/handover", login_api.take_over_chat)
    # routing and reference data (read by the action server and staff tools)
    r.add_get("/api/routing/resolve", routing_api.resolve_handler)
    # what the chat stores, for how long, who reads it (GDPR art. 13), linked from the widget
    r.add_get("/personvern", privacy_page.privacy_page)
    r.add_get("/api/enheter/{enhetsnummer}", routing_api.enhet_handler)
    r.add_get("/api/kommuner/{kommune}", routing_api.kommune_handler)
    # action server (internal token)
    r.add_post("/api/internal/conversations/{id}/handoff", api.internal_handoff)
    r.add_post("/api/internal/conversations/{id}/interpreter", api.internal_interpreter)
    r.add_post("/api/internal/conversations/{id}/case", login_api.internal_case)
    r.add_get("/api/internal/conversations/{id}/ways-to-nav", login_api.internal_ways_to_nav)
    # staff
    r.add_post("/api/staff/login", staff_api.login)
    r.add_post("/api/staff/logout", staff_api.logout)
    r.add_get("/api/staff/me", staff_api.me)
    r.add_post("/api/staff/presence", staff_api.presence)
    r.add_get("/api/staff/queue", staff_api.queue)
    r.add_get("/api/staff/conversations/mine", staff_api.mine)
    r.add_get("/api/staff/conversations/search", staff_api.search)
    r.add_get("/api/staff/conversations/{id}", staff_api.conversation)
    r.add_post("/api/staff/conversations/{id}/transcript", staff_api.transcript)
    r.add_post("/api/staff/conversations/{id}/take", staff_api.take)
    r.add_post("/api/staff/conversations/{id}/messages", staff_api.reply)
    r.add_post("/api/staff/conversations/{id}/back-to-bot", staff_api.back_to_bot)
    r.add_post("/api/staff/conversations/{id}/close", staff_api.close)
    r.add_post("/api/staff/conversations/{id}/notes", staff_api.add_note)
    r.add_post("/api/staff/conversations/{id}/transfer", staff_api.transfer)
    r.add_get("/api/staff/conversations/{id}/transfer-candidates", staff_api.transfer_candidates)
    r.add_post("/api/staff/conversations/{id}/typing", staff_api.staff_typing)
    r.add_post("/api/staff/conversations/{id}/request-login", login_api.request_login)
    r.add_get("/api/staff/conversations/{id}/case", login_api.staff_case)
    r.add_get("/api/staff/templates", staff_api.list_templates)
    r.add_get("/api/staff/labels", staff_api.labels)
    r.add_get("/api/staff/enheter", staff_api.enheter)
    r.add_get("/api/staff/ws", staff_api.staff_ws)
    r.add_get("/api/staff/overview", staff_api.overview)
    r.add_get("/metrics", metrics)
    r.add_get("/api/admin/audit", staff_api.audit_log)
