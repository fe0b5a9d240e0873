"""Record the need for a tolk (and which language) on the conversation, through the router."""

from __future__ import annotations

import re
from collections.abc import Callable

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.router_client import RouterClient
from router.domain.language_policy import NORWEGIAN_PATH

# Language names as people write them in bokmål, nynorsk and English (stems, so "arabisk"/"arabic" both match).
LANGUAGE_WORDS: dict[str, tuple[str, ...]] = {
    "ar": ("arab",), "so": ("somali",), "ti": ("tigrin", "tigrinj"), "am": ("amhar",), "pl": ("polsk", "polish"),
    "lt": ("litau", "lithuan"), "uk": ("ukrain",), "ru": ("russisk", "russian"), "fa": ("persisk", "farsi", "persian"),
    "prs": ("dari",), "ps": ("pashto", "pashtu"), "ur": ("urdu",), "tr": ("tyrkisk", "turkish"),
    "ku": ("kurdisk", "kurdish"), "es": ("spansk", "spanish"), "de": ("tysk", "german"), "ro": ("rumensk", "romanian"),
    "th": ("thai",), "vi": ("vietnam",), "en": ("engelsk", "english"), "fr": ("fransk", "french"),
    "sq": ("albansk", "albanian"), "bs": ("bosnisk", "bosnian"), "ta": ("tamil",),
}
UNDETERMINED = "und"  # ISO 639-2: the bruker did not say which language


def interpreter_language(text: str, conversation_language: str | None) -> str:
    """The language named in the message; else the conversation's own language when it is not Norwegian."""
    words = re.findall(r"\w+", text.lower())
    for code, stems in LANGUAGE_WORDS.items():
        if any(word.startswith(stem) for word in words for stem in stems):
            return code
    if conversation_language and conversation_language not in NORWEGIAN_PATH:
        return conversation_language
    return UNDETERMINED


class ActionRecordInterpreterNeed(Action):
    client_factory: Callable[[], RouterClient] = RouterClient

    def name(self) -> str:
        return "action_record_interpreter_need"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict]:
        text = (tracker.latest_message or {}).get("text") or ""
        language = interpreter_language(text, tracker.get_slot("language"))
        # Best effort: without the router (rasa test, rasa shell) the answer still tells how to get a tolk.
        await self.client_factory().record_interpreter(tracker.sender_id, language)
        return []
