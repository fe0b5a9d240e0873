"""Open a conversation, check its bearer token, read its messages; the socket.io session handshake."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from router.domain.conversation import Conversation, ConversationState
from router.domain.language_policy import RepliesReach, normalize_language, replies_reach, start_conversation
from router.domain.masking import hidden_notices, mask_personal_numbers
from router.domain.messages import Message, reading_order
from router.domain.opening_hours import OSLO, OpeningHours, nav_phone_opens
from router.domain.person import pseudonym
from router.ports.store import UnitOfWork
from router.services import views
from router.services.deps import Deps
from router.services.errors import InvalidInput, NotAuthenticated, NotFound
from router.services.notify import event_scope, publish_message, user_view
from router.services.routing import place_from_facts
from router.texts import available_languages, fixed_text
from router.texts.formatting import day_and_time

MAX_CONTEXT_CHARS = 64


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def fixed_message(conversation: Conversation, render: Callable[[str], str], now: datetime, *,
                  language: str | None = None, buttons: list[dict[str, Any]] | None = None) -> Message:
    """A notice made of hand-written fixed texts, ``render(language)``, never machine-translated.

    Stored as the veileder's own replies are: bokmål first, the bruker's version beside it, so staff read what the
    bruker was told in Norwegian and the bruker reads it in their language.
    """
    language = language or conversation.language or "nb"
    message = Message(conversation.id, "system", render("nb"), "nb", now, buttons=list(buttons or []))
    if language != "nb":
        message.record_translation(render(language), language, machine_translated=False)
    return message


def system_message(conversation: Conversation, key: str, now: datetime, *, language: str | None = None,
                   buttons: list[dict[str, Any]] | None = None, **params: Any) -> Message:
    """One fixed text in the conversation's language (``fixed_message``)."""
    return fixed_message(conversation, lambda lang: fixed_text(key, lang, **params), now, language=language,
                         buttons=buttons)


def with_nav_phone(key: str, language: str, now: datetime, *, phone: OpeningHours) -> str:
    """The fixed text ``key`` with NAV's phone as it can be called ``now``: its hours while it is open ("ringe NAV på
    55 55 33 33 (hverdager 09–15)"), else ``key``_phone_closed with when it opens ("... fra mandag 28. desember kl.
    09:00": evenings, weekends, helligdager, julaften; ``phone``: the routing port's nav_phone_hours()). The one home
    of that choice for every fixed text that offers the phone at a moment the router knows (here, below the wait
    texts, so the greeting can use it too)."""
    opens = nav_phone_opens(phone, now)
    if opens is None:
        return fixed_text(key, language)
    return fixed_text(f"{key}_phone_closed", language, opens=day_and_time(opens, language))


# Why the history says a notice of what was hidden was given (the history kind is the text's key).
_HIDDEN_REASONS = {"personal_number_hidden": "fødselsnummer eller kontonummer skjult",
                   "contact_detail_hidden": "telefonnummer eller e-postadresse skjult",
                   "secret_hidden": "kortnummer, passord eller kode skjult"}


async def hidden_data_notice(uow: UnitOfWork, conversation: Conversation, text: str, masked: str,
                             now: datetime) -> Message | None:
    """The kind notice after a bruker's message whose personal data was masked (``text`` as written, ``masked`` as
    stored), in their language: a fødselsnummer or kontonummer need not be written here; a phone number or e-mail
    address was hidden from the veileder too, and one who wants a call can say so. Each kind once per conversation
    (noted in the history under the text's key); both in one notice when one message held both. None when there
    is nothing new to say. The caller stores it after the message (services/receive.py)."""
    keys = [key for key in hidden_notices(text, masked) if not await uow.history.has(conversation.id, key)]
    if not keys:
        return None
    for key in keys:
        # Masked without a word, the bruker may think it was lost and write it again: told kindly, once.
        conversation.note(key, actor="router", reason=_HIDDEN_REASONS[key], now=now)
    return fixed_message(conversation, lambda language: " ".join(fixed_text(key, language) for key in keys), now)


async def tell_bruker(deps: Deps, conversation_id: str, key: str, *, reply_to: int | None = None) -> Message:
    """Store and publish one fixed notice (``system_message``), answering the bruker's message ``reply_to``."""
    async with deps.uow() as uow:
        conversation = await load(uow, conversation_id)
        notice = system_message(conversation, key, deps.clock.now())
        notice.reply_to = reply_to
        notice = await uow.messages.add(notice)
    await publish_message(deps, conversation, notice)
    return notice


def _validate_kommune(kommune: str | None) -> str | None:
    if kommune is not None and (not kommune.strip() or len(kommune) > MAX_CONTEXT_CHARS):
        raise InvalidInput("kommune must be a name or number of at most 64 characters")
    if not kommune:
        return None
    # A place name holds no personal data; mask what misuse puts there. Tokens are longer than what they
    # replace, so cut to the column's width again.
    return mask_personal_numbers(kommune.strip())[:MAX_CONTEXT_CHARS]


async def create_conversation(
    deps: Deps,
    *,
    language: str | None = None,
    kommune: str | None = None,
    page_locale: str | None = None,
    channel: str = "rest",
    external_session_id: str | None = None,
    publish_greeting: bool = True,
    origin: str | None = None,
) -> tuple[Conversation, str]:
    """Open a conversation owned by the bot; returns it and the bruker's bearer token. ``origin``: the address the
    bruker came from, kept only as a keyed hash (origin_key)."""
    chosen = normalize_language(language)
    if language and chosen is None:
        raise InvalidInput(f"language {language!r} is not supported; use one of {available_languages()}")
    kommune = _validate_kommune(kommune)
    sticky = start_conversation(page_locale)
    token = secrets.token_urlsafe(32)
    now = deps.clock.now()
    conversation = Conversation(
        id=str(uuid.uuid4()),
        token_hash=hash_token(token),
        created_at=now,
        updated_at=now,
        channel=channel,
        language=chosen or sticky.lang,
        language_source="explicit" if chosen else (sticky.source.value if sticky.lang else None),
        page_locale=page_locale,
        external_session_id=external_session_id,
        origin_key=origin_key(deps, origin),
    )
    if kommune:
        # The page's kommune becomes a GT at once, so every later path (handoff, re-route) routes on the same place.
        place = place_from_facts(deps.routing, kommune=kommune, on=now.astimezone(OSLO).date())
        conversation.learn_place(place.description if place else kommune, gt=place.gt if place else None)
    conversation.note("created", actor="bruker", reason=f"channel {channel}", now=now)
    greeting = Message(conversation.id, "bot", greeting_text(deps, conversation.language, now),
                       conversation.language or "nb", now)
    async with deps.uow() as uow:
        await uow.conversations.add(conversation)
        await uow.messages.add(greeting)
    if publish_greeting:
        await publish_message(deps, conversation, greeting)
    return conversation, token


def origin_key(deps: Deps, address: str | None) -> str | None:
    """A keyed hash (HMAC, the pseudonym key) of the address a chat came from, never the address itself: it ties an
    anonymous bruker's chats together only so one who threatened a veileder is not given to them again at once
    (domain/conversation.py THREATS); deleted with the transcript (retention)."""
    if not address or address == "unknown":
        return None
    return pseudonym(deps.settings.pseudonym_key.encode(), f"origin:{address}")


def greeting_text(deps: Deps, language: str | None, now: datetime) -> str:
    """The bot's hand-written greeting; in a language no installed model translates, it says at once what the bot
    cannot do and the ways that work (Norwegian or English, a tolk by phone as it can be called ``now``, a
    veileder), not only later."""
    greeting = fixed_text("greeting", language)
    if language and untranslated(deps, language):
        notice = with_nav_phone("translation_unavailable", language, now, phone=deps.routing.nav_phone_hours())
        return f"{greeting}\n\n{notice}"
    return greeting


def untranslated(deps: Deps, language: str) -> bool:
    """The bot cannot read ``language``, nor the bruker the bot: it is neither Norwegian nor English, and no installed
    model translates it."""
    return replies_reach(language, deps.language.has_translation) is RepliesReach.NOT_TRANSLATED


async def authenticate(uow: UnitOfWork, conversation_id: str, token: str | None, *,
                       for_update: bool = False) -> Conversation:
    conversation = await uow.conversations.get(conversation_id, for_update=for_update)
    if conversation is None:
        raise NotFound("unknown conversation")
    if not token or not hmac.compare_digest(conversation.token_hash, hash_token(token)):
        raise NotAuthenticated("the token does not open this conversation")
    return conversation


async def authenticated(deps: Deps, conversation_id: str, token: str | None) -> Conversation:
    """The conversation the bearer token opens, or NotFound / NotAuthenticated."""
    async with deps.uow() as uow:
        return await authenticate(uow, conversation_id, token)


async def load(uow: UnitOfWork, conversation_id: str, *, for_update: bool = False) -> Conversation:
    conversation = await uow.conversations.get(conversation_id, for_update=for_update)
    if conversation is None:
        raise NotFound("unknown conversation")
    return conversation


async def first_message(deps: Deps, conversation_id: str) -> dict[str, Any] | None:
    """The first message (a new chat's greeting) as the bruker reads it (views.message_for_user)."""
    async with deps.uow() as uow:
        conversation = await load(uow, conversation_id)
        messages = await uow.messages.list(conversation_id)
    return views.message_for_user(messages[0], conversation) if messages else None


async def messages_for_user(deps: Deps, conversation_id: str, token: str | None, after: int, *,
                            login_session: str | None = None) -> dict[str, Any]:
    """The bruker's read of the log (REST, the socket.io replay): each message as views.message_for_user shows it to
    the reader (``bruker_reader``); a message of a login that is not the reader's is a placeholder. ``login_session``:
    the login this browser holds (its HttpOnly cookie), when the transport has one."""
    async with deps.uow() as uow:
        conversation = await authenticate(uow, conversation_id, token)
        messages = await uow.messages.list(conversation_id, after)
        reader = await bruker_reader(deps, uow, conversation, login_session)
        authors = await veileder_first_names(uow, messages)
    return {
        "conversation": user_view(deps, conversation),
        "messages": [views.message_for_user(m, conversation, reader=reader, author_names=authors)
                     for m in reading_order(messages)],
    }


async def veileder_first_names(uow: UnitOfWork, messages: Sequence[Message]) -> dict[int, str]:
    """The first name of each veileder who wrote one of ``messages``, by id (views.message_for_user)."""
    names = {}
    for author_id in {m.author_id for m in messages if m.sender == "veileder" and m.author_id is not None}:
        veileder = await uow.veiledere.get(author_id)
        if veileder is not None:
            names[author_id] = veileder.fornavn
    return names


async def bruker_reader(deps: Deps, uow: UnitOfWork, conversation: Conversation,
                        login_session: str | None) -> str | None:
    """Who reads ``conversation`` as a logged-in person (their pseudonym), None when nobody: the person logged in to
    it now, else the person of the browser's own live login (``login_session``) while that login's conversation is
    still theirs: a chat NAV closed, given back after a new login to read its answer (services/login.py
    resume_open_conversation), is read by the person logged in in the new one."""
    if conversation.logged_in_person is not None or not login_session or deps.person is None:
        return conversation.logged_in_person
    session = await deps.person.sessions.get(login_session)
    if session is None or session.expires_at <= deps.clock.now():
        return None
    tied = await uow.conversations.get(session.conversation_id)
    return session.pseudonym if tied is not None and tied.logged_in_person == session.pseudonym else None


async def signal_from_bruker(deps: Deps, conversation_id: str, token: str | None, **event: Any) -> None:
    """Typing and read receipts: checked against the token, published, never stored. A read receipt names a
    message of this conversation: the veileder's screen shows 'read' up to it."""
    async with deps.uow() as uow:
        conversation = await authenticate(uow, conversation_id, token)
        if event.get("type") == "read":
            read = await uow.messages.get(int(event["seq"]))
            if read is None or read.conversation_id != conversation_id:
                raise InvalidInput(f"seq {event['seq']} is not a message of this conversation")
    await deps.publish({**event, **event_scope(conversation)})


def session_key(session_id: str) -> str:
    """What the store keeps of a socket.io session id (``external_session_id``), and the socket.io room of the
    session's sockets: a hash, as of a bearer token, since the id alone continues the chat (``socketio_session``);
    whoever reads the store or its backups cannot. (Sessions opened before it was kept hashed are not found: their
    widgets get a new conversation, as they did before the id alone continued one.)"""
    return hash_token(session_id)


async def socketio_session(uow: UnitOfWork, session_id: str | None,
                           session_token: str | None) -> Conversation | None:
    """The open socket.io conversation a session request continues, or None (a new one is opened).

    The session id is the server's own (``secrets.token_urlsafe(32)``, 256 bits, sent only to the socket that opened
    the session, never to staff or in a log, kept in the store only as ``session_key``): holding it is the proof, as
    a bearer token is. A published widget
    (rasa-webchat 1.0.1) reconnects with nothing but the id it stored, after every network drop; a chat with a
    veileder must go on there, not start over with the bot. An id the server never issued (one a widget made up, or
    a guess) is found nowhere; a released one (a closed chat, one moved to the own chat page) neither. A client that
    also sends a session token (the router's ``session_token`` event) must send the conversation's current one: a
    stale or foreign token is not the holder's claim.
    """
    if not session_id:
        return None
    known = await uow.conversations.by_external_session(session_key(session_id))
    if known is None or known.channel != "socketio" or known.state is ConversationState.CLOSED:
        return None
    if session_token is not None and not hmac.compare_digest(known.token_hash, hash_token(session_token)):
        return None
    return known


async def open_socketio_session(
    deps: Deps, session_id: str | None, session_token: str | None, custom: dict[str, Any], *, origin: str | None = None
) -> tuple[str, str, str, bool]:
    """Continue a socket.io session (``socketio_session``), or open a new conversation under a session id the server
    issues. A continued session gets a new bearer token; the old one stops working.
    ``origin``: the address a new conversation came from (create_conversation).
    Returns (conversation id, session id, bearer token, whether the conversation is new).
    """
    if session_id:
        async with deps.uow() as uow:
            known = await socketio_session(uow, session_id, session_token)
            if known is not None:
                token = secrets.token_urlsafe(32)
                known.renew_token(hash_token(token))
                return known.id, session_id, token, False
    session_id = secrets.token_urlsafe(32)
    language = custom.get("language") if isinstance(custom.get("language"), str) else None
    kommune = custom.get("kommune") if isinstance(custom.get("kommune"), str) else None
    try:
        created, token = await create_conversation(deps, language=language, kommune=kommune, channel="socketio",
                                                   external_session_id=session_key(session_id),
                                                   publish_greeting=False, origin=origin)
    except InvalidInput:
        created, token = await create_conversation(deps, channel="socketio",
                                                   external_session_id=session_key(session_id),
                                                   publish_greeting=False, origin=origin)
    return created.id, session_id, token, True
