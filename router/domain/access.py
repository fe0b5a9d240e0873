"""Who among the staff may see or act on which conversation (need-to-know, NAV's access rules)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from router.domain.events import HistoryRecord


class Role(StrEnum):
    VEILEDER = "veileder"
    KONTAKTSENTER = "kontaktsenter"
    ADMIN = "admin"
    # The security officer / personvernombud: reads the whole audit log, the rows about kode 6/7 and skjermet
    # conversations too (who read them, who tried and was refused), and sees no conversation itself.
    REVISOR = "revisor"


class Permission(StrEnum):
    FORTROLIG = "fortrolig"  # SPFO, kode 7
    STRENGT_FORTROLIG = "strengt_fortrolig"  # SPSF, kode 6
    SKJERMET = "skjermet"  # the bruker is a NAV employee


@dataclass(frozen=True)
class StaffUser:
    id: int
    username: str
    navn: str
    enhetsnummer: str
    roles: frozenset[Role]
    permissions: frozenset[Permission]

    def has_role(self, role: Role) -> bool:
        return role in self.roles


@dataclass(frozen=True)
class ConversationScope:
    """The facts about a conversation that decide who may see it."""

    enhetsnummer: str | None
    diskresjonskode: str | None
    skjermet: bool
    veileder_id: int | None
    # A human was asked for (once is enough): before that the conversation is the bruker's and the bot's alone.
    handed_off: bool
    # Ended: what it said is read only by those who had it, and the kontaktsenter (may_read).
    closed: bool = False


def required_permissions(diskresjonskode: str | None, skjermet: bool) -> frozenset[Permission]:
    """The permissions a person needs to see a conversation: the one home of the "may see" rule's protection part.

    Kode 6 (SPSF) and kode 7 (SPFO) and skjermet each need their own permission, whatever the role.
    """
    needed: set[Permission] = set()
    if diskresjonskode == "SPSF":
        needed.add(Permission.STRENGT_FORTROLIG)
    elif diskresjonskode == "SPFO":
        needed.add(Permission.FORTROLIG)
    if skjermet:
        needed.add(Permission.SKJERMET)
    return frozenset(needed)


def may_have_protected_hidden(staff: StaffUser) -> bool:
    """Whether a conversation could be kept from ``staff`` by its protection: they lack a permission that kode 6,
    kode 7 or skjermet needs. It depends on ``staff`` alone, never on what waits, so what the console's queue says
    on it (staff_labels.QUEUE_HIDDEN_NOTE) tells nothing of any conversation: a count of the hidden ones in an
    office's queue would (docs/PRIVACY.md, "What staff are told of what is kept from them")."""
    return not frozenset(Permission) <= staff.permissions


def has_needed_permissions(staff: StaffUser, scope: ConversationScope) -> bool:
    """Kode 6/7 and skjermet need their own permission, whatever the role."""
    return required_permissions(scope.diskresjonskode, scope.skjermet) <= staff.permissions


def may_see(staff: StaffUser, scope: ConversationScope) -> bool:
    """Whether the conversation exists for ``staff`` (its queue card, a state push; no content): nobody sees one
    before a human was asked for; then a veileder sees the conversations of their own enhet, and kontaktsenter and
    admin every queue. What it says (messages, what the bot learned, the transcript) is may_read's."""
    if not scope.handed_off or not has_needed_permissions(staff, scope):
        return False
    if not (staff.has_role(Role.VEILEDER) or staff.has_role(Role.KONTAKTSENTER) or staff.has_role(Role.ADMIN)):
        return False  # a revisor alone audits who saw what; the enhet rule below is a veileder's
    if staff.has_role(Role.KONTAKTSENTER) or staff.has_role(Role.ADMIN):
        return True
    return scope.veileder_id == staff.id or (
        scope.enhetsnummer is not None and scope.enhetsnummer == staff.enhetsnummer
    )


def had_conversation(staff: StaffUser, history: Iterable[HistoryRecord]) -> bool:
    """Whether ``staff`` had the conversation: was given it (an ``assign`` row names them, also one who passed it
    on later) or ended it (the ``close`` row is theirs, also a waiting chat dismissed as spam or threats)."""
    me = f"veileder:{staff.username}"
    for record in history:
        if record.kind == "assign" and (record.data or {}).get("veileder_id") == staff.id:
            return True
        if record.kind == "close" and record.actor == me:
            return True
    return False


def helps_the_person_now(staff: StaffUser, person: str | None,
                         open_chats: Iterable[tuple[str | None, ConversationScope]]) -> bool:
    """Whether ``staff`` has, now, an open chat of ``person`` (a pseudonym; None: nobody known) while she is logged
    in: ``open_chats`` are (the person logged in to it now, its scope) of the chats the caller loaded (staff's own).
    Only a login (ID-porten) says whose a chat is; a chat after a logout may be anybody at that screen."""
    return person is not None and any(
        logged_in == person and scope.veileder_id == staff.id and not scope.closed for logged_in, scope in open_chats)


def _reads_as_the_persons_veileder(staff: StaffUser, scope: ConversationScope, helps_the_person: bool) -> bool:
    """The same-person ground of may_read: a veileder who has the person's chat now reads her ended chats of the
    veileder's own enhet (what she was told there, what was promised), never another enhet's."""
    return (helps_the_person and staff.has_role(Role.VEILEDER) and scope.enhetsnummer is not None
            and scope.enhetsnummer == staff.enhetsnummer)


def may_read(staff: StaffUser, scope: ConversationScope, *, had_it: bool = False,
             helps_the_person: bool = False) -> bool:
    """Whether ``staff`` may read what the conversation says (its messages, what the bot learned, its events):
    need-to-know, not need-to-see. Only those who answer brukere read (answers_brukere: admin alone manages and
    reads no chat; one who is admin and veileder reads as a veileder), and only a conversation they may see (kode
    6/7 and skjermet need their permission on every ground); an ended one only the veileder(s) who had it
    (``had_it``: had_conversation), the kontaktsenter, which follows up on ended chats (the bruker who calls or
    writes again, a complaint), and the veileder who has the same logged-in person's chat now, for the ended chats
    of her own enhet (``helps_the_person``: helps_the_person_now; probe: Kari, who took Ola's chat, saw nothing of
    Aisha's promise the day before); not every veileder of the enhet for the days it is kept."""
    if not may_see(staff, scope) or not answers_brukere(staff):
        return False
    return (not scope.closed or had_it or staff.has_role(Role.KONTAKTSENTER)
            or _reads_as_the_persons_veileder(staff, scope, helps_the_person))


class ReadPurpose(StrEnum):
    """Why a staff member reads a conversation: the need-to-know rule of may_read that lets them, for the audit row
    of the read (``detail.why``), so the reader's own assigned chat needs no typed reason."""

    ASSIGNED = "assigned"  # it is theirs now
    TRANSFERRED_TO_THEM = "transferred_to_them"  # moved to them by name (given them, or waiting for them)
    TRANSFERRED_TO_ENHET = "transferred_to_enhet"  # moved to their enhet's queue
    ENHET_QUEUE = "enhet_queue"  # a chat of their own enhet, not theirs (before taking it, covering for a colleague)
    HAD_IT = "had_it"  # ended, and they had it
    SAME_PERSON = "same_person"  # ended, of the logged-in person whose chat they have now, at their enhet
    KONTAKTSENTER = "kontaktsenter"  # the kontaktsenter's overview of every queue, and its follow-up of ended chats


def read_purpose(staff: StaffUser, scope: ConversationScope, history: Iterable[HistoryRecord], *,
                 had_it: bool, helps_the_person: bool = False) -> ReadPurpose:
    """The rule of may_read that lets ``staff`` read the conversation (call it where may_read holds): an ended chat
    is theirs to read because they had it, else because they have the same person's chat now (at their enhet), else
    the kontaktsenter's; an open one because it is assigned or was
    transferred to them, or is in (was transferred to) their enhet's queue, else by the kontaktsenter's overview.
    Only transfers since the last handoff count (an earlier one was before the chat went back to the bot)."""
    if scope.closed:
        if had_it:
            return ReadPurpose.HAD_IT
        if _reads_as_the_persons_veileder(staff, scope, helps_the_person):
            return ReadPurpose.SAME_PERSON
        return ReadPurpose.KONTAKTSENTER
    last_transfer: dict[str, object] | None = None
    for record in history:
        if record.kind == "handoff":
            last_transfer = None
        elif record.kind == "transfer":
            last_transfer = record.data or {}
    to_them = last_transfer is not None and last_transfer.get("to_veileder") == staff.username
    if scope.veileder_id == staff.id or (to_them and scope.veileder_id is None):
        return ReadPurpose.TRANSFERRED_TO_THEM if to_them else ReadPurpose.ASSIGNED
    if staff.has_role(Role.VEILEDER) and scope.enhetsnummer is not None and scope.enhetsnummer == staff.enhetsnummer:
        if last_transfer is not None and last_transfer.get("to_enhetsnummer") == staff.enhetsnummer:
            return ReadPurpose.TRANSFERRED_TO_ENHET
        return ReadPurpose.ENHET_QUEUE
    return ReadPurpose.KONTAKTSENTER


def why_refused(staff: StaffUser, scope: ConversationScope, *, reading: bool = False,
                had_it: bool = False) -> dict[str, object] | None:
    """Why ``staff`` may not see a conversation (``reading``: read what it says, may_read), for the audit row of a
    refused attempt (None when they may): the same rule as may_see (may_read), named. Written to the audit only,
    never to the caller, who gets the same 403/404 as ever; and a protected conversation's rows are listed only to
    readers with its permission (services/staff.py)."""
    if may_see(staff, scope):
        if not answers_brukere(staff):
            # Admin sees every card and acts on none (probe 165: her refused takes, replies and moves left no row,
            # while the revisor's did).
            return {"reason": "role_reads_no_content" if reading else "role_answers_no_brukere"}
        if not reading or may_read(staff, scope, had_it=had_it):
            return None
        return {"reason": "closed_not_theirs"}
    if not scope.handed_off:
        return {"reason": "not_handed_off"}
    missing = required_permissions(scope.diskresjonskode, scope.skjermet) - staff.permissions
    if missing:
        return {"reason": "missing_permission", "needs": sorted(p.value for p in missing)}
    if not answers_brukere(staff):  # the revisor: her own enhet's chats are refused her as much as any other's
        return {"reason": "role_reads_no_content"}
    return {"reason": "other_enhet"}


def may_download(staff: StaffUser, scope: ConversationScope, *, closed_as_threat: bool, had_it: bool) -> bool:
    """Whether ``staff`` may download the conversation as a file (a copy outside the store escapes its deletion
    after 2 days): only for a police report or an HMS-avvik, so only a chat closed as threats or harassment (kept
    as evidence), by those who may read it, or, before it is closed, by the veileder who has it now (to report a
    threat as it happens)."""
    if not may_read(staff, scope, had_it=had_it):
        return False
    if scope.closed:
        return closed_as_threat
    return scope.veileder_id == staff.id


def may_see_case(staff: StaffUser, kontaktsenter_has_innsyn: bool | None) -> bool:
    """A bruker's Digisos case beside a conversation the staff member may see: a veileder sees it; the
    kontaktsenter only where the case's kommune lets it see cases (innsyn_nks; unknown counts as no); admin alone
    never (it answers no bruker, so it has no need to know)."""
    if staff.has_role(Role.VEILEDER):
        return True
    return staff.has_role(Role.KONTAKTSENTER) and kontaktsenter_has_innsyn is True


def why_case_refused(staff: StaffUser, scope: ConversationScope) -> dict[str, object] | None:
    """Why ``staff`` may not see the bruker's case beside a conversation, for the audit row of the refusal (None when
    they may): the conversation's own refusal (why_refused), else, for a role that answers no bruker (admin alone,
    refused for her role whatever the chat), that her role reads no bruker's content (need to know)."""
    if may_see(staff, scope) and not answers_brukere(staff):
        return {"reason": "role_reads_no_content"}  # the case is content, not an action on the chat
    return why_refused(staff, scope)


def may_know_load_of(staff: StaffUser, permissions: frozenset[Permission]) -> bool:
    """Whether ``staff`` may be told how many chats a colleague with ``permissions`` has open: not when the colleague
    holds a permission ``staff`` lacks, since some of those chats may be kode 6, kode 7 or skjermet (probe 165: a
    transfer list showed vikafossen1 with 1 chat open, and every chat there is kode 6). Whether they have room is
    told to anyone who may move a chat to them."""
    return permissions <= staff.permissions


def answers_brukere(staff: StaffUser) -> bool:
    """Veiledere and the kontaktsenter answer brukere: they go online, are assigned and take conversations. Admin
    alone manages (users, audit, every queue in view) and writes to no bruker: need-to-know, not need-to-see."""
    return staff.has_role(Role.VEILEDER) or staff.has_role(Role.KONTAKTSENTER)


def may_answer(staff: StaffUser, scope: ConversationScope) -> bool:
    """Only the assigned veileder writes to the bruker."""
    return scope.veileder_id == staff.id and answers_brukere(staff) and has_needed_permissions(staff, scope)


def may_read_audit(staff: StaffUser) -> bool:
    """Admin and revisor read the audit log (GET /api/admin/audit)."""
    return staff.has_role(Role.ADMIN) or staff.has_role(Role.REVISOR)


def audit_rows_hidden_from(staff: StaffUser) -> tuple[frozenset[str], bool]:
    """Which audit rows about protected conversations a reader is not shown: (diskresjonskoder, skjermet), the
    same rule as required_permissions. An admin sees the rows of the conversations their permissions cover; a
    revisor every row (the fact and the actor: an audit row holds no word of the chat), so that reads of and refused
    attempts on a kode 6 chat can be audited by someone."""
    if staff.has_role(Role.REVISOR):
        return frozenset(), False
    hidden_codes = {code for code in ("SPSF", "SPFO") if not required_permissions(code, False) <= staff.permissions}
    return frozenset(hidden_codes), not required_permissions(None, True) <= staff.permissions
