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


async def reply(bruker: Bruker, text: str, until: str | Callable[[Message], bool],
                payload: str | None = None) -> list[Message]:
    """Say `text` (a button's title when `payload` is its payload); the bot's messages up to the one that contains
    `until` (or satisfies it)."""
    done = until if callable(until) else (lambda m: until in m["text"])
    await bruker.say(text, payload=payload)
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
        assert "• Arbeid og utdanning: pensjonist" in said, said  # a value of its own since probe 72
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


ACUTE = ("112", "113", "Trenger du hjelp nå")


async def test_probe72_ordinary_answers_are_no_acute_need_and_stopp_stops_the_guide_kindly(
        running_service: Service) -> None:
    """Probe 72: nynorsk "mat og straum" and "gift, men mannen min er ikke i Norge" got the 112/113 text and stopped
    the guide; "kan du sende søknaden for meg?" got the drafts answer; "stopp" and "avbryt" repeated the question.
    Now they are answers, an honest no (the guide goes on), and a kind stop that keeps the answers."""
    async with aiohttp.ClientSession() as http:
        bruker = await a_bruker_in_the_guide(http, running_service, "Bergen")
        said = texts(await reply(bruker, "mat og straum", "Arbeid og utdanning"))
        assert not any(word in said for word in ACUTE), said
        await reply(bruker, "har ingen jobb", "Familie:")
        said = texts(await reply(bruker, "gift, men mannen min er ikke i Norge", "Har du barn"))
        assert not any(word in said for word in ACUTE), said
        said = texts(await reply(bruker, "kan du sende søknaden for meg?", "Har du barn"))
        assert "søknaden kan jeg ikke sende for deg" in said and "nav.no/sosialhjelp" in said, said
        assert "papir" in said and "utkast" not in said, said
        said = texts(await reply(bruker, "stopp", "stopper her"))
        assert "fortsett med søknaden" in said and "55 55 33 33" in said, said
        assert "Har du barn" not in said and "ikke sikker" not in said, said
        said = texts(await reply(bruker, "fortsett med søknaden", "Har du barn"))
        assert "Arbeid og utdanning" not in said and "Hva trenger du penger til" not in said, said  # answers kept
        await bruker.close()


async def test_probe72_what_happens_now_after_the_closing_is_answered(running_service: Service) -> None:
    """Probe 72: "hva skjer nå?" right after the guide's closing got the fallback."""
    async with aiohttp.ClientSession() as http:
        bruker = await a_bruker_in_the_guide(http, running_service, "Bergen")
        await answer_in_turn(bruker, ANSWERS + UP_TO_UTGIFTER)
        await reply(bruker, "strøm", "Stemmer dette?")
        await reply(bruker, "ja", "sender du selv")
        said = texts(await reply(bruker, "hva skjer nå?", "Har du søkt og venter på svar"))
        assert "ikke sikker på at jeg forstod" not in said, said
        await bruker.close()


async def test_probe72_yes_after_the_eligibility_answer_and_the_english_opening_lead_to_the_guide(
        running_service: Service) -> None:
    """Probe 72: "ja takk" after the eligibility answer got "Er det noe mer jeg kan hjelpe deg med?" and then
    fallbacks; "I need financial assistance, I have no money for food" got the fallback and "yes" was not
    understood. Both now lead to the way to apply, and a yes starts the guide."""
    async with aiohttp.ClientSession() as http:
        bruker = Bruker(http, running_service.url)
        await bruker.open(page_locale="nb-NO")
        await reply(bruker, "kan jeg få sosialhjelp når jeg er pensjonist?", "saksbehandler i kommunen")
        said = texts(await reply(bruker, "ja takk", lambda m: bool(m.get("buttons"))))
        assert "forberede søknaden" in said and "Er det noe mer" not in said, said
        await reply(bruker, "ja", "Hvilken kommune bor du i")
        await bruker.close()

        bruker = Bruker(http, running_service.url)
        await bruker.open(page_locale="en-GB")
        said = texts(await reply(bruker, "I need financial assistance, I have no money for food",
                                 lambda m: "nav.no/sosialhjelp" in m["text"]))
        assert "not sure I understood" not in said, said
        await reply(bruker, "yes", "Which municipality")
        await bruker.close()


async def test_probe72_debt_is_answered_with_nav_s_financial_advice(running_service: Service) -> None:
    """Probe 72: "kan dere hjelpe meg med gjelda?" got the fallback; NAV has økonomisk rådgivning."""
    async with aiohttp.ClientSession() as http:
        bruker = Bruker(http, running_service.url)
        await bruker.open(page_locale="nb-NO")
        said = texts(await reply(bruker, "kan dere hjelpe meg med gjelda?", "økonomisk rådgivning"))
        assert "55 55 33 33" in said and "ikke sikker" not in said, said
        await bruker.close()


async def test_a_correction_of_the_children_at_the_housing_question_is_no_housing_answer(
        running_service: Service) -> None:
    """Probe 72 (r20): "nei vent, jeg har 3 barn" at the Bosituasjon question corrected the children and was stored as
    the housing answer; "leier" at the next question got "Takk, det noterer jeg: Bosituasjon: «nei vent jeg har 3
    barn»", and the oppsummering kept it. The correction goes to the children only, the housing question comes
    again, and its answer is the housing."""
    async with aiohttp.ClientSession() as http:
        bruker = await a_bruker_in_the_guide(http, running_service, "Tønsberg")
        await answer_in_turn(bruker, [("vet ikke", "Arbeid og utdanning"), ("jeg jobber litt, ca 8000 i mnd", "Familie:"),
                                      ("samboer", "Har du barn"), ("to unger", "barnehage"), ("nei", "Bosituasjon:")])
        said = texts(await reply(bruker, "nei vent, jeg har 3 barn", "Bosituasjon:"))
        assert "Takk, jeg har rettet det: Barn: 3 barn. Da spør jeg igjen" in said, said
        said = texts(await reply(bruker, "leier", "Inntekt:"))
        assert "noterer" not in said, said
        await answer_in_turn(bruker, [("lønn", "Formue:"), ("ingen", "Utgifter og gjeld")])
        said = texts(await reply(bruker, "strøm", "Stemmer dette?"))
        assert "• Bosituasjon: leier" in said and "• Familiesituasjon: samboer, 3 barn" in said, said
        assert "vent" not in said, said
        await bruker.close()


async def test_a_fact_of_another_question_and_an_old_button_are_kept_for_their_own_questions(
        running_service: Service) -> None:
    """Probe 72: "jeg bor alene i leilighet" at Arbeid was stored as the work answer in the bruker's words, and
    Familie skipped in silence (r3); the Arbeid question's "Student" pressed while Familie was asked became
    "Familiesituasjon: «student»" (b10); "bil verdt ca 40 000 kr" at Utgifter became the expenses (b11); and
    "gjeld til inkasso og strøm" at the oppsummering got "Jeg fant ikke hva som skal rettes" (r3)."""
    async with aiohttp.ClientSession() as http:
        bruker = await a_bruker_in_the_guide(http, running_service, "Bodø")
        await reply(bruker, "mat", "Arbeid og utdanning")
        said = texts(await reply(bruker, "jeg bor alene i leilighet", "Arbeid og utdanning"))
        assert "Takk, det noterer jeg: Sivilstatus: enslig." in said, said
        said = texts(await reply(bruker, "ledig", "Har du barn"))
        assert "Familie:" not in said, said  # answered already
        said = texts(await reply(bruker, "Student", "Har du barn", payload='/digisos_answer{"answer": "student"}'))
        assert "Takk, det noterer jeg: Arbeid/utdanning: student." in said, said
        await answer_in_turn(bruker, [("nei", "Bosituasjon:")] + UP_TO_UTGIFTER)
        said = texts(await reply(bruker, "bil verdt ca 40 000 kr", "Utgifter og gjeld"))
        assert "Takk, det noterer jeg: Eiendeler: bil (ca. 40000 kr)." in said, said
        said = texts(await reply(bruker, "ingen", "Stemmer dette?"))
        for line in ("• Arbeid og utdanning: student", "• Familiesituasjon: enslig, ingen barn",
                     "eiendeler: bil (ca. 40000 kr)", "• Utgifter og gjeld: ingen"):
            assert line in said, said
        assert "bor alene" not in said and "«student»" not in said, said
        said = texts(await reply(bruker, "gjeld til inkasso og strøm", "Skriv det som skal rettes"))
        assert "Takk, jeg har rettet det: Utgifter: strøm, gjeld." in said and "fant ikke" not in said, said
        said = texts(await reply(bruker, "ja", "sender du selv"))
        assert "Strømregning" in said and "Oversikt over gjeld" in said and "Vognkort" in said, said
        await bruker.close()


async def test_an_english_lost_job_and_a_pensioner_are_understood(running_service: Service) -> None:
    """Probe 72: "I lost my job last week" was stored as working and a payslip asked for (r26); "jeg er pensjonist"
    got "Jeg er ikke sikker på at jeg forsto svaret ditt" and "alderspensjon og bostøtte" lost the pension (r18)."""
    async with aiohttp.ClientSession() as http:
        bruker = Bruker(http, running_service.url)
        await bruker.open(page_locale="en-GB")
        await reply(bruker, "I want to apply for financial assistance", lambda m: bool(m.get("buttons")))
        await reply(bruker, "yes", "Which municipality")
        await reply(bruker, "Bergen", "What do you need money for")
        await reply(bruker, "food", "Work and education")
        said = texts(await reply(bruker, "I lost my job last week", "Family:"))
        assert "nav.no/dagpenger" in said, said
        await bruker.close()

        bruker = await a_bruker_in_the_guide(http, running_service, "Skien")
        await reply(bruker, "tannlege", "Arbeid og utdanning")
        said = texts(await reply(bruker, "jeg er pensjonist", "Familie:"))
        assert "ikke sikker" not in said, said
        await answer_in_turn(bruker, [("enke", "Har du barn"), ("nei", "Bosituasjon:"), ("leier", "Inntekt:"),
                                      ("alderspensjon og bostøtte", "Formue:"),
                                      ("har litt på konto, 20 000", "Utgifter og gjeld")])
        said = texts(await reply(bruker, "ingen", "Stemmer dette?"))
        for line in ("• Behov: tannlege", "• Arbeid og utdanning: pensjonist",
                     "inntekt: pensjon, bostøtte, formue: sparepenger (ca. 20000 kr)"):
            assert line in said, said
        said = texts(await reply(bruker, "ja", "sender du selv"))
        assert "pensjonen din" in said and "Lønnsslipp" not in said, said
        await bruker.close()


async def test_income_and_expense_amounts_are_in_the_oppsummering(running_service: Service) -> None:
    """Probe 72: "8000 i mnd" said with the income was dropped from the oppsummering; savings alone kept theirs."""
    async with aiohttp.ClientSession() as http:
        bruker = await a_bruker_in_the_guide(http, running_service, "Tønsberg")
        await answer_in_turn(bruker, [*ANSWERS, ("leier", "Inntekt:"), ("bostøtte, ca 3500 i mnd", "Formue:"),
                                      ("ingen", "Utgifter og gjeld")])
        said = texts(await reply(bruker, "strøm, rundt 1500 i måneden", "Stemmer dette?"))
        assert "• Inntekt og formue: inntekt: bostøtte (ca. 3500 kr i måneden), formue: ingen" in said, said
        assert "• Utgifter og gjeld: strøm (ca. 1500 kr i måneden)" in said, said
        await bruker.close()


async def test_english_expenses_with_debt_are_the_expenses_answer(running_service: Service) -> None:
    """Probe 86: "electricity and some credit card debt" at the English expenses question got the answer on who can
    get financial assistance, and the question again, twice; Norwegian "strøm og kredittkortgjeld" was understood."""
    async with aiohttp.ClientSession() as http:
        bruker = Bruker(http, running_service.url)
        await bruker.open(page_locale="en-GB")
        await reply(bruker, "I want to apply for financial assistance", lambda m: bool(m.get("buttons")))
        await reply(bruker, "yes", "Which municipality")
        await answer_in_turn(bruker, [("Bergen", "What do you need money for"), ("food", "Work and education"),
                                      ("unemployed", "Family:"), ("single", "Do you have children"),
                                      ("no", "Housing:"), ("renting", "Income:"), ("none", "Assets:"),
                                      ("none", "Expenses and debt")])
        said = texts(await reply(bruker, "electricity and some credit card debt", "Is this right?"))
        assert "• Expenses and debt: electricity, debt" in said, said
        await bruker.close()


@pytest.mark.parametrize(("locale", "offer_answer", "checked", "next_question"), [
    ("nn-NO", "eg bur på Voss", "Voss tek imot digitale søknader", "Kva treng du pengar til"),
    ("nb-NO", "jeg bor i Engerdal", "Engerdal tar ikke imot digitale søknader", "Hva trenger du penger til"),
])
async def test_a_kommune_named_with_the_yes_to_the_guide_is_checked_as_promised(
        running_service: Service, locale: str, offer_answer: str, checked: str, next_question: str) -> None:
    """Probe 163: the offer says "eg spør først kva kommune du bur i og sjekkar kva han tilbyr"; "eg bur på Voss" to
    it started the guide and said nothing of Voss, and Engerdal (paper only) was not told it before ten questions."""
    async with aiohttp.ClientSession() as http:
        bruker = Bruker(http, running_service.url)
        await bruker.open(page_locale=locale)
        await reply(bruker, "Korleis søkjer eg om sosialhjelp?" if locale == "nn-NO"
                    else "Hvordan søker jeg om sosialhjelp?", lambda m: bool(m.get("buttons")))
        said = texts(await reply(bruker, offer_answer, next_question))
        assert checked in said, said
        assert said.index(checked) < said.index(next_question), said
        await bruker.close()
