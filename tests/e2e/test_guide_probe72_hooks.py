"""Probe 72 (/work/notes/probe-72.md) defects 5, 11 and 17 through the real processes and the trained bot: the next
answer typed after the acute offer is the answer and the guide goes on; "hvor lang tid tar det?" right after the guide
gets the sosialhjelp answer; one who may not apply digitally is stopped at the guide's start and not offered it
again. (Tests by helper-76, /work/notes/helper-76-e2e-defect*.py; each failed on the action code before the hooks in
actions/digisos_form.py.)"""

from __future__ import annotations

import aiohttp
import pytest

from tests.e2e.conftest import Service
from tests.e2e.test_full_path import Bruker, is_message
from tests.e2e.test_guide_journeys import Message, a_bruker_in_the_guide, answer_in_turn, reply, texts
from tests.e2e.test_own_case import SVEN, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(900)]


async def test_r22_samboer_typed_after_the_acute_offer_is_the_answer_and_the_guide_goes_on(
        running_service: Service) -> None:
    """r22: … Moss → husleie → ledig → at Familie "vi har ikke mat i dag" (the acute offer) → "samboer" got "Jeg er
    ikke sikker på at jeg forsto deg. Vil du at jeg hjelper deg å forberede en søknad…", and every later answer a
    fallback."""
    async with aiohttp.ClientSession() as http:
        bruker = await a_bruker_in_the_guide(http, running_service, "Moss")
        await answer_in_turn(bruker, [("husleie", "Arbeid og utdanning"), ("ledig", "Familie:")])
        said = await reply(bruker, "vi har ikke mat i dag", lambda m: bool(m.get("buttons")))
        assert "116 117" in texts(said), texts(said)
        said_text = texts(await reply(bruker, "samboer", "Har du barn"))
        assert "Sivilstatus: samboer" in said_text and "ikke sikker på at jeg forsto" not in said_text, said_text
        await answer_in_turn(bruker, [("nei", "Bosituasjon:"), ("leier", "Inntekt:"), ("ingen", "Formue:"),
                                      ("ingen", "Utgifter og gjeld")])
        said_text = texts(await reply(bruker, "strøm", "Stemmer dette?"))
        assert "samboer" in said_text and "husleie" in said_text and "mat" in said_text, said_text
        await bruker.close()


async def test_run1b_how_long_right_after_the_guide_is_the_sosialhjelp_answer(running_service: Service) -> None:
    """run1b/r26: "jeg er arbeidsledig" in the guide set the topic to dagpenger; "hvor lang tid tar det?" right after
    the guide got nav.no/saksbehandlingstider and «Mine saker», about state benefits."""
    async with aiohttp.ClientSession() as http:
        bruker = await a_bruker_in_the_guide(http, running_service, "Bergen")
        await answer_in_turn(bruker, [("mat", "Arbeid og utdanning"), ("jeg er arbeidsledig", "Familie:"),
                                      ("enslig", "Har du barn"), ("nei", "Bosituasjon:"), ("leier", "Inntekt:"),
                                      ("ingen", "Formue:"), ("ingen", "Utgifter og gjeld"), ("strøm", "Stemmer dette?")])
        await reply(bruker, "ja", lambda m: "/office_contact" in [b["payload"] for b in m.get("buttons") or []])
        said_text = texts(await reply(bruker, "hvor lang tid tar det?", lambda m: True))
        assert "noen dager til noen uker" in said_text and "saksbehandlingstider" not in said_text, said_text
        await bruker.close()


async def all_said(bruker: Bruker, quiet_s: float = 5) -> list[Message]:
    """The bot's messages until it has been quiet for `quiet_s` seconds (at least one)."""
    said = [(await bruker.next_frame(is_message("bot"), timeout_s=30))["message"]]
    try:
        while True:
            said.append((await bruker.next_frame(is_message("bot"), timeout_s=quiet_s))["message"])
    except TimeoutError:
        return said


async def test_b3_a_protected_address_stops_the_guide_at_its_start(running_service: Service) -> None:
    """b3: Fatima (kode 7) logged in after the guide was offered, pressed "Ja, hjelp meg" and was asked "Hvilken
    kommune bor du i?"; afterwards "mat og klær til barna" got the offer to prepare the application again."""
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
        bruker = Bruker(http, running_service.url)
        await bruker.open(page_locale="nb-NO")
        await reply(bruker, "Hei, jeg trenger hjelp til å søke sosialhjelp", lambda m: bool(m.get("buttons")))
        await log_in(http, bruker, SVEN)
        said = await reply(bruker, "Ja, hjelp meg", lambda m: "snakke med en veileder" in m["text"]
                           or "Hvilken kommune" in m["text"], payload="/affirm")
        assert "Hvilken kommune" not in texts(said), texts(said)
        assert "beskyttet" in texts(said), texts(said)
        await bruker.say("mat og klær til barna")
        said = await all_said(bruker)
        payloads = [b["payload"] for m in said for b in m.get("buttons") or []]
        assert "/sosialhjelp_apply" not in payloads and "forberede en søknad" not in texts(said), said
        await bruker.close()


async def test_r9_the_closing_after_an_acute_need_in_the_guide_says_nodhjelp_can_be_had_today(
        running_service: Service) -> None:
    """r9: … "vi har ikke mat i dag" in the guide → Nei takk (the guide goes on) → finish: the closing said nothing
    of nødhjelp the same day."""
    async with aiohttp.ClientSession() as http:
        bruker = await a_bruker_in_the_guide(http, running_service, "Moss")
        await answer_in_turn(bruker, [("husleie", "Arbeid og utdanning"), ("ledig", "Familie:")])
        await reply(bruker, "vi har ikke mat i dag", lambda m: bool(m.get("buttons")))
        await reply(bruker, "Nei takk", "Familie:", payload="/deny")
        await answer_in_turn(bruker, [("enslig", "Har du barn"), ("nei", "Bosituasjon:"), ("leier", "Inntekt:"),
                                      ("ingen", "Formue:"), ("ingen", "Utgifter og gjeld"), ("strøm", "Stemmer dette?")])
        said_text = texts(await reply(bruker, "ja", lambda m: "/office_contact" in [
            b["payload"] for b in m.get("buttons") or []]))
        assert "nødhjelp kan du få samme dag" in said_text, said_text
        await bruker.close()
