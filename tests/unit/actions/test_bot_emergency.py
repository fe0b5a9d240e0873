"""The emergency answer (action_emergency) and the "nei" to its offer, as they can be followed now: while NAV's phone
is closed (the router's ways-to-nav nav_phone_opens, here a Saturday) legevakten and 112/113 first and when NAV's
phone opens; for kode 6 (local_office false) never "NAV-kontoret ditt"."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher

from router.texts import fixed_text
from tests.unit.actions.bot_action_fakes import FakeRouter, tracker

SATURDAY_OPENS = "2026-12-07T09:00:00+01:00"  # the router on Saturday 5 December 2026: Monday 09:00
MONDAY = {"nb": "mandag 7. desember kl. 09:00", "nn": "måndag 7. desember kl. 09:00", "en": "Monday, 7 December, 09:00"}
OFFICE = {"nb": "NAV-kontoret ditt", "nn": "NAV-kontoret ditt", "en": "your NAV office"}
OFFER = {"nb": "Vil du at jeg setter deg i kø", "nn": "Vil du at eg set deg i kø", "en": "Shall I put you in the queue"}


def _emergency(lang: str, router: FakeRouter, text: str = "") -> dict[str, Any]:
    from actions.emergency import ActionEmergency

    action = ActionEmergency()
    action.client_factory = lambda: router  # type: ignore[assignment]
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker({"language": lang}, ["sosialhjelp_emergency"], text=text), {}))
    assert events == [] and len(dispatcher.messages) == 1
    return dispatcher.messages[0]


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_while_nav_s_phone_is_closed_what_answers_now_comes_first_and_when_it_opens(lang: str) -> None:
    message = _emergency(lang, FakeRouter(nav_phone_opens=SATURDAY_OPENS))
    text = message["text"]
    assert text.index("116 117") < text.index("55 55 33 33") and "112" in text and "113" in text, text
    assert MONDAY[lang] in text and "09:00" in text, text
    assert OFFICE[lang] not in text and "09–15" not in text, text
    assert OFFER[lang] in text  # the queue tells honestly when a veileder answers
    assert [b["payload"] for b in message["buttons"]] == ["/human_handoff", "/deny"]


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_while_it_is_open_the_office_and_the_phone_first(lang: str) -> None:
    text = _emergency(lang, FakeRouter())["text"]
    assert OFFICE[lang] in text and "55 55 33 33" in text and "116 117" in text and "112" in text, text
    assert text.index(OFFICE[lang]) < text.index("55 55 33 33") < text.index("116 117") and OFFER[lang] in text


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
@pytest.mark.parametrize(("ways", "key"), [
    ({}, "emergency_contacts"), ({"local_office": False}, "emergency_contacts_call_nav"),
    ({"nav_phone_opens": SATURDAY_OPENS}, "emergency_contacts_closed")])
def test_the_numbers_are_the_routers_own_sentences(lang: str, ways: dict[str, Any], key: str) -> None:
    """One home for the emergency contacts: the bot says what the router's safety net and queue notices say
    (router/texts emergency_contacts*), not a copy of its own that can drift from them."""
    from datetime import datetime

    from router.texts import fixed_text
    from router.texts.formatting import day_and_time

    text = _emergency(lang, FakeRouter(**ways))["text"]
    numbers = fixed_text(key, lang, opens=day_and_time(datetime.fromisoformat(SATURDAY_OPENS), lang))
    assert numbers in text, (numbers, text)


@pytest.mark.parametrize("opens", [None, SATURDAY_OPENS])
def test_kode_6_is_never_sent_to_a_local_office(opens: str | None) -> None:
    for lang in ("nb", "nn", "en"):
        text = _emergency(lang, FakeRouter(local_office=False, may_apply_digitally=False, nav_phone_opens=opens))["text"]
        assert "NAV-kontor" not in text and "NAV office" not in text and "55 55 33 33" in text, text


def test_without_the_router_the_general_answer_which_says_what_to_do_when_nav_is_closed() -> None:
    text = _emergency("nb", FakeRouter(nav_phone_opens="not a time"))["text"]
    assert "Når NAV er stengt: ring legevakten på 116 117" in text, text


def _declined(router: FakeRouter, *, in_guide: bool = False) -> list[str]:
    from actions.conversation import ActionAnswerYesNo
    from tests.unit.actions.test_bot_conversation import _events

    events = _events(("user", "sosialhjelp_emergency"), ("action", "action_emergency"),
                     ("bot", "Det høres vanskelig ut."), ("action", "action_listen"), ("user", "deny"))
    if in_guide:
        events = [{"event": "active_loop", "name": "digisos_form"}, *_events(
            ("action", "digisos_form"), ("action", "action_listen"), ("user", "sosialhjelp_emergency")),
            {"event": "action", "name": "action_deactivate_loop"}, {"event": "active_loop", "name": None},
            *events[1:]]
    action = ActionAnswerYesNo()
    action.client_factory = lambda: router  # type: ignore[assignment]
    dispatcher = CollectingDispatcher()
    asyncio.run(action.run(dispatcher, tracker({"language": "nb"}, ["deny"], text="nei", extra_events=events), {}))
    return [m["text"] for m in dispatcher.messages]


def test_no_to_the_offer_gives_the_numbers_as_they_can_be_followed_now() -> None:
    closed = _declined(FakeRouter(nav_phone_opens=SATURDAY_OPENS))[0]
    assert closed.startswith("Helt greit. NAV er stengt nå") and "116 117" in closed, closed
    assert "mandag 7. desember kl. 09:00" in closed and "NAV-kontoret" not in closed and "hjelp meg å søke" in closed
    kode6 = _declined(FakeRouter(local_office=False))[0]
    assert "NAV-kontor" not in kode6 and "55 55 33 33 (hverdager 09–15)" in kode6, kode6
    open_ = _declined(FakeRouter())[0]
    assert "NAV-kontoret ditt eller NAV på 55 55 33 33 (hverdager 09–15)" in open_, open_
    in_guide = _declined(FakeRouter(nav_phone_opens=SATURDAY_OPENS), in_guide=True)
    assert "NAV er stengt nå" in in_guide[0] and "hjelp meg å søke" not in in_guide[0], in_guide
    assert in_guide[1] == "Da fortsetter vi med søknaden der vi slapp.", in_guide


def _declined_person(router: FakeRouter, lang: str, *, in_guide: bool = False) -> list[str]:
    """A "nei" to a general offer of a person (after "Kan dere ringe meg?"), outside or in the middle of the guide."""
    from actions.conversation import ActionAnswerYesNo
    from tests.unit.actions.test_bot_conversation import _events

    events = _events(("user", "human_handoff"), ("action", "action_callback"),
                     ("bot", "Fra chatten kan jeg ikke bestille ..."), ("action", "action_listen"), ("user", "deny"))
    if in_guide:
        events = [{"event": "active_loop", "name": "digisos_form"}, *_events(
            ("action", "digisos_form"), ("action", "action_listen"), ("user", "human_handoff")),
            {"event": "action", "name": "action_deactivate_loop"}, {"event": "active_loop", "name": None},
            *events[1:]]
    action = ActionAnswerYesNo()
    action.client_factory = lambda: router  # type: ignore[assignment]
    dispatcher = CollectingDispatcher()
    asyncio.run(action.run(dispatcher, tracker({"language": lang}, ["deny"], text="nei", extra_events=events), {}))
    return [m["text"] for m in dispatcher.messages]


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_no_to_a_person_offered_says_when_nav_s_phone_opens_while_it_is_closed(lang: str) -> None:
    """"Helt greit. ... ringe NAV på 55 55 33 33 (hverdager 09–15)" was said on a Saturday too: while NAV's phone is
    closed (ways-to-nav nav_phone_opens) the "nei" says when it opens; while it is open, the hours as before."""
    for in_guide in (False, True):
        closed = _declined_person(FakeRouter(nav_phone_opens=SATURDAY_OPENS), lang, in_guide=in_guide)
        assert "55 55 33 33" in closed[0] and MONDAY[lang] in closed[0] and "09–15" not in closed[0], closed
        assert len(closed) == (2 if in_guide else 1), closed
        open_ = _declined_person(FakeRouter(), lang, in_guide=in_guide)[0]
        assert "55 55 33 33" in open_ and "09–15" in open_ and "{opens}" not in open_, open_


@pytest.mark.parametrize("opens", [None, SATURDAY_OPENS])
@pytest.mark.parametrize("local_office", [None, False])
def test_in_english_no_to_the_offer_writes_the_phone_as_the_answer_before_it_did(opens: str | None,
                                                                                 local_office: bool | None) -> None:
    """The emergency answer (the router's English text) writes "+47 55 55 33 33"; the "nei" after it the same."""
    from datetime import datetime

    from actions.emergency import DECLINED, emergency_way, worded

    router = FakeRouter(local_office=local_office, nav_phone_opens=opens)
    way, moment = asyncio.run(emergency_way(router, "c"))
    assert moment == (datetime.fromisoformat(opens) if opens else None)
    assert "+47 55 55 33 33" in _emergency("en", router)["text"]
    assert "+47 55 55 33 33" in worded(DECLINED, way, moment, "en")


# The Saturday probe: an eviction notice got the general numbers only, nothing of what the office can do with it; a
# power cut got nothing of it still. The sentences are the router's safety net's, in the same words.
@pytest.mark.parametrize(("lang", "text", "said"), [
    ("nb", "jeg har fått varsel om utkastelse", fixed_text("home_at_risk_help", "nb")),
    ("nb", "jeg skylder husleie og kan bli kastet ut", "midlertidig sted å bo"),
    ("nn", "eg har fått varsel om utkasting frå husverten", "mellombels stad å bu"),
    ("en", "my landlord is going to evict me", "temporary place to stay"),
    ("nb", "strømmen blir stengt i morgen og vi har små barn", fixed_text("power_cut_help", "nb")),
    ("nn", "straumen er stengd og det er kaldt", "straumrekninga"),
    ("en", "my electricity has been cut off", "electricity bill"),
])
def test_an_eviction_rent_or_a_power_cut_hears_what_the_office_can_do_before_the_offer(lang: str, text: str,
                                                                                        said: str) -> None:
    answer = _emergency(lang, FakeRouter(local_office=True, nav_phone_opens=SATURDAY_OPENS), text)["text"]
    assert said in answer and "116 117" in answer
    assert answer.index(said) < answer.index(OFFER[lang])


def test_no_money_for_food_is_not_told_about_rent() -> None:
    answer = _emergency("nb", FakeRouter(local_office=True), "jeg har ikke penger til mat i dag")["text"]
    assert "boligen" not in answer and "strøm" not in answer and "116 117" in answer
