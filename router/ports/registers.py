"""The registers a logged-in bruker is looked up in: person (PDL), skjermet, oppfølging, and Digisos innsyn.

Each takes the ident (fødselsnummer or D-nummer) and answers in the router's domain types; the HTTP adapters use
the real field names (../shared/spec/registers.md), the embedded ones read SYNTETISKE data files. Any failure to
reach a register is ``RegisterUnavailable``; a person the register does not know is None (or an empty list).
"""

from __future__ import annotations

from typing import Any, Protocol

from router.domain.person import GeografiskTilknytning, Oppfolging, Person


class RegisterUnavailable(Exception):
    """A register could not be reached or answered nonsense; nothing is known from it."""


class PersonRegister(Protocol):
    async def hent_person(self, ident: str) -> Person | None: ...

    async def hent_geografisk_tilknytning(self, ident: str) -> GeografiskTilknytning | None: ...


class SkjermingRegister(Protocol):
    async def er_skjermet(self, ident: str) -> bool: ...


class OppfolgingRegister(Protocol):
    async def hent_oppfolging(self, ident: str) -> Oppfolging | None: ...


class Innsyn(Protocol):
    async def soknader(self, ident: str) -> list[dict[str, Any]]:
        """The person's digisos-soker documents, each valid against NAV's schema."""
        ...
