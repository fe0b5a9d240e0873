""""Når svarer dere?" on julaften, a helligdag or a weekend (helper-145): the bot said "Veiledere svarer i chatten på
hverdager 09–15" and nothing of today, though the router treats julaften as closed all day. The answer now says the
chat is not staffed today (or now) and when a veileder can answer at the earliest, from the router's ways-to-nav
(the queue's hours: one calendar), in the router's own words for the earliest answer; the general answer after it
names helligdager, julaften and nyttårsaften."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa_sdk.executor import CollectingDispatcher

from actions.response_time import ActionResponseTime
from router.adapters.reference_data import ReferenceRouting, load_reference_data
from router.domain.opening_hours import OSLO, is_open, next_opening, norwegian_public_holidays
from tests.unit.actions.bot_action_fakes import FakeRouter, tracker

ROOT = Path(__file__).resolve().parents[3]
MONDAY_28 = "2026-12-28T09:00:00+01:00"


def _answer(lang: str, router: Any) -> list[dict[str, Any]]:
    action = ActionResponseTime()
    action.client_factory = lambda: router  # type: ignore[assignment]
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker({"language": lang}, ["response_time"],
                                                        text="når svarer dere?"), {}))
    assert events == []
    return dispatcher.messages


@pytest.mark.parametrize(("lang", "said"), [
    ("nb", "Chatten er ikke bemannet i dag. En veileder kan svare deg tidligst mandag 28. desember kl. 09:00. "),
    ("nn", "Chatten er ikkje bemanna i dag. Ein rettleiar kan svare deg tidlegast måndag 28. desember kl. 09:00. "),
    ("en", "The chat is not staffed today. An adviser can answer you on Monday, 28 December, 09:00 at the "
           "earliest. "),
])
def test_on_a_closed_day_the_answer_says_the_chat_is_not_staffed_today_and_the_earliest_answer(lang: str,
                                                                                             said: str) -> None:
    [message] = _answer(lang, FakeRouter(chat_opens=MONDAY_28, chat_closed_today=True))
    # one message: the general answer (its button to a person) with today's words filled in before it
    assert message["response"] == "utter_response_time" and message["today"] == said, message


def test_after_hours_on_a_staffed_day_it_says_now() -> None:
    [message] = _answer("nb", FakeRouter(chat_opens="2026-12-08T09:00:00+01:00", chat_closed_today=False))
    assert message["today"] == ("Chatten er ikke bemannet nå. En veileder kan svare deg tidligst tirsdag 8. "
                                "desember kl. 09:00. "), message


@pytest.mark.parametrize("router", [FakeRouter(), None])
def test_while_staffed_or_when_the_router_cannot_tell_the_general_answer_alone(router: Any) -> None:
    class Away(FakeRouter):
        async def ways_to_nav(self, sender_id: str) -> dict[str, Any]:
            return {}

    [message] = _answer("nb", router or Away())
    assert message["response"] == "utter_response_time" and message["today"] == "", message
    # NAV's phone open (or not known): with its hours
    assert message["call_nav"] == "Du kan også ringe NAV på 55 55 33 33 (hverdager 09–15).", message


def test_every_variant_of_the_general_answer_takes_today_first_and_names_the_closed_days() -> None:
    """Rasa fills {today} from the action's words; the general answer names the days the chat is not staffed."""
    for variant, closed in zip(_variants(), ("ikke på helligdager, julaften og nyttårsaften",
                                             "ikkje på heilagdagar, julaftan og nyttårsaftan",
                                             "not on public holidays, Christmas Eve or New Year's Eve"), strict=True):
        assert variant["text"].startswith("{today}") and variant["text"].endswith(" {call_nav}"), variant
        assert set(PLACEHOLDER.findall(variant["text"])) == {"today", "call_nav"}, variant
        assert closed in variant["text"], variant
        assert "55 55 33 33" not in variant["text"], "NAV's phone comes from the action, with the truth about it"


PLACEHOLDER = re.compile(r"\{(\w+)\}")


def _variants() -> list[dict[str, Any]]:
    domain = yaml.safe_load((ROOT / "bot" / "conversation.yml").read_text(encoding="utf-8"))
    variants = domain["responses"]["utter_response_time"]
    assert len(variants) == 3
    return variants


# The moment NAV's phone opens again, as the router's ways-to-nav says it (julaften: Monday 28 December 09:00).
PHONE_CLOSED = {"chat_opens": MONDAY_28, "chat_closed_today": True, "nav_phone_opens": MONDAY_28}


@pytest.mark.parametrize(("lang", "call_nav"), [
    ("nb", "NAV på telefon 55 55 33 33 kan du ringe fra mandag 28. desember kl. 09:00."),
    ("nn", "NAV på telefon 55 55 33 33 kan du ringje frå måndag 28. desember kl. 09:00."),
    ("en", "You can call NAV on +47 55 55 33 33 from Monday, 28 December, 09:00."),
])
def test_while_nav_s_phone_is_closed_the_answer_says_when_it_opens_not_its_weekday_hours(lang: str,
                                                                                       call_nav: str) -> None:
    """Julaften (a Thursday) the answer ended "Du kan også ringe NAV på 55 55 33 33 (hverdager 09–15)": the phone is
    closed all day. Now when it opens, from the router's ways-to-nav, as the emergency answer says it."""
    [message] = _answer(lang, FakeRouter(**PHONE_CLOSED))
    assert message["call_nav"] == call_nav, message


@pytest.mark.parametrize("router", [FakeRouter(), FakeRouter(**PHONE_CLOSED)], ids=["open", "closed"])
@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_the_action_fills_every_placeholder_of_the_general_answer(lang: str, router: Any) -> None:
    """Rasa shows a placeholder nobody filled as written ("{today}Jeg er en chatrobot ..."): each variant's are
    filled by the action's message, and no story or rule says utter_response_time on its own, without the action."""
    [message] = _answer(lang, router)
    variant = _variants()[("nb", "nn", "en").index(lang)]
    assert set(PLACEHOLDER.findall(variant["text"])) <= set(message), message
    said = PLACEHOLDER.sub(lambda match: str(message[match.group(1)]), variant["text"])
    assert "{" not in said and "}" not in said, said
    for path in sorted((ROOT / "data").rglob("*.yml")) + sorted((ROOT / "bot").rglob("*.yml")):
        steps = _steps(yaml.safe_load(path.read_text(encoding="utf-8")))
        assert not [step for step in steps if step.get("action") == "utter_response_time"], path


def _steps(node: Any) -> list[dict[str, Any]]:
    """Every mapping inside a loaded YAML file (the steps of its stories and rules among them)."""
    if isinstance(node, dict):
        return [node, *(step for value in node.values() for step in _steps(value))]
    if isinstance(node, list):
        return [step for item in node for step in _steps(item)]
    return []


def test_the_days_the_answer_names_are_closed_all_day_in_the_router_s_chat_hours() -> None:
    """The general answer says julaften and nyttårsaften are not staffed: the router's hours (the reference data's
    NAV days, reference/nav_dager.csv) must say so too. Open either, and change the bot's words with it."""
    from datetime import date, datetime

    hours = ReferenceRouting(load_reference_data(ROOT / "reference")).opening_hours("0312")
    for year in (2026, 2027, 2028):
        for day in (date(year, 12, 24), date(year, 12, 31), *norwegian_public_holidays(year)):
            assert not hours.intervals_on(day), day
    thursday_julaften = datetime(2026, 12, 24, 10, tzinfo=OSLO)
    assert not is_open(hours, thursday_julaften)
    assert next_opening(hours, thursday_julaften) == datetime(2026, 12, 28, 9, tzinfo=OSLO)
