"""The fixed shapes the handlers answer, as pydantic models: for the OpenAPI description (router/web/openapi.py,
served at ``GET /api/openapi.json``) and the schemathesis run only, never used to build an answer.

Not in router/web/schemas.py beside the request bodies, which every request is checked with: these models (and
DetectText, the body /api/language/detect reads by hand) hold half a megabyte the router needs only when its
description is asked for (#12), so only openapi.py imports them, and routes.py imports openapi.py at the first
request for it.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from router.web.schemas import Body


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
    author_name: str | None = Field(default=None, description="a veileder's message: its author's first name")


class UserConversation(Answer):
    id: str
    state: State
    language: str | None
    needs_interpreter: bool
    veileder_name: str | None
    staffed_now: bool | None = Field(
        default=None,
        description="while the conversation waits in a queue: whether that queue's chat is staffed now; null otherwise")
    staffed_changes_at: str | None = Field(
        default=None,
        description="while it waits: when the chat next closes (staffed now) or opens (not staffed), ISO 8601; null "
                    "otherwise, or when it never changes")


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
    open_chats: int | None = Field(description="null where the count could tell of a kode 6, kode 7 or skjermet chat "
                                               "(the colleague holds a permission the caller lacks)")
    capacity: int | None
    has_capacity: bool


class TransferCandidates(Answer):
    enhetsnummer: str
    navn: str
    veiledere: list[TransferCandidate]


class HistoryEvent(Answer):
    """One row of a conversation's history, with its words for staff (``label``, ``text``)."""

    kind: str
    label: str
    text: str
    actor: str | None
    at: str | None


class ConversationDetail(Answer):
    conversation: StaffConversation
    messages: list[StaffMessageView]
    events: list[HistoryEvent]


class NoteAdded(Answer):
    event: HistoryEvent = Field(description="the note as the conversation's history shows it (kind staff_note)")


class ReplyTemplate(Answer):
    title: str
    text: str = Field(description="bokmål")
    texts: dict[str, str] = Field(description="the template per language the veileder writes in unaided: nb, nn, en")
    in_every_language: bool = Field(description="sent unchanged, the bruker reads it in her own language, whichever "
                                                "of the 20 (a hand translation, never a machine one)")


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
