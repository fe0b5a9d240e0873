"""The registers over SYNTETISKE data files (reference/synthetic/): the embedded default, for `make up` and tests.

``persons.json`` holds each synthetic person as the real registers answer (PDL's hentPerson and
hentGeografiskTilknytning, skjermet, oppfølging's veilederIdent and oppfolgingsenhet); ``innsyn/*.json`` their
digisos-soker documents, each validated against NAV's schema (reference/digisos_soker_schema) with jsonschema.
"""

from __future__ import annotations

import asyncio
import functools
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from router.adapters.registers_http import geografisk_tilknytning_from, oppfolging_from, person_from
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

    The documents are read and checked against the schema at the first lookup, on a worker thread, not at start
    (#12): jsonschema and the schema's registry hold 2 MB, and only a logged-in bruker's case question reads them. A
    document the schema refuses makes each lookup fail with RegisterUnavailable naming it (before, the router
    refused to start); tests/integration/test_registers_embedded.py checks every committed document."""

    def __init__(self, persons_file: Path, documents_dir: Path, schema_dir: Path):
        self._persons_file, self._documents_dir, self._schema_dir = persons_file, documents_dir, schema_dir

    @functools.cached_property
    def validator(self) -> Draft6Validator:
        return digisos_validator(self._schema_dir)

    @functools.cached_property
    def documents(self) -> dict[str, list[dict[str, Any]]]:
        persons = json.loads(self._persons_file.read_text(encoding="utf-8"))["personer"]
        by_person: dict[str, list[dict[str, Any]]] = {}
        for person in persons:
            documents = []
            for name in person.get("innsyn") or []:
                document = json.loads((self._documents_dir / name).read_text(encoding="utf-8"))
                self.validate(document, name)
                documents.append(document)
            by_person[person["ident"]] = documents
        return by_person

    def validate(self, document: dict[str, Any], name: str = "document") -> None:
        errors = sorted(self.validator.iter_errors(document), key=lambda e: list(e.absolute_path))
        if errors:
            where = "/".join(map(str, errors[0].absolute_path))
            raise RegisterUnavailable(f"{name} is not a valid digisos-soker document at {where or '/'}")

    async def soknader(self, ident: str) -> list[dict[str, Any]]:
        if "documents" not in self.__dict__:  # the first lookup: jsonschema's import and the checks off the loop
            await asyncio.to_thread(lambda: self.documents)
        return list(self.documents.get(ident, []))
