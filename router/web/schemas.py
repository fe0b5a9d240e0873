"""Pydantic models: what each JSON body may hold (lengths bounded).

The request models are checked by ``parse_body`` after ``input_guard.loads``; with the fixed shapes the handlers
answer (router/web/answers.py) they feed the OpenAPI description (router/web/openapi.py, served at
``GET /api/openapi.json``).
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal, TypeVar

from aiohttp import web
from pydantic import BaseModel, ConfigDict, Field, StrictBool

from router.domain.handover import CLAIM as HANDOVER_CLAIM
from router.services.errors import InvalidInput
from router.web import input_guard

M = TypeVar("M", bound=BaseModel)

MAX_SEQ = 2**63 - 1


class Body(BaseModel):
    model_config = ConfigDict(extra="ignore", str_max_length=10_000)
    # Free-text fields: besides the checks every string gets, they must show something (input_guard.check_text).
    text_fields: ClassVar[tuple[str, ...]] = ()


class CreateConversation(Body):
    language: str | None = Field(default=None, max_length=16)
    kommune: str | None = Field(default=None, max_length=64)
    page_locale: str | None = Field(default=None, max_length=35)
    # "Start ny samtale" on a closed chat's page: its id, with its token as the bearer; the new chat is anonymous and
    # the browser's login of that chat ends (services/login.py open_next_chat).
    after: str | None = Field(default=None, max_length=64)


class PostMessage(Body):
    # Length and emptiness are checked by the relay so every channel gives the same reasons.
    text_fields: ClassVar[tuple[str, ...]] = ("text",)

    client_msg_id: Any = Field(default=None, description="1-64 of letters, digits and . _ : -")
    text: Any = Field(default=None, description="the message, 1 to max_message_chars characters")
    payload: Any = Field(default=None, description="a button payload such as /human_handoff")


class UserSendFrame(PostMessage):
    """A bruker's message over the chat's WebSocket, as the widget sends it: answered with ``sent`` (stored, its
    turn started) or ``send_error`` with the status a POST of it would get."""

    type: Literal["send"]


class ChooseLanguage(Body):
    language: str = Field(max_length=16)


class TakeOverChat(Body):
    ticket: str = Field(max_length=200, description="from the link a Rasa widget's login button leads to")
    claim: str = Field(pattern=f"^{HANDOVER_CLAIM.pattern}$",
                       description="32 random bytes (base64url) the page made and keeps: sent again after a lost "
                                   "answer, it gets the same token back")


class Typing(Body):
    typing: StrictBool  # true or false; "yes" or 1 is refused


class ReadReceipt(Body):
    seq: int = Field(ge=0, le=MAX_SEQ)


class Login(Body):
    username: str = Field(max_length=64)
    password: str = Field(max_length=256)


class Presence(Body):
    presence: str = Field(max_length=16)


class StaffMessage(Body):
    text_fields: ClassVar[tuple[str, ...]] = ("text",)

    text: Any = Field(default=None, description="the reply, 1 to max_message_chars characters")
    client_msg_id: Any = Field(default=None, description="1-64 of letters, digits and . _ : -; the same id twice "
                                                         "stores the reply once")


class StaffReplyFrame(StaffMessage):
    """A reply sent over the staff WebSocket: answered with reply_ack (stored and pushed) or reply_error."""

    type: Literal["reply"]
    conversation_id: str = Field(max_length=64)
    client_msg_id: str = Field(max_length=64, description="echoed in the answer; the same id twice stores it once")


class Close(Body):
    outcome: str = Field(max_length=32)
    # What happened, for an outcome that needs it (threats or harassment: evidence for a report).
    note: str = Field(default="", max_length=500)


class TranscriptRequest(Body):
    """What a transcript is downloaded for (a police report, an HMS-avvik), in a few words; audited."""

    purpose: str = Field(default="", max_length=200)


class Note(Body):
    """An internal note on the conversation, for colleagues; never shown to the bruker."""

    text: str = Field(max_length=500)


class Transfer(Body):
    """To another enhet (or a kontaktsenter queue), or to one veileder by username."""

    to_enhetsnummer: str | None = Field(default=None, max_length=16)
    to_veileder: str | None = Field(default=None, max_length=64)
    note: str = Field(default="", max_length=500)


class MessageIntent(Body):
    """What the bot understood of one of the router's messages."""

    message_id: int = Field(ge=1, lt=2**63)
    intent: str = Field(min_length=1, max_length=64)
    confidence: float | None = Field(default=None, ge=0, le=1)


class Handoff(Body):
    reason: str = Field(default="bruker ba om en veileder", max_length=200)
    tema: str = Field(default="KOM", max_length=8)
    priority: str = Field(default="normal", max_length=16)
    summary: dict[str, Any] | None = None
    kommune: str | None = Field(default=None, max_length=64)
    bydel: str | None = Field(default=None, max_length=64)
    postnummer: str | None = Field(default=None, max_length=8)
    intents: list[MessageIntent] = Field(default_factory=list, max_length=500)


async def parse_body(request: web.Request, model: type[M]) -> M:
    """The request's JSON body as ``model``; bad JSON or wrong fields give 400 with the reason.

    ``input_guard.loads`` bounds depth and numbers and checks every string before pydantic sees the data.
    """
    return parse_json(await request.read(), model)


def parse_json(raw: bytes | str, model: type[M], what: str = "the body") -> M:
    """A JSON object (a request body, a WebSocket frame) as ``model``, with the checks of ``parse_body``."""
    data: Any = {} if not raw.strip() else input_guard.loads(raw, what)
    if not isinstance(data, dict):
        raise InvalidInput(f"{what} must be a JSON object")
    for field in getattr(model, "text_fields", ()):
        input_guard.check_text(data.get(field), field)
    return model.model_validate(data)
