"""A wish for a person inside a message about something else is heard: "Jeg har mistet jobben og har ikke penger
til husleie denne måneden. Kan jeg få snakke med noen?" was read as a question of how to apply, answered with the
apply answer and the guide's offer, and the next message ("Jeg bor på Grünerløkka") started the guide (probe 158).

The router reads the wish (router/domain/short_answers.py wants_a_person, in every supported language, with a
negation left out) and says so in the message's metadata (``"asks_for_person": true``, docs/CONTRACTS.md); this
component then makes the message's intent human_handoff, with the model's reading kept next in the ranking (the
handoff takes its tema from it: actions/handoff.py). ``false`` says the message speaks of a person only to say it
wants none ("Jeg vil ikke snakke med noen, bare vite hvordan jeg søker"), which the model read as human_handoff:
its next reading is taken instead. Runs after the intent classifier, before the FallbackClassifier (config.yml),
in Rasa's own process (.venv-rasa, Python 3.10)."""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY
from rasa.shared.nlu.training_data.message import Message

HANDOFF = "human_handoff"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class PersonAsked(GraphComponent):
    """The router's word that the message asks for a person makes its intent human_handoff."""

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> PersonAsked:
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            wish = asks_for_person(message.get("metadata"))
            read_as_handoff = (message.get(INTENT) or {}).get("name") == HANDOFF
            ranking = [i for i in message.get(INTENT_RANKING_KEY) or [] if i.get("name") != HANDOFF]
            if wish is True and not read_as_handoff:
                intent = {"name": HANDOFF, "confidence": 1.0}
                message.set(INTENT, intent, add_to_output=True)
                message.set(INTENT_RANKING_KEY, [intent, *ranking], add_to_output=True)
            elif wish is False and read_as_handoff and ranking:
                message.set(INTENT, ranking[0], add_to_output=True)
                message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        return messages

    def process_training_data(self, training_data: Any) -> Any:
        return training_data


def asks_for_person(metadata: Any) -> bool | None:
    """The router's reading: True (a wish for a person), False (a person named only to say none is wanted), None."""
    wish = metadata.get("asks_for_person") if isinstance(metadata, dict) else None
    return wish if isinstance(wish, bool) else None
