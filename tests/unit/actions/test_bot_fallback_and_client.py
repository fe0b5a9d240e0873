from typing import Any

from rasa_sdk.executor import CollectingDispatcher

from actions.fallback import ActionHandleFallback, ActionOutOfScope, is_second_fallback, suggestions
from actions.router_client import RouterClient
from tests.unit.actions.bot_action_fakes import FakeRouter, tracker, user_event


def fallback(router: FakeRouter | None = None) -> ActionHandleFallback:
    action = ActionHandleFallback()
    action.client_factory = lambda: router or FakeRouter()  # type: ignore[method-assign]
    return action


def out_of_scope(router: FakeRouter | None = None) -> ActionOutOfScope:
    action = ActionOutOfScope()
    action.client_factory = lambda: router or FakeRouter()  # type: ignore[method-assign]
    return action


def test_suggestions_are_top_guesses_plus_human() -> None:
    ranking = [{"name": "nlu_fallback"}, {"name": "sosialhjelp_status"}, {"name": "greet"}, {"name": "complaint"},
               {"name": "aap"}]
    assert suggestions(ranking) == ["sosialhjelp_status", "complaint", "human_handoff"]
    assert suggestions([]) == ["sosialhjelp_apply", "office_contact", "human_handoff"]


def test_state_benefits_are_never_offered_as_a_guess() -> None:
    """A message the bot did not understand got [Sykepenger] or [Dagpenger] (the model's weak guesses): this service
    is økonomisk sosialhjelp. The sosialhjelp topics and a person instead."""
    for benefit in ("sykepenger", "dagpenger", "meldekort", "aap", "barnetrygd", "foreldrepenger"):
        ranking = [{"name": "nlu_fallback"}, {"name": benefit}, {"name": "sosialhjelp_status"}]
        assert suggestions(ranking) == ["sosialhjelp_status", "sosialhjelp_apply", "human_handoff"], benefit


async def test_first_fallback_asks_to_rephrase_with_buttons() -> None:
    dispatcher = CollectingDispatcher()
    t = tracker({}, ["greet", "nlu_fallback"], ranking=[{"name": "sykepenger"}, {"name": "sosialhjelp_status"},
                                                        {"name": "complaint"}])
    events = await fallback().run(dispatcher, t, {})
    assert events == [{"event": "followup", "timestamp": None, "name": "action_listen"}], "never loops"
    msg = dispatcher.messages[0]
    assert "annen måte" in msg["text"]
    assert [b["payload"] for b in msg["buttons"]] == ["/sosialhjelp_status", "/complaint", "/human_handoff"]


async def test_second_fallback_in_a_row_offers_human() -> None:
    events = [user_event("nlu_fallback"), {"event": "action", "name": "action_handle_fallback"},
              {"event": "action", "name": "action_listen"}, user_event("nlu_fallback")]
    assert is_second_fallback(events)
    dispatcher = CollectingDispatcher()
    t = tracker({}, ["greet"], extra_events=events)
    await fallback().run(dispatcher, t, {})
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

    def parsed(confidence: float) -> Tracker:
        t = tracker({}, ["out_of_scope"], text="hva kan jeg gjøre?",
                    ranking=[{"name": "out_of_scope"}, {"name": "sosialhjelp_status"}])
        t.latest_message["intent"]["confidence"] = confidence
        return t

    dispatcher = CollectingDispatcher()
    events = await out_of_scope().run(dispatcher, parsed(0.38), {})
    assert events == [{"event": "followup", "timestamp": None, "name": "action_listen"}]
    assert "annen måte" in dispatcher.messages[0]["text"] and "55 55 33 33" in dispatcher.messages[0]["text"]
    assert [b["payload"] for b in dispatcher.messages[0]["buttons"]][0] == "/sosialhjelp_status"
    dispatcher = CollectingDispatcher()
    assert await out_of_scope().run(dispatcher, parsed(0.9), {}) == []
    assert [m.get("response") for m in dispatcher.messages] == ["utter_out_of_scope"]


def unsure_out_of_scope(confidence: float) -> list[dict[str, Any]]:
    """A turn the model called out_of_scope at ``confidence``, answered by action_out_of_scope."""
    said = user_event("out_of_scope", "hva kan jeg gjøre?")
    said["parse_data"]["intent"]["confidence"] = confidence
    return [said, {"event": "action", "name": "action_out_of_scope"}, {"event": "bot", "text": "…"},
            {"event": "action", "name": "action_listen"}]


async def test_the_rephrase_of_an_unsure_out_of_scope_counts_toward_offering_a_person() -> None:
    """An unsure out_of_scope gets the rephrase (c3409a6), but the message after it that the bot did not understand
    either got the rephrase again, not "Vil du snakke med en veileder?". A sure one (the off-topic answer) does not
    count."""
    assert is_second_fallback([*unsure_out_of_scope(0.38), user_event("nlu_fallback")])
    assert not is_second_fallback([*unsure_out_of_scope(0.9), user_event("nlu_fallback")])
    for last, action in (("nlu_fallback", fallback()), ("out_of_scope", out_of_scope())):
        dispatcher = CollectingDispatcher()
        t = tracker({}, ["greet"], extra_events=[*unsure_out_of_scope(0.38), user_event(last)])
        t.latest_message["intent"] = {"name": last, "confidence": 0.3}
        await action.run(dispatcher, t, {})
        assert "fortsatt ikke helt" in dispatcher.messages[0]["text"], dispatcher.messages
        assert dispatcher.messages[0]["buttons"][0]["payload"] == "/human_handoff"


async def test_the_fallback_says_when_nav_s_phone_opens_while_it_is_closed() -> None:
    """"ringe NAV på 55 55 33 33 (hverdager 09–15)" on a Saturday did not say when the phone opens: the router's
    ways-to-nav nav_phone_opens does."""
    closed = FakeRouter(nav_phone_opens="2026-12-07T09:00:00+01:00")
    first = [user_event("nlu_fallback")]
    second = [user_event("nlu_fallback"), {"event": "action", "name": "action_handle_fallback"},
              {"event": "action", "name": "action_listen"}, user_event("nlu_fallback")]
    for events, said in ((first, "annen måte"), (second, "fortsatt ikke helt")):
        dispatcher = CollectingDispatcher()
        await fallback(closed).run(dispatcher, tracker({}, ["greet"], extra_events=events), {})
        text = dispatcher.messages[0]["text"]
        assert said in text and "55 55 33 33" in text and "mandag 7. desember" in text, text
        assert "hverdager" not in text, text
        dispatcher = CollectingDispatcher()
        await fallback(FakeRouter()).run(dispatcher, tracker({}, ["greet"], extra_events=events), {})
        assert "55 55 33 33 (hverdager 09–15)" in dispatcher.messages[0]["text"]
    dispatcher = CollectingDispatcher()
    await fallback(closed).run(dispatcher, tracker({"language": "en"}, ["greet"], extra_events=first), {})
    assert "+47 55 55 33 33 from Monday" in dispatcher.messages[0]["text"], dispatcher.messages


async def test_emoji_alone_gets_the_caring_buttons_not_the_model_s_guesses() -> None:
    """The probe's "😭😭😭🙏" got "Problemer med innlogging" and "Registrere meg som arbeidssøker": a message of emoji
    or punctuation alone gets help today, a person and applying for sosialhjelp."""
    for text in ("😭😭😭🙏", "!!!", "🙏 ?"):
        dispatcher = CollectingDispatcher()
        t = tracker({}, ["nlu_fallback"], text=text,
                    ranking=[{"name": "login_help"}, {"name": "job_seeker_registration"}])
        await fallback().run(dispatcher, t, {})
        [msg] = dispatcher.messages
        assert [b["payload"] for b in msg["buttons"]] == ["/sosialhjelp_emergency", "/human_handoff",
                                                         "/sosialhjelp_apply"], msg
        assert [b["title"] for b in msg["buttons"]][:2] == ["Jeg trenger hjelp i dag", "Snakk med en veileder"]
    dispatcher = CollectingDispatcher()
    t = tracker({}, ["nlu_fallback"], text="blabla 0150", ranking=[{"name": "login_help"}])
    await fallback().run(dispatcher, t, {})
    assert dispatcher.messages[0]["buttons"][0]["payload"] == "/login_help", "words keep the model's guesses"
