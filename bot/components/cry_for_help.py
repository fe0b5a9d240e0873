"""A cry for help ("HJELP!!!") is no greeting. The model reads a lone "hjelp" as greet (its examples "jeg trenger
hjelp", "I need help" ask what the bot helps with, and the featurizers lower-case and drop the "!!!"), so the
veileder's console said "Intensjon: hilsen" and the bot answered cheerfully. Read as greet, a cry (bot/components/
cries.py) becomes nlu_fallback: not understood, which the fallback answers with a caring word, help today and a
person (actions/fallback.py). Runs after the intent classifier, before the FallbackClassifier (config.yml), in
Rasa's interpreter (.venv-rasa, Python 3.10)."""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.components.cries import cries_for_help

# The intents a cry was read as that do not fit it
READ_AS = frozenset({"greet"})
NOT_UNDERSTOOD = "nlu_fallback"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class CryForHelp(GraphComponent):
    """A cry for help read as a greeting becomes nlu_fallback (with the model's ranking kept after it)."""

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> CryForHelp:
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            if (message.get(INTENT) or {}).get("name") not in READ_AS or not cries_for_help(message.get(TEXT) or ""):
                continue
            intent = {"name": NOT_UNDERSTOOD, "confidence": 1.0}
            message.set(INTENT, intent, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [intent, *(message.get(INTENT_RANKING_KEY) or [])], add_to_output=True)
        return messages

    def process_training_data(self, training_data: Any) -> Any:
        return training_data
