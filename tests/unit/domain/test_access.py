"""Need-to-know: enhet scope, kode 6/7 and skjermet permissions."""

from __future__ import annotations

from router.domain.access import (
    ConversationScope,
    Permission,
    Role,
    StaffUser,
    may_answer,
    may_see,
    why_refused,
)


def staff(enhet: str = "0315", roles: tuple[Role, ...] = (Role.VEILEDER,), perms: tuple[Permission, ...] = ()) -> StaffUser:
    return StaffUser(1, "v", "V", enhet, frozenset(roles), frozenset(perms))


def scope(enhet: str = "0315", kode: str | None = None, skjermet: bool = False, veileder: int | None = None,
          handed_off: bool = True):
    return ConversationScope(enhet, kode, skjermet, veileder, handed_off)


def test_nobody_sees_a_conversation_before_a_human_was_asked_for() -> None:
    for roles in [(Role.VEILEDER,), (Role.KONTAKTSENTER,), (Role.ADMIN,), (Role.VEILEDER, Role.ADMIN)]:
        everything = tuple(Permission)
        assert not may_see(staff("0315", roles, everything), scope("0315", handed_off=False))
        assert may_see(staff("0315", roles, everything), scope("0315", handed_off=True))


def test_a_veileder_sees_only_their_enhet() -> None:
    assert may_see(staff(), scope("0315"))
    assert not may_see(staff(), scope("1201"))


def test_kontaktsenter_sees_all_enheter() -> None:
    assert may_see(staff("4100", (Role.KONTAKTSENTER,)), scope("1201"))


def test_fortrolig_strengt_fortrolig_and_skjermet_need_their_permission() -> None:
    for kode, skjermet, permission in [
        ("SPFO", False, Permission.FORTROLIG),
        ("SPSF", False, Permission.STRENGT_FORTROLIG),
        (None, True, Permission.SKJERMET),
    ]:
        assert not may_see(staff(), scope(kode=kode, skjermet=skjermet))
        assert not may_see(staff("4100", (Role.KONTAKTSENTER,)), scope(kode=kode, skjermet=skjermet))
        assert may_see(staff(perms=(permission,)), scope(kode=kode, skjermet=skjermet))


def test_only_the_assigned_veileder_answers() -> None:
    assert may_answer(staff(), scope(veileder=1))
    assert not may_answer(staff(), scope(veileder=2))


def test_admin_alone_answers_no_bruker() -> None:
    assert not may_answer(staff(roles=(Role.ADMIN,)), scope(veileder=1))
    assert may_answer(staff(roles=(Role.ADMIN, Role.VEILEDER)), scope(veileder=1))
    assert may_answer(staff(roles=(Role.KONTAKTSENTER,)), scope(veileder=1))


def test_why_a_staff_member_is_refused_names_the_rule_that_refused() -> None:
    assert why_refused(staff(), scope()) is None
    assert why_refused(staff(), scope(handed_off=False)) == {"reason": "not_handed_off"}
    assert why_refused(staff(), scope("1201")) == {"reason": "other_enhet"}
    assert why_refused(staff(perms=(Permission.FORTROLIG,)), scope(kode="SPSF", skjermet=True)) == {
        "reason": "missing_permission", "needs": ["skjermet", "strengt_fortrolig"]}
    assert why_refused(staff("4100", (Role.KONTAKTSENTER,)), scope("1201", kode="SPFO")) == {
        "reason": "missing_permission", "needs": ["fortrolig"]}
