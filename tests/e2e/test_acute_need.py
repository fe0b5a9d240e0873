"""Acute need through the real processes, in languages with no translation model (the e2e service has none):
the bruker gets the emergency contacts in their own words, the way to a veileder, and an emergency priority."""

from __future__ import annotations

import asyncio
import time
import uuid
from datetime import UTC, datetime
from typing import Any

import aiohttp
import pytest

from router.adapters.reference_data import load_reference_data
from router.services import waiting
from router.texts import fixed_text
from tests.e2e.conftest import ROOT, Service
from tests.expected_texts import first_in_queue
from tests.integration.web.test_acute_need_place import bydel_question

# NAV's phone as the running router has it (reference/nav_dager.csv: julaften closed)
PHONE = load_reference_data(ROOT / "reference").nav_phone_hours()

# Training (when the model inputs changed) and starting Rasa can take minutes on two cores.
pytestmark = [pytest.mark.e2e, pytest.mark.timeout(1800)]

# What a bruker in need might write, and a phrase of the emergency contacts in that language (router/texts).
ACUTE: list[tuple[str, tuple[str, str]]] = [*{
    "pl": ("Nie mam pieniędzy na jedzenie, dzieci są głodne", "Potrzebujesz pomocy teraz?"),
    "lt": ("Neturiu kur miegoti šiąnakt", "Jums reikia pagalbos dabar?"),
    "uk": ("Мені ніде жити, допоможіть", "Вам потрібна допомога зараз?"),
    "ru": ("У меня нет денег на еду для детей", "Вам нужна помощь прямо сейчас?"),
    "ar": ("ليس عندي فلوس للاكل والاطفال جوعانين", "هل تحتاج إلى مساعدة الآن؟"),
    "so": ("Cunto ma haysto, carruurtuna way gaajaysan yihiin", "Ma u baahan tahay caawimaad hadda?"),
    "ti": ("ንመግቢ ዝኸውን ገንዘብ የብለይን", "ሕጂ ሓገዝ የድልየኩም ድዩ?"),
    "fa": ("پول برای غذا ندارم و بچه هام گرسنه اند", "همین حالا به کمک نیاز دارید؟"),
    "ur": ("میرے پاس کھانے کے پیسے نہیں ہیں", "کیا آپ کو ابھی مدد کی ضرورت ہے؟"),
    # Violence gets its own numbers (112, the violence helpline, krisesentrene).
    "tr": ("Kocam beni dövüyor, eve gitmeye korkuyorum", "116 006"),
    "es": ("No tengo dónde dormir esta noche", "¿Necesitas ayuda ahora?"),
    "de": ("Ich habe kein Geld für Essen und die Kinder haben Hunger", "Brauchen Sie jetzt Hilfe?"),
    "ro": ("Nu am bani de mâncare pentru copii", "Aveți nevoie de ajutor acum?"),
    "th": ("ไม่มีเงินซื้ออาหารให้ลูก", "ต้องการความช่วยเหลือตอนนี้หรือไม่"),
    "vi": ("Tôi không có tiền mua đồ ăn cho con", "Bạn cần giúp đỡ ngay bây giờ?"),
}.items(),
    # Standard Arabic "I do not own" inside a longer question (probe 156: only the cannot-translate notice came)
    ("ar", ("مرحبا، أحتاج إلى مساعدة مالية لأنني لا أملك مالا لشراء الطعام. كيف أقدم طلبا للمساعدة الاجتماعية؟",
            "هل تحتاج إلى مساعدة الآن؟")),
]


class Bruker:
    def __init__(self, http: aiohttp.ClientSession, url: str) -> None:
        self.http, self.url = http, url

    async def open(self, **body: Any) -> None:
        async with self.http.post(f"{self.url}/api/conversations", json=body) as response:
            assert response.status == 201
            data = await response.json()
        self.id, self.auth = data["id"], {"Authorization": f"Bearer {data['token']}"}

    async def say(self, text: str, payload: str | None = None) -> None:
        body: dict[str, Any] = {"client_msg_id": uuid.uuid4().hex, "text": text}
        if payload:
            body["payload"] = payload
        async with self.http.post(f"{self.url}/api/conversations/{self.id}/messages", json=body,
                                  headers=self.auth) as response:
            assert response.status == 201, await response.text()

    async def wait_for(self, predicate: Any, timeout_s: float = 30) -> dict[str, Any]:
        """The first message (or the conversation, for a predicate on it) that satisfies ``predicate``."""
        deadline = time.monotonic() + timeout_s
        while True:
            async with self.http.get(f"{self.url}/api/conversations/{self.id}/messages",
                                     headers=self.auth) as response:
                data = await response.json()
            found = next((m for m in data["messages"] if predicate(m)), None)
            if found is not None:
                return found
            assert time.monotonic() < deadline, f"not seen within {timeout_s} s: {data['messages']}"
            await asyncio.sleep(0.2)

    async def state(self) -> str:
        async with self.http.get(f"{self.url}/api/conversations/{self.id}/messages",
                                 headers=self.auth) as response:
            return str((await response.json())["conversation"]["state"])


async def staff_login(console: aiohttp.ClientSession, url: str) -> None:
    async with console.post(f"{url}/api/staff/login",
                            json={"username": "nks1", "password": "passord-nks1"}) as response:
        assert response.status == 200


async def staff_view(console: aiohttp.ClientSession, url: str, conversation_id: str) -> dict[str, Any]:
    async with console.get(f"{url}/api/staff/conversations/{conversation_id}") as response:
        assert response.status == 200, await response.text()
        return dict((await response.json())["conversation"])


def contacts_in(language: str):  # type: ignore[no-untyped-def]
    """The safety net's numbers in ``language``: for money, food and a place to sleep, or for violence. Made before
    the bruker writes: they are as they can be followed when the router wrote them (while NAV's phone is closed,
    legevakten first and when NAV answers again), between then and the message's arrival, which 09:00 or 15:00 may
    fall between."""
    before = datetime.now(UTC)

    def shown(m: dict[str, Any]) -> bool:
        numbers = {waiting.emergency_contacts(None, language, moment, phone=PHONE)
                   for moment in (before, datetime.now(UTC))}
        return m["sender"] == "system" and m["text"] in {*numbers, fixed_text("violence_contacts", language)}
    return shown


async def test_acute_need_in_languages_without_a_translation_model(running_service: Service) -> None:
    url = running_service.url
    async with aiohttp.ClientSession() as http, \
            aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as console:
        await staff_login(console, url)
        for language, (text, phrase) in ACUTE:
            bruker = Bruker(http, url)
            await bruker.open()
            expected = contacts_in(language)
            await bruker.say(text)
            contacts = await bruker.wait_for(expected)
            assert phrase in contacts["text"] and contacts["language"] == language, language
            [button] = contacts["buttons"]
            assert (button["title"], button["payload"]) == (fixed_text("offer_human", language), "/human_handoff")
            # The button works although the bot cannot read the language, and the handoff is an emergency.
            await bruker.say(button["title"], payload=button["payload"])
            deadline = time.monotonic() + 30
            while await bruker.state() == "BOT":
                assert time.monotonic() < deadline, f"{language}: the button did not hand off"
                await asyncio.sleep(0.2)
            conversation = await staff_view(console, url, bruker.id)
            assert conversation["priority"] == "emergency", language
            assert conversation["state"] in ("QUEUED", "ASSIGNED"), language


async def test_a_waiting_conversation_that_turns_acute_is_raised_to_emergency(running_service: Service) -> None:
    url = running_service.url
    async with aiohttp.ClientSession() as http, \
            aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as console:
        bruker = Bruker(http, url)
        await bruker.open(kommune="Asker")  # a known place: the handoff queues at once, no place question
        async with http.post(f"{url}/api/conversations/{bruker.id}/handoff", headers=bruker.auth) as response:
            assert response.status == 200 and (await response.json())["state"] == "QUEUED"
        await staff_login(console, url)
        before = await staff_view(console, url, bruker.id)
        assert before["priority"] == "normal"
        written = datetime.now(UTC)
        await bruker.say("Мені ніде жити, я ночую на вулиці")
        # In Ukrainian (the queue notice gave them in bokmål), and that the chat now has priority (probe 70); as they
        # can be followed when the router wrote them (see contacts_in).
        raised = fixed_text("queue_priority_raised", "uk")
        contacts = await bruker.wait_for(lambda m: m["sender"] == "system" and m["text"] in {
            f"{waiting.emergency_contacts(None, 'uk', moment, phone=PHONE)} {raised}"
            for moment in (written, datetime.now(UTC))})
        assert contacts["buttons"] == [], "already waiting for a veileder: no second way to one"
        deadline = time.monotonic() + 30
        while (after := await staff_view(console, url, bruker.id))["priority"] != "emergency":
            assert time.monotonic() < deadline, f"priority not raised: {after}"
            await asyncio.sleep(0.2)
        assert after["queued_at"] == before["queued_at"], "the bruker keeps their place"
        if before["sla_deadline"] and after["sla_deadline"]:
            assert datetime.fromisoformat(after["sla_deadline"]) <= datetime.fromisoformat(before["sla_deadline"])


async def test_thoughts_of_suicide_get_the_helplines_and_a_person_not_the_bot_s_money_answer(
        running_service: Service) -> None:
    """The real bot predicts sosialhjelp_emergency for this and would answer about nødhjelp and money."""
    url = running_service.url
    async with aiohttp.ClientSession() as http:
        bruker = Bruker(http, url)
        await bruker.open(kommune="Asker", page_locale="nb-NO")
        await bruker.say("orker ikke mer. har ikke penger og tenker på å ta livet mitt")
        helplines = await bruker.wait_for(
            lambda m: m["sender"] == "system" and m["text"] == fixed_text("self_harm_contacts", "nb"))
        assert [b["payload"] for b in helplines["buttons"]] == ["/human_handoff"]
        await bruker.say("hvordan søker jeg om sosialhjelp?")
        answer = await bruker.wait_for(lambda m: m["sender"] == "bot" and "nav.no" in m["text"])
        async with http.get(f"{url}/api/conversations/{bruker.id}/messages", headers=bruker.auth) as response:
            said = [(m["sender"], m["text"]) for m in (await response.json())["messages"]]
        bot_before = [text for sender, text in said[:said.index(("bot", answer["text"]))]
                      if sender == "bot" and text != fixed_text("greeting", "nb")]
        assert bot_before == [], f"the bot said nothing to the first message: {bot_before}"


@pytest.mark.parametrize(("locale", "text", "offer", "yes"), [
    ("nb-NO", "jeg har ikke noe sted å sove i natt", "Vil du at jeg setter deg i kø for en veileder?", "ja"),
    ("en-GB", "I have no food and no money today, I need emergency help", "Shall I put you in the queue for an adviser?",
     "yes"),
])
async def test_acute_need_offers_a_person_at_once_and_a_yes_queues_with_priority(
        running_service: Service, locale: str, text: str, offer: str, yes: str) -> None:
    """DESIGN: "Sensitive or acute situations get a human offer at once". The bot's emergency answer used to queue
    the bruker at once: at night, until Monday, with the bot gone. Now it gives the numbers and offers a person
    (or a no, with how to get nødhjelp today); the conversation stays with the bot until the bruker says yes, and then waits
    as an emergency."""
    url = running_service.url
    async with aiohttp.ClientSession() as http, \
            aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as console:
        bruker = Bruker(http, url)
        await bruker.open(kommune="Asker", page_locale=locale)
        await bruker.say(text)
        answer = await bruker.wait_for(lambda m: m["sender"] == "bot" and offer in m["text"])
        assert "116 117" in answer["text"] and "113" in answer["text"], answer
        assert [b["payload"] for b in answer["buttons"]] == ["/human_handoff", "/deny"], answer
        assert await bruker.state() == "BOT", "offered, not queued"
        # The numbers once: not the router's contacts as well, above the bot's answer that gives them.
        async with http.get(f"{url}/api/conversations/{bruker.id}/messages", headers=bruker.auth) as response:
            said = (await response.json())["messages"]
        assert [m["text"] for m in said if "116 117" in m["text"]] == [answer["text"]], said
        await bruker.say(yes)
        deadline = time.monotonic() + 30
        while await bruker.state() == "BOT":
            assert time.monotonic() < deadline, f"{yes!r} to the offer did not hand over"
            await asyncio.sleep(0.2)
        await staff_login(console, url)
        conversation = await staff_view(console, url, bruker.id)
        assert conversation["priority"] == "emergency" and conversation["state"] in ("QUEUED", "ASSIGNED")


async def test_acute_need_with_a_place_and_a_wish_for_a_person_in_one_message_queues_at_once_with_priority(
        running_service: Service) -> None:
    """Probe 162's words: she said where she lives, her need and that she wants a person; the bot asked "Hva kan jeg
    hjelpe deg med?" (the heard wish, human_handoff at 1.0 beside the model's emergency at 0.9996, was made
    nlu_fallback by the FallbackClassifier's ambiguity check). Now she waits at her office, first in line."""
    url = running_service.url
    async with aiohttp.ClientSession() as http, \
            aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as console:
        bruker = Bruker(http, url)
        await bruker.open(page_locale="nb-NO")
        await bruker.say("jeg bor på grünerløkka. strømmen blir stengt i morgen og jeg har ikke penger. "
                         "jeg vil snakke med noen")
        deadline = time.monotonic() + 30
        while await bruker.state() == "BOT":
            assert time.monotonic() < deadline, "the wish for a person did not hand over"
            await asyncio.sleep(0.2)
        await staff_login(console, url)
        queued = await staff_view(console, url, bruker.id)
        assert (queued["priority"], queued["enhetsnummer"]) == ("emergency", "0315"), queued  # Nav Grünerløkka
        async with http.get(f"{url}/api/conversations/{bruker.id}/messages", headers=bruker.auth) as response:
            said = [m["text"] for m in (await response.json())["messages"] if m["sender"] == "bot"]
        assert not any("Hva kan jeg hjelpe deg med?" in text for text in said), said


async def test_acute_need_in_a_city_with_bydeler_queues_at_once_and_the_bydel_moves_it(
        running_service: Service) -> None:
    """The probe's words: no food and no money, then "jeg bor i Bergen" to the bot's offer of a person. Queued at
    Nav kontaktsenter Vestland with priority and never asked the bydel; now asked in the same answer, and the
    answer moves the chat to the bydel's office, first in line there."""
    url = running_service.url
    async with aiohttp.ClientSession() as http, \
            aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as console:
        bruker = Bruker(http, url)
        await bruker.open(page_locale="nb-NO")
        await bruker.say("jeg har ingen mat og ingen penger igjen")
        await bruker.wait_for(lambda m: m["sender"] == "bot" and "116 117" in m["text"])
        await bruker.say("jeg bor i Bergen")
        question = first_in_queue(bydel_question("nb", "Bergen"), "nb")
        await bruker.wait_for(lambda m: m["sender"] == "system" and m["text"] == question)
        await staff_login(console, url)
        queued = await staff_view(console, url, bruker.id)
        assert (queued["state"], queued["priority"], queued["enhetsnummer"]) == ("QUEUED", "emergency", "4112")
        await bruker.say("Årstad")
        deadline = time.monotonic() + 30
        while (moved := await staff_view(console, url, bruker.id))["enhetsnummer"] != "1208":  # Nav Bergen sentrum
            assert time.monotonic() < deadline, f"not moved to the bydel's office: {moved}"
            await asyncio.sleep(0.2)
        assert moved["priority"] == "emergency" and moved["queued_at"] == queued["queued_at"]


async def test_a_place_as_the_answer_to_the_offer_queues_without_a_word_from_the_bot_after_it(
        running_service: Service) -> None:
    """A probe: "jeg bor i Drammen" to "Vil du at jeg setter deg i kø for en veileder?" queued the bruker, and the
    bot then said "Beklager, jeg er ikke sikker på at jeg forstod" with three offers, to someone already waiting."""
    url = running_service.url
    async with aiohttp.ClientSession() as http:
        bruker = Bruker(http, url)
        await bruker.open(page_locale="nb-NO")
        await bruker.say("jeg har ingen mat og ingen penger igjen")
        await bruker.wait_for(lambda m: m["sender"] == "bot" and "116 117" in m["text"])
        await bruker.say("jeg bor i Drammen")
        await bruker.wait_for(lambda m: m["sender"] == "system" and "Drammen" in m["text"])
        await asyncio.sleep(4)  # the bot's turn is over: anything it says after the handoff has been said
        async with http.get(f"{url}/api/conversations/{bruker.id}/messages", headers=bruker.auth) as response:
            said = (await response.json())["messages"]
        place_answer = next(m for m in said if m["sender"] == "user" and m["text"] == "jeg bor i Drammen")
        after = [m for m in said if m["seq"] > place_answer["seq"] or m.get("reply_to") == place_answer["seq"]]
        assert [m["sender"] for m in after if m["sender"] == "bot"] == [], after
        assert await bruker.state() == "QUEUED"


@pytest.mark.parametrize(("locale", "text"), [("en-US", "jeg har ingen mat i dag"),
                                              ("nb-NO", "I have no food today and no money")])
async def test_a_first_message_in_another_language_than_the_page_gets_the_numbers_once(
        running_service: Service, locale: str, text: str) -> None:
    """A probe: the first message changed the conversation's language (a Norwegian page, English words; an English
    page, Norwegian words), and the router posted the emergency numbers before the bot's answer gave them again, with
    two different buttons to a person."""
    url = running_service.url
    async with aiohttp.ClientSession() as http:
        bruker = Bruker(http, url)
        await bruker.open(page_locale=locale)
        await bruker.say(text)
        await bruker.wait_for(lambda m: m["sender"] == "bot" and "116 117" in m["text"])
        await asyncio.sleep(3)  # anything the router would add after the bot's answer has been added
        async with http.get(f"{url}/api/conversations/{bruker.id}/messages", headers=bruker.auth) as response:
            said = (await response.json())["messages"]
        assert [m["sender"] for m in said if "116 117" in m["text"]] == ["bot"], said

