"""Settles the NLU model's ``register`` / ``unregister`` readings on the message's own words.

The two intents must never be swapped (docs/languages.md, "Measured in make test"),
and the classifier, trained on examples, now and then weighs one word of a message
above the rest ("I deleted it before and want to sign up again" read as a deletion).
This component runs after the classifier and, where the words leave no doubt
(``bot.register_or_delete.settled_intent``), swaps the two intents' places in the
ranking: the confidences stay where they were, so the fallback classifier after it
decides on the same figures. Every other reading passes untouched.
Measured on the independent held-out sets (docs/performance.md, "Register or
delete settled on the words").

Runs inside Rasa (Python 3.10, rasa 3.6); named in bot/config.yml as
``bot.intent_guard.RegisterDeletionGuard``, between DIETClassifier and FallbackClassifier.
"""

from __future__ import annotations

from typing import Any, Dict, List, Text, Type

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.register_or_delete import REGISTER, UNREGISTER, settled_intent


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class RegisterDeletionGuard(GraphComponent, IntentClassifier):
    """Swaps ``register`` and ``unregister`` in a message's ranking when its words settle the reading."""

    @classmethod
    def required_components(cls) -> List[Type]:
        return [IntentClassifier]

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {}

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> RegisterDeletionGuard:
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            ranking = message.get(INTENT_RANKING_KEY) or []
            settled = settled_intent(message.get(TEXT) or "", ranking)
            if settled is not None:
                message.set(INTENT_RANKING_KEY, _swapped(ranking), add_to_output=True)
                message.set(INTENT, _swapped([message.get(INTENT)])[0], add_to_output=True)
        return messages


def _swapped(ranking: List[Dict[Text, Any]]) -> List[Dict[Text, Any]]:
    """The ranking with the names ``register`` and ``unregister`` exchanged, each confidence in its place.

    If the other one was missing from the ranking (DIET ranks its ten best), only the top entry changes."""
    mirror = {REGISTER: UNREGISTER, UNREGISTER: REGISTER}
    return [{**entry, INTENT_NAME_KEY: mirror.get(entry.get(INTENT_NAME_KEY), entry.get(INTENT_NAME_KEY))}
            for entry in ranking]
