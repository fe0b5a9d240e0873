"""The embedded registers over the SYNTETISKE files, and NAV's digisos-soker schema through jsonschema."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest

from router.adapters import registers_embedded
from router.adapters.registers_embedded import EmbeddedInnsyn, SyntheticRegisters
from router.domain.person import Gradering
from router.ports.registers import RegisterUnavailable

ROOT = Path(__file__).resolve().parents[2]
PERSONS = ROOT / "reference" / "synthetic" / "persons.json"


@pytest.fixture(scope="module")
def innsyn() -> EmbeddedInnsyn:
    return EmbeddedInnsyn(PERSONS, ROOT / "reference" / "synthetic" / "innsyn", ROOT / "reference" / "digisos_soker_schema")


async def test_every_synthetic_document_is_valid_and_belongs_to_its_person(innsyn: EmbeddedInnsyn) -> None:
    assert len(await innsyn.soknader("01019012480")) == 1
    assert await innsyn.soknader("23037734578") == []
    assert await innsyn.soknader("00000000000") == []


@pytest.mark.parametrize("break_it", [
    lambda d: d["hendelser"][0].update(status="GODKJENT"),          # not a status
    lambda d: d["hendelser"][1].update(navKontor="03150"),          # five digits
    lambda d: d["hendelser"][0].update(hendelsestidspunkt="i går"),  # not a tidspunkt
    lambda d: d.pop("avsender"),
    lambda d: d.update(hendelser=[]),
])
def test_the_schema_refuses_a_broken_document(innsyn: EmbeddedInnsyn, break_it) -> None:  # type: ignore[no-untyped-def]
    document = json.loads((ROOT / "reference" / "synthetic" / "innsyn" / "kari-mottatt.json").read_text())
    broken = copy.deepcopy(document)
    break_it(broken)
    innsyn.validate(document)
    with pytest.raises(RegisterUnavailable):
        innsyn.validate(broken)


async def test_the_registers_read_the_real_shapes() -> None:
    registers = SyntheticRegisters(PERSONS)
    person = await registers.hent_person("23037734578")
    assert person is not None and person.gradering is Gradering.STRENGT_FORTROLIG
    assert await registers.er_skjermet("12066816778") is True
    oppfolging = await registers.hent_oppfolging("01019012480")
    assert oppfolging is not None and oppfolging.veileder_ident == "veileder3"
    assert await registers.hent_person("00000000000") is None


def test_a_file_not_marked_synthetic_is_refused(tmp_path: Path) -> None:
    data = json.loads(PERSONS.read_text())
    del data["SYNTETISK"]
    (tmp_path / "persons.json").write_text(json.dumps(data))
    with pytest.raises(RegisterUnavailable):
        SyntheticRegisters(tmp_path / "persons.json")


async def test_a_broken_document_fails_the_lookups_not_the_start(tmp_path: Path) -> None:
    """The documents are read and checked at the first lookup (#12: jsonschema is not loaded at start); one the
    schema refuses makes the lookup fail as an unavailable register, naming it, and so every lookup after it."""
    innsyn_dir = tmp_path / "innsyn"
    innsyn_dir.mkdir()
    for document in (ROOT / "reference" / "synthetic" / "innsyn").glob("*.json"):
        (innsyn_dir / document.name).write_text(document.read_text())
    broken = json.loads((innsyn_dir / "kari-mottatt.json").read_text())
    broken.pop("avsender")
    (innsyn_dir / "kari-mottatt.json").write_text(json.dumps(broken))
    innsyn = EmbeddedInnsyn(PERSONS, innsyn_dir, ROOT / "reference" / "digisos_soker_schema")
    for _ in range(2):
        with pytest.raises(RegisterUnavailable, match="kari-mottatt.json"):
            await innsyn.soknader("01019012480")


async def test_a_check_that_dies_without_a_reason_is_tried_again_at_the_next_lookup(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """An e2e run saw the first lookup fail with nothing said (the check's process gone); kept, it would have ended
    innsyn until a restart. Not kept: the next lookup checks again, and answers."""
    innsyn = EmbeddedInnsyn(PERSONS, ROOT / "reference" / "synthetic" / "innsyn", ROOT / "reference" / "digisos_soker_schema")
    monkeypatch.setattr(registers_embedded.sys, "executable", "/bin/false")  # exits 1 and says nothing
    with pytest.raises(RegisterUnavailable, match="exit 1"):
        await innsyn.soknader("01019012480")
    monkeypatch.undo()
    assert len(await innsyn.soknader("01019012480")) == 1


def test_the_schema_s_check_runs_in_a_process_of_its_own_not_in_the_router() -> None:
    """#12: jsonschema and the schema's registry held 3.3 MB of the router's memory from the first case question on,
    for files that do not change while it runs."""
    lookup = (
        "import asyncio, sys\n"
        "from pathlib import Path\n"
        "from router.adapters.registers_embedded import EmbeddedInnsyn\n"
        f"root = Path({str(ROOT)!r})\n"
        "innsyn = EmbeddedInnsyn(root / 'reference/synthetic/persons.json', root / 'reference/synthetic/innsyn',\n"
        "                        root / 'reference/digisos_soker_schema')\n"
        "found = asyncio.run(innsyn.soknader('01019012480'))\n"
        "print(len(found), sorted({'jsonschema', 'referencing'} & {m.split('.')[0] for m in sys.modules}))\n")
    out = subprocess.run([sys.executable, "-c", lookup], cwd=ROOT, check=True, capture_output=True, text=True,
                         timeout=60)
    assert out.stdout.split("\n")[-2] == "1 []"
