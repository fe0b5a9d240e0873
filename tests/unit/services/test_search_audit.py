"""Probe 134: veileder1 searched for Ola's fødselsnummer; the audit row said "Treff: 0" and nothing more, so Ola's
request to know who looked him up could not find it. The row names him by the audit log's own pseudonym (as a
register lookup does), never the number; the same person however the number was spelled."""

from __future__ import annotations

from router.domain.access import Role
from router.domain.assignment import Presence
from router.domain.person import audit_pseudonym, pseudonym
from router.services import inbox
from router.services.login import PersonDeps
from tests.unit.services.conftest import World
from tests.unit.services.test_login import OLA, people  # noqa: F401  (the fixture)


async def test_a_search_for_a_fodselsnummer_names_the_person_by_the_audit_pseudonym(
        world: World, people: PersonDeps) -> None:  # noqa: F811
    kari = world.add_veileder("kari", "0220", presence=Presence.OFFLINE)
    nks = world.add_veileder("nks", "4100", roles=frozenset({Role.KONTAKTSENTER}), presence=Presence.OFFLINE)
    for staff, words in ((kari, OLA), (nks, "010190 12480"), (kari, "husleie")):
        assert await inbox.search(world.deps, world.store.veiledere[staff.id].as_staff_user(), words) == []
    ola = audit_pseudonym(people.pseudonym_key, pseudonym(people.pseudonym_key, OLA))
    searches = [(e.username, e.detail) for e in world.store.audit if e.action == "search"]
    assert searches == [("kari", {"hits": 0, "searched": "fødselsnummer", "person": ola}),
                        ("nks", {"hits": 0, "searched": "fødselsnummer", "person": ola}),
                        ("kari", {"hits": 0, "searched": "tekst"})], searches
    assert OLA not in str(world.store.audit) and "12480" not in str(world.store.audit)
