"""The router's reading of a wish for a person, applied to the model's ranking (bot/components/person_wish.py, which
the Rasa component bot/components/person_asked.py runs)."""

from __future__ import annotations

from bot.components.person_wish import HANDOFF, OTHERS_SHARE, asks_for_person, heard

# What the model made of probe 162's "jeg bor på grünerløkka. strømmen blir stengt i morgen og jeg har ikke penger.
# jeg vil snakke med noen".
EMERGENCY = {"name": "sosialhjelp_emergency", "confidence": 0.9996}
RANKING = [EMERGENCY, {"name": HANDOFF, "confidence": 0.0003}, {"name": "inform", "confidence": 0.0001}]
AMBIGUITY_THRESHOLD = 0.02  # config.yml FallbackClassifier


def test_a_heard_wish_is_the_handoff_clear_of_the_fallbacks_ambiguity_check_with_the_models_reading_next() -> None:
    intent, ranking = heard(True, EMERGENCY, RANKING) or ({}, [])
    assert intent == {"name": HANDOFF, "confidence": 1.0}
    assert [i["name"] for i in ranking] == [HANDOFF, "sosialhjelp_emergency", "inform"], "the tema comes from the next"
    assert ranking[0]["confidence"] - ranking[1]["confidence"] > AMBIGUITY_THRESHOLD, \
        "human_handoff 1.0 beside 0.9996 became nlu_fallback, and the bot asked what it could help with"
    assert ranking[1]["confidence"] == EMERGENCY["confidence"] * OTHERS_SHARE


def test_a_person_named_only_to_say_none_is_wanted_gives_way_to_the_next_reading() -> None:
    read = {"name": HANDOFF, "confidence": 0.53}
    apply = {"name": "sosialhjelp_apply", "confidence": 0.4}
    assert heard(False, read, [read, apply]) == (apply, [apply])


def test_nothing_changes_without_the_routers_word_or_when_the_model_already_agrees() -> None:
    assert heard(None, EMERGENCY, RANKING) is None
    assert heard(True, {"name": HANDOFF, "confidence": 0.9}, RANKING) is None
    assert heard(False, EMERGENCY, RANKING) is None


def test_only_a_boolean_in_the_metadata_is_the_routers_word() -> None:
    assert [asks_for_person(m) for m in ({"asks_for_person": True}, {"asks_for_person": False}, {"asks_for_person": 1},
                                         {}, None, "x")] == [True, False, None, None, None, None]
