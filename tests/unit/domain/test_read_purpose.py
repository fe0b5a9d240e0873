"""Why a staff member reads a conversation, from the need-to-know rule that lets them (access.read_purpose), for the
audit row of the read: no reason typed by a veileder reading her own assigned chat (privacy probe: reads recorded
no purpose)."""

from __future__ import annotations

from datetime import UTC, datetime

from router.domain.access import ConversationScope, ReadPurpose, Role, StaffUser, read_purpose
from router.domain.events import ConversationState as S
from router.domain.events import HistoryRecord, StateChanged
from router.domain.events import Transition as T

AT = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)


def staff(user_id: int = 1, enhet: str = "0315", roles: tuple[Role, ...] = (Role.VEILEDER,)) -> StaffUser:
    return StaffUser(user_id, f"v{user_id}", "V", enhet, frozenset(roles), frozenset())


def scope(enhet: str = "0315", veileder: int | None = None, closed: bool = False) -> ConversationScope:
    return ConversationScope(enhet, None, False, veileder, True, closed)


def changed(transition: T, **data: object) -> StateChanged:
    return StateChanged("c", transition, S.QUEUED, S.QUEUED, "router", "", AT, dict(data))


def test_her_own_assigned_chat_is_read_as_assigned() -> None:
    assert read_purpose(staff(), scope(veileder=1), [changed(T.HANDOFF), changed(T.ASSIGN, veileder_id=1)],
                        had_it=True) is ReadPurpose.ASSIGNED


def test_a_chat_of_her_enhet_not_hers_is_read_as_her_enhets() -> None:
    assert read_purpose(staff(), scope(veileder=2), [changed(T.HANDOFF)], had_it=False) is ReadPurpose.ENHET_QUEUE
    assert read_purpose(staff(), scope(), [changed(T.HANDOFF)], had_it=False) is ReadPurpose.ENHET_QUEUE


def test_a_transfer_to_her_or_her_enhet_is_named() -> None:
    to_her = [changed(T.HANDOFF), changed(T.TRANSFER, to_enhetsnummer="0315", to_veileder="v1")]
    assert read_purpose(staff(), scope(veileder=1), to_her, had_it=True) is ReadPurpose.TRANSFERRED_TO_THEM
    # Given to her by name while she was away: waiting in her enhet's queue for her.
    assert read_purpose(staff(), scope(), to_her, had_it=False) is ReadPurpose.TRANSFERRED_TO_THEM
    # Given to her, now a colleague's: no longer hers by that transfer, still moved to her enhet.
    assert read_purpose(staff(), scope(veileder=2), to_her, had_it=True) is ReadPurpose.TRANSFERRED_TO_ENHET
    to_enhet = [changed(T.HANDOFF), changed(T.TRANSFER, to_enhetsnummer="0315", to_veileder=None)]
    assert read_purpose(staff(), scope(), to_enhet, had_it=False) is ReadPurpose.TRANSFERRED_TO_ENHET
    # A transfer before the chat went back to the bot and was handed off again no longer counts.
    again = [*to_enhet, changed(T.BACK_TO_BOT), changed(T.HANDOFF)]
    assert read_purpose(staff(), scope(), again, had_it=False) is ReadPurpose.ENHET_QUEUE


def test_the_kontaktsenter_reads_by_its_overview() -> None:
    nks = staff(7, "4106", (Role.KONTAKTSENTER,))
    history: list[HistoryRecord] = [changed(T.HANDOFF)]
    assert read_purpose(nks, scope(), history, had_it=False) is ReadPurpose.KONTAKTSENTER
    assert read_purpose(nks, scope(veileder=7), history, had_it=True) is ReadPurpose.ASSIGNED
    # A veileder who is also kontaktsenter reads another enhet's chat by the overview, her own enhet's as a veileder.
    both = staff(8, "0315", (Role.VEILEDER, Role.KONTAKTSENTER))
    assert read_purpose(both, scope("0220"), history, had_it=False) is ReadPurpose.KONTAKTSENTER
    assert read_purpose(both, scope("0315"), history, had_it=False) is ReadPurpose.ENHET_QUEUE


def test_an_ended_chat_is_read_by_who_had_it_or_the_kontaktsenter() -> None:
    assert read_purpose(staff(), scope(veileder=1, closed=True), [], had_it=True) is ReadPurpose.HAD_IT
    nks = staff(7, "4106", (Role.KONTAKTSENTER,))
    assert read_purpose(nks, scope(closed=True), [], had_it=False) is ReadPurpose.KONTAKTSENTER
