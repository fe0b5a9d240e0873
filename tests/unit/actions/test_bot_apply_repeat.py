"""The apply question asked again gets the part asked about, or a short "Som jeg skrev: …" and the next step, never
the same long answer word for word (probe 106: t03, t04, w03)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.digisos_form import PROTECTED_OFFER, ActionSosialhjelpApply
from tests.unit.actions.bot_action_fakes import FakeRouter, user_event

ENGERDAL = {"navn": "Engerdal", "digisos": {"digital_soknad": False, "midlertidig_stengt": False, "innsyn": False}}


def asked_again(text: str, slots: dict[str, Any] | None = None, entities: list[dict[str, Any]] | None = None) -> Tracker:
    """The apply question answered once by action_sosialhjelp_apply, then ``text``."""
    events = [user_event("sosialhjelp_apply", "jeg vil søke"), {"event": "action", "name": "action_sosialhjelp_apply"},
              {"event": "bot", "text": "…"}, {"event": "action", "name": "action_listen"},
              user_event("sosialhjelp_apply", text)]
    latest = {"intent": {"name": "sosialhjelp_apply", "confidence": 0.6}, "entities": entities or [], "text": text}
    return Tracker("conv-1", slots or {}, latest, events, False, None, {}, "action_listen")


async def run(router: FakeRouter, tracker: Tracker) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    action = ActionSosialhjelpApply()
    action.client_factory = lambda: router  # type: ignore[assignment]
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker, {})
    return dispatcher.messages, events


async def test_how_do_i_apply_then_is_a_short_reminder_and_the_next_step() -> None:
    """t04: "hvordan søker jeg da?" after the Engerdal answer got all three messages again."""
    messages, _ = await run(FakeRouter(kommune=ENGERDAL), asked_again("hvordan søker jeg da?", {"kommune": "Engerdal"}))
    [said] = messages
    assert said["text"].startswith("Som jeg skrev: Engerdal tar ikke imot digitale søknader"), said["text"]
    assert "Neste steg" in said["text"] and said.get("response") is None
    assert [b["payload"] for b in said["buttons"]] == ["/affirm", "/deny"]


async def test_can_you_pay_my_rent_answers_the_rent() -> None:
    """t03: "kan dere betale husleia for meg?" got the general answer and the guide's offer word for word."""
    for lang, said_rent in (("nb", "Hjelp til husleie søker du om"), ("nn", "Hjelp til husleige søkjer du om"),
                            ("en", "Help with rent is applied for")):
        messages, _ = await run(FakeRouter(), asked_again("kan dere betale husleia for meg?", {"language": lang}))
        [said] = messages
        assert said["text"].startswith(said_rent) and "55 55 33 33" in said["text"], said["text"]


async def test_a_new_place_gets_the_whole_answer_again() -> None:
    messages, _ = await run(FakeRouter(kommune=ENGERDAL), asked_again(
        "og hvis jeg bor i Engerdal?", {"kommune": "Engerdal"}, [{"entity": "kommune", "value": "Engerdal"}]))
    assert messages[0].get("response") == "utter_sosialhjelp_apply" and len(messages) == 3


async def test_kode_7_is_told_paper_and_her_office_and_asked_again_why() -> None:
    """w03: Fatima (kode 7) got "Fordi adressen din er beskyttet … Ring oss på 55 55 33 33" three times, to "hvorfor
    kan jeg ikke søke digitalt?" and "kan jeg søke på papir?" too; never her office or paper."""
    router = FakeRouter(may_apply_digitally=False)
    first = Tracker("conv-1", {}, {"intent": {"name": "sosialhjelp_apply"}, "entities": [], "text": "jeg vil søke"},
                    [user_event("sosialhjelp_apply", "jeg vil søke")], False, None, {}, "action_listen")
    messages, events = await run(router, first)
    [said] = messages
    assert "papir" in said["text"] and "NAV-kontoret ditt" in said["text"] and "55 55 33 33" in said["text"]
    assert events == [{"event": "followup", "timestamp": None, "name": PROTECTED_OFFER}]
    for question, why in (("hvorfor kan jeg ikke søke digitalt?", True), ("kan jeg søke på papir?", False)):
        messages, events = await run(FakeRouter(may_apply_digitally=False), asked_again(question))
        [said] = messages
        assert ("Derfor kan du ikke søke digitalt" in said["text"]) is why, said["text"]
        assert "Ja, du kan søke på papir" in said["text"]
        assert "NAV-kontoret ditt" in said["text"] and "55 55 33 33" in said["text"], said["text"]
        assert events == [{"event": "followup", "timestamp": None, "name": PROTECTED_OFFER}]


async def test_kode_6_asked_again_hears_why_and_the_phone_to_the_special_unit() -> None:
    messages, _ = await run(FakeRouter(may_apply_digitally=False, local_office=False),
                            asked_again("hvorfor kan jeg ikke søke digitalt?", {"language": "en"}))
    [said] = messages
    assert "That is why you cannot apply online" in said["text"] and "special unit" in said["text"]
    assert "your NAV office" not in said["text"] and "55 55 33 33" in said["text"]
    # the first answer stays the phone only
    first = Tracker("conv-1", {}, {"intent": {"name": "sosialhjelp_apply"}, "entities": [], "text": "jeg vil søke"},
                    [user_event("sosialhjelp_apply", "jeg vil søke")], False, None, {}, "action_listen")
    messages, _ = await run(FakeRouter(may_apply_digitally=False, local_office=False), first)
    assert "NAV-kontoret ditt" not in messages[0]["text"] and "55 55 33 33" in messages[0]["text"]


async def test_kode_7_asking_about_next_month_hears_of_the_period_before_how_to_apply() -> None:
    """Probe 157: Fatima (kode 7, granted help) asked "Får jeg penger neste måned også?" and got only the protected
    how-to-apply answer, as if she had never applied."""
    text = "Får jeg penger neste måned også?"
    first = Tracker("conv-1", {}, {"intent": {"name": "sosialhjelp_apply"}, "entities": [], "text": text},
                    [user_event("sosialhjelp_apply", text)], False, None, {}, "action_listen")
    messages, events = await run(FakeRouter(may_apply_digitally=False), first)
    period, how = messages
    assert period["text"].startswith("Vedtaket ditt sier hvilken periode hjelpen gjelder for"), period
    assert "papir" in how["text"] and "NAV-kontoret ditt" in how["text"]
    assert events == [{"event": "followup", "timestamp": None, "name": PROTECTED_OFFER}]
