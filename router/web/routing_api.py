"""HTTP handlers for routing and reference lookups: resolve, enhet, kommune (docs/CONTRACTS.md).

Transport only: parse the query, call the reference data / domain, serialize. The reference data is loaded once
per app by `reference_data_ctx` from `app[SETTINGS].reference_dir`. The lead wires the URLs in routes.py:

    app.cleanup_ctx.append(reference_data_ctx)
    app.router.add_get("/api/routing/resolve", resolve_handler)
    app.router.add_get("/api/enheter/{enhetsnummer}", enhet_handler)
    app.router.add_get("/api/kommuner/{kommune}", kommune_handler)
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from datetime import date, datetime

from aiohttp import web

from router.adapters.reference_data import (
    ReferenceData,
    ReferenceRouting,
    load_reference_data,
    resolution_rows,
)
from router.domain.geografi import AmbiguousPlace, GeografiError, UnknownPlace, find_kommune_of_place
from router.domain.opening_hours import OSLO, OpeningHours, parse_weekly
from router.domain.routing import Digisos, Enhet
from router.domain.routing_policy import BadRoutingInput, Resolution, RoutingQuery
from router.services import routing
from router.web.appkeys import SETTINGS

log = logging.getLogger(__name__)

REFERENCE_DATA = web.AppKey("reference_data", ReferenceData)
# The routing port over that data: the API, and the handoff through Deps, use the same instance.
ROUTING = web.AppKey("routing", ReferenceRouting)
# Today's date in Oslo; an AppKey so tests can pin the date rules are judged on.
TODAY = web.AppKey("routing_today", Callable[[], date])


def _today_oslo() -> date:
    return datetime.now(OSLO).date()


async def reference_data_ctx(app: web.Application) -> AsyncIterator[None]:
    """Load reference/*.csv once at start-up; a malformed file stops the start with a clear error."""
    if REFERENCE_DATA not in app:
        app[REFERENCE_DATA] = load_reference_data(app[SETTINGS].reference_dir)
        log.info("reference.loaded", extra={"enheter": len(app[REFERENCE_DATA].enheter),
                                             "rules": len(app[REFERENCE_DATA].rules)})
    if TODAY not in app:
        app[TODAY] = _today_oslo
    app[ROUTING] = ReferenceRouting(app[REFERENCE_DATA], chat_hours=parse_weekly(app[SETTINGS].chat_hours))
    yield


def _error(status: type[web.HTTPException], message: str, **extra: object) -> web.HTTPException:
    return status(text=web.json_response({"error": message, **extra}).text, content_type="application/json")


async def resolve_handler(request: web.Request) -> web.Response:
    """GET /api/routing/resolve?kommune=&postnummer=&bydel=&gt=&tema=&diskresjonskode=&skjermet="""
    q = request.rel_url.query
    query = RoutingQuery(kommune=q.get("kommune"), postnummer=q.get("postnummer"), bydel=q.get("bydel"),
                         gt=q.get("gt"), tema=q.get("tema"), diskresjonskode=q.get("diskresjonskode"),
                         skjermet=q.get("skjermet"))
    try:
        resolution = routing.resolve(request.app[ROUTING], query, on=request.app[TODAY]())
    except BadRoutingInput as exc:
        raise _error(web.HTTPBadRequest, str(exc)) from exc
    return web.json_response(resolution_rows(resolution, request.app[REFERENCE_DATA]))


def digisos_json(digisos: Digisos) -> dict[str, bool | None]:
    return {
        "digital_soknad": digisos.digital_soknad,
        "midlertidig_stengt": digisos.midlertidig_stengt,
        "innsyn": digisos.innsyn,
        "innsyn_nks": digisos.innsyn_nks,
    }


def enhet_json(reference: ReferenceData, enhet: Enhet) -> dict[str, object]:
    # The office's own visiting hours where the data has them (none does: reference/README.md), never the chat's.
    hours = OpeningHours.from_strings(enhet.aapningstider)
    return {
        "enhetsnummer": enhet.enhetsnummer,
        "navn": enhet.navn,
        "type": enhet.type.value,
        "adresse": enhet.adresse or None,
        "telefon": enhet.telefon,
        "telefon_is_general": enhet.telefon_is_general,
        "aapningstider": hours.as_strings(),
        "aapningstider_is_default": enhet.aapningstider_is_default,
        "digisos": digisos_json(enhet.digisos),
    }


async def enhet_handler(request: web.Request) -> web.Response:
    """GET /api/enheter/{enhetsnummer}"""
    reference = request.app[REFERENCE_DATA]
    enhet = reference.enhet(request.match_info["enhetsnummer"])
    if enhet is None:
        raise _error(web.HTTPNotFound, f"unknown enhet {request.match_info['enhetsnummer']!r}")
    return web.json_response(enhet_json(reference, enhet))


async def kommune_handler(request: web.Request) -> web.Response:
    """GET /api/kommuner/{name or number}: the kommune, its GTs, Digisos flags and the office for tema KOM (a bydel,
    by number, name or "Grünerløkka, Oslo", gives its kommune)."""
    reference = request.app[REFERENCE_DATA]
    text = request.match_info["kommune"]
    try:
        kommune = find_kommune_of_place(reference.geografi, text)
    except UnknownPlace as exc:
        raise _error(web.HTTPNotFound, str(exc)) from exc
    except AmbiguousPlace as exc:
        raise _error(web.HTTPBadRequest, str(exc), candidates=list(exc.candidates)) from exc
    except GeografiError as exc:
        raise _error(web.HTTPBadRequest, str(exc)) from exc
    bydeler = reference.geografi.bydeler_in(kommune.kommunenummer) if kommune.har_bydeler else []
    gts = [b.bydelsnummer for b in bydeler] if bydeler else [kommune.kommunenummer]
    on = request.app[TODAY]()

    def resolution_for(gt: str) -> Resolution:
        return routing.resolve(request.app[ROUTING], RoutingQuery(tema="KOM", gt=gt), on=on)

    def office_for(gt: str) -> Enhet | None:
        office = resolution_for(gt).office_from_data
        return reference.enhet(office.enhetsnummer) if office else None

    # One office only where the kommune itself routes to one from data (a kommune with bydeler has one per bydel).
    office = None if kommune.har_bydeler else office_for(kommune.kommunenummer)
    bydel_offices = {b.bydelsnummer: office_for(b.bydelsnummer) for b in bydeler}
    if office is not None:
        digisos = digisos_json(office.digisos)
    else:
        # Digisos flags are per office in the source; a kommune with bydeler gets them where all its offices agree
        flags = {o.digisos for o in bydel_offices.values() if o is not None}
        digisos = digisos_json(flags.pop()) if len(flags) == 1 else digisos_json(Digisos())
    fallback = None
    if office is None and not kommune.har_bydeler:
        matches = resolution_for(kommune.kommunenummer).matches
        if matches:
            enhet = reference.enhet(matches[0].enhetsnummer)
            fallback = {"enhetsnummer": matches[0].enhetsnummer, "navn": enhet.navn if enhet else None,
                        "reason": matches[0].reason}
    return web.json_response({
        "kommunenummer": kommune.kommunenummer,
        "navn": kommune.navn,
        "fylke": kommune.fylke,
        "gt_candidates": gts,
        "bydeler": [
            {"bydelsnummer": b.bydelsnummer, "navn": b.navn,
             "enhet": ({"enhetsnummer": o.enhetsnummer, "navn": o.navn} if (o := bydel_offices[b.bydelsnummer])
                       else None)}
            for b in bydeler
        ],
        "digisos": digisos,
        "enhet": {"enhetsnummer": office.enhetsnummer, "navn": office.navn} if office else None,
        # added field: the flagged fallback when the sources name no office for the kommune
        "fallback_enhet": fallback,
    })
