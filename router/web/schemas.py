"""Pydantic request models: what each JSON body may hold, with lengths bounded."""

from __future__ import annotations

import json
from typing import Any, TypeVar

from aiohttp import web
from pydantic import BaseModel, ConfigDict, Field

from router.services.errors import InvalidInput

M = TypeVar("M", bound=BaseModel)


class Body(BaseModel):
    model_config = ConfigDict(extra="ignore", str_max_length=10_000)


class CreateConversation(Body):
    language: str | None = Field(default=None, max_length=16)
    kommune: str | None = Field(default=None, max_length=64)
    page_locale: str | None = Field(default=None, max_length=35)


class PostMessage(Body):
    # Length and emptiness are checked by the relay so every channel gives the same reasons.
    client_msg_id: Any = None
    text: Any = None
    payload: Any = None


class ChooseLanguage(Body):
    language: str = Field(max_length=16)


class Typing(Body):
    typing: bool


class ReadReceipt(Body):
    seq: int = Field(ge=0)


class Login(Body):
    username: str = Field(max_length=64)
    password: str = Field(max_length=256)


class Presence(Body):
    presence: str = Field(max_length=16)


class StaffMessage(Body):
    text: Any = None


class Close(Body):
    outcome: str = Field(max_length=32)


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
    intents: list[MessageIntent] = Field(default_factory=list, max_length=500)


async def parse_body(request: web.Request, model: type[M]) -> M:
    """The request's JSON body as ``model``; bad JSON or wrong fields give 400 with the reason."""
    raw = await request.read()
    if not raw:
        data: Any = {}
    else:
        try:
            data = json.loads(raw)
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise InvalidInput("the body is not valid JSON") from None
    if not isinstance(data, dict):
        raise InvalidInput("the body must be a JSON object")
    return model.model_validate(data)
