"""The Digisos guide as a bruker goes through it, through the real trained bot, action server and router: a corrected
kommune is one kommune everywhere, and a homeowner is asked about their own housing costs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import aiohttp
import pytest

from tests.e2e.conftest import Service, rasa_events
from tests.e2e.test_full_path import Bruker, is_message

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(900)]
Message = dict[str, Any]


async def reply(bruker: Bruker, text: str, until: str | Callable[[Message], bool]) -> list[Message]:
    """Say `text`; the bot's messages up to the one that contains `until` (or satisfies it)."""
    done = until if callable(until) else (lambda m: until in m["text"])
    await bruker.say(text)
    said: list[Message] = []
    while not said or not done(said[-1]):
        try:
            said.append((await bruker.next_frame(is_message("bot"), timeout_s=30))["message"])
        except TimeoutError:
            raise AssertionError(f"after {text!r} the bot said {texts(said)!r}, never {until!r}") from None
    return said


def texts(messages: list[Message]) -> str:
    return "\n".join(m["text"] for m in messages)


def kommune_in_rasa(service: Service, conversation_id: str) -> str | None:
    values = [e["value"] for kind, e in rasa_events(service, conversation_id) if kind == "slot"
              and e["name"] == "kommune"]
    return values[-1] if values else None


async def start_the_guide(bruker: Bruker, kommune: str) -> None:
    await reply(bruker, "jeg vil søke om økonomisk sosialhjelp", lambda m: bool(m.get("buttons")))
    await reply(bruker, "ja", "Hvilken kommune bor du i")
    await reply(bruker, kommune, "Hva trenger du penger til")


ANSWERS = [("mat", "Arbeid og utdanning"), ("har ingen jobb", "Familie:"), ("enslig", "Har du barn"),
           ("nei", "Bosituasjon:")]
# a tenant's answers from the housing question up to the last question before the oppsummering
UP_TO_UTGIFTER = [("leier", "Inntekt:"), ("ingen", "Formue:"), ("ingen", "Utgifter og gjeld")]


async def a_bruker_in_the_guide(http: aiohttp.ClientSession, service: Service, kommune: str) -> Bruker:
    """A bokmål bruker who started the guide and answered the kommune question."""
    bruker = Bruker(http, service.url)
    await bruker.open(page_locale="nb-NO")
    await start_the_guide(bruker, kommune)
    return bruker


async def answer_in_turn(bruker: Bruker, answers: list[tuple[str, str]]) -> None:
    for answer, next_question in answers:
        await reply(bruker, answer, next_question)


async def test_a_corrected_kommune_is_the_kommune_of_the_oppsummering_and_the_checklist(
        running_service: Service) -> None:
    """A tester with "Stavanger" heard "noted: Sandnes" and got a checklist for Stavanger; "jeg bor egentlig i
    Sandnes" got "fant ikke hva som skal rettes" while the kommune changed anyway."""
    async with aiohttp.ClientSession() as http:
        bruker = Bruker(http, running_service.url)
        await bruker.open(page_locale="nb-NO")
        await start_the_guide(bruker, "Stavanger")

        # At another question: the correction is said, and the question asked again (not stored as its answer).
        said = await reply(bruker, "jeg bor egentlig i Sandnes, ikke Stavanger", "Hva trenger du penger til")
        assert "Takk, jeg har rettet det: Kommune: Sandnes." in texts(said), texts(said)
        assert kommune_in_rasa(running_service, bruker.id) == "Sandnes"
        for answer, next_question in ANSWERS:
            await reply(bruker, answer, next_question)
        await reply(bruker, "leier", "Inntekt:")
        await reply(bruker, "ingen", "Formue:")
        await reply(bruker, "ingen", "Utgifter og gjeld")
        said = await reply(bruker, "strøm", "Stemmer dette?")
        assert "• Kommune: Sandnes" in texts(said), texts(said)

        # The same kommune again at the oppsummering: said so, nothing changes.
        said = await reply(bruker, "jeg bor egentlig i Sandnes", "Skriv det som skal rettes")
        assert "Det hadde jeg allerede notert: Kommune: Sandnes." in texts(said), texts(said)
        assert "fant ikke" not in texts(said)
        assert kommune_in_rasa(running_service, bruker.id) == "Sandnes"

        # Confirmed: where to apply is Sandnes', and Stavanger is nowhere.
        said = await reply(bruker, "ja", "sender du selv")
        assert "Sandnes" in texts(said) and "Stavanger" not in texts(said), texts(said)

        # After the guide: another kommune is corrected, said with where to apply there, and the list comes again.
        said = await reply(bruker, "jeg bor egentlig i Stavanger", "Dette bør du legge ved")
        assert said[0]["text"].startswith("Takk, jeg har rettet det: Kommune: Stavanger."), texts(said)
        assert kommune_in_rasa(running_service, bruker.id) == "Stavanger"
        await bruker.close()


async def test_a_homeowner_is_asked_about_boliglan_not_husleie(running_service: Service) -> None:
    async with aiohttp.ClientSession() as http:
        bruker = Bruker(http, running_service.url)
        await bruker.open(page_locale="nb-NO")
        await start_the_guide(bruker, "Bergen")
        for answer, next_question in ANSWERS:
            await reply(bruker, answer, next_question)
        await reply(bruker, "vi eier leiligheten", "Inntekt:")
        await reply(bruker, "ingen", "Formue:")
        [question] = await reply(bruker, "ingen", "Utgifter og gjeld")
        assert "boliglån" in question["text"] and "felleskostnader" in question["text"], question
        assert "husleie" not in question["text"], question
        said = await reply(bruker, "boliglån og felleskostnader", "Stemmer dette?")
        assert "• Utgifter og gjeld: boliglån, felleskostnader" in texts(said), texts(said)
        await bruker.close()


async def test_living_abroad_at_the_kommune_question_is_told_and_asked_again(running_service: Service) -> None:
    """"jeg bor i Spania" at the guide's kommune question was taken in silence and the guide went on to "what do
    you need money for?". Økonomisk sosialhjelp needs staying in Norway: said, and the kommune asked again."""
    async with aiohttp.ClientSession() as http:
        bruker = Bruker(http, running_service.url)
        await bruker.open(page_locale="nb-NO")
        await reply(bruker, "jeg vil søke om økonomisk sosialhjelp", lambda m: bool(m.get("buttons")))
        await reply(bruker, "ja", "Hvilken kommune bor du i")
        said = await reply(bruker, "jeg bor i Spania", "Hvilken kommune bor du i")
        assert "oppholder deg i Norge" in texts(said) and "Hva trenger du penger til" not in texts(said), texts(said)
        await bruker.close()


async def test_a_page_that_gave_a_bydel_gets_its_kommunes_digital_answer(running_service: Service) -> None:
    """A page opened with ?kommune=030102 (Grünerløkka): the guide said it could not check whether the kommune takes
    digital applications, though the router knew the place; the office question still names the bydel's office."""
    async with aiohttp.ClientSession() as http:
        bruker = Bruker(http, running_service.url)
        await bruker.open(page_locale="nb-NO", kommune="030102")
        said = texts(await reply(bruker, "jeg vil søke om økonomisk sosialhjelp", lambda m: bool(m.get("buttons"))))
        assert "Oslo tar imot digitale søknader" in said and "fikk ikke sjekket" not in said, said
        office = texts(await reply(bruker, "hvor er nav-kontoret mitt", "Grünerløkka"))
        assert "Nav Grünerløkka" in office, office


async def test_a_no_to_the_person_offered_for_acute_need_goes_on_with_the_guide(running_service: Service) -> None:
    """A probe wrote "jeg har ikke mat i dag" in the middle of the guide, got the emergency numbers and a person
    offered, said "nei" and heard "write «hjelp meg å søke»": the guide and its answers were dropped. The numbers
    again, then the question the guide was at, and the answers so far kept."""
    async with aiohttp.ClientSession() as http:
        bruker = await a_bruker_in_the_guide(http, running_service, "Bergen")
        await reply(bruker, "mat", "Arbeid og utdanning")
        said = await reply(bruker, "jeg har ikke mat i dag", lambda m: bool(m.get("buttons")))
        assert "116 117" in texts(said) and [b["payload"] for b in said[-1]["buttons"]] == ["/human_handoff", "/deny"]
        said = await reply(bruker, "nei", "Arbeid og utdanning")
        assert "116 117" in texts(said) and "fortsetter vi med søknaden" in texts(said), texts(said)
        assert "hjelp meg å søke" not in texts(said), texts(said)
        await answer_in_turn(bruker, ANSWERS[1:] + UP_TO_UTGIFTER)
        said = await reply(bruker, "strøm", "Stemmer dette?")
        assert "• Kommune: Bergen" in texts(said) and "• Behov: mat og livsopphold" in texts(said), texts(said)
        await bruker.close()


async def test_an_office_question_that_needs_the_bydel_is_answered_and_the_guide_goes_on(
        running_service: Service) -> None:
    """"hvor er NAV-kontoret mitt?" in the guide, in Oslo: the office question asked for the bydel and named the
    office, and the guide was gone ("har ingen jobb" then got "I am not sure I understood you")."""
    async with aiohttp.ClientSession() as http:
        bruker = await a_bruker_in_the_guide(http, running_service, "Oslo")
        await reply(bruker, "mat", "Arbeid og utdanning")
        said = await reply(bruker, "hvor er nav-kontoret mitt?", "bydel")
        said = await reply(bruker, "Grünerløkka", "Arbeid og utdanning")
        assert "Nav Grünerløkka" in texts(said) and "fortsetter vi med søknaden" in texts(said), texts(said)
        said = await reply(bruker, "har ingen jobb", "Familie:")
        assert "ikke sikker" not in texts(said), texts(said)
        assert kommune_in_rasa(running_service, bruker.id) == "Oslo"
        await bruker.close()


async def test_an_answer_that_answers_nothing_is_asked_again_and_other_answers_keep_the_bruker_s_words(
        running_service: Service) -> None:
    """Probes wrote "bananer og fotball" to "Hva trenger du penger til?" and "jeg liker å gå på tur" to the work
    question: both were stored as "annet", and the oppsummering showed "Behov: annet" as if it were an answer.
    Now such a message is asked about again once; "Annet" (the button) asks for the words; and an answer that fits
    none of the choices shows in the oppsummering in the bruker's own words."""
    async with aiohttp.ClientSession() as http:
        bruker = await a_bruker_in_the_guide(http, running_service, "Bergen")
        said = await reply(bruker, "bananer og fotball", "Hva trenger du penger til")
        assert "ikke sikker på at jeg forsto svaret ditt" in texts(said), texts(said)
        said = await reply(bruker, "annet", "Hva trenger du penger til")
        assert "Skriv gjerne med noen få ord hva det gjelder" in texts(said), texts(said)
        await reply(bruker, "bursdagsgave til sønnen min", "Arbeid og utdanning")
        said = await reply(bruker, "jeg liker å gå på tur", "Arbeid og utdanning")
        assert "ikke sikker på at jeg forsto svaret ditt" in texts(said), texts(said)
        await reply(bruker, "pensjonist", "Familie:")
        await answer_in_turn(bruker, ANSWERS[2:] + UP_TO_UTGIFTER)
        said = texts(await reply(bruker, "strøm", "Stemmer dette?"))
        assert "• Behov: «bursdagsgave til sønnen min»" in said, said
        assert "• Arbeid og utdanning: «pensjonist»" in said, said
        assert "annet" not in said and "bananer" not in said and "tur" not in said, said
        await bruker.close()


@pytest.mark.parametrize(("place", "kommune"), [("jeg bor på Grünerløkka i Oslo", "Oslo"), ("Jeg bor i Asker", "Asker")])
async def test_a_place_as_the_answer_to_the_guides_offer_starts_the_guide(running_service: Service, place: str,
                                                                          kommune: str) -> None:
    """A probe: "jeg bor på Grünerløkka i Oslo" to "... jeg spør først hvilken kommune du bor i ... Vil du det?" got
    "Jeg er ikke sikker på at jeg forsto deg", and so did every answer after it; the guide never started."""
    async with aiohttp.ClientSession() as http:
        bruker = Bruker(http, running_service.url)
        await bruker.open(page_locale="nb-NO")
        await reply(bruker, "jeg vil søke om økonomisk sosialhjelp", lambda m: bool(m.get("buttons")))
        said = await reply(bruker, place, "Hva trenger du penger til")
        assert "ikke sikker på at jeg forsto" not in texts(said), texts(said)
        assert "Hvilken kommune bor du i" not in texts(said), "the place was the answer to it"
        assert kommune_in_rasa(running_service, bruker.id) == kommune
        await reply(bruker, "mat", "Arbeid og utdanning")
        await bruker.close()


async def test_an_answer_to_another_question_is_kept_for_it_and_the_question_is_asked_again(
        running_service: Service) -> None:
    """A probe: "jeg leier en leilighet" to "Har du barn under 18 år?" made the guide assume children ("Går barna i
    barnehage eller SFO?"), which then used up "jeg har 300 kr på konto og ingen inntekt"; the oppsummering read
    "inntekt: «husleie 9000 og strøm rundt 1500»", "Utgifter og gjeld: «ja»". Each answer now goes to its own
    question (not asked again), and the question asked is asked again."""
    async with aiohttp.ClientSession() as http:
        bruker = await a_bruker_in_the_guide(http, running_service, "Bergen")
        await answer_in_turn(bruker, ANSWERS[:3])
        said = texts(await reply(bruker, "jeg leier en leilighet", "Har du barn"))
        assert "Takk, det noterer jeg: Bosituasjon: leier." in said and "barnehage" not in said, said
        said = texts(await reply(bruker, "jeg har 300 kr på konto og ingen inntekt", "Har du barn"))
        assert "Inntekt: ingen; Formue: sparepenger (ca. 300 kr)" in said and "barnehage" not in said, said
        # housing, income and savings are not asked again: the children, then the expenses
        said = texts(await reply(bruker, "nei", "Utgifter og gjeld"))
        assert "Bosituasjon:" not in said and "Inntekt:" not in said and "Formue:" not in said, said
        said = texts(await reply(bruker, "husleie 9000 og strøm rundt 1500", "Stemmer dette?"))
        for line in ("• Familiesituasjon: enslig, ingen barn", "• Bosituasjon: leier",
                     "• Inntekt og formue: inntekt: ingen, formue: sparepenger (ca. 300 kr)",
                     "• Utgifter og gjeld: strøm"):
            assert line in said, said
        await bruker.close()


async def test_a_wish_to_go_on_with_the_guide_after_a_detour_resumes_it_without_the_drafts_answer(
        running_service: Service) -> None:
    """A probe's "ok, la oss fortsette med søknaden" after a detour got the saved-drafts text ("Et påbegynt utkast
    blir liggende i 14 dager ...") before the guide's question came back: it just goes on with the guide, whether
    the detour left the guide running (a side question) or stopped it (a person offered)."""
    async with aiohttp.ClientSession() as http:
        bruker = await a_bruker_in_the_guide(http, running_service, "Bergen")
        await reply(bruker, "mat", "Arbeid og utdanning")
        await reply(bruker, "når kommer pengene?", "Arbeid og utdanning")
        # the question was asked again right after the side answer: "la oss fortsette" does not ask it once more
        said = texts(await reply(bruker, "ok, la oss fortsette med søknaden", "fortsetter vi med søknaden"))
        assert "14 dager" not in said and "utkast" not in said and "Arbeid og utdanning" not in said, said
        assert "spørsmålet over" in said, said
        said = texts(await reply(bruker, "har ingen jobb", "Familie:"))
        assert "Arbeid og utdanning" not in said, said  # the guide took it as the answer
        await reply(bruker, "Kan dere ringe meg?", lambda m: any(
            b["payload"] == "/human_handoff" for b in m.get("buttons") or []))
        said = texts(await reply(bruker, "ok, la oss fortsette med søknaden", "Familie:"))
        assert "14 dager" not in said and "utkast" not in said, said
        assert "fortsetter vi med søknaden" in said, said
        await bruker.close()


async def test_the_need_question_takes_a_bydel_as_the_bydel_and_a_situation_as_the_need(running_service: Service) -> None:
    """A probe: "Fana" right after "jeg bor i Bergen" started the guide was stored as the need ("Behov: «Fana»");
    "mat og strøm, jeg har mistet jobben" got the dagpenger answer and the need question again; "vi har ikke penger
    til mat" got the emergency answer and, after "Nei takk", the need question again. The need question invites the
    situation: each is now kept (the bydel as the bydel), and the guide goes on."""
    async with aiohttp.ClientSession() as http:
        bruker = await a_bruker_in_the_guide(http, running_service, "Bergen")
        said = await reply(bruker, "Fana", "Hva trenger du penger til")
        assert "bydel Fana" in texts(said) and "Behov" not in texts(said), texts(said)
        said = await reply(bruker, "mat og strøm, jeg har mistet jobben", "Familie:")
        assert "nav.no/dagpenger" in texts(said) and "Hva trenger du penger til" not in texts(said), texts(said)
        await bruker.close()

        bruker = await a_bruker_in_the_guide(http, running_service, "Bergen")
        said = await reply(bruker, "vi har ikke penger til mat", lambda m: bool(m.get("buttons")))
        assert "116 117" in texts(said), texts(said)
        said = await reply(bruker, "Nei takk", "Arbeid og utdanning")
        assert "Hva trenger du penger til" not in texts(said), texts(said)
        await bruker.close()
