""""Når svarer dere?": the bot's answer (utter_response_time: the chat's staffed hours on weekdays), and, while the
chat is not staffed, that it is not and when a veileder can answer at the earliest.

On julaften the answer gave the weekday hours and nothing more, on a Thursday the router treats as closed all day
(reference/nav_dager.csv), and it said nothing of helligdager or weekends either. The hours are the router's: the
same staffed hours, helligdager and NAV-wide days its queue notice promises by (ways-to-nav ``chat_opens`` and
``chat_closed_today``, from the routing port's opening_hours), so the bot and the queue never tell a bruker two
different times. Only "tidligst": a veileder may be busy when the chat opens. When the router cannot tell, the
general answer alone. Its last sentence gives NAV's phone as the router's ways-to-nav has it (``nav_phone_opens``,
as the emergency answer reads it): with its hours while open, else when it opens.
"""

from __future__ import annotations

from collections.abc import Callable

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import language, pick
from actions.emergency import phone_way, router_moment, worded
from actions.router_client import RouterClient
from router.texts import fixed_text
from router.texts.formatting import day_and_time

GENERAL_ANSWER = "utter_response_time"
# Its last sentence ({call_nav}): NAV's phone with its hours while it is open, else when it opens, from the router's
# ways-to-nav nav_phone_opens as the emergency answer reads it (phone_way). The weekday hours written in the
# response were untrue on julaften, a Thursday the phone is closed, and said nothing of when it opens on any closed day.
CALL_NAV = {
    "nb": "Du kan også ringe NAV på {phone} ({phone_hours}).",
    "nn": "Du kan også ringje NAV på {phone} ({phone_hours}).",
    "en": "You can also call NAV on +47 {phone} ({phone_hours}).",
}
CALL_NAV_CLOSED = {
    "nb": "NAV på telefon {phone} kan du ringe fra {opens}.",
    "nn": "NAV på telefon {phone} kan du ringje frå {opens}.",
    "en": "You can call NAV on +47 {phone} from {opens}.",
}
NOT_STAFFED = {
    "today": {"nb": "Chatten er ikke bemannet i dag.", "nn": "Chatten er ikkje bemanna i dag.",
              "en": "The chat is not staffed today."},
    "now": {"nb": "Chatten er ikke bemannet nå.", "nn": "Chatten er ikkje bemanna no.",
            "en": "The chat is not staffed now."},
}


def not_staffed_text(ways: dict, lang: str) -> str | None:
    """"Chatten er ikke bemannet i dag. En veileder kan svare deg tidligst mandag 28. desember kl. 09:00." from the
    router's ways-to-nav; None while the chat is staffed, or when the router did not say."""
    opens = router_moment(ways.get("chat_opens"))
    if opens is None:
        return None
    when = "today" if ways.get("chat_closed_today") is True else "now"
    # the earliest answer in the router's own words (router/texts wait_short_when), the queue notice's sentence
    earliest = fixed_text("wait_short_when", lang, when=day_and_time(opens, lang))
    return f"{pick(NOT_STAFFED[when], lang)} {earliest}"


class ActionResponseTime(Action):
    client_factory: Callable[[], RouterClient] = RouterClient

    def name(self) -> str:
        return "action_response_time"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict]:
        client, lang = self.client_factory(), language(tracker)
        ways = await client.ways_to_nav(tracker.sender_id)
        today = not_staffed_text(ways, lang)
        way, opens = phone_way(ways)
        call_nav = worded({way: CALL_NAV_CLOSED if opens is not None else CALL_NAV}, way, opens, lang)
        # one message, the general answer's button to a person under it ("yes" to it hands over: probe 70); both
        # its placeholders filled here, always (Rasa shows an unfilled one as written)
        dispatcher.utter_message(response=GENERAL_ANSWER, today=f"{today} " if today else "", call_nav=call_nav)
        return []
