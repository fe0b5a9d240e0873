"""What the registers say about a logged-in bruker, as routing needs it: GT, diskresjonskode, skjermet, own veileder.

The field names in ``router/ports/registers.py`` are the real ones (PDL, skjermede-personer, oppfølging); this
module turns them into the router's words. The ident (fødselsnummer or D-nummer) never lands on a conversation:
it gets a keyed pseudonym (HMAC-SHA256 with a server secret), enough to know the same person again.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Gradering(StrEnum):
    """PDL adressebeskyttelse.gradering."""

    STRENGT_FORTROLIG = "STRENGT_FORTROLIG"
    STRENGT_FORTROLIG_UTLAND = "STRENGT_FORTROLIG_UTLAND"
    FORTROLIG = "FORTROLIG"
    UGRADERT = "UGRADERT"


class GtType(StrEnum):
    """PDL hentGeografiskTilknytning.gtType."""

    KOMMUNE = "KOMMUNE"
    BYDEL = "BYDEL"
    UTLAND = "UTLAND"
    UDEFINERT = "UDEFINERT"


# NORG2's diskresjonskode for PDL's gradering: both strengt fortrolig kinds are kode 6 (SPSF), fortrolig kode 7.
DISKRESJONSKODE = {
    Gradering.STRENGT_FORTROLIG: "SPSF",
    Gradering.STRENGT_FORTROLIG_UTLAND: "SPSF",
    Gradering.FORTROLIG: "SPFO",
}


@dataclass(frozen=True)
class GeografiskTilknytning:
    gt_type: GtType
    gt_kommune: str | None = None
    gt_bydel: str | None = None
    gt_land: str | None = None

    @property
    def gt(self) -> str | None:
        """The GT routing uses: the bydel where there is one, else the kommune; none abroad or undefined."""
        if self.gt_type is GtType.BYDEL:
            return self.gt_bydel
        if self.gt_type is GtType.KOMMUNE:
            return self.gt_kommune
        return None


@dataclass(frozen=True)
class Person:
    """hentPerson, as much as the chat needs: the name and the strongest adressebeskyttelse."""

    fornavn: str
    etternavn: str
    mellomnavn: str | None = None
    gradering: Gradering = Gradering.UGRADERT

    @property
    def diskresjonskode(self) -> str | None:
        return DISKRESJONSKODE.get(self.gradering)

    @property
    def navn(self) -> str:
        """The whole name as it is written: "Ola Mellom Nordmann"."""
        return " ".join(part for part in (self.fornavn, self.mellomnavn, self.etternavn) if part)


@dataclass(frozen=True)
class Oppfolging:
    """The person's own veileder (veilederIdent, the staff user's NAV ident) and oppfølgingsenhet."""

    veileder_ident: str | None
    oppfolgingsenhet: str | None


@dataclass(frozen=True)
class PersonFacts:
    """Everything the registers said, in the router's words; nothing here is the ident."""

    pseudonym: str
    gt: str | None
    diskresjonskode: str | None
    skjermet: bool
    fornavn: str | None = None
    own_veileder_ident: str | None = None
    oppfolgingsenhet: str | None = None
    # The folkeregister says the person lives abroad (gtType UTLAND); never for strengt fortrolig, whose whereabouts
    # are not written anywhere in the chat.
    registered_abroad: bool = False


def strongest(graderinger: list[Gradering]) -> Gradering:
    """PDL may list several; the strictest one counts."""
    order = [Gradering.STRENGT_FORTROLIG, Gradering.STRENGT_FORTROLIG_UTLAND, Gradering.FORTROLIG]
    return next((g for g in order if g in graderinger), Gradering.UGRADERT)


def pseudonym(secret: bytes, ident: str) -> str:
    """A keyed hash of the ident: the same person gets the same value, and the value gives back nothing."""
    return hmac.new(secret, ident.encode(), hashlib.sha256).hexdigest()


def audit_pseudonym(secret: bytes, person_pseudonym: str) -> str:
    """The person as the audit log names her: 16 hex of a keyed hash of her pseudonym under a key derived for the
    audit log alone, so an audit row never holds the value the conversation holds (nor its first 16 hex), and the
    two cannot be joined without the secret. The audit log has a retention of its own (Settings.audit_retention_days)."""
    audit_key = hmac.new(secret, b"navchat audit log person", hashlib.sha256).digest()
    return hmac.new(audit_key, person_pseudonym.encode(), hashlib.sha256).hexdigest()[:16]


def address_pseudonym(secret: bytes, address: str, day: date) -> str:
    """A client address as the logs name it: ``a-`` and 12 hex of a keyed hash under a key derived for the logs and
    ``day`` alone, never the address. Requests from one address are tied together within a day (enough to follow
    abuse in the access log), not across days, and not to a chat's origin_key (another key)."""
    log_key = hmac.new(secret, f"navchat log address {day.isoformat()}".encode(), hashlib.sha256).digest()
    return "a-" + hmac.new(log_key, address.encode(), hashlib.sha256).hexdigest()[:12]


def person_facts(secret: bytes, ident: str, person: Person | None, gt: GeografiskTilknytning | None, skjermet: bool,
                 oppfolging: Oppfolging | None) -> PersonFacts:
    kode = person.diskresjonskode if person else None
    return PersonFacts(
        pseudonym=pseudonym(secret, ident),
        # Strengt fortrolig: where the person lives is not written anywhere in the chat (Vikafossen serves them).
        gt=None if kode == "SPSF" or gt is None else gt.gt,
        diskresjonskode=kode,
        skjermet=skjermet,
        fornavn=person.fornavn if person else None,
        own_veileder_ident=oppfolging.veileder_ident if oppfolging else None,
        oppfolgingsenhet=None if kode == "SPSF" or oppfolging is None else oppfolging.oppfolgingsenhet,
        registered_abroad=kode != "SPSF" and gt is not None and gt.gt_type is GtType.UTLAND,
    )
