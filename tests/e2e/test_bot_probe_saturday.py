"""A user probe on a Saturday (2026-12-05, every office closed), through the real processes: the trained model, the
action server and the router, as the widget talks to them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest

from tests.e2e.conftest import Service, service_on_clock
from tests.e2e.test_bot_probe_answers import bot_or_queued, bot_turn, intent_of
from tests.e2e.test_full_path import Bruker
from tests.e2e.test_own_case import KARI, OLA, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(900)]


@pytest.fixture(scope="module")
def saturday(trained_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    """The probe's Saturday, every office closed, whatever day and hour the tests run (the shared service keeps the
    real clock: on a weekday in office hours the frustration answer rightly offered a veileder "nå")."""
    with service_on_clock(tmp_path_factory.mktemp("saturday"), "2026-12-05T11:00+01:00") as service:
        yield service


async def test_ok_after_an_answer_is_acknowledged_and_the_complaint_answer_asks_before_it_hands_over(
        running_service: Service) -> None:
    """"ok" after the complaint answer ("En veileder kan hjelpe deg med å skrive klagen.") put the bruker in the
    queue, and "ok"/"greit" after other answers got "Jeg er ikke sikker på hva du svarer ja på"."""
    async with aiohttp.ClientSession() as http:
        for question, ok in (("hvordan endrer jeg kontonummer", "ok"), ("når svarer dere?", "ok"),
                             ("hvordan sender jeg meldekort", "greit")):
            bruker = Bruker(http, running_service.url)
            await bruker.open(page_locale="nb-NO")
            await bruker.say(question)
            await bot_turn(bruker)
            await bruker.say(ok)
            frame = await bruker.next_frame(bot_or_queued)
            assert frame["type"] != "state", f"{ok!r} after {question!r} handed over: {frame}"
            assert frame["message"]["text"] == "Fint! Er det noe mer jeg kan hjelpe deg med?", (question, frame)
            await bruker.close()

        bruker = Bruker(http, running_service.url)
        await bruker.open(page_locale="nb-NO")
        await bruker.say("jeg vil klage på vedtaket")
        [answer] = await bot_turn(bruker)
        assert answer["text"].endswith("Vil du at en veileder hjelper deg med klagen?"), answer
        assert [(b["title"], b["payload"]) for b in answer["buttons"]] == [
            ("Ja, snakk med en veileder", "/human_handoff"), ("Nei takk", "/deny")], answer
        await bruker.say("nei takk")
        frame = await bruker.next_frame(bot_or_queued)
        assert frame["type"] != "state" and frame["message"]["text"].startswith("Helt greit."), frame
        await bruker.close()


async def test_hae_after_an_answer_is_answered_plainly_and_ok_after_it_hands_nothing_over(
        saturday: Service) -> None:
    """"når svarer dere?" → answer → "hæ?" got "Beklager at jeg ikke hjelper deg godt nok. Jeg kan sette deg over til
    en veileder nå …" on a Saturday, and the "ok" after it queued the bruker. Real frustration on a Saturday says
    when the queue is answered and when the phone opens, never "nå"."""
    async with aiohttp.ClientSession() as http:
        bruker = Bruker(http, saturday.url)
        await bruker.open(page_locale="nb-NO")
        await bruker.say("når svarer dere?")
        await bot_turn(bruker)
        await bruker.say("hæ?")
        [said] = await bot_turn(bruker)
        assert said["text"].startswith("Beklager, det var kanskje uklart. Si gjerne med egne ord"), said
        assert "/human_handoff" in [b["payload"] for b in said["buttons"]], said
        await bruker.say("ok")
        frame = await bruker.next_frame(bot_or_queued)
        assert frame["type"] != "state", f"'ok' after the answer to 'hæ?' handed over: {frame}"
        assert frame["message"]["text"].startswith("Så bra!"), frame
        await bruker.say("dette er helt håpløst")
        said = await bot_turn(bruker)
        assert any("køen blir besvart når kontoret åpner" in m["text"] for m in said), said
        assert not any("veileder nå" in m["text"] or "09–15" in m["text"] for m in said), said
        await bruker.close()


@pytest.mark.parametrize("message", ["Jeg blir kastet ut av leiligheten på mandag",
                                     "Jeg har fått varsel om utkastelse",
                                     "jeg har fått husleievarsel og kan ikke betale"])
async def test_losing_one_s_home_gets_the_acute_answer_with_a_person_offered_at_once(running_service: Service,
                                                                                     message: str) -> None:
    """Eviction is an acute situation (DESIGN: a human offer at once), from the bot or the router's safety net."""
    async with aiohttp.ClientSession() as http:
        bruker = Bruker(http, running_service.url)
        await bruker.open(page_locale="nb-NO")
        await bruker.say(message)
        said = await bot_turn(bruker, quiet_s=6.0)
        offers = [m for m in said if any(b["payload"] == "/human_handoff" for b in m.get("buttons") or [])]
        assert offers and any("116 117" in m["text"] for m in said), said
        assert any("veileder" in m["text"] for m in offers), said
        await bruker.close()


async def test_logged_in_case_questions_are_answered_from_the_case_never_a_prediction(
        running_service: Service) -> None:
    """Ola (two documents asked for, past their deadline) asking "mangler det noen dokumenter?" got the general
    vedlegg text; Kari (nothing asked for, no vedtak) must hear a plain no, and "not yet" about the decision."""
    asked = [
        (OLA, "mangler det noen dokumenter?", ["Husleiekontrakt", "fristen er passert"], []),
        (KARI, "mangler det noen dokumenter?", ["Nei, kontoret har ikke bedt deg om flere dokumenter"], []),
        (KARI, "har jeg fått vedtak?", ["Nei, ikke ennå", "ikke fattet vedtak"], ["Ja,"]),
        (KARI, "hvor mye fikk jeg innvilget", ["ikke fattet vedtak i saken din ennå", "ikke bestemt noe beløp"], ["kroner", "Nei,"]),
    ]
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
        for ident, question, expected, never in asked:
            bruker = Bruker(http, running_service.url)
            await bruker.open(page_locale="nb-NO")
            await log_in(http, bruker, ident)
            await bruker.say(question)
            text = " ".join(m["text"] for m in await bot_turn(bruker))
            assert all(e in text for e in expected), (ident, question, text)
            assert not any(n in text for n in never), (ident, question, text)
            await bruker.close()
            http.cookie_jar.clear()


async def test_a_general_question_about_what_happens_after_applying_is_not_told_it_is_not_logged_in(
        running_service: Service) -> None:
    async with aiohttp.ClientSession() as http:
        bruker = Bruker(http, running_service.url)
        await bruker.open(page_locale="nb-NO")
        await bruker.say("hva skjer etter at jeg har søkt")
        said = await bot_turn(bruker)
        assert not any("logge inn her i chatten" in m["text"] for m in said), said
        await bruker.close()


async def test_crying_emojis_get_caring_buttons(running_service: Service) -> None:
    """"😭😭😭🙏" was offered "Problemer med innlogging" and "Registrere meg som arbeidssøker" (the fallback), or
    "Beklager at jeg ikke hjelper deg godt nok" (frustration) as the first answer."""
    async with aiohttp.ClientSession() as http:
        intent = await intent_of(http, running_service, "😭😭😭🙏")
        bruker = Bruker(http, running_service.url)
        await bruker.open(page_locale="nb-NO")
        await bruker.say("😭😭😭🙏")
        said = await bot_turn(bruker)
        payloads = [b["payload"] for m in said for b in m.get("buttons") or []]
        assert "/human_handoff" in payloads and "/sosialhjelp_emergency" in payloads, (intent, said)
        assert not any(m["text"].startswith("Beklager at jeg ikke hjelper deg") for m in said), (intent, said)
        assert "/login_help" not in payloads and "/job_seeker_registration" not in payloads, (intent, said)
        await bruker.close()


async def test_ok_is_understood_as_a_yes(running_service: Service) -> None:
    async with aiohttp.ClientSession() as http:
        for text in ("ok", "greit", "ja"):
            assert await intent_of(http, running_service, text) == "affirm", text
