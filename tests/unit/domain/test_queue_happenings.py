"""What /metrics counts as it happens (queue_figures.happenings): the same rules as the page's wait episodes, each
fact once, where it happened."""

from __future__ import annotations

from datetime import UTC, datetime

from router.domain.events import ConversationState as S
from router.domain.events import Noted, StateChanged, Transition
from router.domain.queue_figures import QUEUE_FULL_FROM_ADDRESS, Happened, begins, happenings

AT = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)


def change(transition: Transition, before: S, after: S, *, actor: str = "router", reason: str = "",
           **data: str) -> StateChanged:
    return StateChanged("c1", transition, before, after, actor, reason, AT, data)


def counted(*records: StateChanged | Noted, handed_off: bool = True) -> list[tuple[Happened, tuple[str, ...]]]:
    return happenings(records, enhetsnummer="0220", tema="KOM", handed_off=handed_off, language="nb")


def test_a_handoff_and_its_queue() -> None:
    # Not started at creation: a chat is tied to a person (kode 6 perhaps) after it is created (begins).
    assert counted(Noted("c1", "created", "bruker", "", AT), handed_off=False) == []
    assert happenings([], enhetsnummer=None, tema=None, handed_off=False, language="nb", begun=True) == [
        (Happened.STARTED, ())]
    assert counted(change(Transition.HANDOFF, S.BOT, S.QUEUED)) == [(Happened.HANDED_OFF, ("0220", "OKSOS"))]


def test_each_end_of_a_wait_once_and_where_it_waited() -> None:
    assert counted(change(Transition.ASSIGN, S.QUEUED, S.ASSIGNED)) == [
        (Happened.WAIT_ENDED, ("0220", "OKSOS", "answered"))]
    assert counted(change(Transition.BACK_TO_BOT, S.QUEUED, S.BOT)) == [
        (Happened.WAIT_ENDED, ("0220", "OKSOS", "left"))]
    # Moved from 0219's queue to 0220 (the conversation's enhet after it): the wait ended in 0219.
    assert counted(change(Transition.TRANSFER, S.QUEUED, S.QUEUED, from_enhetsnummer="0219")) == [
        (Happened.WAIT_ENDED, ("0219", "OKSOS", "moved"))]
    assert counted(change(Transition.CLOSE, S.QUEUED, S.CLOSED, actor="bruker")) == [
        (Happened.WAIT_ENDED, ("0220", "OKSOS", "left")), (Happened.CLOSED, ("true", "nb"))]
    # Not from a queue: no wait ended (a veileder's chat closed, or passed on).
    assert counted(change(Transition.CLOSE, S.ASSIGNED, S.CLOSED)) == [(Happened.CLOSED, ("true", "nb"))]
    assert counted(change(Transition.TRANSFER, S.ASSIGNED, S.QUEUED)) == []


def test_a_refusal_in_the_queue_its_note_names_and_a_breach_where_it_waited() -> None:
    refused = Noted("c1", QUEUE_FULL_FROM_ADDRESS, "router", "", AT, {"enhetsnummer": "0312", "tema": "KOM"})
    assert counted(refused, handed_off=False) == [(Happened.REFUSED, ("0312", "OKSOS"))]
    breach = Noted("c1", "sla_breached", "router", "", AT, {"from_enhetsnummer": "0219", "to_enhetsnummer": "0220"})
    assert counted(breach) == [(Happened.SLA_BREACHED, ("0219", "OKSOS"))]
    assert counted(Noted("c1", "routed", "router", "", AT, {"enhetsnummer": "0220"})) == []


def test_a_chat_begins_at_the_first_word_or_wish_for_a_person_else_at_its_end() -> None:
    created = Noted("c1", "created", "bruker", "", AT)
    assert not begins([created], bruker_wrote=False, begun_before=False), "created, perhaps tied to kode 6 next"
    assert begins([], bruker_wrote=True, begun_before=False)
    assert begins([change(Transition.HANDOFF, S.BOT, S.QUEUED, actor="bruker")], bruker_wrote=False,
                  begun_before=False), "the handoff button before any word"
    assert begins([change(Transition.CLOSE, S.BOT, S.CLOSED)], bruker_wrote=False, begun_before=False), \
        "never used: counted at its end, so started never falls behind closed"
    for records, wrote in (([], True), ([change(Transition.HANDOFF, S.BOT, S.QUEUED)], False),
                           ([change(Transition.CLOSE, S.QUEUED, S.CLOSED)], False)):
        assert not begins(records, bruker_wrote=wrote, begun_before=True), "once"
