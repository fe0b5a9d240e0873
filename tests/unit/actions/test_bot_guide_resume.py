"""A wish to go on with the guide ("ok, la oss fortsette med søknaden", sosialhjelp_draft to the model) takes the
guide up again; the saved-drafts answer ("Et påbegynt utkast blir liggende i 14 dager ...") is for drafts."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.guide_pause import ActionSosialhjelpDraft, wants_the_guide_back

GUIDE_RAN = [{"event": "active_loop", "name": "digisos_form"},
             {"event": "slot", "name": "digisos_behov", "value": "livsopphold"}]


def _run(text: str, events: list[dict[str, Any]], active: bool, slots: dict[str, Any] | None = None
         ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    latest = {"intent": {"name": "sosialhjelp_draft", "confidence": 0.99}, "entities": [], "text": text}
    user = {"event": "user", "text": text, "parse_data": latest}
    t = Tracker("conv-1", {"language": "nb", **(slots or {})}, latest, [*events, user], False, None,
                {"name": "digisos_form"} if active else {}, "action_listen")
    dispatcher = CollectingDispatcher()
    out = asyncio.run(ActionSosialhjelpDraft().run(dispatcher, t, {}))
    return out, dispatcher.messages


@pytest.mark.parametrize(("text", "expected"), [
    ("ok, la oss fortsette med søknaden", True), ("fortsett", True), ("kan vi gå videre med søknaden?", True),
    ("let's continue with the application", True), ("eg vil halde fram med søknaden", True),
    ("kan jeg lagre søknaden og fortsette senere", False), ("fortsette påbegynt søknad om sosialhjelp", False),
    ("kan jeg fortsette på mobilen", False), ("hvor finner jeg utkastet", False), ("søknaden ble borte", False),
])
def test_wants_the_guide_back(text: str, expected: bool) -> None:
    assert wants_the_guide_back(text) is expected


def test_going_on_with_the_guide_resumes_it_without_the_drafts_answer() -> None:
    # the guide still active (its rule asks the question again after this action)
    events, said = _run("ok, la oss fortsette med søknaden", GUIDE_RAN, active=True)
    assert events == [] and [m.get("text") for m in said] == ["Da fortsetter vi med søknaden der vi slapp."], said
    # the guide paused by a detour: activated again
    paused = [*GUIDE_RAN, {"event": "active_loop", "name": None}]
    events, said = _run("ok, la oss fortsette med søknaden", paused, active=False)
    assert events[-1] == {"event": "followup", "name": "digisos_form", "timestamp": None}, events
    assert all(m.get("response") != "utter_sosialhjelp_draft" for m in said), said


def test_drafts_and_a_finished_or_never_started_guide_get_the_drafts_answer() -> None:
    for text, events, slots in [("hvor finner jeg utkastet", GUIDE_RAN, {}),
                                ("ok, la oss fortsette med søknaden", [], {}),
                                ("ok, la oss fortsette med søknaden", GUIDE_RAN, {"digisos_done": True})]:
        out, said = _run(text, events, active=False, slots=slots)
        assert out == [] and [m.get("response") for m in said] == ["utter_sosialhjelp_draft"], (text, said)


ARBEID = "Arbeid og utdanning: er du i arbeid, student eller uten arbeid?"
# The guide at the work question; a side question answered, and the guide's question asked again after it.
DETOUR = [*GUIDE_RAN, {"event": "action", "name": "digisos_form"}, {"event": "bot", "text": ARBEID},
          {"event": "slot", "name": "requested_slot", "value": "digisos_arbeid"},
          {"event": "action", "name": "action_listen"},
          {"event": "user", "text": "når kommer pengene?", "parse_data": {"intent": {"name": "payment_dates"}}},
          {"event": "action", "name": "action_case_answer"}, {"event": "bot", "text": "Utbetalingen kommer ..."},
          {"event": "action", "name": "digisos_form"}, {"event": "bot", "text": ARBEID},
          {"event": "slot", "name": "requested_slot", "value": "digisos_arbeid"},
          {"event": "action", "name": "action_listen"}]


def test_going_on_right_after_the_question_was_asked_again_does_not_ask_it_a_third_time() -> None:
    """A probe: after a side question the guide asked its question again at once, and once more after "la oss
    fortsette": twice in a row. The question after the side answer stays (one can answer it at once); "la oss
    fortsette" then says so and listens, and the guide, still active, takes the next message as the answer."""
    events, said = _run("ok, la oss fortsette med søknaden", DETOUR, active=True)
    assert [m.get("text") for m in said] == [
        "Da fortsetter vi med søknaden der vi slapp: svar gjerne på spørsmålet over."], said
    # the guide taken up again (it rejected "la oss fortsette", and Rasa predicts a rejected loop only after it ran)
    assert events == [{"event": "active_loop", "name": "digisos_form", "timestamp": None},
                      {"event": "followup", "name": "action_listen", "timestamp": None}], events
    # after a side answer the guide did not follow (its question not the last thing said): the guide asks it
    side_only = [*DETOUR[:-4], {"event": "action", "name": "action_listen"}]
    events, said = _run("ok, la oss fortsette med søknaden", side_only, active=True)
    assert events == [] and [m.get("text") for m in said] == ["Da fortsetter vi med søknaden der vi slapp."], said
