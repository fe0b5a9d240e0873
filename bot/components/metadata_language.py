"""The answer language on every turn, from the router's message metadata (not a one-off slot write).

The router sends each bruker message to Rasa with metadata ``{"message_id", "language"}`` (docs/CONTRACTS.md).
This component turns the language into an entity ``language`` on that very message, and the slot ``language``
is mapped from that entity, so the language holds for the whole conversation, changes only when the router
changes it, and costs Rasa no second request. Runs inside Rasa's own process (.venv-rasa, Python 3.10).
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


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class MetadataLanguage(GraphComponent):
    """Adds the router's answer language as the entity ``language`` (nothing when the metadata has none)."""

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> MetadataLanguage:
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            language = language_from(message.get("metadata"))
            if language is None:
                continue
            entities = [e for e in message.get(ENTITIES, []) if e.get("entity") != ENTITY]
            entities.append({"entity": ENTITY, "value": language, "start": 0, "end": 0,
                             "confidence_entity": 1.0, "extractor": type(self).__name__})
            message.set(ENTITIES, entities, add_to_output=True)
        return messages

    def process_training_data(self, training_data: Any) -> Any:
        return training_data


def language_from(metadata: Any) -> str | None:
    """The language the router chose for the bot's answers, when the metadata carries a known one."""
    if not isinstance(metadata, dict):
        return None
    language = metadata.get("language")
    return language if language in BOT_LANGUAGES else None
