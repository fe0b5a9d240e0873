"""The trained bot as a bruker meets it: clean training data, held-out accuracy, and no loops."""

from __future__ import annotations

import json
import subprocess
import uuid
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from tests.e2e.conftest import ROOT, Service

RASA = str(ROOT / ".venv-rasa" / "bin" / "rasa")
# The unseen evaluation the bot is judged on expects at least 0.85; our own held-out set estimates it.
MIN_HELDOUT_ACCURACY = 0.85
MAX_REPLIES_PER_TURN = 3

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(1800)]


def test_rasa_data_validate_is_clean() -> None:
    result = subprocess.run([RASA, "data", "validate", "--domain", "bot", "--data", "data", "--config", "config.yml"],
                            cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]


def test_heldout_intent_accuracy(trained_model: Path, tmp_path: Path) -> None:
    result = subprocess.run([RASA, "test", "nlu", "--model", str(trained_model), "--nlu", "eval/nlu/heldout.yml",
                             "--out", str(tmp_path), "--no-plot"], cwd=ROOT, capture_output=True, text=True,
                            timeout=900)
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads((tmp_path / "intent_report.json").read_text())
    assert report["accuracy"] >= MIN_HELDOUT_ACCURACY, f"held-out accuracy {report['accuracy']:.3f}"


async def test_the_bot_never_loops(running_service: Service) -> None:
    """Whatever the bruker writes, one turn never floods the chat (DESIGN: fallback must not loop)."""
    turns = ["hvor er nav-kontoret mitt", "hei", "hvor er nav-kontoret mitt", "asdfgh", "qwerty uiop",
             "jeg vil søke om sosialhjelp", "vet ikke", "hvor er nav-kontoret mitt", "blablabla", "nei"]
    sender = f"loop-{uuid.uuid4().hex}"
    async with aiohttp.ClientSession() as http:
        for text in turns:
            async with http.post(f"{running_service.rasa_url}/webhooks/rest/webhook",
                                 json={"sender": sender, "message": text}) as response:
                replies = await response.json()
            assert len(replies) <= MAX_REPLIES_PER_TURN, (text, [r.get("text", "")[:60] for r in replies])


async def test_the_guides_answer_buttons_reach_the_bruker_whole_and_rasa_logs_no_error(
        running_service: Service) -> None:
    """A button that carries an answer (/digisos_answer{"answer": ...}) is a string Rasa fills slots into: its braces
    must reach the bruker as they are, and Rasa must not log an error for each one (it did, four a question)."""
    from tests.e2e.test_full_path import Bruker, is_message

    def buttons(frame: dict) -> list[dict]:  # type: ignore[type-arg]
        return frame["message"].get("buttons") or []

    async with aiohttp.ClientSession() as http:
        bruker = Bruker(http, running_service.url)
        await bruker.open(page_locale="nb-NO")
        await bruker.say("jeg vil søke om økonomisk sosialhjelp")
        offer = await bruker.next_frame(lambda f: is_message("bot")(f) and any(
            b["payload"] == "/affirm" for b in buttons(f)))
        yes = next(b for b in buttons(offer) if b["payload"] == "/affirm")
        await bruker.say(yes["title"], payload=yes["payload"])
        await bruker.next_frame(lambda f: is_message("bot")(f) and "Hvilken kommune" in f["message"]["text"])
        await bruker.say("Voss")
        question = await bruker.next_frame(lambda f: is_message("bot")(f) and bool(buttons(f)))
        answer = next((b for b in buttons(question) if b["payload"].startswith("/digisos_answer")), None)
        assert answer is not None, "the guide never showed its answer buttons"
        assert answer["payload"] == '/digisos_answer{"answer": "livsopphold"}'
        await bruker.say(answer["title"], payload=answer["payload"])
        await bruker.next_frame(is_message("bot"))
        await bruker.close()
    rasa_log = "\n".join(p.read_text(errors="replace") for p in (running_service.data_dir / "log").glob("rasa*.log"))
    assert rasa_log, "no Rasa log found"
    assert "interpolator" not in rasa_log


async def test_a_kommune_without_digital_applications_is_told_at_once_and_the_guide_goes_on(
        running_service: Service) -> None:
    """The guide promises to check the kommune first; Værøy (no digital applications) heard it only at the end."""
    from tests.e2e.test_full_path import Bruker, is_message

    async with aiohttp.ClientSession() as http:
        bruker = Bruker(http, running_service.url)
        await bruker.open(page_locale="nb-NO")
        await bruker.say("jeg vil søke om økonomisk sosialhjelp")
        offer = await bruker.next_frame(lambda f: is_message("bot")(f) and any(
            b["payload"] == "/affirm" for b in f["message"].get("buttons") or []))
        yes = next(b for b in offer["message"]["buttons"] if b["payload"] == "/affirm")
        await bruker.say(yes["title"], payload=yes["payload"])
        await bruker.next_frame(lambda f: is_message("bot")(f) and "Hvilken kommune" in f["message"]["text"])
        await bruker.say("Værøy")
        told = await bruker.next_frame(is_message("bot"))
        assert "Værøy" in told["message"]["text"] and "papir" in told["message"]["text"], told
        following = await bruker.next_frame(is_message("bot"))
        assert following["message"].get("buttons"), f"the guide goes on with its next question: {following}"
        await bruker.close()


# A tester's questions, each answered by the bot's own text for it (they got "Beklager, jeg er ikke sikker på at
# jeg forstod", the AAP answer, "eg svarar berre på spørsmål om NAV" or the answer about how to apply).
CORE_QUESTIONS = [
    ("nb-NO", "Hva er økonomisk sosialhjelp?", "Økonomisk sosialhjelp er for deg som"),
    ("en-GB", "What is financial assistance?", "Financial assistance is for people"),
    ("nb-NO", "Kan jeg få hjelp til depositum?", "depositumsgaranti"),
    ("nn-NO", "Kan eg få hjelp til depositum?", "depositumsgaranti"),
    ("en-GB", "Can I get help with a deposit for an apartment?", "deposit guarantee"),
    ("nb-NO", "Hva er bostøtte?", "Husbanken"),
    ("nn-NO", "Kva er bostøtte?", "Husbanken"),
    ("nb-NO", "Jeg får ikke betalt strømregningen", "strømselskapet"),
    ("en-GB", "Can I get help paying my electricity bill?", "electricity company"),
    ("en-GB", "How much money can I get?", "guideline rates"),
    ("nn-NO", "Kor mykje kan eg få i sosialhjelp?", "rettleiande satsar"),
]


async def test_core_questions_get_their_own_answer(running_service: Service) -> None:
    from tests.e2e.test_full_path import Bruker, is_message

    async with aiohttp.ClientSession() as http:
        for locale, question, expected in CORE_QUESTIONS:
            bruker = Bruker(http, running_service.url)
            await bruker.open(page_locale=locale)
            await bruker.say(question)
            answer = (await bruker.next_frame(is_message("bot")))["message"]["text"]
            assert expected in answer, (question, answer)
            await bruker.close()


async def first_reply(http: aiohttp.ClientSession, service: Service, locale: str, text: str,
                      until: Any = None, **opened: Any) -> tuple[Any, dict[str, Any]]:
    """A new bruker (page locale, other fields of the opening) says `text`: the bruker and the first frame that is a
    bot message (or satisfies `until`)."""
    from tests.e2e.test_full_path import Bruker, is_message

    bruker = Bruker(http, service.url)
    await bruker.open(page_locale=locale, **opened)
    await bruker.say(text)
    return bruker, await bruker.next_frame(until or is_message("bot"))


async def test_asking_to_be_called_is_answered_honestly_with_the_choice_of_a_veileder(running_service: Service) -> None:
    """"Kan dere ringe meg?" was handed to the queue at once, with no word on whether NAV calls back. The chat books
    no call-back: the bot says so, gives NAV's phone and the office, and offers a veileder here; "ja" hands over."""
    from tests.e2e.test_full_path import is_message, is_state

    asked = [("nb-NO", "Kan dere ringe meg?", "kan jeg ikke bestille at noen ringer deg opp", "ja"),
             ("nn-NO", "Kan de ringje meg?", "kan eg ikkje bestille at nokon ringjer deg opp", "ja"),
             ("en-GB", "Can you call me?", "cannot arrange for someone to call you back", "yes")]
    async with aiohttp.ClientSession() as http:
        for locale, question, honest, yes in asked:
            bruker, first = await first_reply(http, running_service, locale, question, kommune="Drammen",
                                              until=lambda f: is_message("bot")(f) or is_state("QUEUED")(f))
            assert first["type"] == "message", f"{question!r} was handed off without an answer: {first}"
            answer = first["message"]
            assert honest in answer["text"] and "55 55 33 33" in answer["text"], (question, answer["text"])
            assert [b["payload"] for b in answer["buttons"]] == ["/human_handoff", "/office_contact"], answer
            await bruker.say(yes)
            await bruker.next_frame(is_state("QUEUED"))
            await bruker.close()


async def test_a_lost_job_and_no_money_for_the_rent_gets_dagpenger_and_sosialhjelp_meanwhile(
        running_service: Service) -> None:
    """"Jeg har mistet jobben og har ingen penger til husleia" got only the dagpenger answer (it is not acute, so no
    acute pattern takes it). Dagpenger is the benefit after a lost job; økonomisk sosialhjelp can help with the rent
    while the bruker waits, and the guide is offered: "ja" starts it."""
    from tests.e2e.test_full_path import is_message

    asked = [("nb-NO", "Jeg har mistet jobben og har ingen penger til husleia", ["nav.no/dagpenger", "husleia",
                                                                               "økonomisk sosialhjelp"], "ja",
              "Hvilken kommune"),
             ("nn-NO", "Eg har mista jobben og har ikkje pengar til husleiga", ["nav.no/dagpenger", "husleiga",
                                                                             "økonomisk sosialhjelp"], "ja",
              "Kva kommune"),
             ("en-GB", "I lost my job and I can't pay my rent", ["nav.no/dagpenger", "rent", "financial assistance"],
              "yes", "Which municipality")]
    async with aiohttp.ClientSession() as http:
        for locale, question, expected, yes, guide in asked:
            bruker, frame = await first_reply(http, running_service, locale, question)
            answer = frame["message"]
            assert all(e in answer["text"] for e in expected), (question, answer["text"])
            offer = (await bruker.next_frame(is_message("bot")))["message"]
            assert [b["payload"] for b in offer.get("buttons") or []] == ["/affirm", "/deny"], (question, offer)
            await bruker.say(yes)
            await bruker.next_frame(lambda f, guide=guide: is_message("bot")(f) and guide in f["message"]["text"])
            await bruker.close()


async def test_living_abroad_is_told_that_sosialhjelp_needs_staying_in_norway(running_service: Service) -> None:
    """"Jeg bor i Spania", "I live in Sweden and need money": the bot offered the guide or said it did not understand.
    Økonomisk sosialhjelp is for people staying in Norway (sosialtjenesteloven § 2): said plainly, with what else
    helps and the way to a person."""
    asked = [("nb-NO", "jeg bor i Spania", "oppholder deg i Norge"),
             ("nb-NO", "Jeg bor i utlandet og trenger penger", "oppholder deg i Norge"),
             ("nn-NO", "Kan eg få sosialhjelp når eg bur i Danmark?", "oppheld deg i Noreg"),
             ("en-GB", "I live in Sweden and need money", "staying in Norway")]
    async with aiohttp.ClientSession() as http:
        for locale, question, expected in asked:
            bruker, frame = await first_reply(http, running_service, locale, question)
            answer = frame["message"]
            assert expected in answer["text"] and "«Arbeid og opphold i utlandet»" in answer["text"], (question,
                                                                                                       answer)
            assert [b["payload"] for b in answer["buttons"]] == ["/human_handoff"], answer
            await bruker.close()


async def test_a_bare_guide_answer_and_a_machine_question_are_understood_not_fallen_back_on(
        running_service: Service) -> None:
    """"enslig" outside the guide and "Am I chatting with a machine?" got "I am not sure I understood" (below the
    fallback threshold; rasa test nlu undoes a fallback, so the held-out accuracy never showed it). "enslig" is a
    guide answer with no guide going: the bot offers the guide or a person; the machine question is answered."""
    asked = [("nb-NO", "enslig", "Vil du at jeg hjelper deg å forberede en søknad", "/sosialhjelp_apply"),
             ("nn-NO", "einsleg", "Vil du at eg hjelper deg å førebu ein søknad", "/sosialhjelp_apply"),
             ("en-GB", "Am I chatting with a machine?", "I am a chatbot", "/human_handoff")]
    async with aiohttp.ClientSession() as http:
        for locale, text, expected, payload in asked:
            bruker, frame = await first_reply(http, running_service, locale, text)
            answer = frame["message"]
            assert expected in answer["text"], (text, answer["text"])
            assert payload in [b["payload"] for b in answer["buttons"]], answer
            await bruker.close()
