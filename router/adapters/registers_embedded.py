"""The registers over SYNTETISKE data files (reference/synthetic/): the embedded default, for `make up` and tests.

``persons.json`` holds each synthetic person as the real registers answer (PDL's hentPerson and
hentGeografiskTilknytning, skjermet, oppfølging's veilederIdent and oppfolgingsenhet); ``innsyn/*.json`` their
digisos-soker documents, each validated against NAV's schema (reference/digisos_soker_schema) with jsonschema, in a
process of its own (``python -m router.adapters.registers_embedded``).
"""

from __future__ import annotations

import asyncio
import functools
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from router.adapters.registers_http import geografisk_tilknytning_from, oppfolging_from, person_from
from router.config import PROJECT_ROOT
from router.domain.person import GeografiskTilknytning, Oppfolging, Person
from router.ports.registers import RegisterUnavailable

if TYPE_CHECKING:
    from jsonschema import Draft6Validator

# Where the schema's files sit as URIs: the parts refer to ../../../types/, two levels above the schema folder.
SCHEMA_BASE = "https://navchat.invalid/schema/digisos/"
TYPES_BASE = "https://navchat.invalid/types/"


class SyntheticRegisters:
    """PersonRegister, SkjermingRegister and OppfolgingRegister over persons.json."""

    def __init__(self, persons_file: Path):
        try:
            data = json.loads(persons_file.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise RegisterUnavailable(f"{persons_file}: {type(error).__name__}") from None
        if "SYNTETISK" not in data:
            raise RegisterUnavailable(f"{persons_file} is not marked SYNTETISK: refusing to read it")
        self.persons: dict[str, dict[str, Any]] = {p["ident"]: p for p in data["personer"]}

    async def hent_person(self, ident: str) -> Person | None:
        person = self.persons.get(ident)
        return person_from(person["hentPerson"]) if person else None

    async def hent_geografisk_tilknytning(self, ident: str) -> GeografiskTilknytning | None:
        person = self.persons.get(ident)
        return geografisk_tilknytning_from(person["hentGeografiskTilknytning"]) if person else None

    async def er_skjermet(self, ident: str) -> bool:
        person = self.persons.get(ident)
        return bool(person and person.get("skjermet"))

    async def hent_oppfolging(self, ident: str) -> Oppfolging | None:
        person = self.persons.get(ident)
        return oppfolging_from(person.get("oppfolging")) if person else None


def digisos_validator(schema_dir: Path) -> Draft6Validator:
    """NAV's digisos-soker schema with every part registered under its own URI, so relative $refs resolve."""
    from jsonschema import Draft6Validator
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT6

    resources = []
    for path in schema_dir.rglob("*.json"):
        relative = path.relative_to(schema_dir).as_posix()
        uri = TYPES_BASE + relative.removeprefix("types/") if relative.startswith("types/") else SCHEMA_BASE + relative
        resources.append((uri, Resource.from_contents(json.loads(path.read_text(encoding="utf-8")),
                                                      default_specification=DRAFT6)))
    registry = Registry().with_resources(resources)
    # The root's "$ref" sits beside "definitions", so it is resolved from the root's own URI.
    return Draft6Validator({"$ref": SCHEMA_BASE + "digisos-soker.json"}, registry=registry)


class EmbeddedInnsyn:
    """Innsyn over synthetic digisos-soker documents: persons.json names each person's files.

    The documents are checked against the schema at the first lookup, in a child process (check_documents), and then
    read, on a worker thread: not at start, and not in the router (#12): jsonschema with the schema's registry held
    3.3 MB of the router's memory from the first case question on (2.2 MB imported, 1.1 MB built), for files that
    do not change while it runs. A document the schema refuses makes each lookup fail with RegisterUnavailable
    naming it (the router still starts); tests/integration/test_registers_embedded.py checks every committed
    document."""

    def __init__(self, persons_file: Path, documents_dir: Path, schema_dir: Path):
        self._persons_file, self._documents_dir, self._schema_dir = persons_file, documents_dir, schema_dir
        self._refused: str | None = None
        self._checked = False

    @functools.cached_property
    def validator(self) -> Draft6Validator:
        return digisos_validator(self._schema_dir)

    @functools.cached_property
    def documents(self) -> dict[str, list[dict[str, Any]]]:
        return {ident: [document for _, document in named]
                for ident, named in _documents_by_person(self._persons_file, self._documents_dir).items()}

    def validate(self, document: dict[str, Any], name: str = "document") -> None:
        errors = sorted(self.validator.iter_errors(document), key=lambda e: list(e.absolute_path))
        if errors:
            where = "/".join(map(str, errors[0].absolute_path))
            raise RegisterUnavailable(f"{name} is not a valid digisos-soker document at {where or '/'}")

    async def soknader(self, ident: str) -> list[dict[str, Any]]:
        if not self._checked:  # the first lookup: the schema's check in a child process, the reading off the loop
            self._refused = await _checked_in_a_child(self._persons_file, self._documents_dir, self._schema_dir)
            self._checked = True
        if self._refused is not None:
            raise RegisterUnavailable(self._refused)
        if "documents" not in self.__dict__:
            await asyncio.to_thread(lambda: self.documents)
        return list(self.documents.get(ident, []))


def _documents_by_person(persons_file: Path, documents_dir: Path) -> dict[str, list[tuple[str, dict[str, Any]]]]:
    """Each person's documents by ident, with their file names."""
    persons = json.loads(persons_file.read_text(encoding="utf-8"))["personer"]
    return {person["ident"]: [(name, json.loads((documents_dir / name).read_text(encoding="utf-8")))
                              for name in person.get("innsyn") or []] for person in persons}


def check_documents(persons_file: Path, documents_dir: Path, schema_dir: Path) -> None:
    """Every person's documents against NAV's schema; RegisterUnavailable naming the first one it refuses."""
    innsyn = EmbeddedInnsyn(persons_file, documents_dir, schema_dir)
    for named in _documents_by_person(persons_file, documents_dir).values():
        for name, document in named:
            innsyn.validate(document, name)


# The check takes about 0.2 s; a hung one fails the lookups instead of holding every case question.
CHECK_TIMEOUT_S = 30


async def _checked_in_a_child(persons_file: Path, documents_dir: Path, schema_dir: Path) -> str | None:
    """check_documents in a process of its own: None when every document passed, else why not (RegisterUnavailable
    when it did not finish)."""
    child = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "router.adapters.registers_embedded", str(persons_file), str(documents_dir),
        str(schema_dir), cwd=PROJECT_ROOT, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    try:
        out, err = await asyncio.wait_for(child.communicate(), CHECK_TIMEOUT_S)
    except TimeoutError:
        child.kill()
        await child.wait()
        # Not kept: the next lookup checks again.
        raise RegisterUnavailable(f"the innsyn documents' check did not finish in {CHECK_TIMEOUT_S} s") from None
    if child.returncode == 0:
        return None
    if said := out.decode(errors="replace").strip():
        return said  # the check's own reason (a document the schema refuses): kept, the files do not change
    # Killed, or failed before it could say why: not kept, so that one lost child does not end innsyn until a
    # restart (an e2e run saw the first lookup fail with nothing said).
    raise RegisterUnavailable(f"the innsyn documents' check failed (exit {child.returncode}): "
                              f"{err.decode(errors='replace')[-300:]}")


def _main(argv: list[str]) -> int:
    try:
        check_documents(*map(Path, argv))
    except (RegisterUnavailable, OSError, ValueError, KeyError) as error:
        print(str(error) if isinstance(error, RegisterUnavailable) else f"{type(error).__name__}: {error}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
