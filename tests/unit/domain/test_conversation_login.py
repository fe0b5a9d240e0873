"""Conversation.tie_to_person / end_person_tie: the conversation goes on, now the person's."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from router.domain.conversation import Conversation, ConversationState
from router.domain.errors import InvalidTransition, NotAllowed
from router.domain.person import GeografiskTilknytning, Gradering, GtType, Person, PersonFacts, person_facts

NOW = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)


def conversation(**kw) -> Conversation:  # type: ignore[no-untyped-def]
    return Conversation(id="c", token_hash="t", created_at=NOW, updated_at=NOW, **kw)


def facts(**kw) -> PersonFacts:  # type: ignore[no-untyped-def]
    return PersonFacts(**{"pseudonym": "p1", "gt": "030102", "diskresjonskode": None, "skjermet": False, **kw})


def test_the_registered_gt_replaces_a_typed_place_and_outranks_later_ones() -> None:
    c = conversation(kommune="Asker", geografisk_tilknytning="3203")
    c.tie_to_person(facts(), own_veileder_id=7, now=NOW)
    assert (c.geografisk_tilknytning, c.kommune, c.own_veileder_id) == ("030102", None, 7)
    assert c.is_logged_in and c.logged_in_at == NOW
    assert not c.learn_place("Bærum", gt="3201"), "what the bruker types does not move a registered GT"
    note = [e for e in c.take_events() if getattr(e, "kind", "") == "logged_in"]
    assert note and note[0].data["gt_from_register"] is True


def test_kode_6_keeps_no_place_and_stays_protected_after_logout() -> None:
    c = conversation(kommune="Oslo", geografisk_tilknytning="0301",
                     bot_slots={"kommune": "Oslo", "bydel": "Grünerløkka", "language": "nb"},
                     bot_summary={"postnummer": "0557", "digisos_behov": "livsopphold"})
    c.tie_to_person(facts(diskresjonskode="SPSF", gt=None), own_veileder_id=None, now=NOW)
    assert c.is_strengt_fortrolig and c.kommune is None and c.geografisk_tilknytning is None
    # Nor in what the bot heard: the summary beside the chat at Vikafossen showed "Bydel Grünerløkka".
    assert (c.bot_slots, c.bot_summary) == ({"language": "nb"}, {"digisos_behov": "livsopphold"})
    c.remember_bot_slots({"postnummer": "0557", "digisos_barn": "ja"})
    assert c.bot_slots == {"language": "nb", "digisos_barn": "ja"}, "nor what the bot learns afterwards"
    c.end_person_tie("utlogget", now=NOW + timedelta(minutes=5))
    assert not c.is_logged_in and c.is_strengt_fortrolig, "a protection only ever tightens"
    assert c.person_pseudonym == "p1", "kept as the record of whose conversation it was"


def test_kode_7_and_skjermet_are_set_and_kode_7_never_weakens_kode_6() -> None:
    c = conversation()
    c.tie_to_person(facts(diskresjonskode="SPFO", skjermet=True), own_veileder_id=None, now=NOW)
    assert (c.diskresjonskode, c.skjermet) == ("SPFO", True)
    d = conversation(diskresjonskode="SPSF")
    d.tie_to_person(facts(diskresjonskode="SPFO"), own_veileder_id=None, now=NOW)
    assert d.diskresjonskode == "SPSF"


def test_another_person_cannot_take_over_a_conversation() -> None:
    c = conversation()
    c.tie_to_person(facts(), own_veileder_id=None, now=NOW)
    c.end_person_tie("utlogget", now=NOW)
    with pytest.raises(NotAllowed):
        c.tie_to_person(facts(pseudonym="p2"), own_veileder_id=None, now=NOW)
    c.tie_to_person(facts(), own_veileder_id=None, now=NOW)
    assert c.is_logged_in, "the same person may log in again"


def test_an_assigned_conversation_keeps_its_veileder_and_retention_forgets_the_pseudonym() -> None:
    c = conversation(state=ConversationState.ASSIGNED, veileder_id=3, own_veileder_id=None)
    c.tie_to_person(facts(), own_veileder_id=9, now=NOW)
    assert c.own_veileder_id is None and c.veileder_id == 3
    c.forget_transcript(NOW)
    assert c.person_pseudonym is None


@pytest.mark.parametrize(("outcome", "actor"), [("bruker_avsluttet", "bruker"), ("besvart", "veileder3")])
def test_closing_keeps_the_login_until_logg_ut_and_the_protections_after(outcome: str, actor: str) -> None:
    """A close ends no login (whoever closed it): her page reads what she was just told until "Logg ut" or the
    login's expiry. Before, the close ended the tie and her own words and the answer became placeholders."""
    c = conversation(kommune="Oslo")
    c.tie_to_person(facts(diskresjonskode="SPFO"), own_veileder_id=None, now=NOW)
    c.close(outcome, actor=actor, now=NOW + timedelta(minutes=3))
    assert c.state is ConversationState.CLOSED and c.is_logged_in and c.logged_in_person == "p1"
    assert "logged_out" not in [getattr(e, "kind", "") for e in c.take_events()]
    c.end_person_tie("utlogget", now=NOW + timedelta(minutes=5))
    assert not c.is_logged_in and c.logged_in_person is None
    assert c.diskresjonskode == "SPFO" and c.person_pseudonym == "p1"


def test_a_closed_chat_is_logged_in_again_to_be_read_by_its_person_alone() -> None:
    """After "Logg ut" (or an expiry) on a closed chat's page, "Logg inn" as her reads it again, read-only."""
    c = conversation()
    with pytest.raises(InvalidTransition):  # an open chat logs in the ordinary way
        c.tie_again_to_read("p1", now=NOW)
    c.tie_to_person(facts(), own_veileder_id=None, now=NOW)
    c.close("besvart", actor="veileder3", now=NOW)
    c.end_person_tie("utlogget", now=NOW)
    with pytest.raises(NotAllowed):
        c.tie_again_to_read("p2", now=NOW)
    assert not c.is_logged_in
    c.tie_again_to_read("p1", now=NOW + timedelta(hours=3))
    assert c.is_logged_in and c.state is ConversationState.CLOSED
    with pytest.raises(InvalidTransition):
        c.receive_user_message(NOW)  # read-only
    anonymous = conversation()
    anonymous.close("bruker_avsluttet", actor="bruker", now=NOW)
    with pytest.raises(InvalidTransition):  # nothing of a person to read
        anonymous.tie_again_to_read("p1", now=NOW)
    c.end_person_tie("utlogget", now=NOW)
    c.forget_transcript(NOW)
    with pytest.raises(InvalidTransition):  # purged
        c.tie_again_to_read("p1", now=NOW)


def test_living_abroad_by_the_register_is_kept_for_the_bot_but_never_for_kode_6() -> None:
    abroad = GeografiskTilknytning(GtType.UTLAND, gt_land="SWE")
    emma = person_facts(b"k", "30080150179", Person("Emma", "Syntetisk"), abroad, False, None)
    assert emma.registered_abroad and emma.gt is None
    c = conversation()
    c.tie_to_person(emma, own_veileder_id=None, now=NOW)
    assert c.registered_abroad
    c.forget_transcript(NOW)
    assert not c.registered_abroad, "retention forgets it with the person"
    hidden = person_facts(b"k", "1", Person("A", "B", gradering=Gradering.STRENGT_FORTROLIG_UTLAND), abroad, False, None)
    assert not hidden.registered_abroad, "where a kode 6 person lives is not written anywhere in the chat"
    at_home = person_facts(b"k", "1", Person("A", "B"), GeografiskTilknytning(GtType.KOMMUNE, "3201"), False, None)
    assert not at_home.registered_abroad


def test_retention_forgets_the_persons_follow_up_veileder_and_earlier_threat() -> None:
    """Probe 134: a deleted chat kept own_veileder_id (the register's follow-up veileder): a tie to the person."""
    c = conversation(state=ConversationState.QUEUED, own_veileder_id=None)
    c.tie_to_person(facts(), own_veileder_id=9, now=NOW)
    c.remember_earlier_threat(NOW - timedelta(days=3), 4, avoid=True, now=NOW)
    assert c.own_veileder_id == 9 and c.earlier_threat_at is not None
    c.forget_transcript(NOW)
    assert (c.own_veileder_id, c.earlier_threat_at, c.earlier_threat_veileder_id) == (None, None, None)


def test_retention_drops_the_login_rows_follow_up_fact() -> None:
    from router.domain.purge import purged_history

    reason, data = purged_history("logged_in", "innlogget med ID-porten",
                                  {"gt_from_register": True, "own_veileder": True})
    assert data == {"gt_from_register": True}
