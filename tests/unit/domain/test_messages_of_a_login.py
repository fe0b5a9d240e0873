"""What was said while a person was logged in is theirs (Conversation.logged_in_person, messages.shown_to): after
"Logg ut" a shared computer's next user holds the same page and token and must not read her case."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from router.domain.conversation import Conversation
from router.domain.messages import Message, bound_person, shown_to
from router.domain.person import PersonFacts

NOW = datetime(2026, 12, 7, 9, 30, tzinfo=UTC)


def facts(pseudonym: str) -> PersonFacts:
    return PersonFacts(pseudonym=pseudonym, gt="030102", diskresjonskode=None, skjermet=False)


def message(person: str | None) -> Message:
    return Message("c", "bot", "Søknaden din er mottatt hos Nav Frogner.", "nb", NOW, person_pseudonym=person)


def test_the_logged_in_person_is_nobody_before_login_and_after_logout_or_expiry() -> None:
    c = Conversation(id="c", token_hash="t", created_at=NOW, updated_at=NOW)
    assert c.logged_in_person is None
    c.tie_to_person(facts("kari"), own_veileder_id=None, now=NOW)
    assert c.logged_in_person == "kari"
    c.end_person_tie("utlogget", now=NOW + timedelta(minutes=5))
    assert c.logged_in_person is None, "the pseudonym stays as a record, but nobody is logged in"
    assert c.person_pseudonym == "kari"
    c.tie_to_person(facts("kari"), own_veileder_id=None, now=NOW + timedelta(minutes=6))
    assert c.logged_in_person == "kari"
    c.end_person_tie("innloggingen utløp", now=NOW + timedelta(minutes=7))
    assert c.logged_in_person is None


def test_a_message_of_a_login_is_shown_only_to_that_person_logged_in() -> None:
    hers = message("kari")
    assert shown_to(hers, "kari")
    assert not shown_to(hers, None), "the next person at the shared computer, with her page's token"
    assert not shown_to(hers, "ola"), "another person logged in"


def test_what_was_said_with_nobody_logged_in_is_shown_to_everyone_holding_the_token() -> None:
    anonymous = message(None)
    assert shown_to(anonymous, None) and shown_to(anonymous, "kari") and shown_to(anonymous, "ola")


def test_a_message_is_bound_to_whoever_is_logged_in_or_else_to_the_one_whose_message_it_answers() -> None:
    assert bound_person("kari", None) == "kari"
    assert bound_person("kari", message(None)) == "kari"
    assert bound_person(None, None) is None
    # Her question was asked logged in; the bot's answer (her case) came after "Logg ut": hers.
    assert bound_person(None, message("kari")) == "kari"
    assert bound_person(None, message(None)) is None, "the next person's own question: theirs to read"


def test_the_office_her_register_chose_is_named_only_to_her_as_her_messages_are() -> None:
    """Conversation.names_enhet_to: the enhet placed by her folkeregister address tells where she is registered."""
    c = Conversation(id="c", token_hash="t", created_at=NOW, updated_at=NOW, enhet_navn="Nav Frogner")
    c.learn_place("Oslo", gt="0301")
    assert c.names_enhet_to(None), "a place typed by anyone is named to anyone"
    c.tie_to_person(facts("kari"), own_veileder_id=None, now=NOW)
    assert c.names_enhet_to("kari") and c.enhet_navn_for_bruker == "Nav Frogner", "hers to read"
    c.end_person_tie("utlogget", now=NOW + timedelta(minutes=5))
    assert not c.names_enhet_to(None) and not c.names_enhet_to("ola")
    assert c.enhet_navn_for_bruker == "NAV", "texts written after the logout name no office"
    assert c.names_enhet_to("kari")
    c.learn_place("Bergen", gt="4601")
    assert c.names_enhet_to(None), "a place typed after the logout replaces hers"
