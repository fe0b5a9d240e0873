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
