"""The answer language on every turn, and the place when the router learned one, from the router's message
metadata (not a slot write: one request a turn).

The router sends each bruker message to Rasa with metadata ``{"message_id", "language"}`` and, once when it
changed, ``"kommune"`` (docs/CONTRACTS.md). This component turns the language into an entity ``language`` on that
very message (the slot ``language`` is mapped from it, so the language holds for the whole conversation and
changes only when the router changes it), and the kommune into an entity ``kommune`` unless the bruker's own words
named one in that message. Runs inside Rasa's own process (.venv-rasa, Python 3.10).
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES
from rasa.shared.nlu.training_data.message import Message

# The languages the bot has answers in (router/domain/language_policy.py BOT_LANGUAGES).
BOT_LANGUAGES = frozenset({"nb", "nn", "en"})
ENTITY = "language"
PLACE_ENTITY = "kommune"
MAX_PLACE_CHARS = 64


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class MetadataLanguage(GraphComponent):
    """Adds the router's answer language as the entity ``language`` (nothing when the metadata has none)."""

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> MetadataLanguage:
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            metadata = message.get("metadata")
            language, place = language_from(metadata), place_from(metadata)
            if language is None and place is None:
                continue
            entities = [e for e in message.get(ENTITIES, []) if e.get("entity") != ENTITY]
            if language is not None:
                entities.append(self._entity(ENTITY, language))
            if place is not None and not any(e.get("entity") == PLACE_ENTITY for e in entities):
                entities.append(self._entity(PLACE_ENTITY, place))
            message.set(ENTITIES, entities, add_to_output=True)
        return messages

    def _entity(self, name: str, value: str) -> dict[str, Any]:
        return {"entity": name, "value": value, "start": 0, "end": 0, "confidence_entity": 1.0,
                "extractor": type(self).__name__}

    def process_training_data(self, training_data: Any) -> Any:
        return training_data


def language_from(metadata: Any) -> str | None:
    """The language the router chose for the bot's answers, when the metadata carries a known one."""
    if not isinstance(metadata, dict):
        return None
    language = metadata.get("language")
    return language if language in BOT_LANGUAGES else None


def place_from(metadata: Any) -> str | None:
    """The kommune the router learned (the page's, or one the bruker named), when the metadata carries one."""
    if not isinstance(metadata, dict):
        return None
    place = metadata.get("kommune")
    return place.strip() if isinstance(place, str) and 0 < len(place.strip()) <= MAX_PLACE_CHARS else None
