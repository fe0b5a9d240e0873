"""The conversation state machine: allowed transitions, refused ones, the event each records."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from router.domain.access import Permission, Role, StaffUser
from router.domain.assignment import Presence, VeilederId, VeilederLoad
from router.domain.conversation import (
    ALLOWED_TRANSITIONS,
    Conversation,
    ConversationState,
    Placement,
    Transition,
    accepts_bot_messages,
    next_state,
    transition,
)
from router.domain.errors import InvalidTransition, NotAllowed, StrengtFortroligMoved
from router.domain.events import ConversationQueued, Noted, StateChanged, VeilederFreed
from router.domain.queue import BreachAction, Priority

S, T = ConversationState, Transition
NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("start", "kind", "end"),
    [
        (S.BOT, T.HANDOFF, S.QUEUED),
        (S.QUEUED, T.ASSIGN, S.ASSIGNED),
        (S.ASSIGNED, T.CLOSE, S.CLOSED),
        (S.ASSIGNED, T.BACK_TO_BOT, S.BOT),
        (S.QUEUED, T.BACK_TO_BOT, S.BOT),
        (S.ASSIGNED, T.TRANSFER, S.QUEUED),
        (S.ASSIGNED, T.VEILEDER_OFFLINE, S.QUEUED),
    ],
)
def test_the_drawn_transitions_are_allowed(start: S, kind: T, end: S) -> None:
    assert next_state(start, kind) is end


@pytest.mark.parametrize(
    ("start", "kind"),
    [(S.CLOSED, T.CLOSE), (S.CLOSED, T.HANDOFF), (S.BOT, T.ASSIGN), (S.QUEUED, T.HANDOFF), (S.BOT, T.TRANSFER)],
)
def test_other_transitions_are_refused(start: S, kind: T) -> None:
    with pytest.raises(InvalidTransition):
        next_state(start, kind)


@given(st.sampled_from(list(S)), st.sampled_from(list(T)))
def test_every_pair_is_either_allowed_or_refused(start: S, kind: T) -> None:
    if (start, kind) in ALLOWED_TRANSITIONS:
        assert next_state(start, kind) in S
    else:
        with pytest.raises(InvalidTransition):
            next_state(start, kind)


def test_closed_is_final() -> None:
    assert not any(start is S.CLOSED for start, _ in ALLOWED_TRANSITIONS)


def test_transition_records_who_when_why() -> None:
    event = transition("c1", S.BOT, T.HANDOFF, actor="bot", reason="bruker ba om veileder", now=NOW)
    assert (event.from_state, event.to_state, event.actor, event.reason, event.at) == (
        S.BOT, S.QUEUED, "bot", "bruker ba om veileder", NOW
    )


def test_only_the_bot_state_sends_messages_to_rasa() -> None:
    assert [s for s in S if accepts_bot_messages(s)] == [S.BOT]


# --- the Conversation aggregate: every transition, its invariants and its events -----------------------------


ASKER = Placement("0220", "Nav Asker", "kommune Asker", "4101", NOW.replace(hour=10))
FROGNER = Placement("0312", "Nav Frogner", "moved", "4106", NOW.replace(hour=11))
VIKAFOSSEN = Placement("2103", "Nav Vikafossen", "kode 6", None, NOW.replace(hour=10))


def load(vid: str = "7", *, open_chats: int = 0, capacity: int = 3,
         permissions: frozenset[Permission] = frozenset()) -> VeilederLoad:
    return VeilederLoad(VeilederId(vid), "0220", Presence.ONLINE, open_chats, capacity, permissions=permissions)


def queued(placement: Placement = ASKER, **fields: object) -> Conversation:
    conversation = Conversation(id="c", token_hash="t", created_at=NOW, updated_at=NOW, **fields)  # type: ignore[arg-type]
    conversation.hand_off(placement, tema="KOM", priority=Priority.NORMAL, reason="bruker ba om en veileder",
                          actor="bot", now=NOW, summary={"behov": "mat"})
    return conversation


def assigned(**fields: object) -> Conversation:
    conversation = queued(**fields)
    conversation.assign(load(), fornavn="Kari", actor="router", reason="auto", now=NOW)
    conversation.take_events()
    return conversation


def staff(user_id: int = 7, *, roles: frozenset[Role] = frozenset({Role.VEILEDER})) -> StaffUser:
    return StaffUser(user_id, f"v{user_id}", "Kari Nordmann", "0220", roles, frozenset())


def test_hand_off_places_the_conversation_and_says_so() -> None:
    conversation = queued()
    assert conversation.state is S.QUEUED and conversation.handed_off and conversation.queued_at == NOW
    assert (conversation.enhetsnummer, conversation.enhet_navn, conversation.alternate_enhetsnummer) == (
        "0220", "Nav Asker", "4101")
    assert conversation.sla_deadline == ASKER.sla_deadline and conversation.bot_summary == {"behov": "mat"}
    events = conversation.take_events()
    assert [type(e) for e in events] == [StateChanged, Noted, ConversationQueued]
    assert events[1].kind == "routed" and events[2] == ConversationQueued("c", "0220")
    assert conversation.take_events() == []


def test_assign_needs_room_and_permissions() -> None:
    with pytest.raises(NotAllowed):
        queued().assign(load(open_chats=3, capacity=3), fornavn="Kari", actor="r", reason="r", now=NOW)
    with pytest.raises(NotAllowed):
        queued(diskresjonskode="SPFO").assign(load(), fornavn="Kari", actor="r", reason="r", now=NOW)
    with pytest.raises(NotAllowed):
        queued(skjermet=True).assign(load(), fornavn="Kari", actor="r", reason="r", now=NOW)
    with pytest.raises(NotAllowed):
        queued(VIKAFOSSEN, diskresjonskode="SPSF").assign(load(permissions=frozenset({Permission.FORTROLIG})),
                                                          fornavn="Kari", actor="r", reason="r", now=NOW)
    conversation = queued(diskresjonskode="SPFO")
    conversation.assign(load(open_chats=2, permissions=frozenset({Permission.FORTROLIG})), fornavn="Kari",
                        actor="router", reason="auto", now=NOW)
    assert (conversation.state, conversation.veileder_id, conversation.veileder_fornavn) == (S.ASSIGNED, 7, "Kari")
    assert conversation.assigned_at == NOW


def test_assign_only_from_the_queue() -> None:
    with pytest.raises(InvalidTransition):
        assigned().assign(load(), fornavn="Kari", actor="r", reason="r", now=NOW)


def test_only_the_assigned_veileder_answers() -> None:
    conversation = assigned()
    with pytest.raises(NotAllowed):
        conversation.accept_staff_reply(staff(8), NOW)
    with pytest.raises(NotAllowed):
        conversation.accept_staff_reply(staff(8, roles=frozenset({Role.KONTAKTSENTER, Role.ADMIN})), NOW)
    with pytest.raises(NotAllowed):
        queued().accept_staff_reply(staff(7), NOW)
    later = NOW.replace(minute=5)
    conversation.accept_staff_reply(staff(7), later)
    conversation.accept_staff_reply(staff(7), later.replace(minute=9))
    assert conversation.first_human_reply_at == later


def test_a_transfer_starts_afresh_at_the_new_place_and_frees_the_veileder() -> None:
    conversation = assigned()
    conversation.escalation_level = 1
    conversation.transfer(FROGNER, actor="veileder:kari", note="bor på Frogner", now=NOW, reserved_for=9)
    assert (conversation.state, conversation.enhetsnummer, conversation.alternate_enhetsnummer) == (
        S.QUEUED, "0312", "4106")
    assert conversation.sla_deadline == FROGNER.sla_deadline and conversation.escalation_level == 0
    assert conversation.veileder_id is None and conversation.own_veileder_id == 9
    assert conversation.queued_at == NOW, "the bruker keeps their place in line"
    events = conversation.take_events()
    assert VeilederFreed(7) in events and ConversationQueued("c", "0312") in events


def test_strengt_fortrolig_never_leaves_vikafossen_on_any_path() -> None:
    with pytest.raises(StrengtFortroligMoved):
        queued(ASKER, diskresjonskode="SPSF")
    conversation = queued(VIKAFOSSEN, diskresjonskode="SPSF")
    with pytest.raises(StrengtFortroligMoved):
        conversation.transfer(ASKER, actor="x", note="", now=NOW)
    with pytest.raises(StrengtFortroligMoved):
        conversation.reroute(ASKER, reason="place known", now=NOW)
    conversation = queued(VIKAFOSSEN, diskresjonskode="SPSF")
    late = NOW.replace(hour=11)
    decision = conversation.breach_decision(late, kontaktsenter_enhetsnummer="NKS-OVRG")
    assert decision.action is BreachAction.ALERT_ONLY and decision.target_enhetsnummer is None
    conversation.escalate(decision, VIKAFOSSEN, now=late)
    assert conversation.enhetsnummer == "2103"


def test_escalation_climbs_the_ladder_and_keeps_its_level() -> None:
    conversation = queued()
    late = NOW.replace(hour=11)
    assert conversation.breach_decision(NOW, kontaktsenter_enhetsnummer="NKS").action is BreachAction.NONE
    first = conversation.breach_decision(late, kontaktsenter_enhetsnummer="NKS")
    assert (first.action, first.target_enhetsnummer) == (BreachAction.MOVE_TO_ALTERNATE, "4101")
    at_alternate = Placement("4101", "Nav Oslo", "moved", "0220", NOW.replace(hour=12))
    conversation.escalate(first, at_alternate, now=late)
    assert (conversation.enhetsnummer, conversation.escalation_level) == ("4101", 1)
    assert conversation.sla_deadline == at_alternate.sla_deadline
    kinds = [e.kind for e in conversation.take_events() if isinstance(e, StateChanged | Noted)]
    assert "sla_breached" in kinds and "transfer" in kinds
    later = NOW.replace(hour=13)
    second = conversation.breach_decision(later, kontaktsenter_enhetsnummer="NKS")
    assert (second.action, second.target_enhetsnummer) == (BreachAction.MOVE_TO_KONTAKTSENTER, "NKS"), \
        "the alternate's own alternate (0220) must not send it back"
    conversation.escalate(second, Placement("NKS", "Nav kontaktsenter", "moved", None, NOW.replace(hour=14)), now=later)
    third = conversation.breach_decision(NOW.replace(hour=15), kontaktsenter_enhetsnummer="NKS")
    assert third.action is BreachAction.ALERT_ONLY
    conversation.escalate(third, Placement("NKS", "Nav kontaktsenter", "again", None, NOW.replace(hour=16)),
                          now=NOW.replace(hour=15))
    assert (conversation.enhetsnummer, conversation.escalation_level) == ("NKS", 2)
    assert conversation.sla_deadline == NOW.replace(hour=16), "an alert gives one more period where it is"


def test_going_offline_returns_the_chat_and_its_reservation_with_a_fresh_deadline() -> None:
    conversation = assigned(own_veileder_id=7)
    conversation.sla_deadline = NOW.replace(hour=8)  # ran out while the veileder helped
    conversation.veileder_went_offline(actor="veileder:kari", now=NOW, sla_deadline=NOW.replace(hour=16))
    assert (conversation.state, conversation.veileder_id, conversation.own_veileder_id) == (S.QUEUED, None, None)
    assert conversation.sla_deadline == NOW.replace(hour=16)
    assert ConversationQueued("c", "0220") in conversation.take_events()
    other = assigned(own_veileder_id=9)
    other.veileder_went_offline(actor="veileder:kari", now=NOW, sla_deadline=None)
    assert other.own_veileder_id == 9, "a reservation for someone else stays"


def test_back_to_bot_and_close_free_the_veileder() -> None:
    back = assigned()
    back.back_to_bot(actor="veileder:kari", now=NOW)
    assert back.state is S.BOT and back.veileder_id is None and VeilederFreed(7) in back.take_events()
    closed = assigned()
    closed.close("besvart", actor="veileder:kari", now=NOW)
    assert (closed.state, closed.closed_at, closed.close_outcome) == (S.CLOSED, NOW, "besvart")
    assert VeilederFreed(7) in closed.take_events()
    waiting = queued()
    waiting.take_events()
    waiting.close("bruker_avsluttet", actor="bruker", now=NOW)
    assert not [e for e in waiting.take_events() if isinstance(e, VeilederFreed)]
    with pytest.raises(InvalidTransition):
        closed.receive_user_message(NOW)


def test_reroute_moves_a_waiting_conversation_only_when_the_office_changes() -> None:
    conversation = queued()
    conversation.take_events()
    conversation.reroute(ASKER, reason="same", now=NOW)
    assert conversation.take_events() == []
    conversation.reroute(FROGNER, reason="bydel Frogner", now=NOW)
    assert conversation.enhetsnummer == "0312"
    with pytest.raises(InvalidTransition):
        assigned().reroute(FROGNER, reason="x", now=NOW)


def test_a_place_resolves_to_the_most_precise_gt_and_a_correction_wins() -> None:
    conversation = Conversation(id="c", token_hash="t", created_at=NOW, updated_at=NOW)
    assert conversation.learn_place("Oslo", gt="0301")
    assert conversation.learn_place("Grünerløkka, Oslo", gt="030102"), "a bydel in the kommune is more precise"
    assert not conversation.learn_place("Oslo", gt="0301"), "the kommune after its bydel says nothing new"
    assert not conversation.learn_place("noe annet"), "unresolved text never replaces a GT"
    assert (conversation.kommune, conversation.geografisk_tilknytning) == ("Grünerløkka, Oslo", "030102")
    assert conversation.learn_place("Bergen", gt="4601"), "another place later is the bruker's correction"
    assert conversation.geografisk_tilknytning == "4601"
    protected = Conversation(id="k6", token_hash="t", created_at=NOW, updated_at=NOW, diskresjonskode="SPSF")
    assert not protected.learn_place("Oslo", gt="0301") and protected.kommune is None, "kode 6: no trace of a place"


def test_facts_learned_on_the_way() -> None:
    conversation = Conversation(id="c", token_hash="t", created_at=NOW, updated_at=NOW)
    conversation.learn_place("Asker")
    conversation.learn_place("Bærum")
    assert conversation.kommune == "Asker", "text that did not resolve never replaces what is known"
    conversation.record_interpreter_need("ti", actor="bot", now=NOW)
    conversation.choose_language("en", source="explicit", actor="bruker", now=NOW)
    assert (conversation.needs_interpreter, conversation.interpreter_language, conversation.language) == (
        True, "ti", "en")
    assert [e.kind for e in conversation.take_events()] == ["interpreter_requested", "language_chosen"]
    conversation.remember_bot_slots({"language": "nb"})
    conversation.remember_bot_slots({"kommune": "Asker"})
    assert conversation.bot_slots == {"language": "nb", "kommune": "Asker"}
    conversation.set_aside_bot_place("Bergen", why="brukeren skrev at hen ikke bor der", now=NOW)
    assert conversation.bot_place_set_aside == "Bergen"
    assert [(e.kind, e.reason) for e in conversation.take_events()] == [
        ("bot_place_set_aside", "«Bergen» – brukeren skrev at hen ikke bor der")]
    conversation.forget_transcript(NOW)
    assert conversation.bot_slots == {} and conversation.bot_summary == {}
    assert conversation.bot_place_set_aside is None, "a place she named goes with what the bot learned"
