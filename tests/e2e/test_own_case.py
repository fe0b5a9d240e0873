"""The bruker's own case through the real processes: the trained model predicts the case intent, the action server
asks the router (no identifier crosses), the router reads the synthetic digisos-soker.json of whoever logged in at
the local OpenID provider, and the answer comes back in the conversation's language."""

from __future__ import annotations

import aiohttp
import pytest

from router.texts import fixed_text
from tests.e2e.conftest import Service
from tests.e2e.test_full_path import Bruker, is_message, is_state
from tests.oidc_provider import log_in_at_the_provider

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(600)]
OLA = "01019012480"  # SYNTETISK: under behandling at Nav Grünerløkka, two documents asked for
SVEN = "23037734578"  # SYNTETISK: kode 6 (strengt fortrolig adresse)
KARI = "15028523472"  # SYNTETISK: mottatt at Nav Frogner, foreløpig svar, no documents asked for
EMMA = "30080150179"  # SYNTETISK: lives abroad (gtType UTLAND), no application


async def log_in(http: aiohttp.ClientSession, bruker: Bruker, ident: str) -> None:
    """What the widget and the person do: start the login, pick the synthetic person, follow the redirects."""
    async with http.post(f"{bruker.url}/api/conversations/{bruker.id}/login", headers=bruker.auth) as started:
        assert started.status == 200, await started.text()
        url = (await started.json())["url"]
    async with await log_in_at_the_provider(http, url, ident) as landed:
        assert landed.url.query.get("login") == "ok"


async def bot_texts(bruker: Bruker, count: int) -> list[dict]:  # type: ignore[type-arg]
    return [(await bruker.next_frame(is_message("bot")))["message"] for _ in range(count)]


async def test_anonymous_then_logged_in_the_bot_answers_from_the_own_case(running_service: Service) -> None:
    """Asked before the login, her question is answered after it from her case, without her typing it again."""
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
        bruker = Bruker(http, running_service.url)
        await bruker.open(kommune="Oslo", page_locale="nb-NO")
        await bruker.say("har dere fått søknaden min om sosialhjelp?")
        general, offer = await bot_texts(bruker, 2)
        assert general["text"] and "logget inn" not in general["text"], "the general answer first"
        assert "her i chatten" not in general["text"], "the chat's own login once, in the offer"
        assert offer["text"].startswith("Du kan også logge inn her i chatten med knappen «Logg inn»"), offer
        # Last, with its buttons: a widget that shows only the last message's buttons keeps the login.
        assert [b["payload"] for b in offer["buttons"]] == ["router:login", "/human_handoff"]

        await log_in(http, bruker, OLA)
        # Her question is answered now from her case, without her typing it again (probe 159).
        notice = await bruker.next_frame(is_message("system"))
        assert notice["message"]["text"] == fixed_text("logged_in", "nb"), notice
        (answered,) = await bot_texts(bruker, 1)
        assert answered["text"].startswith("Ja, vi har fått søknaden din 2. november 2026."), answered
        assert answered["reply_to"] == notice["message"]["seq"], "after the login's notice"
        await bruker.say("mangler det noe i søknaden min?")
        (facts,) = await bot_texts(bruker, 1)
        assert "Husleiekontrakt" in facts["text"] and "frist" in facts["text"], facts
        assert OLA not in str(facts)
        await bruker.close()


async def test_an_english_bruker_gets_the_case_in_english(running_service: Service) -> None:
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
        bruker = Bruker(http, running_service.url)
        await bruker.open(page_locale="en-GB")
        await log_in(http, bruker, OLA)
        await bruker.say("Is anything missing in my application?")
        texts = " ".join(m["text"] for m in await bot_texts(bruker, 1))
        assert "The office has asked you to send" in texts and "deadline" in texts, texts
        await bruker.close()


async def test_asking_to_log_in_gives_the_login_button(running_service: Service) -> None:
    """'I want to log in' got how to log in on nav.no, with no way to log in here."""
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
        for locale, question, title in (("en-GB", "I want to log in", "Log in"), ("nb-NO", "jeg vil logge inn",
                                                                                 "Logg inn")):
            bruker = Bruker(http, running_service.url)
            await bruker.open(page_locale=locale)
            await bruker.say(question)
            (answer,) = await bot_texts(bruker, 1)
            assert "ID-porten" in answer["text"], answer
            assert [(b["title"], b["payload"]) for b in answer["buttons"]] == [(title, "router:login")], answer
            await bruker.close()


async def test_a_documents_question_gets_the_general_list_then_what_the_office_asked_for(
        running_service: Service) -> None:
    """Before login "which documents?" is the general list with its own button; after it, "hvilke vedlegg mangler
    dere?" is what the office asked this person for, not the general list again."""
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
        bruker = Bruker(http, running_service.url)
        await bruker.open(kommune="Oslo", page_locale="nb-NO")
        await bruker.say("hvilke vedlegg trenger jeg?")
        (general,) = await bot_texts(bruker, 1)
        assert "kontoutskrift" in general["text"] and "logget inn" not in general["text"], general
        assert [b["payload"] for b in general["buttons"]] == ["/sosialhjelp_apply"], general
        await log_in(http, bruker, OLA)
        login_done = await bruker.next_frame(is_message("system"))
        assert "spørre meg om din egen søknad" in login_done["message"]["text"], login_done
        await bruker.say("hvilke vedlegg mangler dere?")
        (facts,) = await bot_texts(bruker, 1)
        assert "Husleiekontrakt" in facts["text"] and "Hvilke vedlegg du trenger" not in facts["text"], facts
        await bruker.close()


async def bot_messages_until_buttons(bruker: Bruker, limit: int = 6) -> list[dict]:  # type: ignore[type-arg]
    """The bot's messages up to the one that ends its turn with buttons."""
    said: list[dict] = []  # type: ignore[type-arg]
    while len(said) < limit:
        said.append((await bruker.next_frame(is_message("bot")))["message"])
        if said[-1].get("buttons"):
            return said
    raise AssertionError(f"no message with buttons in {said}")


async def test_a_person_with_a_protected_address_is_told_to_apply_by_phone(running_service: Service) -> None:
    """A probe's kode 6 person heard "Oslo tar imot digitale søknader": people with adressebeskyttelse cannot
    apply digitally. Then Sven heard "you cannot apply digitally" and right after "I ask first which kommune you
    live in", and the kommune question: a guide to a digital application he cannot send. Through the real bot: the
    apply answer says the way in by phone and offers a person instead of the guide; "ja" puts him in the queue."""
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
        bruker = Bruker(http, running_service.url)
        await bruker.open(kommune="Oslo", page_locale="nb-NO")
        await log_in(http, bruker, SVEN)
        await bruker.say("jeg vil søke om sosialhjelp")
        messages = await bot_messages_until_buttons(bruker)
        said = " ".join(m["text"] for m in messages)
        assert "Fordi adressen din er beskyttet, kan du ikke søke digitalt" in said and "55 55 33 33" in said, said
        assert "Oslo tar imot digitale søknader" not in said, said
        assert "kommune du bor i" not in said and "forberede søknaden" not in said, f"no guide offered: {said}"
        assert "veileder" in messages[-1]["text"], messages[-1]
        assert [b["payload"] for b in messages[-1]["buttons"]] == ["/human_handoff", "/deny"], messages[-1]
        await bruker.say("ja")
        await bruker.next_frame(is_state("QUEUED"))
        assert SVEN not in said
        await bruker.close()

        # Kode 6 is served by one office, by phone: the office question never names a local office.
        bruker = Bruker(http, running_service.url)
        await bruker.open(page_locale="nb-NO")
        await log_in(http, bruker, SVEN)
        await bruker.say("hvor er nav-kontoret mitt?")
        asked = (await bruker.next_frame(is_message("bot")))["message"]["text"]
        # Not asked where he lives first (a probe's Sven was, again after every answer).
        assert "Fordi adressen din er strengt fortrolig" in asked and "kommune" not in asked, asked
        await bruker.close()


async def test_a_person_with_a_protected_address_who_logs_in_during_the_guide_is_stopped_kindly(
        running_service: Service) -> None:
    """Sven (kode 6) logged in while the guide asked for his kommune, answered "Oslo", heard that he cannot apply
    digitally, and the guide went on with "what do you need money for?". It stops there, with the way in by phone
    and a person offered, as outside the guide; "ja" puts him in the queue."""
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
        bruker = Bruker(http, running_service.url)
        await bruker.open(page_locale="nb-NO")
        await bruker.say("jeg vil søke om økonomisk sosialhjelp")
        await bot_messages_until_buttons(bruker)
        await bruker.say("ja")
        while "Hvilken kommune bor du i" not in (await bruker.next_frame(is_message("bot")))["message"]["text"]:
            pass
        await log_in(http, bruker, SVEN)
        await bruker.say("Oslo")
        messages = await bot_messages_until_buttons(bruker)
        said = " ".join(m["text"] for m in messages)
        assert "Fordi adressen din er beskyttet, kan du ikke søke digitalt" in said and "55 55 33 33" in said, said
        assert "Hva trenger du penger til" not in said, f"the guide stops: {said}"
        assert [b["payload"] for b in messages[-1]["buttons"]] == ["/human_handoff", "/deny"], messages[-1]
        await bruker.say("ja")
        await bruker.next_frame(is_state("QUEUED"))
        await bruker.close()


async def test_logged_in_case_questions_get_the_case_in_nb_and_en(running_service: Service) -> None:
    """After login the chat suggests asking "når du får svar": Ola heard the chatbot's own opening hours. In
    English the status, the office and "is anything missing?" fell through to a fallback or the frustration answer.
    Kari asked whether the vedlegg arrived and heard only that nothing was asked for: the case does not say, and
    the bot says so."""
    asked = [
        ("nb-NO", OLA, "Når får jeg svar?", ["er under behandling", "Husleiekontrakt"]),
        ("en-GB", OLA, "What is the status of my case?", ["is being processed"]),
        ("en-GB", OLA, "Which office handles it?", ["Your application is handled by"]),
        ("en-GB", OLA, "Is anything missing?", ["The office has asked you to send"]),
        ("nb-NO", KARI, "Har dere fått vedleggene mine?",
         ["Hvilke vedlegg som har kommet fram, står ikke i saken", "ikke bedt deg om flere dokumenter"]),
    ]
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
        for locale, ident, question, expected in asked:
            bruker = Bruker(http, running_service.url)
            await bruker.open(page_locale=locale)
            await log_in(http, bruker, ident)
            await bruker.say(question)
            (answer,) = await bot_texts(bruker, 1)
            assert all(e in answer["text"] for e in expected), (question, answer["text"])
            await bruker.close()
            http.cookie_jar.clear()


async def test_logged_in_have_you_received_it_also_says_the_documents_asked_for(running_service: Service) -> None:
    """The probe's Ola asked "har dere fått søknaden min?" and heard only "Ja, vi har fått søknaden din 2. november
    2026. Den er under behandling hos Nav Grünerløkka.", nothing of the two documents the office asked for, though
    the bot had promised before login to say "om noe mangler"."""
    asked = [
        ("nb-NO", "har dere fått søknaden min?", ["Ja, vi har fått søknaden din 2. november 2026",
                                                  "Kontoret venter også på dokumenter fra deg: Husleiekontrakt",
                                                  "frist 1. desember 2026", "ettersende", "«Dine søknader» på nav.no"]),
        ("en-GB", "Have you received my application?", ["Yes, we received your application",
                                                        "also waiting for documents from you: Husleiekontrakt",
                                                        "deadline 1 December 2026", "send them later"]),
    ]
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
        for locale, question, expected in asked:
            bruker = Bruker(http, running_service.url)
            await bruker.open(page_locale=locale)
            await log_in(http, bruker, OLA)
            await bruker.say(question)
            (answer,) = await bot_texts(bruker, 1)
            assert all(e in answer["text"] for e in expected), (question, answer["text"])
            assert OLA not in str(answer)
            await bruker.close()
            http.cookie_jar.clear()


async def test_not_logged_in_asking_where_the_case_stands_gets_the_offer_to_log_in(running_service: Service) -> None:
    """It got "Økonomisk sosialhjelp er for deg som…" with no way to log in."""
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
        bruker = Bruker(http, running_service.url)
        await bruker.open(page_locale="nb-NO")
        await bruker.say("Jeg har søkt om sosialhjelp og lurer på hvor saken står")
        general, offer = await bot_texts(bruker, 2)
        assert "«Dine søknader»" in general["text"], general
        assert [b["payload"] for b in offer["buttons"]] == ["router:login", "/human_handoff"], offer
        await bruker.close()


async def test_a_logged_in_bruker_asking_who_they_are_is_told_they_are_logged_in_with_no_login_button(
        running_service: Service) -> None:
    """Ola, logged in, asked "hvem er jeg logget inn som?" and was shown how to log in, with a login button. He is
    told he is logged in (never his fødselsnummer; the bot is not given his name), with no login button; an
    anonymous bruker asking the same is told they are not, with the button."""
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
        for locale, question, said in (("nb-NO", "hvem er jeg logget inn som?", "Du er logget inn med ID-porten"),
                                       ("en-GB", "Who am I logged in as?", "You are logged in with ID-porten")):
            bruker = Bruker(http, running_service.url)
            await bruker.open(page_locale=locale)
            await log_in(http, bruker, OLA)
            await bruker.say(question)
            (answer,) = await bot_texts(bruker, 1)
            assert answer["text"].startswith(said), answer
            assert [b["payload"] for b in answer.get("buttons") or []] == ["/human_handoff"], answer
            assert OLA not in str(answer)
            await bruker.close()
            http.cookie_jar.clear()

        bruker = Bruker(http, running_service.url)
        await bruker.open(page_locale="nb-NO")
        await bruker.say("er jeg logget inn?")
        told, how = await bot_texts(bruker, 2)
        assert told["text"] == "Du er ikke logget inn her i chatten nå.", told
        assert [b["payload"] for b in how["buttons"]] == ["router:login"], how
        await bruker.close()


async def test_a_person_registered_abroad_is_told_that_sosialhjelp_needs_a_stay_in_norway(
        running_service: Service) -> None:
    """Emma, registered in Sweden, was offered the guide as if nothing stood in the way. Through the real bot and
    the register the router read at login: that sosialhjelp is for people staying in Norway, and no guide
    (tests/e2e/test_bot_probe_answers.py: at most two messages)."""
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
        bruker = Bruker(http, running_service.url)
        await bruker.open(page_locale="nb-NO")
        await log_in(http, bruker, EMMA)
        await bruker.say("jeg vil søke om sosialhjelp")
        messages = await bot_messages_until_buttons(bruker)
        said = " ".join(m["text"] for m in messages)
        assert "Ifølge folkeregisteret bor du i utlandet" in said and "oppholder deg i Norge" in said, said
        assert [b["payload"] for b in messages[-1]["buttons"]] == ["/human_handoff"], "a person, if she wants"
        assert EMMA not in said
        await bruker.close()


async def test_a_follow_up_about_the_deadline_after_the_payments_answer_is_about_the_documents(
        running_service: Service) -> None:
    """A probe: Ola's payments answer said the office waits for two documents, "fristen er passert"; "fristen var jo
    1. desember, hva skjer nå?" got "Hva gjelder det?", as if nothing had been said of a deadline."""
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
        bruker = Bruker(http, running_service.url)
        await bruker.open(kommune="Oslo", page_locale="nb-NO")
        await log_in(http, bruker, OLA)
        await bruker.say("når blir pengene utbetalt")
        (payments,) = await bot_texts(bruker, 1)
        assert "fristen er passert" in payments["text"], payments
        await bruker.say("fristen var jo 1. desember, hva skjer nå?")
        (late,) = await bot_texts(bruker, 1)
        assert "Hva gjelder det?" not in late["text"], late
        # the documents the answer spoke of can still be sent (actions/case_followup.py names them since probe 106)
        assert "ettersende" in late["text"] or "Send dem likevel" in late["text"], late
        assert "Husleiekontrakt" in late["text"], late
        await bruker.close()
