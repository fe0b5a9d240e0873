"""Who reads which audit rows (access.audit_rows_hidden_from, may_read_audit): an admin the rows of the
conversations their permissions cover, a revisor every row; a revisor sees no conversation itself."""

from __future__ import annotations

import itertools

from router.domain.access import (
    ConversationScope,
    Permission,
    Role,
    StaffUser,
    audit_rows_hidden_from,
    has_needed_permissions,
    may_read_audit,
    may_see,
)


def _staff(roles: set[Role], permissions: set[Permission] = frozenset(), enhet: str = "0315") -> StaffUser:  # type: ignore[assignment]
    return StaffUser(7, "x", "X", enhet, frozenset(roles), frozenset(permissions))


def test_an_admins_hidden_rows_are_those_of_the_conversations_their_permissions_do_not_cover() -> None:
    for size in range(4):
        for permissions in itertools.combinations(list(Permission), size):
            admin = _staff({Role.ADMIN}, set(permissions))
            codes, skjermet_hidden = audit_rows_hidden_from(admin)
            for code, skjermet in itertools.product((None, "SPSF", "SPFO"), (False, True)):
                scope = ConversationScope("0315", code, skjermet, None, handed_off=True)
                shown = code not in codes and not (skjermet and skjermet_hidden)
                assert shown == has_needed_permissions(admin, scope), (permissions, code, skjermet)


def test_a_revisor_reads_every_audit_row_and_sees_no_conversation() -> None:
    revisor = _staff({Role.REVISOR}, enhet="0315")
    assert audit_rows_hidden_from(revisor) == (frozenset(), False)
    assert may_read_audit(revisor) and may_read_audit(_staff({Role.ADMIN}))
    assert not may_read_audit(_staff({Role.VEILEDER})) and not may_read_audit(_staff({Role.KONTAKTSENTER}))
    # Not even one of their own enhet's, which the enhet rule gives a veileder.
    assert not may_see(revisor, ConversationScope("0315", None, False, None, handed_off=True))
    assert may_see(_staff({Role.VEILEDER}), ConversationScope("0315", None, False, None, handed_off=True))
