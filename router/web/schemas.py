"""Pydantic models: what each JSON body may hold (lengths bounded), and the fixed shapes the handlers answer.

The request models are checked by ``parse_body`` after ``input_guard.loads``; both kinds feed the OpenAPI
description (router/web/openapi.py, served at ``GET /api/openapi.json``).
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


# Answers: the fixed shapes the handlers return (documentation and the schemathesis run; never used to build them).


class Answer(BaseModel):
    model_config = ConfigDict(extra="allow")


class ErrorAnswer(Answer):
    error: str
    error_nb: str | None = Field(default=None, description="the reason in bokmål, for the staff pages, when known")


State = Literal["BOT", "QUEUED", "ASSIGNED", "CLOSED"]


class ConversationCreated(Answer):
    id: str
    token: str
    state: State
    language: str | None


class Button(Answer):
    title: str
    payload: str
    # Only on a bot button whose title was machine-translated into the bruker's language (the payload is the bot's).
    machine_translated: bool | None = Field(default=None, description="the title is a machine translation")


class UserMessage(Answer):
    seq: int
    sender: Literal["user", "bot", "veileder", "system"]
    text: str
    language: str | None
    machine_translated: bool
    machine_translated_label: str | None
    client_msg_id: str | None
    buttons: list[Button]
    created_at: str | None
    reply_to: int | None = Field(default=None, description="the bruker message (seq) this bot answer belongs to: "
                                 "shown right after it")


class UserConversation(Answer):
    id: str
    state: State
    language: str | None
    needs_interpreter: bool
    veileder_name: str | None


class MessagesPage(Answer):
    conversation: UserConversation
    messages: list[UserMessage]


class EnhetRef(Answer):
    enhetsnummer: str | None
    navn: str | None


class HandoffAnswer(Answer):
    state: State
    enhet: EnhetRef | None = None
    message: str | None = None


class WaysToNav(Answer):
    may_apply_digitally: bool | None = Field(
        description="false with adressebeskyttelse, true for a logged-in person without it, null when not known")
    local_office: bool | None = Field(
        description="false when the person must not be sent to a local office (strengt fortrolig adresse)")
    registered_abroad: bool | None = Field(
        default=None,
        description="true when the logged-in person lives abroad by the folkeregister (sosialhjelp needs a stay in "
                    "Norway), null otherwise")
    logged_in: bool = Field(
        default=False,
        description="true while a person is logged in to the conversation (a protection stays after logout: "
                    "may_apply_digitally alone does not say it)")
    nav_phone_opens: str | None = Field(
        default=None,
        description="null while NAV's phone is open now; else when it opens next (ISO 8601, Europe/Oslo time), so "
                    "that an emergency answer on an evening, weekend or holiday leads with what answers now")
    registered_office: str | None = Field(
        default=None,
        description="the enhetsnummer of the local office for the logged-in person's folkeregister address; null "
                    "when nobody is logged in, for strengt fortrolig adresse, abroad, or where the sources name none")
    closed_days_ahead: list[str] = Field(
        default_factory=list,
        description="the dates (ISO 8601) in the next three weeks on which all of NAV is closed though its week works "
                    "then (helligdager, julaften, nyttårsaften), by the router's clock")
    chat_opens: str | None = Field(
        default=None,
        description="null while the chat is staffed now; else when a veileder can answer at the earliest (ISO 8601, "
                    "Europe/Oslo time), from the hours the queue notice promises by")
    chat_closed_today: bool = Field(
        default=False,
        description="true when the chat has no staffed hours at all today (a weekend, a helligdag, julaften, "
                    "nyttårsaften)")


class LanguageInfo(Answer):
    code: str
    name: str
    name_nb: str
    norwegian_path: bool
    picker: bool
    veileder_replies: Literal["as_written", "write_in_it", "machine_translated", "not_translated"] = Field(
        description="how a veileder's Norwegian reply reaches a bruker writing this language")


class StaffUser(Answer):
    id: int | str
    username: str
    navn: str
    enhetsnummer: str
    roles: list[str]
    permissions: list[str]
    presence: str
    answers_brukere: bool = Field(description="goes online and takes conversations (veileder, kontaktsenter); "
                                              "admin alone only watches")


class StaffSession(Answer):
    user: StaffUser
    csrf_token: str


class PresenceAnswer(Answer):
    presence: str
    returned_to_queue: list[str]


class StaffConversation(Answer):
    id: str
    state: State
    state_label: str | None = None


class StaffMessageView(Answer):
    seq: int
    sender: Literal["user", "bot", "veileder", "system"]
    text: str | None
    created_at: str | None
    reply_to: int | None = Field(default=None, description="the bruker message (seq) this bot answer belongs to")


class ConversationList(Answer):
    conversations: list[StaffConversation]


class StaffChoice(Answer):
    value: str
    label: str


class StaffChoices(Answer):
    """The staff pages' fixed choices, each code with its words (router/domain/staff_labels.py)."""

    close_outcomes: list[StaffChoice]
    presences: list[StaffChoice]
    audit_actions: list[StaffChoice]


class EnhetChoice(Answer):
    enhetsnummer: str
    navn: str
    type: str
    type_label: str | None


class TransferCandidate(Answer):
    id: int
    username: str
    navn: str
    presence: str
    presence_label: str | None
    open_chats: int
    capacity: int
    has_capacity: bool


class TransferCandidates(Answer):
    enhetsnummer: str
    navn: str
    veiledere: list[TransferCandidate]


class ConversationDetail(Answer):
    conversation: StaffConversation
    messages: list[StaffMessageView]
    events: list[dict[str, Any]]


class ReplyTemplate(Answer):
    title: str
    text: str


class AuditRowView(Answer):
    """One row of the audit log (staff.audit_row_view): who did what, when, to which conversation."""

    id: int = Field(description="the row's id, newest highest: the paging cursor")
    at: str = Field(description="ISO 8601, UTC")
    username: str = Field(description="the staff user; 'bruker' or 'router' for what they did")
    action: str = Field(description="the action's code, e.g. read, refused, audit_query")
    action_label: str = Field(description="the action in bokmål")
    conversation_id: str | None
    detail: dict[str, Any] = Field(description="what else is known: the attempt and reason of a refusal, ...")
    detail_nb: str = Field(description="the detail in bokmål but its purpose, empty when there is none")
    purpose_label: str | None = Field(description="why, in bokmål: a read's ground from the access rule that "
                                                  "allowed it (detail.why: assigned, transferred_to_them, "
                                                  "transferred_to_enhet, enhet_queue, had_it, same_person, "
                                                  "kontaktsenter), a "
                                                  "lookup's reason, a download's stated purpose; null when none")
    protection: list[str] = Field(description="the permissions the conversation needs: strengt_fortrolig "
                                              "(kode 6), fortrolig (kode 7), skjermet; empty for others")
    protection_label: str | None


class AuditPage(Answer):
    audit: list[AuditRowView] = Field(description="newest first")
    next_before_id: int | None = Field(description="before_id for the next, older page; null on the last page")
    hidden_conversations: int | None = Field(description="how many conversations have rows matching the filters "
                                                         "that this reader is not shown (kode 6/7, skjermet without "
                                                         "the permission); never which. 0 for the revisor; null for "
                                                         "a search of one conversation (conversation_id), where a "
                                                         "count would say whether that chat is protected")
    hidden_note_nb: str | None = Field(description="that number in bokmål, '2 samtaler er skjult for deg "
                                                   "(adressebeskyttelse/skjerming).'; null when 0; for a search of "
                                                   "one conversation the same words whether it has no rows or they "
                                                   "are withheld (null for the revisor)")


class Health(Answer):
    status: Literal["ok", "degraded", "down"]
    rasa: Literal["up", "down"]
    rasa_processes: list[Literal["up", "down"]]
    action_server: Literal["up", "down"]
    database: Literal["up", "down"]
    event_bus: Literal["up", "down"]


class HealthLive(Answer):
    status: Literal["live"]


class HealthReady(Answer):
    status: Literal["ready", "not_ready"]
    database: Literal["up", "down"]


class DetectText(Body):
    text: str = Field(min_length=1, max_length=2000)


class LanguageCandidate(Answer):
    lang: str
    confidence: float


class Detection(Answer):
    lang: str | None
    confidence: float
    candidates: list[LanguageCandidate]


class RoutingRow(Answer):
    enhetsnummer: str
    navn: str
    reason: str
