"""What a waiting bruker is told about the wait: the live state of their queue, rendered in their language."""

from __future__ import annotations

from datetime import datetime, timedelta
from statistics import median
from typing import Literal

from router.domain.access import required_permissions
from router.domain.acute_need import CONTACTS_SHOWN, AcuteCategory, contacts_fresh, contacts_key, help_key
from router.domain.assignment import VeilederLoad
from router.domain.conversation import Conversation, ConversationState
from router.domain.events import HistoryRecord
from router.domain.messages import Message
from router.domain.opening_hours import OSLO, OpeningHours, nav_phone_opens
from router.domain.queue import Priority, order_queue
from router.domain.wait_promise import (
    ANSWER_PROMISED,
    PACE_WINDOW,
    SAMPLE_CHATS,
    LiveQueue,
    WaitKind,
    WaitPromise,
    office_pace,
    wait_promise,
)
from router.ports.store import UnitOfWork
from router.services.assignment import answering_loads
from router.services.conversations import fixed_message
from router.services.deps import Deps
from router.services.staff import closed_consoles
from router.texts import counted_text, fixed_text
from router.texts.formatting import clock, day_and_time, number

# The queue notices' button: back to the bot, out of the queue (its title says so before it is pressed). A router
# payload, which the widget keeps clickable while the conversation waits (the bot's own buttons are greyed out then);
# "/back_to_bot" is the same for clients that send only "/" payloads (the router answers both, never the bot).
LEAVE_QUEUE = "router:back_to_bot"
LEAVE_QUEUE_PAYLOADS = frozenset({LEAVE_QUEUE, "/back_to_bot"})
# Answers older than this say little about how fast the enhet answers now.
RECENT_ANSWERS = timedelta(hours=2)
ACUTE_NEED_DETECTED = "acute_need_detected"  # the history row of Conversation.raise_to_emergency, with its category


async def waiting_ahead(uow: UnitOfWork, conversation: Conversation, now: datetime) -> int:
    """How many conversations at its enhet a veileder will be given before this one: those ahead of it in the queue
    whose bruker is still there (it counts itself as waiting, whether or not its new place is stored yet). A chat
    whose bruker has gone is given to nobody automatically (assignment.assign_waiting), so it holds nobody up: a probe's new
    bruker was promised "omtrent 125 minutter" behind a queue of dead chats."""
    mine = conversation.queue_entry()
    others = [c.queue_entry() for c in await uow.conversations.queued(conversation.enhetsnummer or "")
              if c.id != conversation.id]
    ordered = order_queue([*others, mine], now)
    position = next(i for i, entry in enumerate(ordered) if entry.conversation_id == conversation.id)
    before = [entry.conversation_id for entry in ordered[:position]]
    gone = await uow.conversations.bruker_gone([*before, conversation.id])
    if conversation.id in gone:  # itself gone: behind every bruker who is there, wherever they wait
        gone = await uow.conversations.bruker_gone([entry.conversation_id for entry in ordered])
        ordered = order_queue(ordered, now, gone=gone)
        return next(i for i, entry in enumerate(ordered) if entry.conversation_id == conversation.id)
    return sum(1 for conversation_id in before if conversation_id not in gone)


async def able_to_take(deps: Deps, uow: UnitOfWork, conversation: Conversation, now: datetime, *,
                       leaving: int | None = None, at: str | None = None) -> list[VeilederLoad]:
    """The veiledere online now who may take this conversation (its permissions), with a console open: those a wait
    counts on (live_queue), where it waits or ``at`` another enhet's queue (for the kontaktsenter's queues, the
    staff of 4100 who answer them). ``leaving``: as in live_queue."""
    needed = required_permissions(conversation.diskresjonskode, conversation.skjermet)
    queue = at if at is not None else conversation.enhetsnummer or ""
    able = [v for v in await answering_loads(uow, deps.routing, queue)
            if needed <= v.permissions and (leaving is None or v.veileder_id != str(leaving))]
    closed = await closed_consoles(deps, uow, [int(v.veileder_id) for v in able], now)
    return [v for v in able if int(v.veileder_id) not in closed]


async def live_queue(deps: Deps, uow: UnitOfWork, conversation: Conversation, now: datetime, *,
                     leaving: int | None = None) -> LiveQueue:
    """Who may take this conversation is online now, how many wait before it, how fast the enhet answered lately,
    and its measured pace (its last chats closed: domain/wait_promise.py office_pace).
    ``leaving``: a veileder going offline in the caller's unit of work (still online in the store until it commits).
    A veileder whose every console closed without a logout is not counted (staff.console_closed, as assignment
    does): the probe's bruker was promised "about 5 minutes" by a closed tab until the sweep marked it offline."""
    enhet = conversation.enhetsnummer or ""
    able = await able_to_take(deps, uow, conversation, now, leaving=leaving)
    ahead = await waiting_ahead(uow, conversation, now)
    waits = await uow.conversations.first_answer_waits(enhet, now - RECENT_ANSWERS)
    recent = median(w.total_seconds() / 60 for w in waits) if waits else None
    pace = office_pace(await uow.conversations.recently_handled(enhet, now - PACE_WINDOW, SAMPLE_CHATS))
    return LiveQueue(online=len(able), free_slots=sum(max(0, v.capacity - v.open_chats) for v in able),
                     ahead=ahead, recent_first_answer_minutes=recent, places=sum(v.capacity for v in able),
                     pace=pace)


async def promise_for(deps: Deps, uow: UnitOfWork, conversation: Conversation, now: datetime, *,
                      leaving: int | None = None) -> WaitPromise:
    return wait_promise(deps.routing.opening_hours(conversation.enhetsnummer or ""),
                        await live_queue(deps, uow, conversation, now, leaving=leaving), now)


def emergency_contacts(category: AcuteCategory | None, language: str, now: datetime, *, phone: OpeningHours,
                       local_office: bool = True) -> str:
    """The numbers for this need (acute_need.contacts_key) in ``language``, as they can be followed ``now``: while
    NAV's phone is closed (``phone``: its hours, the routing port's nav_phone_hours(), julaften closed), what answers
    now first and when NAV can be called again; without a local office
    (``local_office``: false for strengt fortrolig adresse), NAV's phone instead of "your NAV office". For a home
    at risk or a power cut, what the office can do about it after them (acute_need.help_key)."""
    opens = nav_phone_opens(phone, now)
    key = contacts_key(category, nav_phone_open=opens is None, local_office=local_office)
    numbers = fixed_text(key, language, opens=day_and_time(opens, language)) if opens else fixed_text(key, language)
    help_text = help_key(category)
    return f"{numbers} {fixed_text(help_text, language)}" if help_text else numbers


def login_available(deps: Deps, conversation: Conversation) -> bool:
    """This bruker could log in here: the router has login, and the chat is on NAV's own page (a Rasa widget on
    another site moves there first). What wait_texts may promise of a login."""
    return deps.person is not None and conversation.channel == "rest"


def where_the_answer_comes(conversation: Conversation, language: str, *, login_available: bool,
                           another_day: bool = False) -> str:
    """After a wait that is not short: where the answer will be read. A bruker who is not logged in keeps it only in
    this tab (the widget keeps the conversation in sessionStorage, for shared PCs), and is told so, and that a login
    keeps it (``login_available``: this router has login, and the chat is on NAV's own page); a logged-in bruker gets
    it back by logging in again (services/login.py resume_open_conversation). ``another_day``: the answer comes on a
    later day at the earliest; then the login is the way, not a tab kept open (probe 161 read "la denne fanen være
    åpen" on a Saturday evening, about Monday 09:00)."""
    if conversation.is_logged_in:
        return fixed_text("answer_found_again_logged_in", language)
    keep_open = fixed_text("answer_here_keep_tab_open", language)
    if not login_available:
        return keep_open
    found_again = fixed_text("answer_found_again_if_logged_in", language)
    return found_again if another_day else f"{keep_open} {found_again}"


def wait_texts(conversation: Conversation, promise: WaitPromise, language: str, now: datetime, *,
               phone: OpeningHours, contacts_just_shown: bool = False, self_harm: bool = False,
               login_available: bool = False) -> list[str]:
    """The wait as it is, in ``language``; the emergency contacts whenever nobody can answer soon (unless the
    bruker was shown them minutes ago), as they can be followed ``now``. After thoughts of suicide or self-harm,
    when nobody answers soon: the 24-hour helplines, every time (the probe's bruker was told "Monday 09:00" and
    nothing else). While NAV's phone is closed (evenings, weekends, public holidays: an enhet may keep other hours),
    the notice does not send the bruker to it: the emergency contacts after it say when it answers again."""
    enhet = conversation.enhet_navn_for_bruker
    contacts = contacts_in_wait(conversation, promise, contacts_just_shown=contacts_just_shown, self_harm=self_harm)
    # The emergency contacts after the wait give NAV's phone (or when it opens): the wait text does not give it as
    # well (probe 87 read "ringe NAV på 55 55 33 33" twice in one notice).
    closed = "" if nav_phone_opens(phone, now) is None and contacts != "emergency" else "_phone_closed"
    texts: list[str] = []
    if promise.kind is WaitKind.NOW:
        # A free place waits for it: "X has taken over" comes at once, and "about 5 minutes" before it was noise.
        texts.append("")
    elif promise.kind is WaitKind.SOON:
        minutes = promise.minutes or 0
        texts.append(counted_text("wait_estimate", language, minutes, minutes=number(minutes, language)))
    elif promise.kind is WaitKind.NOBODY_ONLINE or promise.opens is None:
        texts.append(fixed_text(f"wait_nobody_online{closed}", language, enhet=enhet))
    elif promise.kind in (WaitKind.PAST_CLOSING, WaitKind.NOBODY_BEFORE_CLOSING):
        # Nobody online minutes before closing: that it closes, and when it answers at the earliest (not "they see
        # it when they log on", probe 70 at 14:55 on a Friday).
        key = "wait_past_closing" if promise.kind is WaitKind.PAST_CLOSING else "wait_nobody_before_closing"
        texts.append(fixed_text(f"{key}{closed}", language, enhet=enhet,
                                closes=clock(promise.closes, language) if promise.closes else "",
                                opens=day_and_time(promise.opens, language)))
    else:
        texts.append(fixed_text("outside_hours", language, when=day_and_time(promise.opens, language)))
    if not promise.answers_soon:
        # "Du kan legge igjen meldingen din her" alone promised what a closed tab cannot keep.
        promised = promise.answer_promised_at
        another_day = promised is not None and promised.astimezone(OSLO).date() != now.astimezone(OSLO).date()
        texts[0] = f"{texts[0]} " + where_the_answer_comes(conversation, language, login_available=login_available,
                                                           another_day=another_day)
    elif login_available and not conversation.is_logged_in:
        # Answered soon, she is not told to keep the tab open, yet a closed tab loses the chat all the same: the way
        # to find it again (probe 162: taken at once, she closed the tab on her phone and got a new chat).
        texts[0] = f"{texts[0]} {fixed_text('answer_found_again_if_logged_in', language)}".strip()
    texts.extend(numbers_text(conversation, contacts, language, now, phone=phone))
    return [text for text in texts if text]


def numbers_text(conversation: Conversation, contacts: Literal["self_harm", "emergency"] | None, language: str,
                 now: datetime, *, phone: OpeningHours) -> list[str]:
    """The numbers contacts_in_wait chose, in ``language``, as they can be followed ``now``; none for None."""
    if contacts == "self_harm":
        return [fixed_text("self_harm_contacts", language)]
    if contacts == "emergency":
        return [emergency_contacts(None, language, now, phone=phone, local_office=not conversation.is_strengt_fortrolig)]
    return []


def contacts_in_wait(conversation: Conversation, promise: WaitPromise, *, contacts_just_shown: bool = False,
                     self_harm: bool = False) -> Literal["self_harm", "emergency"] | None:
    """Which numbers end the wait text (wait_texts): the 24-hour helplines, the emergency contacts, or none. Shown
    minutes ago (``contacts_just_shown``), the emergency contacts are not repeated (three times in a few seconds
    buried what the notice says of the wait), except in a nødhjelp chat nobody answers before the office opens:
    what she re-reads while she waits keeps the numbers that answer tonight (probe 159: at 21:00 on a Saturday the
    only 116 117 had scrolled out of sight on her phone, under "tidligst mandag kl. 09:00")."""
    if self_harm and not promise.answers_soon:
        return "self_harm"
    if conversation.priority == Priority.EMERGENCY.value and promise.answer_promised_at is not None:
        return "emergency"
    if (conversation.priority == Priority.EMERGENCY.value or not promise.answers_soon) and not contacts_just_shown:
        return "emergency"
    return None


def leave_queue_button(conversation: Conversation, language: str | None) -> list[dict[str, str]]:
    """ "Back to the chatbot (you leave the queue)" while the conversation waits in a queue; none otherwise."""
    if conversation.state is not ConversationState.QUEUED:
        return []
    # A Rasa widget (socket.io) sends only a "/" payload as a button; anything else arrives as typed words.
    payload = "/back_to_bot" if conversation.channel == "socketio" else LEAVE_QUEUE
    return [{"title": fixed_text("leave_queue_button", language), "payload": payload}]


def note_answer_promised(conversation: Conversation, promise: WaitPromise | None, now: datetime) -> None:
    """The time a notice tells the bruker a veileder may answer at the earliest, noted for staff too: her queue card
    says it (services/inbox.py), not only her screen. Every notice that names a time notes it (the queue notice, the
    "Meldingen din er lagret …" acknowledgement, "you keep your place"): the card says the last one she read."""
    if promise is not None and promise.answer_promised_at is not None:
        conversation.note(ANSWER_PROMISED, actor="router", reason="brukeren fikk vite når en veileder tidligst kan svare",
                          now=now, data={"at": promise.answer_promised_at.isoformat()})


async def notice_with_wait(deps: Deps, uow: UnitOfWork, conversation: Conversation, now: datetime, key: str, *,
                           leaving: int | None = None, someone_at_work: bool = False) -> Message:
    """The fixed text ``key`` (it names the enhet) and, while the conversation waits, what its queue lets us
    promise now; bokmål first with the bruker's version beside it, as every fixed text is stored. ``leaving``: the
    veileder going offline in this unit of work, who is no longer counted as online. ``someone_at_work``: staff sent
    it to an office where someone who may take it is at work, though not available: a closed office is then not
    told as "closed until Monday 09:00" (a probe's bruker read that, and a veileder there took the chat seconds
    later), but as it is: nobody available now, no promise when."""
    promise = await promise_for(deps, uow, conversation, now, leaving=leaving) \
        if conversation.state is ConversationState.QUEUED else None
    if someone_at_work and promise is not None and promise.kind is WaitKind.CLOSED:
        promise = WaitPromise(WaitKind.NOBODY_ONLINE, opens=promise.opens)
    note_answer_promised(conversation, promise, now)
    records = await contacts_shown(uow, conversation.id) if promise else []
    shown = contacts_fresh([r.at for r in records], now)
    self_harm = any((r.data or {}).get("category") == AcuteCategory.SELF_HARM.value for r in records)
    if promise is not None and contacts_in_wait(conversation, promise, contacts_just_shown=shown,
                                                self_harm=self_harm) == "emergency":
        # Said in this notice: a move minutes later (the bruker named their place) does not say them again. No
        # category: the numbers for an acute need the bruker states later are still shown (safety_net).
        conversation.note(CONTACTS_SHOWN, actor="router", reason="i meldingen om ventetiden", now=now,
                          data={"category": None})

    can_log_in, phone = login_available(deps, conversation), deps.routing.nav_phone_hours()

    def render(language: str) -> str:
        opening = fixed_text(key, language, enhet=conversation.enhet_navn_for_bruker)
        waits = wait_texts(conversation, promise, language, now, phone=phone, contacts_just_shown=shown,
                           self_harm=self_harm, login_available=can_log_in) if promise else []
        return " ".join([opening, *waits])

    # While it waits, the way back to the bot: a bruker told "Monday 09:00" need not sit in the queue to be helped.
    return fixed_message(conversation, render, now,
                         buttons=leave_queue_button(conversation, conversation.language or "nb"))


async def contacts_on_closing(deps: Deps, uow: UnitOfWork, conversation: Conversation, now: datetime) -> Message:
    """The emergency contacts for a nødhjelp chat NAV ended before anyone helped (the kontaktsenter ending it while
    it waited): "start a new conversation" alone leaves a bruker in need without a number to call. For the need the
    bruker stated (its last acute_need_detected), as they can be followed ``now``."""
    category = None
    if await uow.history.has(conversation.id, ACUTE_NEED_DETECTED):
        stated = [(r.data or {}).get("category") for r in await uow.history.list(conversation.id)
                  if r.kind == ACUTE_NEED_DETECTED]
        category = next((AcuteCategory(c) for c in reversed(stated) if c in set(AcuteCategory)), None)
    local_office, phone = not conversation.is_strengt_fortrolig, deps.routing.nav_phone_hours()
    return fixed_message(conversation, lambda language: emergency_contacts(category, language, now, phone=phone,
                                                                           local_office=local_office), now)


async def contacts_shown(uow: UnitOfWork, conversation_id: str) -> list[HistoryRecord]:
    """The history rows that say the emergency contacts were shown (each with its category); most conversations
    have none, and their whole history is not read."""
    if not await uow.history.has(conversation_id, CONTACTS_SHOWN):
        return []
    return [record for record in await uow.history.list(conversation_id) if record.kind == CONTACTS_SHOWN]


async def queue_notice(deps: Deps, uow: UnitOfWork, conversation: Conversation, now: datetime) -> Message:
    """The honest message a bruker gets on entering the queue: where they wait and what the live state of that
    queue lets us promise."""
    return await notice_with_wait(deps, uow, conversation, now, "queued")


async def transfer_notice(deps: Deps, uow: UnitOfWork, conversation: Conversation, now: datetime, *,
                          someone_at_work: bool) -> Message:
    """"Your conversation has been passed on to <enhet>" when staff send it to another office, and the live wait
    there, as the move notice says it: never "a veileder there answers as soon as possible" while nobody there is
    available (probe 70: the next notice said "nobody available" at once). ``someone_at_work``: see
    notice_with_wait."""
    return await notice_with_wait(deps, uow, conversation, now, "conversation_sent_on",
                                  someone_at_work=someone_at_work)


async def moved_notice_with_wait(deps: Deps, uow: UnitOfWork, conversation: Conversation,
                                 now: datetime) -> Message:
    """"Your conversation has moved to <enhet>", and, while it waits there, what that queue lets us promise (as on
    entering a queue): a move to an office that is closed, or where nobody may take it now (kode 6 to Vikafossen
    on a Friday night), is not told as if the wait went on as before."""
    return await notice_with_wait(deps, uow, conversation, now, "conversation_moved")
