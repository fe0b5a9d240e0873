"""A wish for a person inside a message about something else is heard: "Jeg har mistet jobben og har ikke penger
til husleie denne måneden. Kan jeg få snakke med noen?" was read as a question of how to apply, answered with the
apply answer and the guide's offer, and the next message ("Jeg bor på Grünerløkka") started the guide (probe 158).

The router reads the wish (router/domain/short_answers.py wants_a_person, in every supported language, with a
negation left out) and says so in the message's metadata (``"asks_for_person": true``, docs/CONTRACTS.md); this
component then makes the message's intent human_handoff, with the model's reading kept next in the ranking (the
handoff takes its tema from it: actions/handoff.py). ``false`` says the message speaks of a person only to say it
wants none ("Jeg vil ikke snakke med noen, bare vite hvordan jeg søker"), which the model read as human_handoff:
its next reading is taken instead (the rule: bot/components/person_wish.py). Runs after the intent classifier, before
the FallbackClassifier (config.yml), in Rasa's own process (.venv-rasa, Python 3.10)."""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY
from rasa.shared.nlu.training_data.message import Message

from bot.components.person_wish import asks_for_person, heard


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class PersonAsked(GraphComponent):
    """The router's word that the message asks for a person makes its intent human_handoff."""

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> PersonAsked:
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            changed = heard(asks_for_person(message.get("metadata")), message.get(INTENT),
                            list(message.get(INTENT_RANKING_KEY) or []))
            if changed is not None:
                intent, ranking = changed
                message.set(INTENT, intent, add_to_output=True)
                message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        return messages

    def process_training_data(self, training_data: Any) -> Any:
        return training_data
