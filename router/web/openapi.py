"""The OpenAPI 3.1 description of the router's HTTP API, served at ``GET /api/openapi.json``.

Bodies and answers come from the pydantic models in router/web/schemas.py and answers.py
(``models_json_schema``); the path table below is hand-written and must name every route in router/web/routes.py
that speaks JSON over plain HTTP (the WebSocket and socket.io endpoints and the HTML pages are described in
docs/API.md only).
tests/integration/web/test_schemathesis.py fuzzes a live router against this description.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from router.web import answers as a
from router.web import schemas as s

REF = "#/components/schemas/{model}"


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    summary: str
    tag: str
    body: type[BaseModel] | None = None
    # status -> answer model (a list model is written as [Model]); None: no body (204) or free-form JSON
    answers: dict[int, Any] = field(default_factory=dict)
    security: tuple[str, ...] = ()
    query: tuple[tuple[str, dict[str, Any], str], ...] = ()
    free_form: bool = False


SEQ_PARAM = {"type": "string", "pattern": r"^[0-9]{0,19}$"}  # empty: 0
TIME_PARAM = {"type": "string", "maxLength": 40,
              "pattern": r"^([0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?(Z|[+-][0-9]{2}:[0-9]{2})?)?)?$"}
_STR = {"type": "string", "maxLength": 200}
ROUTING_QUERY = tuple(
    (name, _STR, description)
    for name, description in (
        ("kommune", "kommune name or number"),
        ("postnummer", "four-digit postnummer"),
        ("bydel", "bydel number"),
        ("gt", "geografisk tilknytning"),
        ("tema", "tema code, e.g. KOM"),
        ("diskresjonskode", "SPSF, SPFO or empty"),
        ("skjermet", "true or false"),
    )
)

BRUKER = ("bearer",)
STAFF = ("staffCookie",)
STAFF_POST = ("staffCookie", "csrf")
INTERNAL = ("internalToken",)

OPERATIONS: tuple[Operation, ...] = (
    Operation("get", "/health", "State of the router's parts", "operations", answers={200: a.Health, 503: a.Health}),
    Operation("get", "/health/live", "Liveness: the router answers", "operations", answers={200: a.HealthLive}),
    Operation("get", "/health/ready", "Readiness for a load balancer: the router and its database", "operations",
              answers={200: a.HealthReady, 503: a.HealthReady}),
    Operation("post", "/api/conversations", "Open a conversation", "bruker", s.CreateConversation,
              {201: a.ConversationCreated}),
    Operation("post", "/api/conversations/{id}/messages", "Send a message", "bruker", s.PostMessage,
              {200: a.UserMessage, 201: a.UserMessage}, BRUKER),
    Operation("get", "/api/conversations/{id}/messages", "Read messages after a seq", "bruker",
              answers={200: a.MessagesPage}, security=BRUKER,
              query=(("after", SEQ_PARAM, "the last seq the client has (ASCII digits, 0..2**63-1)"),)),
    Operation("post", "/api/conversations/{id}/handoff", "Ask for a human", "bruker", None,
              {200: a.HandoffAnswer}, BRUKER),
    Operation("post", "/api/conversations/{id}/language", "Choose the language", "bruker", s.ChooseLanguage,
              {200: a.UserConversation}, BRUKER),
    Operation("post", "/api/conversations/{id}/interpreter", "Ask for a tolk", "bruker", s.ChooseLanguage,
              {200: a.UserConversation}, BRUKER),
    Operation("post", "/api/conversations/{id}/close", "Close the conversation", "bruker", None,
              {200: a.UserConversation}, BRUKER),
    Operation("post", "/api/conversations/{id}/typing", "Bruker is typing", "bruker", s.Typing, {204: None}, BRUKER),
    Operation("post", "/api/conversations/{id}/read", "Bruker has read up to seq", "bruker", s.ReadReceipt,
              {204: None}, BRUKER),
    Operation("get", "/api/languages", "Languages of the picker", "bruker", answers={200: [a.LanguageInfo]},
              query=(("all", {"type": "string"}, "any non-empty value: also the staff pages' tolk languages"),)),
    Operation("get", "/api/limits", "The longest message and its notice per language", "bruker",
              answers={200: None}, free_form=True),
    Operation("get", "/api/widget/texts", "The chat widget's own texts in one language", "bruker",
              answers={200: None}, free_form=True,
              query=(("lang", {"type": "string"}, "ISO 639-1 code or locale; bokmål when unsupported"),)),
    Operation("post", "/api/language/detect", "Detect a text's language", "bruker", a.DetectText,
              {200: a.Detection}),
    Operation("get", "/api/routing/resolve", "Ranked enheter for a place and tema", "routing",
              answers={200: [a.RoutingRow]}, query=ROUTING_QUERY),
    Operation("get", "/api/enheter/{enhetsnummer}", "One office", "routing", answers={200: None}, free_form=True),
    Operation("get", "/api/kommuner/{kommune}", "One kommune", "routing", answers={200: None}, free_form=True),
    Operation("post", "/api/internal/conversations/{id}/handoff", "Handoff from the action server", "internal",
              s.Handoff, {200: a.HandoffAnswer}, INTERNAL),
    Operation("post", "/api/internal/conversations/{id}/interpreter", "Tolk need from the action server",
              "internal", s.ChooseLanguage, {200: a.UserConversation}, INTERNAL),
    Operation("post", "/api/conversations/{id}/login", "Start the bruker's login (ID-porten): the provider's URL",
              "login", None, {200: None}, BRUKER, free_form=True),
    Operation("post", "/api/handover", "Move a chat from a Rasa widget to this site, to log in here: a new token",
              "login", s.TakeOverChat, {200: a.ConversationCreated, 410: a.ErrorAnswer}),
    Operation("post", "/api/conversations/{id}/logout", "End the bruker's login", "login", None, {200: None}, BRUKER,
              free_form=True),
    Operation("post", "/api/conversations/{id}/resume",
              "Back from a login: the person's open conversation with a fresh token, or {resumed: false} (login "
              "cookie)", "login", None, {200: None}, BRUKER, free_form=True),
    Operation("get", "/api/conversations/{id}/case", "The logged-in bruker's own Digisos case (login cookie)",
              "login", answers={200: None}, security=BRUKER, free_form=True,
              query=(("question", {"type": "string", "maxLength": 500}, "the bruker's question, in words"),)),
    Operation("post", "/api/internal/conversations/{id}/case", "Case facts for the action server (no identifiers)",
              "internal", None, {200: None}, INTERNAL, free_form=True),
    Operation("get", "/api/internal/conversations/{id}/ways-to-nav",
              "How the person reaches NAV (online application, local office), for the action server", "internal",
              answers={200: a.WaysToNav}, security=INTERNAL),
    Operation("post", "/api/staff/login", "Log in", "staff", s.Login, {200: a.StaffSession}),
    Operation("post", "/api/staff/logout", "Log out", "staff", None, {204: None}),
    Operation("get", "/api/staff/me", "The logged-in user", "staff", answers={200: a.StaffSession}, security=STAFF),
    Operation("post", "/api/staff/presence", "Set presence", "staff", s.Presence, {200: a.PresenceAnswer},
              STAFF_POST),
    Operation("get", "/api/staff/queue", "The queue the user may see", "staff", answers={200: a.ConversationList},
              security=STAFF),
    Operation("get", "/api/staff/conversations/mine", "The user's conversations", "staff",
              answers={200: a.ConversationList}, security=STAFF),
    Operation("get", "/api/staff/conversations/search", "Search the conversations the user may see (audited)",
              "staff", answers={200: a.ConversationList}, security=STAFF,
              query=(("q", {"type": "string", "minLength": 2, "maxLength": 100},
                      "an id's beginning, a tema, or words of the enhet, the reason or the summary"),)),
    Operation("get", "/api/staff/conversations/{id}", "One conversation (audited)", "staff",
              answers={200: a.ConversationDetail}, security=STAFF),
    Operation("post", "/api/staff/conversations/{id}/transcript",
              "The conversation as a text file to download, for a police report or an HMS-avvik: a chat closed as "
              "threats, or the caller's own before it is closed; the purpose stated is audited", "staff",
              s.TranscriptRequest, {200: None}, STAFF_POST),
    Operation("post", "/api/staff/conversations/{id}/take", "Take a queued conversation", "staff", None,
              {200: a.StaffConversation}, STAFF_POST),
    Operation("post", "/api/staff/conversations/{id}/messages", "Reply", "staff", s.StaffMessage,
              {201: a.StaffMessageView}, STAFF_POST),
    Operation("post", "/api/staff/conversations/{id}/request-login", "Ask the bruker to log in", "staff", None,
              {200: None}, STAFF_POST, free_form=True),
    Operation("get", "/api/staff/conversations/{id}/case", "The bruker's case beside the conversation (audited)",
              "staff", answers={200: None}, security=STAFF, free_form=True),
    Operation("post", "/api/staff/conversations/{id}/back-to-bot", "Give back to the bot", "staff", None,
              {200: a.StaffConversation}, STAFF_POST),
    Operation("post", "/api/staff/conversations/{id}/close", "Close", "staff", s.Close, {200: a.StaffConversation},
              STAFF_POST),
    Operation("post", "/api/staff/conversations/{id}/notes", "An internal note, for colleagues only (audited)", "staff",
              s.Note, {201: a.NoteAdded}, STAFF_POST),
    Operation("post", "/api/staff/conversations/{id}/transfer", "Transfer", "staff", s.Transfer,
              {200: a.StaffConversation}, STAFF_POST),
    Operation("get", "/api/staff/conversations/{id}/transfer-candidates",
              "The veiledere of an enhet the conversation may be transferred to by name (audited)", "staff",
              answers={200: a.TransferCandidates}, security=STAFF,
              query=(("enhet", {"type": "string", "maxLength": 16}, "the enhetsnummer (required)"),)),
    Operation("post", "/api/staff/conversations/{id}/typing", "Veileder is typing", "staff", s.Typing, {204: None},
              STAFF_POST),
    Operation("get", "/api/staff/templates", "Reply templates", "staff", answers={200: [a.ReplyTemplate]},
              security=STAFF),
    Operation("get", "/api/staff/labels", "The staff pages' fixed choices in words", "staff",
              answers={200: a.StaffChoices}, security=STAFF),
    Operation("get", "/api/staff/enheter", "Every enhet, for choosing where to transfer", "staff",
              answers={200: [a.EnhetChoice]}, security=STAFF),
    Operation("get", "/api/staff/overview", "Group-level queue figures", "staff", answers={200: None},
              security=STAFF, free_form=True),
    Operation("get", "/api/admin/audit",
              "A page of the audit log, newest first (admin: the rows their permissions cover; revisor: every row; "
              "audited)", "staff", answers={200: a.AuditPage}, security=STAFF,
              query=(("from", TIME_PARAM, "only rows at or after this time (ISO 8601; without an offset: Oslo time)"),
                     ("to", TIME_PARAM, "only rows before this time (ISO 8601; after from)"),
                     ("username", {"type": "string", "maxLength": 64}, "only this user"),
                     ("conversation_id", {"type": "string", "maxLength": 64}, "only this conversation"),
                     ("action", {"type": "string", "pattern": r"^[a-z_]{0,64}$"}, "only this action code"),
                     ("before_id", {"type": "string", "pattern": r"^[0-9]{0,19}$"},
                      "only rows older than this row: the previous page's next_before_id"),
                     ("limit", {"type": "string", "pattern": r"^[0-9]{0,3}$"}, "at most this many rows (1-500)"))),
)

SECURITY_SCHEMES = {
    "bearer": {"type": "http", "scheme": "bearer", "description": "the conversation token from POST /api/conversations"},
    "internalToken": {"type": "http", "scheme": "bearer", "description": "NAVCHAT_INTERNAL_TOKEN"},
    "staffCookie": {"type": "apiKey", "in": "cookie", "name": "navchat_staff"},
    "csrf": {"type": "apiKey", "in": "header", "name": "X-CSRF-Token"},
}


# Refusals by the router are JSON; a request line or header the HTTP parser itself refuses (e.g. a URL longer
# than 8 KiB) gets aiohttp's plain-text 400 before any handler runs.
ERROR = {
    "description": "refused: the reason is in error",
    "content": {
        "application/json": {"schema": {"$ref": REF.format(model="ErrorAnswer")}},
        "text/plain": {"schema": {"type": "string"}},
    },
}


def _models() -> list[type[BaseModel]]:
    found: dict[str, type[BaseModel]] = {"ErrorAnswer": a.ErrorAnswer}
    for op in OPERATIONS:
        if op.body is not None:
            found[op.body.__name__] = op.body
        for answer in op.answers.values():
            model = answer[0] if isinstance(answer, list) else answer
            if model is not None:
                found[model.__name__] = model
    return list(found.values())


def _ref(model: type[BaseModel]) -> dict[str, str]:
    return {"$ref": REF.format(model=model.__name__)}


def _answer(status: int, answer: Any, free_form: bool) -> dict[str, Any]:
    if status == 204:
        return {"description": "done, no body"}
    if isinstance(answer, list):
        schema: dict[str, Any] = {"type": "array", "items": _ref(answer[0])}
    elif answer is None:
        schema = {"type": "object"} if free_form else {}
    else:
        schema = _ref(answer)
    return {"description": "OK" if status < 300 else "see the body", "content": {"application/json": {"schema": schema}}}


def _operation(op: Operation) -> dict[str, Any]:
    item: dict[str, Any] = {
        "summary": op.summary,
        "tags": [op.tag],
        "operationId": f"{op.method}_{op.path.strip('/').replace('/', '_').replace('{', '').replace('}', '')}",
        "responses": {str(status): _answer(status, answer, op.free_form) for status, answer in op.answers.items()},
    }
    item["responses"]["4XX"] = ERROR
    parameters = [
        {"name": name[1:-1], "in": "path", "required": True, "schema": {"type": "string", "maxLength": 128}}
        for name in op.path.split("/")
        if name.startswith("{")
    ]
    parameters += [
        {"name": name, "in": "query", "required": False, "schema": schema, "description": description}
        for name, schema, description in op.query
    ]
    if parameters:
        item["parameters"] = parameters
    if op.body is not None:
        # A body whose fields are all optional may be left out (an empty body reads as {}).
        required = any(f.is_required() for f in op.body.model_fields.values())
        item["requestBody"] = {"required": required, "content": {"application/json": {"schema": _ref(op.body)}}}
    if op.security:
        item["security"] = [{name: [] for name in op.security}]
    return item


@functools.cache
def openapi_document() -> dict[str, Any]:
    models = _models()
    _, definitions = models_json_schema(
        [(model, "validation" if issubclass(model, s.Body) else "serialization") for model in models],
        ref_template=REF,
    )
    paths: dict[str, dict[str, Any]] = {}
    for op in OPERATIONS:
        paths.setdefault(op.path, {})[op.method] = _operation(op)
    paths["/api/staff/conversations/{id}/transcript"]["post"]["responses"]["200"] = {
        "description": "the transcript as plain text (an attachment)",
        "content": {"text/plain": {"schema": {"type": "string"}}}}
    paths["/metrics"] = {"get": {
        "summary": "Prometheus figures (group level)", "tags": ["operations"], "operationId": "get_metrics",
        "responses": {"200": {"description": "Prometheus text format",
                              "content": {"text/plain": {"schema": {"type": "string"}}}},
                      "4XX": ERROR},
    }}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "NAV chat router",
            "version": "1",
            "description": "The router's HTTP API (docs/API.md). Errors are {\"error\": reason} with a 4xx status. "
            "WebSocket (/api/conversations/{id}/ws, /api/staff/ws) and socket.io (/socket.io/) are described in "
            "docs/API.md.",
        },
        "paths": paths,
        "components": {"schemas": definitions.get("$defs", {}), "securitySchemes": SECURITY_SCHEMES},
    }


async def openapi_json(request: web.Request) -> web.Response:
    return web.json_response(openapi_document(), headers={"Cache-Control": "no-cache"})
