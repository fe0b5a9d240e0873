"""The registers over HTTP, shaped like the real APIs (../shared/spec/registers.md), with their field names.

- PDL (GraphQL, ``POST {base}/graphql``): ``hentPerson(ident)`` → navn, adressebeskyttelse {gradering},
  ``hentGeografiskTilknytning(ident)`` → gtType, gtKommune, gtBydel, gtLand.
- Skjermede personer (``POST {base}/skjermet`` with ``{"personident"}``) → true / false.
- Oppfølging (``POST {base}/api/v3/hent-veileder`` and ``POST {base}/api/v2/hent-oppfolgingsenhet`` with
  ``{"fnr"}``) → ``veilederIdent``, ``oppfolgingsenhet`` (204: the person has none).
The ident travels only in request bodies, never in a URL (URLs end up in access logs). Every failure becomes
``RegisterUnavailable``; the error text never contains the ident.
"""

from __future__ import annotations

from typing import Any

import aiohttp

from router.domain.person import GeografiskTilknytning, Gradering, GtType, Oppfolging, Person, strongest
from router.ports.registers import RegisterUnavailable

HENT_PERSON = """query($ident: ID!) { hentPerson(ident: $ident) {
  navn { fornavn mellomnavn etternavn } adressebeskyttelse { gradering } } }"""
HENT_GT = """query($ident: ID!) { hentGeografiskTilknytning(ident: $ident) { gtType gtKommune gtBydel gtLand } }"""


def person_from(data: dict[str, Any]) -> Person:
    navn = (data.get("navn") or [{}])[0]
    graderinger = []
    for item in data.get("adressebeskyttelse") or []:
        try:
            graderinger.append(Gradering(item.get("gradering")))
        except ValueError:
            # An unknown gradering is treated as the strictest: never expose a person by a new code.
            graderinger.append(Gradering.STRENGT_FORTROLIG)
    return Person(fornavn=navn.get("fornavn") or "", etternavn=navn.get("etternavn") or "",
                  mellomnavn=navn.get("mellomnavn"), gradering=strongest(graderinger))


def geografisk_tilknytning_from(data: dict[str, Any]) -> GeografiskTilknytning:
    try:
        gt_type = GtType(data.get("gtType") or "UDEFINERT")
    except ValueError:
        gt_type = GtType.UDEFINERT
    return GeografiskTilknytning(gt_type, data.get("gtKommune"), data.get("gtBydel"), data.get("gtLand"))


def oppfolging_from(data: dict[str, Any] | None) -> Oppfolging | None:
    if not data or not (data.get("veilederIdent") or data.get("oppfolgingsenhet")):
        return None
    return Oppfolging(data.get("veilederIdent"), data.get("oppfolgingsenhet"))


class _Http:
    def __init__(self, http: aiohttp.ClientSession, base_url: str, token: str = "", timeout_s: float = 3.0,
                 name: str = "register"):
        self.http, self.base_url, self.token, self.name = http, base_url.rstrip("/"), token, name
        self.timeout = aiohttp.ClientTimeout(total=timeout_s)

    async def post(self, path: str, body: dict[str, Any]) -> Any:
        headers = {"Accept": "application/json", **({"Authorization": f"Bearer {self.token}"} if self.token else {})}
        try:
            async with self.http.post(f"{self.base_url}{path}", json=body, headers=headers,
                                      timeout=self.timeout) as response:
                if response.status == 204:
                    return None
                if response.status != 200:
                    raise RegisterUnavailable(f"{self.name} {path} answered {response.status}")
                return await response.json(content_type=None)
        except (aiohttp.ClientError, TimeoutError, ValueError) as error:
            raise RegisterUnavailable(f"{self.name} {path}: {type(error).__name__}") from None


class PdlClient(_Http):
    """PersonRegister over PDL's GraphQL API."""

    async def _query(self, query: str, ident: str, field: str) -> dict[str, Any] | None:
        data = await self.post("/graphql", {"query": query, "variables": {"ident": ident}})
        if not isinstance(data, dict):
            raise RegisterUnavailable("pdl answered no object")
        errors = data.get("errors") or []
        if any((e.get("extensions") or {}).get("code") == "not_found" for e in errors):
            return None
        if errors:
            raise RegisterUnavailable(f"pdl: {errors[0].get('message', 'error')[:80]}")
        result = (data.get("data") or {}).get(field)
        return result if isinstance(result, dict) else None

    async def hent_person(self, ident: str) -> Person | None:
        data = await self._query(HENT_PERSON, ident, "hentPerson")
        return person_from(data) if data is not None else None

    async def hent_geografisk_tilknytning(self, ident: str) -> GeografiskTilknytning | None:
        data = await self._query(HENT_GT, ident, "hentGeografiskTilknytning")
        return geografisk_tilknytning_from(data) if data is not None else None


class SkjermingClient(_Http):
    async def er_skjermet(self, ident: str) -> bool:
        data = await self.post("/skjermet", {"personident": ident})
        if not isinstance(data, bool):
            raise RegisterUnavailable("skjermet answered no boolean")
        return data


class OppfolgingClient(_Http):
    async def hent_oppfolging(self, ident: str) -> Oppfolging | None:
        veileder = await self.post("/api/v3/hent-veileder", {"fnr": ident})
        enhet = await self.post("/api/v2/hent-oppfolgingsenhet", {"fnr": ident})
        return oppfolging_from({"veilederIdent": (veileder or {}).get("veilederIdent"),
                                "oppfolgingsenhet": (enhet or {}).get("oppfolgingsenhet")})
