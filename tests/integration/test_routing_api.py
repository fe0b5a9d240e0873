"""The routing API (router/web/routing_api.py) through aiohttp's test client, on the real reference data."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from aiohttp import web

from router.adapters.reference_data import ReferenceData, load_reference_data
from router.config import Settings
from router.web.appkeys import SETTINGS
from router.web.routing_api import (
    REFERENCE_DATA,
    TODAY,
    enhet_handler,
    kommune_handler,
    reference_data_ctx,
    resolve_handler,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def reference() -> ReferenceData:
    return load_reference_data(ROOT / "reference")


def build_app(reference: ReferenceData | None = None) -> web.Application:
    app = web.Application()
    app[SETTINGS] = Settings(reference_dir=ROOT / "reference")
    if reference is not None:
        app[REFERENCE_DATA] = reference  # skip the load in every test; one test below loads through the ctx
    app[TODAY] = lambda: date(2026, 11, 22)
    app.cleanup_ctx.append(reference_data_ctx)
    app.router.add_get("/api/routing/resolve", resolve_handler)
    app.router.add_get("/api/enheter/{enhetsnummer}", enhet_handler)
    app.router.add_get("/api/kommuner/{kommune}", kommune_handler)
    return app


@pytest.fixture
async def client(aiohttp_client, reference):
    return await aiohttp_client(build_app(reference))


async def test_ctx_loads_the_reference_data(aiohttp_client) -> None:
    client = await aiohttp_client(build_app())
    resp = await client.get("/api/enheter/2103")
    assert resp.status == 200
    assert (await resp.json())["navn"] == "Nav Vikafossen"


async def test_resolve_bydel_returns_ranked_list(client) -> None:
    resp = await client.get("/api/routing/resolve", params={"kommune": "Oslo", "bydel": "Grünerløkka", "tema": "KOM"})
    assert resp.status == 200
    body = await resp.json()
    assert body[0]["enhetsnummer"] == "0315" and body[0]["navn"] == "Nav Grünerløkka"
    assert {"enhetsnummer", "navn", "reason"} <= set(body[0])
    assert body[1]["alternate"] is True


async def test_resolve_postnummer_oslo_without_bydel_is_a_flagged_fallback(client) -> None:
    body = await (await client.get("/api/routing/resolve", params={"postnummer": "0150", "tema": "KOM"})).json()
    assert body[0]["fallback"] is True
    assert body[0]["geografisk_tilknytning"] == "0301"
    assert "bydel" in body[0]["reason"]


async def test_resolve_kode6_goes_to_vikafossen(client) -> None:
    body = await (await client.get("/api/routing/resolve",
                                   params={"bydel": "Frogner", "tema": "KOM", "diskresjonskode": "SPSF"})).json()
    assert [row["enhetsnummer"] for row in body] == ["2103"]


async def test_resolve_skjermet_carries_permission(client) -> None:
    body = await (await client.get("/api/routing/resolve",
                                   params={"kommune": "Bodø", "tema": "KOM", "skjermet": "true"})).json()
    assert body[0]["requires_permission"] == "skjermet"


async def test_resolve_state_tema(client) -> None:
    body = await (await client.get("/api/routing/resolve", params={"tema": "DAG"})).json()
    assert body[0]["enhetsnummer"] == "NKS-ARBD"


@pytest.mark.parametrize(
    "params",
    [
        {"kommune": "Oslo", "tema": "XYZ"},  # unknown tema
        {"kommune": "Bodø", "postnummer": "0150"},  # contradicting places
        {"postnummer": "15O"},  # malformed postnummer
        {"postnummer": "12345"},
        {"kommune": "Oslo", "skjermet": "kanskje"},
        {"kommune": "Oslo", "diskresjonskode": "SPXX"},
        {"tema": "KOM"},  # KOM needs a place
        {"kommune": "Herøy"},  # ambiguous
        {"kommune": "Atlantis"},
    ],
)
async def test_resolve_bad_input_is_400_with_error(client, params) -> None:
    resp = await client.get("/api/routing/resolve", params=params)
    assert resp.status == 400
    assert "error" in await resp.json()


async def test_enhet_contract(client) -> None:
    resp = await client.get("/api/enheter/0315")
    assert resp.status == 200
    body = await resp.json()
    assert set(body) >= {"enhetsnummer", "navn", "type", "adresse", "telefon", "aapningstider", "digisos"}
    # No source has an office's visiting hours: none are invented (they were NAV's phone hours, "09:00-15:00", said
    # as the office's own), and the bot says it does not have them (aapningstider_is_default).
    assert set(body["aapningstider"].values()) == {None} and body["aapningstider_is_default"] is True
    assert body["telefon"] == "55 55 33 33" and body["telefon_is_general"] is True


async def test_unknown_enhet_is_404(client) -> None:
    resp = await client.get("/api/enheter/9876")
    assert resp.status == 404 and "error" in await resp.json()


async def test_kommune_contract_by_name_and_number(client) -> None:
    body = await (await client.get("/api/kommuner/Bodø")).json()
    assert body["kommunenummer"] == "1804" and body["gt_candidates"] == ["1804"]
    assert body["enhet"]["enhetsnummer"]
    assert set(body["digisos"]) == {"digital_soknad", "midlertidig_stengt", "innsyn", "innsyn_nks"}
    same = await (await client.get("/api/kommuner/1804")).json()
    assert same["navn"] == "Bodø"


async def test_kommune_with_bydeler_lists_them(client) -> None:
    body = await (await client.get("/api/kommuner/oslo kommune")).json()
    assert body["enhet"] is None
    assert "030102" in body["gt_candidates"]
    frogner = next(b for b in body["bydeler"] if b["navn"] == "Frogner")
    assert frogner["enhet"]["enhetsnummer"] == "0312"


async def test_a_bydel_gives_its_kommune(client) -> None:
    # The bot asks by its kommune slot, which holds "Grünerløkka, Oslo" when the page gave the bydel (030102).
    for place in ("Grünerløkka, Oslo", "030102", "Grünerløkka"):
        response = await client.get(f"/api/kommuner/{place}")
        assert response.status == 200, place
        assert (await response.json())["kommunenummer"] == "0301", place
    for not_a_place in ("Atlantis, Oslo", "Grünerløkka, Bergen", "999999"):
        assert (await client.get(f"/api/kommuner/{not_a_place}")).status in (400, 404), not_a_place


async def test_kommune_without_office_in_data_has_null_enhet_and_flagged_fallback(client) -> None:
    body = await (await client.get("/api/kommuner/Sokndal")).json()
    assert body["enhet"] is None
    assert body["fallback_enhet"]["enhetsnummer"] == "4111"


async def test_unknown_kommune_is_404(client) -> None:
    resp = await client.get("/api/kommuner/Atlantis")
    assert resp.status == 404 and "error" in await resp.json()
