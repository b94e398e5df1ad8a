"""Settles the NLU model's reading of look-alike intents on the message's own words.

The classifier, trained on examples, now and then weighs one word of a message above the
rest: "I deleted it before and want to sign up again" read as a deletion, "I forgot my
password" as a sign-up because it names the account, "where is the account number?" as a
correction because it names the number. This component runs after the classifier and, where
the words leave no doubt, swaps two intents' places in the ranking: the confidences stay where
they were, so the fallback classifier after it decides on the same figures. Every other
reading passes untouched. Two readers of the words settle it:

- ``bot.register_or_delete.settled_intent``: ``register`` and ``unregister``, the two intents that
  must never be swapped (docs/languages.md, "Measured in make test"), and a story of deleted
  online access wanted back read as stopping, off topic or a forgotten password;
- ``bot.look_alike_intents.settled_look_alike``: a reading of a "sink" intent (``register``,
  ``correct``, ``unregister``) whose words ask for its neighbour (``forgot_password``,
  ``ask_benefits``, ``help``; ``account_help``, ``change_email``; ``ask_benefits``).

Measured on the independent held-out sets (docs/performance.md, "Register or delete settled on
the words", "Look-alike intents settled on the words").

Runs inside Rasa (Python 3.10, rasa 3.6); named in bot/config.yml as
``bot.intent_guard.RegisterDeletionGuard`` (the name of its first pair, kept so that a trained
model loads it), between DIETClassifier and FallbackClassifier.
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

from bot.look_alike_intents import settled_look_alike
from bot.register_or_delete import settled_intent


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class RegisterDeletionGuard(GraphComponent, IntentClassifier):
    """Swaps the top intent with the one the words settle on, in a message's ranking."""

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
            text = message.get(TEXT) or ""
            settled = settled_intent(text, ranking) or settled_look_alike(text, ranking)
            if settled is not None:
                top = ranking[0].get(INTENT_NAME_KEY)
                message.set(INTENT_RANKING_KEY, _swapped(ranking, top, settled), add_to_output=True)
                message.set(INTENT, _swapped([message.get(INTENT)], top, settled)[0], add_to_output=True)
        return messages


def _swapped(ranking: List[Dict[Text, Any]], one: Text, other: Text) -> List[Dict[Text, Any]]:
    """The ranking with the names ``one`` and ``other`` exchanged, each confidence in its place.

    If ``other`` was missing from the ranking (DIET ranks its ten best), only the top entry changes."""
    mirror = {one: other, other: one}
    return [{**entry, INTENT_NAME_KEY: mirror.get(entry.get(INTENT_NAME_KEY), entry.get(INTENT_NAME_KEY))}
            for entry in ranking]
