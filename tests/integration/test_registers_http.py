"""The HTTP register adapters against local aiohttp stand-ins that answer with the real field names."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from router.adapters.registers_http import OppfolgingClient, PdlClient, SkjermingClient
from router.domain.person import Gradering, GtType
from router.ports.registers import RegisterUnavailable

IDENT = "04049445658"  # SYNTETISK (reference/synthetic/persons.json)


def stand_in(seen: list[dict[str, Any]], *, broken: bool = False) -> web.Application:
    async def graphql(request: web.Request) -> web.Response:
        body = await request.json()
        seen.append({"path": request.path_qs, "auth": request.headers.get("Authorization"), **body})
        if broken:
            return web.Response(status=500)
        if body["variables"]["ident"] != IDENT:
            return web.json_response({"errors": [{"message": "Fant ikke person", "extensions": {"code": "not_found"}}],
                                      "data": {"hentPerson": None}})
        if "hentGeografiskTilknytning" in body["query"]:
            return web.json_response({"data": {"hentGeografiskTilknytning": {
                "gtType": "BYDEL", "gtKommune": None, "gtBydel": "030102", "gtLand": None}}})
        return web.json_response({"data": {"hentPerson": {
            "navn": [{"fornavn": "Fatima", "mellomnavn": None, "etternavn": "Syntetisk"}],
            "adressebeskyttelse": [{"gradering": "UGRADERT"}, {"gradering": "FORTROLIG"}]}}})

    async def skjermet(request: web.Request) -> web.Response:
        body = await request.json()
        seen.append({"path": request.path_qs, **body})
        return web.json_response(body["personident"] == IDENT)

    async def veileder(request: web.Request) -> web.Response:
        body = await request.json()
        seen.append({"path": request.path_qs, **body})
        return web.json_response({"veilederIdent": "Z990003"}) if body["fnr"] == IDENT else web.Response(status=204)

    async def enhet(request: web.Request) -> web.Response:
        body = await request.json()
        seen.append({"path": request.path_qs, **body})
        return web.json_response({"oppfolgingsenhet": "0315"}) if body["fnr"] == IDENT else web.Response(status=204)

    app = web.Application()
    app.router.add_post("/graphql", graphql)
    app.router.add_post("/skjermet", skjermet)
    app.router.add_post("/api/v3/hent-veileder", veileder)
    app.router.add_post("/api/v2/hent-oppfolgingsenhet", enhet)
    return app


@pytest.fixture
async def registers() -> AsyncIterator[tuple[str, list[dict[str, Any]], aiohttp.ClientSession]]:
    seen: list[dict[str, Any]] = []
    server = TestServer(stand_in(seen))
    await server.start_server()
    async with aiohttp.ClientSession() as http:
        yield str(server.make_url("")), seen, http
    await server.close()


async def test_pdl_person_and_gt_with_the_real_field_names(registers: Any) -> None:
    base, seen, http = registers
    pdl = PdlClient(http, base, "token-1", name="pdl")
    person = await pdl.hent_person(IDENT)
    assert person is not None and person.fornavn == "Fatima" and person.gradering is Gradering.FORTROLIG
    assert person.diskresjonskode == "SPFO"
    gt = await pdl.hent_geografisk_tilknytning(IDENT)
    assert gt is not None and (gt.gt_type, gt.gt) == (GtType.BYDEL, "030102")
    assert await pdl.hent_person("15028523472") is None, "PDL's not_found is an unknown person, not an error"
    assert all(s["path"] == "/graphql" and IDENT not in s["path"] for s in seen), "the ident never in a URL"
    assert seen[0]["auth"] == "Bearer token-1"


async def test_skjermet_and_oppfolging(registers: Any) -> None:
    base, seen, http = registers
    assert await SkjermingClient(http, base).er_skjermet(IDENT) is True
    assert await SkjermingClient(http, base).er_skjermet("15028523472") is False
    oppfolging = await OppfolgingClient(http, base).hent_oppfolging(IDENT)
    assert oppfolging is not None and (oppfolging.veileder_ident, oppfolging.oppfolgingsenhet) == ("Z990003", "0315")
    assert await OppfolgingClient(http, base).hent_oppfolging("15028523472") is None
    assert {s["path"] for s in seen} == {"/skjermet", "/api/v3/hent-veileder", "/api/v2/hent-oppfolgingsenhet"}


async def test_a_broken_or_unreachable_register_is_unavailable_and_the_error_never_names_the_ident() -> None:
    seen: list[dict[str, Any]] = []
    server = TestServer(stand_in(seen, broken=True))
    await server.start_server()
    async with aiohttp.ClientSession() as http:
        with pytest.raises(RegisterUnavailable) as error:
            await PdlClient(http, str(server.make_url(""))).hent_person(IDENT)
        assert IDENT not in str(error.value)
        await server.close()
        with pytest.raises(RegisterUnavailable):
            await SkjermingClient(http, "http://127.0.0.1:9", timeout_s=1).er_skjermet(IDENT)
