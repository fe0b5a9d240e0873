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
