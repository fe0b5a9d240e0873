"""How conversations and messages look to each audience (bruker, staff); JSON-ready dicts.

Staff get every code (state, tema, priority, intent, history kind ...) with its words beside it
(``state_label``, ``tema_label``, ``intent_label``, an event's ``text`` ...), from router/domain/staff_labels.py,
so the console, the dashboard and any other client read words and keep the codes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any

from router.domain import staff_labels as words
from router.domain.conversation import THREATS, Conversation, ConversationState
from router.domain.events import HistoryRecord, StateChanged, Transition
from router.domain.language_policy import DIRECT_LANGUAGES
from router.domain.messages import Message, shown_to
from router.domain.opening_hours import Staffing
from router.domain.routing import temagruppe_of
from router.texts import NORWEGIAN_LANGUAGE_NAMES, fixed_text


def language_name(code: str) -> str | None:
    """A language's name in bokmål, for staff (router/texts is its one home)."""
    return NORWEGIAN_LANGUAGE_NAMES.get(code)


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def message_for_user(row: Message, conversation: Conversation, *, reader: str | None = None,
                     author_names: Mapping[int, str] | None = None) -> dict[str, Any]:
    """The bruker reads everything in their own language; machine translations are labelled. Every bruker read of a
    message comes here (REST, the WebSocket's push, the socket.io replay, and so the transcript the widget makes of
    what it shows): a message written while someone was logged in, read by a page where that person is not logged in
    now, is a placeholder without its words, buttons or data (router/domain/messages.py shown_to). The reader: the
    person logged in to ``conversation`` (as the caller read it), else ``reader`` (conversations.bruker_reader).
    ``author_names``: the first names of the veiledere who wrote (by author_id), for a log read back."""
    if not shown_to(row, conversation.logged_in_person or reader):
        return _withheld_for_user(row, conversation.language or "nb")
    shows_translation = row.sender != "user" and row.translated_text is not None
    machine_translated = shows_translation and row.machine_translated
    language = row.translated_language if shows_translation else row.original_language
    # The bot's button titles in the bruker's language (relay: "user_title"); the payloads stay the bot's.
    translated_buttons = [b for b in row.buttons or [] if b.get("user_title") and b.get("machine_translated")]
    label_language = language if machine_translated or not translated_buttons else translated_buttons[0].get(
        "user_language")
    machine_translated = machine_translated or bool(translated_buttons)
    return {
        "seq": row.id,
        "sender": row.sender,
        "text": row.text_for_user,
        "language": language,
        "machine_translated": machine_translated,
        # The label in the bruker's own language, hand-written ("maskinoversatt", "machine translated" ...).
        "machine_translated_label": fixed_text("machine_translated", label_language) if machine_translated else None,
        "client_msg_id": row.client_msg_id,
        "buttons": [_button_for_user(b) for b in row.buttons or []],
        "created_at": _iso(row.created_at),
        "reply_to": row.reply_to,
        "author_name": _veileder_first_name(row, conversation, author_names),
        "withheld": False,
    }


def _veileder_first_name(row: Message, conversation: Conversation,
                         author_names: Mapping[int, str] | None) -> str | None:
    """Who wrote a veileder's message, by first name, as the bruker was told who took over: each message its own
    author's (probe 162: a returning bruker read Kari's earlier words under the name of Aisha, who had the chat now)."""
    if row.sender != "veileder" or row.author_id is None:
        return None
    if author_names and row.author_id in author_names:
        return author_names[row.author_id]
    return conversation.veileder_fornavn if row.author_id == conversation.veileder_id else None


def _withheld_for_user(row: Message, language: str) -> dict[str, Any]:
    """A message the reader may not see, as a placeholder: where it was and who wrote it, "Denne meldingen ble skrevet
    mens du var innlogget. Logg inn igjen for å se den." in the conversation's language, and nothing of its own."""
    return {
        "seq": row.id,
        "sender": row.sender,
        "text": fixed_text("written_while_logged_in", language),
        "language": language,
        "machine_translated": False,
        "machine_translated_label": None,
        "client_msg_id": row.client_msg_id,
        "buttons": [],
        "created_at": _iso(row.created_at),
        "reply_to": row.reply_to,
        "withheld": True,
    }


def _button_for_user(button: dict[str, Any]) -> dict[str, Any]:
    """A button as the bruker reads it: the title in their language when it was translated, marked so."""
    shown = {k: v for k, v in button.items() if k not in ("user_title", "user_language")}
    if button.get("user_title"):
        shown["title"] = button["user_title"]
    return shown


def message_for_staff(row: Message) -> dict[str, Any]:
    """Staff read Norwegian with the original beside every machine translation."""
    user_translated = row.sender == "user" and row.translated_text is not None
    return {
        "seq": row.id,
        "sender": row.sender,
        "text": row.translated_text if user_translated else row.original_text,
        "original_text": row.original_text if user_translated else None,
        "original_language": row.original_language,
        "user_text": row.translated_text if (row.sender != "user" and row.translated_text) else None,
        "user_language": row.translated_language,
        "machine_translated": row.machine_translated,
        # The bruker wrote in a language the veileder may not read, and no translation could be made.
        "not_translated": row.sender == "user" and row.translated_text is None
        and (row.original_language or "nb") not in DIRECT_LANGUAGES,
        "intent": row.intent,
        "intent_label": words.intent_label(row.intent),
        "intent_confidence": row.intent_confidence,
        "author_id": row.author_id,
        "client_msg_id": row.client_msg_id,
        "buttons": list(row.buttons or []),
        "created_at": _iso(row.created_at),
        "reply_to": row.reply_to,
    }


def conversation_for_user(row: Conversation, *, staffed: Staffing | None = None) -> dict[str, Any]:
    """``staffed``: whether the chat of the queue it waits in is staffed now, and when that changes (notify.user_view),
    while it waits: the widget's status line says "in the queue, the chat is not staffed now" while it is not (probe
    159 read "Venter på ledig veileder …" at 21:00 on a Saturday), and asks again when it changes."""
    staffed = staffed if row.state is ConversationState.QUEUED else None
    return {
        "id": row.id,
        "state": row.state.value,
        "language": row.language,
        "needs_interpreter": row.needs_interpreter,
        "veileder_name": row.veileder_fornavn if row.state is ConversationState.ASSIGNED else None,
        "logged_in": row.is_logged_in,
        # Retention deleted what was said: one line instead of a blank chat ("... etter 2 dager, slik vi lovet", the
        # period widget_privacy promised). A chat kept longer as evidence of threats was not deleted as promised to
        # her, so it says nothing.
        "deleted_text": fixed_text("messages_deleted", row.language or "nb")
        if row.purged_at is not None and row.close_outcome != THREATS else None,
        "staffed_now": staffed.open_now if staffed else None,
        "staffed_changes_at": _iso(staffed.changes_at) if staffed else None,
    }


def transferred_from(history: Sequence[HistoryRecord], enhet_name: Callable[[str], str | None],
                     mover: Callable[[str], str | None]) -> dict[str, Any] | None:
    """The last move of the conversation by staff, or by the SLA ladder, since the bot last gave it to a person: from
    which enhet, by whom, with what note, in words (``text``: "Overført fra Nav Grünerløkka (0315) av Kari Nordmann:
    Bruker har flyttet til Frogner"). The veileder who gets a transfer saw only "bruker ba om en veileder" (probe 71
    defect 5). ``mover`` names a staff actor ("veileder:nks1" -> "kontaktsenteret (Nks1 Testesen)"); None when the
    conversation was not moved since its handoff."""
    last = None
    for record in history:
        if record.kind == Transition.HANDOFF.value:
            last = None
        elif record.kind == Transition.TRANSFER.value:
            last = record
    if last is None:
        return None
    data = last.data or {}
    number = str(data.get("from_enhetsnummer") or "") or None
    label = words.enhet_label(number, enhet_name(number)) if number else None
    automatic = bool(data.get("action")) or last.actor == "router"
    if data.get("action"):
        by = f"automatisk {words.why_moved_automatically(data)}"
    elif automatic:
        why = words.why_the_router_moved(last.reason or "")
        by = f"automatisk {why}" if why else None
    else:
        by = mover(last.actor)
    note = (last.reason or "").strip() if not automatic and last.reason != "overført" else ""
    text = "Overført" + (f" fra {label}" if label else "")
    if by:
        text += f" {by}" if automatic else f" av {by}"
    if note:
        text += f": {note}"
    return {"enhetsnummer": number, "enhet_label": label, "by": by, "note": note or None, "has_note": bool(note),
            "at": _iso(last.at), "text": text}


TRANSFER_NOTE_WITHHELD = "med notat (åpne samtalen for å lese det)"


def transferred_from_in_list(moved: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """A move as a queue card or a search hit shows it: without the staff's note, which holds what the bruker said
    (docs/PRIVACY.md) and is read only in the opened conversation (an audited read); ``has_note`` says there is
    one, and ``text`` ends "med notat (åpne samtalen for å lese det)"."""
    if moved is None:
        return None
    note = moved.get("note")
    text = str(moved.get("text") or "")
    if note and text.endswith(f": {note}"):
        text = text[: -len(f": {note}")]
    if note:
        text += f", {TRANSFER_NOTE_WITHHELD}"
    return {**moved, "note": None, "text": text}


def conversation_in_list(row: Conversation, veileder_names: Mapping[int, str] | None = None, *,
                         bruker_gone: Mapping[str, datetime] | None = None,
                         transfers: Mapping[str, dict[str, Any]] | None = None) -> dict[str, Any]:
    """A conversation as the queue, a search or a state push shows it: everything but what the bot learned of the
    bruker, which is content, shown when a conversation is opened (an audited read). ``veileder_names``: the
    queue names whom a waiting conversation is kept for (``reserved_for_navn``). ``bruker_gone``: the
    conversations whose bruker's chat page is gone, with since when (ports/store.py bruker_gone), where the caller
    asked (the queue, the veileder's own chats); elsewhere (a state push) ``bruker_gone`` is null: not known here,
    the console keeps what it knew (the ``bruker_presence`` frames say each change). ``transfers``: where the
    caller read the history, each moved conversation's ``transferred_from``; null where not read (a state push)."""
    reserved = row.own_veileder_id if row.state is ConversationState.QUEUED else None
    return {
        "id": row.id,
        "state": row.state.value,
        "language": row.language,
        "language_source": row.language_source,
        "kommune": row.kommune,
        "geografisk_tilknytning": row.geografisk_tilknytning,
        "tema": row.tema,
        "enhetsnummer": row.enhetsnummer,
        "enhet_navn": row.enhet_navn,
        "alternate_enhetsnummer": row.alternate_enhetsnummer,
        "escalation_level": row.escalation_level,
        "diskresjonskode": row.diskresjonskode,
        "skjermet": row.skjermet,
        "priority": row.priority,
        "veileder_id": row.veileder_id,
        "handoff_reason": row.handoff_reason,
        "needs_interpreter": row.needs_interpreter,
        "interpreter_language": row.interpreter_language,
        "channel": row.channel,
        "created_at": _iso(row.created_at),
        "queued_at": _iso(row.queued_at),
        # When the veileder who has it now got it: a conversation back in the queue keeps the old time in the store
        # (the dashboard's history reads it), but it is not "assigned" any more.
        "assigned_at": _iso(row.assigned_at) if row.state is ConversationState.ASSIGNED else None,
        "sla_deadline": _iso(row.sla_deadline),
        "closed_at": _iso(row.closed_at),
        "close_outcome": row.close_outcome,
        # Login: whether the bruker is logged in now, and since when (what came before is marked in the transcript)
        "logged_in": row.is_logged_in,
        "logged_in_at": _iso(row.logged_in_at),
        # The same facts in words for staff (router/domain/staff_labels.py); the codes above stay.
        "state_label": words.state_label(row.state.value),
        "priority_label": words.priority_label(row.priority),
        "tema_label": words.tema_label(row.tema),
        "temagruppe": temagruppe_of(row.tema).value,
        "queue_label": words.queue_label(row.tema),
        "enhet_label": words.enhet_label(row.enhetsnummer, row.enhet_navn),
        "language_label": words.language_label(row.language, language_name),
        "interpreter_language_label": words.language_label(row.interpreter_language, language_name),
        "diskresjonskode_label": words.diskresjonskode_label(row.diskresjonskode),
        "handoff_reason_text": words.handoff_reason_text(row.handoff_reason),
        "close_outcome_label": words.close_outcome_label(row.close_outcome),
        "reserved_for_navn": (veileder_names or {}).get(reserved) if reserved is not None else None,
        # Every page of the bruker closed, none back within the grace period (services/bruker_presence.py): a
        # waiting chat so marked is given to nobody automatically; "Brukeren har gått" on its card.
        "bruker_gone": None if bruker_gone is None else row.id in bruker_gone,
        "bruker_gone_at": _iso(bruker_gone.get(row.id)) if bruker_gone else None,
        # Without its note (transferred_from_in_list): the opened conversation has it (conversation_for_staff).
        "transferred_from": transferred_from_in_list((transfers or {}).get(row.id)),
        # The same person or address closed an earlier chat as threats or harassment (services/threats.py): staff
        # are warned on the card; the veileder threatened is not given it automatically for a while.
        "earlier_threat": row.earlier_threat_at is not None,
        "earlier_threat_at": _iso(row.earlier_threat_at),
        "earlier_threat_label": words.EARLIER_THREAT_LABEL if row.earlier_threat_at is not None else None,
    }


# The bruker's last message as a veileder's list shows it: a line or two, not the message.
PREVIEW_CHARS = 140


def last_exchange(awaiting_since: datetime | None, last_bruker: Message | None) -> dict[str, Any]:
    """For a veileder's own chat in their list: since when the bruker has waited for their word (null: the veileder
    wrote last), and her last message, shortened, in the words staff read it (a translation to bokmål)."""
    preview = None
    if last_bruker is not None:
        text = message_for_staff(last_bruker)["text"] or ""
        if len(text) > PREVIEW_CHARS:
            text = text[:PREVIEW_CHARS].rsplit(" ", 1)[0].rstrip(" ,.;:") + " …"
        preview = {"text": text, "created_at": _iso(last_bruker.created_at)}
    return {"awaiting_reply_since": _iso(awaiting_since), "last_bruker_message": preview}


def conversation_for_staff(row: Conversation, *, bruker_gone: Mapping[str, datetime] | None = None,
                           transfers: Mapping[str, dict[str, Any]] | None = None) -> dict[str, Any]:
    """The opened conversation: the list's view, a transfer's note, and what the bot learned, as stored and in words
    (bot_facts)."""
    return {
        **conversation_in_list(row, bruker_gone=bruker_gone, transfers=transfers),
        "transferred_from": (transfers or {}).get(row.id),
        "bot_summary": row.bot_summary or {},
        "bot_slots": row.bot_slots or {},
        "bot_facts": words.bot_facts(row.bot_summary, row.bot_slots, language_name,
                                     place_set_aside=row.bot_place_set_aside),
    }


def event_for_staff(record: HistoryRecord, enhet_name: Callable[[str], str | None] | None = None) -> dict[str, Any]:
    """One history row; ``label`` and ``text`` say it in words (``enhet_name`` names the enheter it mentions)."""
    is_transition = isinstance(record, StateChanged)
    return {
        "kind": record.kind,
        "label": words.history_label(record.kind),
        "text": words.history_text(record.kind, record.reason, record.data, actor=record.actor,
                                   language_name=language_name, enhet_name=enhet_name or (lambda _: None)),
        "from_state": record.from_state.value if is_transition else None,
        "to_state": record.to_state.value if is_transition else None,
        "actor": record.actor,
        "reason": record.reason,
        "data": record.data or {},
        "at": _iso(record.at),
    }
