"""What of a bruker's message the bot reads: words as words, and only the intents a button of the bot may send.

Rasa reads a message that starts with "/" as an intent with entities, not as words (its RegexMessageHandler runs
after the NLU pipeline and replaces what it found). Typed by a bruker, "/restart" would wipe the bot's memory of the
conversation, the answer language with it, and '/greet{"language": "nn"}' would switch the language: the router
alone decides the language (docs/CONTRACTS.md). So typed text loses its leading slashes, and of the button
payloads, Rasa's own control intents and any that would set the language are not passed on (no button of the bot
sends them; a Rasa widget whose bruker types "/restart" sends it as if it were a button).
"""

from __future__ import annotations

import json
import re

# Rasa's default intents that act on the tracker itself rather than being answered.
RASA_CONTROL_INTENTS = frozenset({"restart", "back", "session_start"})
# Entities only the router sets (through the message metadata, bot/components/metadata_language.py).
ROUTER_ENTITIES = frozenset({"language"})
_LEADING_SLASHES = re.compile(r"^[\s/]+")
# What the bot gets for a message of nothing but slashes: no words, so its "I did not understand".
NO_WORDS = "?"


def words_for_bot(text: str) -> str:
    """Typed text as the bot must read it: never as an intent, whatever it starts with."""
    if not text.lstrip().startswith("/"):
        return text
    return _LEADING_SLASHES.sub("", text) or NO_WORDS


def payload_for_bot(payload: str | None) -> str | None:
    """A button's payload as the bot gets it; None for one naming a Rasa control intent or setting an entity only
    the router sets (its text goes as words instead)."""
    if payload is None or not payload.startswith("/"):
        return payload
    intent, brace, rest = payload[1:].partition("{")
    if intent in RASA_CONTROL_INTENTS or ROUTER_ENTITIES & _entity_names(brace + rest):
        return None
    return payload


def _entity_names(entities: str) -> set[str]:
    """The entity names of a payload's JSON object (none when it has none, or Rasa could not read it either)."""
    try:
        parsed = json.loads(entities) if entities else {}
    except ValueError:
        return set()
    return {str(name) for name in parsed} if isinstance(parsed, dict) else set()
