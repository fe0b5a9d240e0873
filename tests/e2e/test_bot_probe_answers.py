"""A probe's findings on the bot's answers (2026-12-05), through the real processes: the trained model, the action
server and the router, as the widget talks to them."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

import aiohttp
import pytest

from router.adapters.reference_data import load_reference_data
from router.domain.masking import mask_personal_numbers as mask
from router.domain.opening_hours import nav_phone_opens
from router.texts import fixed_text
from router.texts.formatting import day_and_time
from tests.e2e.conftest import ROOT, Service, rasa_events
from tests.e2e.test_full_path import Bruker, is_message, is_state
from tests.e2e.test_own_case import EMMA, KARI, OLA, SVEN, log_in

# NAV's phone as the running router has it (reference/nav_dager.csv: julaften closed)
PHONE_HOURS = load_reference_data(ROOT / "reference").nav_phone_hours()

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(900)]
PHONE = "55 55 33 33"


def bot_or_queued(frame: dict[str, Any]) -> bool:
    return bool(is_message("bot")(frame) or is_state("QUEUED")(frame))


async def bot_turn(bruker: Bruker, quiet_s: float = 4.0) -> list[dict[str, Any]]:
    """Every bot message of one turn: up to the first, then until the bot has been quiet for ``quiet_s``."""
    said = [(await bruker.next_frame(is_message("bot")))["message"]]
    while True:
        try:
            said.append((await bruker.next_frame(is_message("bot"), timeout_s=quiet_s))["message"])
        except TimeoutError:
            return said


async def intent_of(http: aiohttp.ClientSession, service: Service, text: str) -> str:
    """The intent Rasa took a message for, said straight to its REST channel, as its tracker recorded it."""
    sender = f"probe-{uuid.uuid4().hex}"
    async with http.post(f"{service.rasa_url}/webhooks/rest/webhook",
                         json={"sender": sender, "message": text}) as response:
        assert response.status == 200
    user = [event for kind, event in rasa_events(service, sender) if kind == "user"]
    return str(user[-1]["parse_data"]["intent"]["name"])


# A place and a wish for a person in one message: the probe's message, and others in words the training data has not.
PLACE_AND_A_PERSON = [
    "Jeg bor på Grünerløkka og trenger å snakke med en veileder om sosialhjelp",
    "Jeg bor i Tromsø og vil gjerne prate med en saksbehandler om søknaden om sosialhjelp",
    "bor på Majorstuen, trenger å snakke med noen på nav-kontoret om økonomisk sosialhjelp",
    "Eg bur i Voss og treng å snakke med ein rettleiar om sosialhjelp",
    "I live in Bergen and need to talk to an adviser about financial assistance",
]


async def test_a_place_and_a_wish_for_a_person_is_a_wish_for_a_person(running_service: Service) -> None:
    """It was classified as applying for sosialhjelp (the guide's offer) instead of a person; through the router
    the place in the message routes it to the office at once."""
    async with aiohttp.ClientSession() as http:
        intents = {text: await intent_of(http, running_service, text) for text in PLACE_AND_A_PERSON}
        assert all(i == "human_handoff" for i in intents.values()), intents
        bruker = Bruker(http, running_service.url)
        await bruker.open(page_locale="nb-NO")
        await bruker.say(PLACE_AND_A_PERSON[0])
        first = await bruker.next_frame(bot_or_queued)
        assert first["type"] == "state", f"handed off at once, not answered by the bot: {first}"
        await bruker.close()


@pytest.mark.parametrize("offer", ["Jeg har ikke penger til mat i dag", "Kan dere ringe meg?"])
async def test_a_place_as_the_answer_to_the_offer_of_a_person_hands_over(running_service: Service,
                                                                         offer: str) -> None:
    """"Jeg bor i Bærum" after the bot offered a person got "Jeg er ikke sikker på at jeg forsto deg". It answers
    the offer: the bruker goes to a person, and the router routes by the place."""
    async with aiohttp.ClientSession() as http:
        bruker = Bruker(http, running_service.url)
        await bruker.open(page_locale="nb-NO")
        await bruker.say(offer)
        await bruker.next_frame(lambda f: is_message("bot")(f) and any(
            b["payload"] == "/human_handoff" for b in f["message"].get("buttons") or []))
        await bruker.say("Jeg bor i Bærum")
        frame = await bruker.next_frame(bot_or_queued)
        assert frame["type"] == "state", f"the place answers the offer: {frame}"
        await bruker.close()


async def test_how_long_do_i_have_after_a_complaint_is_the_deadline(running_service: Service) -> None:
    """"Hvor lang tid har jeg på meg?" after a question about klage got NAV's processing times: it is the
    klagefrist (3 weeks for økonomisk sosialhjelp, forvaltningsloven § 29; usually 6 for state benefits)."""
    asked = [("nb-NO", "Jeg vil klage på vedtaket", "Hvor lang tid har jeg på meg?", ["3 uker", "§ 29", "6 uker"]),
             ("nn-NO", "Eg vil klage på vedtaket", "Kor lang tid har eg på meg?", ["3 veker", "§ 29"]),
             ("en-GB", "I want to appeal the decision", "How long do I have?", ["3 weeks", "§ 29"])]
    async with aiohttp.ClientSession() as http:
        for locale, complaint, question, expected in asked:
            bruker = Bruker(http, running_service.url)
            await bruker.open(page_locale=locale)
            await bruker.say(complaint)
            await bruker.next_frame(is_message("bot"))
            await bruker.say(question)
            answer = (await bruker.next_frame(is_message("bot")))["message"]["text"]
            assert all(e in answer for e in expected), (question, answer)
            assert not answer.startswith(("Hvor lang tid NAV bruker", "Kor lang tid NAV", "NAV's processing")), answer
            await bruker.close()


async def test_no_bankid_at_all_gets_how_to_apply_without_it_not_the_same_answer_again(
        running_service: Service) -> None:
    """"Jeg har ikke BankID i det hele tatt, er 19 år" after a login question got the login answer again."""
    async with aiohttp.ClientSession() as http:
        bruker = Bruker(http, running_service.url)
        await bruker.open(page_locale="nb-NO")
        await bruker.say("BankID virker ikke")
        before = " ".join(m["text"] for m in await bot_turn(bruker))
        await bruker.say("Jeg har ikke BankID i det hele tatt, er 19 år")
        answer = " ".join(m["text"] for m in await bot_turn(bruker))
        assert answer != before, answer
        assert "papir" in answer and "banken" in answer and PHONE in answer, answer
        await bruker.close()


async def test_kode_6_asking_to_be_called_is_sent_to_nav_s_phone_never_a_local_office(
        running_service: Service) -> None:
    """Sven (kode 6) asked "Kan dere ringe meg?" and was told to call "NAV-kontoret ditt", with "Finn NAV-kontoret
    mitt": he has no local office. NAV's phone with its hours, and a person here."""
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
        bruker = Bruker(http, running_service.url)
        await bruker.open(page_locale="nb-NO")
        await log_in(http, bruker, SVEN)
        await bruker.say("Kan dere ringe meg?")
        answer = (await bruker.next_frame(bot_or_queued))["message"]
        assert "kan jeg ikke bestille at noen ringer deg opp" in answer["text"], answer
        assert f"{PHONE} (hverdager 09–15)" in answer["text"] and "NAV-kontoret" not in answer["text"], answer
        assert [b["payload"] for b in answer["buttons"]] == ["/human_handoff"], answer
        await bruker.say("ja")
        await bruker.next_frame(is_state("QUEUED"))
        assert SVEN not in str(answer)
        await bruker.close()


async def test_a_person_registered_abroad_asking_to_apply_gets_the_abroad_fact_first_in_two_messages(
        running_service: Service) -> None:
    """Emma (registered abroad) got four messages: the general answer, the register line, the abroad text and the
    guide's offer, which contradicted it. At most two: the abroad fact first, the ways to NAV kept, no guide."""
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
        bruker = Bruker(http, running_service.url)
        await bruker.open(page_locale="nb-NO")
        await log_in(http, bruker, EMMA)
        await bruker.say("Jeg vil søke om sosialhjelp")
        said = await bot_turn(bruker)
        assert len(said) <= 2, [m["text"][:60] for m in said]
        assert said[0]["text"].startswith("Ifølge folkeregisteret bor du i utlandet"), said[0]
        text = " ".join(m["text"] for m in said)
        assert "oppholder deg i Norge" in text and PHONE in text, text
        assert "forberede søknaden" not in text and "/affirm" not in str(said[-1].get("buttons")), said
        assert [b["payload"] for b in said[-1]["buttons"]] == ["/human_handoff"], said[-1]
        assert EMMA not in text
        await bruker.close()


# The lead's second probe (2026-12-05 10:25): each message, the intent it got then, the intent it needs.
PROBE_INTENTS = {
    "jeg har søkt sosialhjelp for 3 uker siden og har ikke hørt noe": "sosialhjelp_status",  # was eligibility 0.62
    "har fått avslag, hva nå": "complaint",  # was goodbye 0.50
    "er det noen som kan hjelpe meg å fylle ut søknaden": "human_handoff",  # was sosialhjelp_draft 0.81
    "jeg har ikke fast adresse": "sosialhjelp_eligibility",  # was digisos_answer 0.57 outside the guide
    "må jeg selge bilen": "sosialhjelp_eligibility",  # was nlu_fallback
    "jeg har fått brev fra nav": "letter_from_nav",  # was nlu_fallback
    "hva kan jeg gjøre?": "followup_what_now",  # was out_of_scope 0.38
}


async def test_the_second_probe_s_messages_get_the_intents_they_need(running_service: Service) -> None:
    async with aiohttp.ClientSession() as http:
        intents = {text: await intent_of(http, running_service, text) for text in PROBE_INTENTS}
    assert intents == PROBE_INTENTS


async def test_the_second_probe_s_messages_get_the_answers_they_need(running_service: Service) -> None:
    """Each answer as the widget shows it: the status question, then "hva kan jeg gjøre?" (was "Det kan jeg dessverre
    ikke hjelpe med"); a refusal is the klage answer; no fixed address can apply all the same, with nowhere to sleep
    tonight as nødhjelp; the car is formue; a letter is asked what kind; someone to help fill in is a person."""
    async with aiohttp.ClientSession() as http:
        bruker = Bruker(http, running_service.url)
        await bruker.open(page_locale="nb-NO")
        await bruker.say("jeg har søkt sosialhjelp for 3 uker siden og har ikke hørt noe")
        await bot_turn(bruker)
        await bruker.say("hva kan jeg gjøre?")
        answer = " ".join(m["text"] for m in await bot_turn(bruker))
        assert "dessverre ikke hjelpe" not in answer, answer
        assert "nav.no/sosialhjelp" in answer and f"{PHONE} (hverdager 09–15)" in answer, answer

        expected = {
            "har fått avslag, hva nå": ["Er du uenig i et vedtak, kan du klage", "Klagefristen"],
            "jeg har ikke fast adresse": ["selv om du ikke har fast adresse", "sted å sove i natt", "nødhjelp"],
            # not "Ja, …": a car needed for work, health or the children is taken into account
            "må jeg selge bilen": ["Det kommer an på", "bil", "jobb", "Du kan søke uansett"],
            "jeg har fått brev fra nav": ["Hva slags brev", "vedtak", "vedlegg", "foreløpig svar"],
        }
        for text, parts in expected.items():
            await bruker.say(text)
            said = await bot_turn(bruker)
            answer = " ".join(m["text"] for m in said)
            assert all(p in answer for p in parts), (text, answer)
            if text == "jeg har ikke fast adresse":
                assert "/sosialhjelp_emergency" in str(said[-1].get("buttons")), said[-1]
        await bruker.close()

        bruker = Bruker(http, running_service.url)
        await bruker.open(page_locale="nb-NO")
        await bruker.say("er det noen som kan hjelpe meg å fylle ut søknaden")
        # the guide first (it helps now; a person may be queued till Monday), a person as the second button
        [offer] = await bot_turn(bruker)
        assert offer["text"].startswith("Jeg kan hjelpe deg å fylle ut søknaden nå"), offer
        assert [b["payload"] for b in offer["buttons"]] == ["/sosialhjelp_apply", "/human_handoff"], offer
        await bruker.say("Snakk med en veileder", payload="/human_handoff")
        # a person: the router asks where the bruker lives before it queues (kommunal tema), not the draft answer
        question = await bruker.next_frame(lambda f: is_message("system")(f) or is_message("bot")(f))
        assert question["message"]["text"] == fixed_text("place_question", "nb"), question
        await bruker.close()


T = TypeVar("T")


async def in_one_phone_state(journey: Callable[[], Awaitable[T]]) -> tuple[datetime | None, T]:
    """(when NAV's phone opens, None while it is open; what ``journey`` returned), on the router's own clock (the
    running router reads the real one), with the phone the same from the journey's start to its end: a journey that
    09:00 or 15:00 fell in is made again (it runs for seconds; the phone changes hours apart)."""
    for _ in range(2):
        opens = nav_phone_opens(PHONE_HOURS, datetime.now(UTC))
        said = await journey()
        if (nav_phone_opens(PHONE_HOURS, datetime.now(UTC)) is None) == (opens is None):
            return opens, said
    raise AssertionError("NAV's phone changed during both tries")


async def test_the_emergency_answer_is_what_can_be_followed_now(running_service: Service) -> None:
    """"Ring NAV-kontoret ditt eller NAV på 55 55 33 33 (hverdager 09–15)" was said to everyone at any time: on a
    Saturday (the router's ways-to-nav nav_phone_opens) legevakten and 112/113 come first and when NAV's phone opens;
    Sven (kode 6) is never sent to a local office. The queue offer stays. (Both hours with a fixed clock:
    tests/unit/actions/test_bot_emergency.py, tests/unit/services/test_login.py.)"""
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
        for who in (None, SVEN):
            async def journey(who: str | None = who) -> tuple[str, str]:
                bruker = Bruker(http, running_service.url)
                await bruker.open(page_locale="nb-NO")
                if who:
                    await log_in(http, bruker, who)
                await bruker.say("Jeg har ikke penger til mat i dag")
                said = await bot_turn(bruker)
                offer = next(m for m in said if "/human_handoff" in str(m.get("buttons")))
                await bruker.say("nei")
                declined = " ".join(m["text"] for m in await bot_turn(bruker))
                await bruker.close()
                return offer["text"], declined

            opens, (text, declined) = await in_one_phone_state(journey)
            assert "Vil du at jeg setter deg i kø for en veileder?" in text, text
            if opens is not None:
                assert "NAV er stengt" in text and day_and_time(opens, "nb") in text, text
                assert text.index("116 117") < text.index(PHONE) and "NAV-kontoret" not in text, text
            else:
                assert PHONE in text and ("NAV-kontoret ditt" in text) == (who is None), text
                assert text.index(PHONE) < text.index("116 117"), text
            if who:
                assert "NAV-kontor" not in text, text
            assert declined.startswith("Helt greit.") and "116 117" in declined, declined
            if opens is not None:
                assert "NAV er stengt nå" in declined and "NAV-kontoret" not in declined, declined
            if who:
                assert "NAV-kontor" not in declined, declined


async def test_no_to_a_person_offered_says_when_nav_s_phone_opens(running_service: Service) -> None:
    """The "nei" to a general offer of a person ("Kan dere ringe meg?") said "ringe NAV på 55 55 33 33 (hverdager
    09–15)" on a Saturday too: while NAV's phone is closed (the router's ways-to-nav nav_phone_opens) it says when
    the phone opens, as the emergency answer does. (Both hours with a fixed clock: tests/unit/actions/
    test_bot_emergency.py.)"""
    async with aiohttp.ClientSession() as http:
        async def journey() -> str:
            bruker = Bruker(http, running_service.url)
            await bruker.open(page_locale="nb-NO")
            await bruker.say("Kan dere ringe meg?")
            await bruker.next_frame(lambda f: is_message("bot")(f) and any(
                b["payload"] == "/human_handoff" for b in f["message"].get("buttons") or []))
            await bruker.say("nei")
            declined = " ".join(m["text"] for m in await bot_turn(bruker))
            await bruker.close()
            return declined

        opens, declined = await in_one_phone_state(journey)
        assert declined.startswith("Helt greit.") and PHONE in declined, declined
        if opens is not None:
            assert day_and_time(opens, "nb") in declined and "09–15" not in declined, declined
        else:
            assert f"{PHONE} (hverdager 09–15)" in declined, declined


async def test_how_long_to_get_an_answer_in_english_gets_the_timing_answer(running_service: Service) -> None:
    """"how long does it take to get an answer?" (sosialhjelp_status to the model) got the status text without any
    timing; it gets the timing answer the Norwegian "Hvor lang tid tar det å få svar?" gets about sosialhjelp."""
    async with aiohttp.ClientSession() as http:
        bruker = Bruker(http, running_service.url)
        await bruker.open(page_locale="en-GB")
        await bruker.say("how long does it take to get an answer?")
        answer = " ".join(m["text"] for m in await bot_turn(bruker))
        assert "often a few days to a few weeks" in answer, answer
        assert "You can follow your application yourself" not in answer, answer
        await bruker.close()

        bruker = Bruker(http, running_service.url)
        await bruker.open(page_locale="nb-NO")
        await bruker.say("jeg har søkt om sosialhjelp")
        await bot_turn(bruker)
        await bruker.say("Hvor lang tid tar det å få svar?")
        answer = " ".join(m["text"] for m in await bot_turn(bruker))
        assert "ofte noen dager til noen uker" in answer, answer
        await bruker.close()


OFFICE_QUESTION = "Hvilken kommune bor du i?"


async def test_logged_in_the_office_question_is_not_asked_and_the_office_question_is_answered(
        running_service: Service) -> None:
    """Logged in as Ola, Kari or Emma, a probe got the bot's "Hvilken kommune bor du i?" again after every answer,
    even after the login, and "hvor er NAV-kontoret mitt?" while it was pending got the fallback. Logged in, the
    folkeregister says where the person lives (the router routes by it): the question is not asked, and the office
    question is answered. (Which office, when the router names the registered one in ways-to-nav:
    tests/unit/actions/test_bot_office_lookup.py.)"""
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
        # asked before the login, the question pending when the person logs in
        bruker = Bruker(http, running_service.url)
        await bruker.open(page_locale="nb-NO")
        await bruker.say("hvor er NAV-kontoret mitt?")
        assert OFFICE_QUESTION in " ".join(m["text"] for m in await bot_turn(bruker))
        await log_in(http, bruker, KARI)
        await bruker.say("hvor er NAV-kontoret mitt?")
        answer = " ".join(m["text"] for m in await bot_turn(bruker))
        assert OFFICE_QUESTION not in answer and "ikke sikker" not in answer and "Beklager" not in answer, answer
        assert "folkeregisteret" in answer or "Kontoret ditt er" in answer, answer
        await bruker.say("takk")
        assert OFFICE_QUESTION not in " ".join(m["text"] for m in await bot_turn(bruker))
        await bruker.close()

        # logged in from the start; Emma lives abroad by the folkeregister: no local office
        for who in (OLA, EMMA):
            bruker = Bruker(http, running_service.url)
            await bruker.open(page_locale="nb-NO")
            await log_in(http, bruker, who)
            await bruker.say("hvor er NAV-kontoret mitt?")
            answer = " ".join(m["text"] for m in await bot_turn(bruker))
            assert OFFICE_QUESTION not in answer and ("folkeregisteret" in answer or "Kontoret ditt er" in answer), \
                answer
            assert ("bor du i utlandet" in answer) == (who == EMMA), answer
            if who == OLA:  # the router names the office of his registered address (ways-to-nav registered_office)
                assert "Grünerløkka" in answer, answer
                # NAV Grünerløkka's own number is NAV's: "Telefon: 55 55 33 33." and then "ringe NAV på 55 55 33 33"
                assert answer.count("55 55 33 33") == 1, answer
            await bruker.close()


async def test_the_third_probe_s_messages_get_the_answers_they_need(running_service: Service) -> None:
    """"hjelp" alone was greeted ("Hva lurer du på?", nothing to choose from); a fødselsnummer with a question about
    the case (masked before the bot: "[fødselsnummer]") got "Beklager, jeg er ikke sikker på at jeg forstod"."""
    async with aiohttp.ClientSession() as http:
        bruker = Bruker(http, running_service.url)
        await bruker.open(page_locale="nb-NO")
        await bruker.say("hjelp")
        [answer] = await bot_turn(bruker)
        assert "Hva trenger du hjelp med?" in answer["text"], answer
        assert [b["payload"] for b in answer["buttons"]][0] == "/sosialhjelp_apply", answer
        assert "/human_handoff" in [b["payload"] for b in answer["buttons"]], answer
        await bruker.say("fødselsnummeret mitt er 01019012480, kan dere sjekke saken min?")
        answer = " ".join(m["text"] for m in await bot_turn(bruker))
        assert "annen måte" not in answer and "01019012480" not in answer, answer
        assert "«Dine søknader»" in answer and "«Logg inn»" in answer, answer  # the case answer: innsyn, log in
        await bruker.close()
        # the number alone was the fallback (0.35) to the model before: it is the case answer's (innsyn, log in)
        for text in ("fødselsnummeret mitt er 01019012480, kan dere sjekke saken min?",
                     "mitt fnr er 010190 12480, har dere sett på søknaden min?", "fødselsnummeret mitt er 01019012480"):
            assert await intent_of(http, running_service, mask(text)) == "sosialhjelp_status", text


@pytest.mark.parametrize(("locale", "weary", "expected"), [
    ("nb-NO", "jeg vil ikke mer", "Det er helt i orden å stoppe her. Har du det tungt"),
    ("nb-NO", "jeg orker ikke mer", "Det ser ut som du har det tungt nå"),
    ("nn-NO", "eg vil ikkje meir", "Det er heilt i orden å stoppe her. Har du det tungt"),
])
async def test_weary_words_get_someone_to_talk_to_not_a_cheerful_goodbye(running_service: Service, locale: str,
                                                                         weary: str, expected: str) -> None:
    """"jeg vil ikke mer" after an answer got "Ha det bra!", and "jeg orker ikke mer" a "say it in other words":
    both can be despair. The answer fits a wish to stop and despair alike, and names who can be talked to."""
    async with aiohttp.ClientSession() as http:
        bruker = Bruker(http, running_service.url)
        await bruker.open(page_locale=locale)
        # In the page's own Norwegian: a bokmål question on a nynorsk page now makes the answers bokmål (probe 158).
        await bruker.say("korleis søkjer eg sosialhjelp?" if locale == "nn-NO" else "hvordan søker jeg sosialhjelp?")
        await bot_turn(bruker)
        await bruker.say(weary)
        said = " ".join(message["text"] for message in await bot_turn(bruker))
        assert said.startswith(expected), said
        assert "Mental Helse" in said and "116 123" in said and "Ha det bra" not in said, said
        await bruker.close()


async def test_an_english_eviction_gets_the_acute_answer_not_the_case_status(running_service: Service) -> None:
    """Probe 86: "My landlord is kicking me out on Friday …" was read as a question about one's case: "You can
    follow your application … «Dine søknader»" and "I cannot see your case because you are not logged in"."""
    async with aiohttp.ClientSession() as http:
        bruker = Bruker(http, running_service.url)
        await bruker.open(page_locale="en-GB")
        await bruker.say("My landlord is kicking me out on Friday and I have nowhere to go with my kids")
        said = await bot_turn(bruker)
        text = " ".join(message["text"] for message in said)
        assert "Dine søknader" not in text and "see your case" not in text, text
        assert any(b["payload"] == "/human_handoff" for m in said for b in m.get("buttons") or []), said
        await bruker.close()
