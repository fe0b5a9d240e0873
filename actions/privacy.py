"""The bruker's questions about her own data in this chat (intent ``privacy``): what is stored, for how long, who
reads it and her rights (utter_privacy); a wish to have it deleted gets what really happens and how to ask NAV
(utter_privacy_delete): no button here deletes a chat, so none is promised."""

from __future__ import annotations

import re

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

# A wish, not a question of when: "slett", "slette", "slettar", "få slettet", "sletting", "fjern", "gløym meg",
# "delete", "erase", "forget me"; "når blir chatten slettet?" / "when is it deleted?" get the general answer.
DELETE_WISH = re.compile(
    r"\b(slett|slette|sletter|slettar|fjern|fjerne|fjerner|glem|gløym|delete|erase|remove|forget|wipe)\b"
    r"|\b(ha|få|fått)\s+(slettet|sletta|fjernet|fjerna)\b|\bsletting\b", re.IGNORECASE)


def privacy_response(text: str) -> str:
    """The response for a privacy question: the deletion answer when she asks for something to be deleted."""
    return "utter_privacy_delete" if DELETE_WISH.search(text or "") else "utter_privacy"


class ActionPrivacy(Action):
    def name(self) -> str:
        return "action_privacy"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict]:
        dispatcher.utter_message(response=privacy_response((tracker.latest_message or {}).get("text") or ""))
        return []
