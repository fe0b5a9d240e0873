from rasa_sdk.executor import CollectingDispatcher

from actions.fallback import ActionHandleFallback, is_second_fallback, suggestions
from actions.router_client import RouterClient
from tests.unit.actions.bot_action_fakes import tracker, user_event


def test_suggestions_are_top_guesses_plus_human() -> None:
    ranking = [{"name": "nlu_fallback"}, {"name": "dagpenger"}, {"name": "greet"}, {"name": "meldekort"},
               {"name": "aap"}]
    assert suggestions(ranking) == ["dagpenger", "meldekort", "human_handoff"]
    assert suggestions([]) == ["sosialhjelp_apply", "office_contact", "human_handoff"]


async def test_first_fallback_asks_to_rephrase_with_buttons() -> None:
    dispatcher = CollectingDispatcher()
    t = tracker({}, ["greet", "nlu_fallback"], ranking=[{"name": "dagpenger"}, {"name": "meldekort"}])
    events = await ActionHandleFallback().run(dispatcher, t, {})
    assert events == [{"event": "followup", "timestamp": None, "name": "action_listen"}], "never loops"
    msg = dispatcher.messages[0]
    assert "annen måte" in msg["text"]
    assert [b["payload"] for b in msg["buttons"]] == ["/dagpenger", "/meldekort", "/human_handoff"]


async def test_second_fallback_in_a_row_offers_human() -> None:
    events = [user_event("nlu_fallback"), {"event": "action", "name": "action_handle_fallback"},
              {"event": "action", "name": "action_listen"}, user_event("nlu_fallback")]
    assert is_second_fallback(events)
    dispatcher = CollectingDispatcher()
    t = tracker({}, ["greet"], extra_events=events)
    await ActionHandleFallback().run(dispatcher, t, {})
    assert dispatcher.messages[0]["buttons"][0]["payload"] == "/human_handoff"


def test_fallback_after_a_normal_answer_is_first_again() -> None:
    events = [user_event("nlu_fallback"), {"event": "action", "name": "action_handle_fallback"},
              user_event("dagpenger"), {"event": "action", "name": "utter_dagpenger"}, user_event("nlu_fallback")]
    assert not is_second_fallback(events)


async def test_router_client_returns_none_when_down() -> None:
    client = RouterClient(base_url="http://127.0.0.1:9", token="t", timeout_s=0.5)
    assert await client.get_kommune("Oslo") is None
    assert await client.resolve(kommune="Oslo") is None
    assert await client.get_enhet("0312") is None
    assert await client.handoff("c1", {"reason": "x"}) is None


async def test_an_unsure_out_of_scope_is_asked_to_rephrase_not_told_it_is_off_topic() -> None:
    """"hva kan jeg gjøre?" after a status question was out_of_scope at 0.38: "Det kan jeg dessverre ikke hjelpe
    med". Unsure, it gets the rephrase with the model's guesses, a person and the phone; sure, the off-topic answer."""
    from rasa_sdk import Tracker

    from actions.fallback import ActionOutOfScope

    def parsed(confidence: float) -> Tracker:
        t = tracker({}, ["out_of_scope"], text="hva kan jeg gjøre?",
                    ranking=[{"name": "out_of_scope"}, {"name": "sosialhjelp_status"}])
        t.latest_message["intent"]["confidence"] = confidence
        return t

    dispatcher = CollectingDispatcher()
    events = await ActionOutOfScope().run(dispatcher, parsed(0.38), {})
    assert events == [{"event": "followup", "timestamp": None, "name": "action_listen"}]
    assert "annen måte" in dispatcher.messages[0]["text"] and "55 55 33 33" in dispatcher.messages[0]["text"]
    assert [b["payload"] for b in dispatcher.messages[0]["buttons"]][0] == "/sosialhjelp_status"
    dispatcher = CollectingDispatcher()
    assert await ActionOutOfScope().run(dispatcher, parsed(0.9), {}) == []
    assert [m.get("response") for m in dispatcher.messages] == ["utter_out_of_scope"]
