"""Record the need for a tolk (and which language) on the conversation, through the router, and answer it.

The answer names the language the bruker asked for ("Jeg har notert at du trenger tolk på polsk.") in the
conversation's language, before the general answer (utter_request_interpreter); the router translates both for
brukere who write in another language.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from babel import Locale
from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import language, pick
from actions.router_client import RouterClient
from router.domain.language_policy import NORWEGIAN_PATH
from router.texts import NORWEGIAN_LANGUAGE_NAMES

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
# Tolk languages the router's list of Norwegian names does not have.
EXTRA_NORWEGIAN_NAMES = {"sq": "albansk", "bs": "bosnisk", "ta": "tamil"}
EXTRA_ENGLISH_NAMES = {"prs": "Dari"}

ACKNOWLEDGED = {
    "nb": "Jeg har notert at du trenger tolk på {name}.",
    "nn": "Eg har notert at du treng tolk på {name}.",
    "en": "I have noted that you need an interpreter for {name}.",
}


def interpreter_language(text: str, conversation_language: str | None) -> str:
    """The language named in the message; else the conversation's own language when it is not Norwegian."""
    words = re.findall(r"\w+", text.lower())
    for code, stems in LANGUAGE_WORDS.items():
        if any(word.startswith(stem) for word in words for stem in stems):
            return code
    if conversation_language and conversation_language not in NORWEGIAN_PATH:
        return conversation_language
    return UNDETERMINED


def language_name(code: str, lang: str) -> str | None:
    """The tolk language's name in the conversation language ("polsk", "Polish"); None when unknown."""
    if code == UNDETERMINED:
        return None
    if lang == "en":
        return EXTRA_ENGLISH_NAMES.get(code) or Locale("en").languages.get(code)
    return NORWEGIAN_LANGUAGE_NAMES.get(code) or EXTRA_NORWEGIAN_NAMES.get(code)


def acknowledgement(code: str, lang: str) -> str | None:
    """The answer naming the tolk language, or None when the bruker did not say which (the general answer then)."""
    name = language_name(code, lang)
    return pick(ACKNOWLEDGED, lang).format(name=name) if name else None


class ActionRecordInterpreterNeed(Action):
    client_factory: Callable[[], RouterClient] = RouterClient

    def name(self) -> str:
        return "action_record_interpreter_need"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict]:
        text = (tracker.latest_message or {}).get("text") or ""
        code = interpreter_language(text, tracker.get_slot("language"))
        # Best effort: without the router (rasa test, rasa shell) the answer still tells how to get a tolk.
        await self.client_factory().record_interpreter(tracker.sender_id, code)
        # The language named, in the conversation's language; utter_request_interpreter (the right to a tolk and
        # the offer of a human) follows by the rules, so the answer stands even when this action cannot run.
        text = acknowledgement(code, language(tracker))
        if text:
            dispatcher.utter_message(text=text)
        return []
