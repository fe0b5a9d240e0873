"""Probe 72 (/work/notes/probe-72.md) through the real trained bot, action server and router: questions asked at a
guide question are answered and the question comes again (the car, paper, how long), and "ja takk" to the answer
whose one offer is [Hjelp meg å søke] leads into the guide."""

from __future__ import annotations

import aiohttp
import pytest

from tests.e2e.conftest import Service
from tests.e2e.test_full_path import Bruker
from tests.e2e.test_guide_journeys import a_bruker_in_the_guide, answer_in_turn, reply, texts

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(900)]

ARBEID = "Arbeid og utdanning"


async def test_r21_paper_and_how_long_in_the_guide_are_answered_and_the_guide_goes_on(running_service: Service) -> None:
    """r21/b7: "kan jeg søke på papir?" at Arbeid got "Vi er allerede i gang med søknaden, så vi fortsetter der vi
    var"; r3/b11: "hvor lang tid tar det?" got "Det kan jeg ikke svare sikkert på her"."""
    async with aiohttp.ClientSession() as http:
        bruker = await a_bruker_in_the_guide(http, running_service, "Bergen")
        await reply(bruker, "mat", ARBEID)
        said = texts(await reply(bruker, "kan jeg søke på papir?", ARBEID))
        assert "søke på papir" in said and "allerede i gang" not in said, said
        said = texts(await reply(bruker, "hvor lang tid tar det?", ARBEID))
        assert "noen dager til noen uker" in said and "ikke svare sikkert" not in said, said
        assert "saksbehandlingstider" not in said, said
        await reply(bruker, "har ingen jobb", "Familie:")
        await bruker.close()


async def test_b11_must_i_sell_the_car_at_formue_is_answered_and_formue_comes_again(running_service: Service) -> None:
    """b11/r3: "må jeg selge bilen?" at Formue was stored as "eiendeler: bil" and never answered."""
    async with aiohttp.ClientSession() as http:
        bruker = await a_bruker_in_the_guide(http, running_service, "Bergen")
        await answer_in_turn(bruker, [("mat", ARBEID), ("har ingen jobb", "Familie:"), ("enslig", "Har du barn"),
                                      ("nei", "Bosituasjon:"), ("leier", "Inntekt:"), ("ingen", "Formue:")])
        said = texts(await reply(bruker, "må jeg selge bilen?", "Formue:"))
        assert "bil må du ikke nødvendigvis selge" in said and "Utgifter" not in said, said
        await reply(bruker, "ja, en bil verdt ca 40 000 kr", "Utgifter og gjeld")
        await bruker.close()


async def test_r13_ja_takk_after_the_eligibility_answer_leads_into_the_guide(running_service: Service) -> None:
    """r13: "… kan jeg få sosialhjelp?" → the eligibility answer with [Hjelp meg å søke] → "ja takk" got "Fint! Er det
    noe mer jeg kan hjelpe deg med?", and every answer after it a fallback. The yes takes the offer: the guide starts
    (or, as the button does, the way to apply with the guide offered, and a second yes starts it)."""
    async with aiohttp.ClientSession() as http:
        bruker = Bruker(http, running_service.url)
        await bruker.open(page_locale="nb-NO")
        said = await reply(bruker, "hei. jeg er pensjonist og pengene strekker ikke til. kan jeg få sosialhjelp?",
                           lambda m: "/sosialhjelp_apply" in [b["payload"] for b in m.get("buttons") or []])
        said = await reply(bruker, "ja takk", lambda m: "Hvilken kommune" in m["text"] or bool(m.get("buttons")))
        assert "Er det noe mer" not in texts(said), texts(said)
        if "Hvilken kommune" not in said[-1]["text"]:
            await reply(bruker, "ja", "Hvilken kommune")
        await reply(bruker, "Skien", "Hva trenger du penger til")
        await bruker.close()
