"""The veileder who has a logged-in person's chat now reads that person's ended chats at her own enhet (probe: Kari,
who took Ola's chat on Tuesday, saw nothing of Aisha's promise on Monday "Ja, jeg følger opp saken din"): need to
know, one rule (access.may_read), audited with its own ground (read_purpose SAME_PERSON)."""

from __future__ import annotations

from router.domain.access import (
    ConversationScope,
    Permission,
    ReadPurpose,
    Role,
    StaffUser,
    helps_the_person_now,
    may_download,
    may_read,
    read_purpose,
)
from router.domain.staff_labels import READ_PURPOSE_LABELS

KARI = StaffUser(1, "veileder1", "Kari", "0315", frozenset({Role.VEILEDER}), frozenset())


def scope(enhet: str = "0315", veileder: int | None = None, *, closed: bool = False, kode: str | None = None,
          skjermet: bool = False) -> ConversationScope:
    return ConversationScope(enhet, kode, skjermet, veileder, True, closed)


MONDAY = scope(veileder=3, closed=True)  # Ola's chat with Aisha, ended


def test_she_helps_the_person_only_with_her_own_open_chat_of_that_logged_in_person() -> None:
    hers_now = [("ola", scope(veileder=1))]
    assert helps_the_person_now(KARI, "ola", hers_now)
    assert not helps_the_person_now(KARI, "kari-b", hers_now), "another person"
    assert not helps_the_person_now(KARI, "ola", [(None, scope(veileder=1))]), "logged out: anybody at the screen"
    assert not helps_the_person_now(KARI, "ola", [("ola", scope(veileder=2))]), "a colleague's chat"
    assert not helps_the_person_now(KARI, "ola", [("ola", scope(veileder=1, closed=True))]), "ended"
    assert not helps_the_person_now(KARI, None, hers_now), "an anonymous earlier chat is nobody's"


def test_an_ended_chat_of_the_person_at_her_enhet_is_read_on_the_same_person_ground() -> None:
    assert not may_read(KARI, MONDAY), "without the person's chat now: not hers to read (as before)"
    assert may_read(KARI, MONDAY, helps_the_person=True)
    assert read_purpose(KARI, MONDAY, [], had_it=False, helps_the_person=True) is ReadPurpose.SAME_PERSON
    assert READ_PURPOSE_LABELS["same_person"] == "samme bruker, samtale du har nå"
    assert read_purpose(KARI, MONDAY, [], had_it=True, helps_the_person=True) is ReadPurpose.HAD_IT


def test_never_across_enhet_nor_beyond_the_permissions() -> None:
    assert not may_read(KARI, scope("0312", veileder=3, closed=True), helps_the_person=True), "another enhet"
    for protected in (scope(closed=True, kode="SPSF"), scope(closed=True, kode="SPFO"),
                      scope(closed=True, skjermet=True)):
        assert not may_read(KARI, protected, helps_the_person=True)
    cleared = StaffUser(1, "veileder1", "Kari", "0315", frozenset({Role.VEILEDER}), frozenset({Permission.FORTROLIG}))
    assert may_read(cleared, scope(closed=True, kode="SPFO"), helps_the_person=True), "with the permission"


def test_the_ground_is_a_veileder_s_and_gives_no_download() -> None:
    admin = StaffUser(1, "admin1", "A", "0315", frozenset({Role.ADMIN}), frozenset())
    assert not may_read(admin, MONDAY, helps_the_person=True)
    assert not may_download(KARI, MONDAY, closed_as_threat=True, had_it=False), \
        "a copy outside the store is for who had it and the kontaktsenter"
