"""The NLU's tokenizer: Rasa's whitespace tokenizer, with accents folded out of every token.

Members write Spanish with and without accents ("qué" / "que", "dirección" /
"direccion", "sí" / "si"), and the SMS replies themselves drop á í ó ú (GSM-7,
docs/languages.md), so members copy either form. Folded tokens give both forms
the same word and character n-gram features: the training data need not hold
each word twice, and a message typed without accents reads like one with them.
Measured on the independent held-out sets (docs/performance.md, "Accents
folded in the tokenizer"). Only the tokens' text changes: the message text,
which the regex entity extractor and the actions read, keeps its accents, and
the tokens keep their positions in it.

Runs inside Rasa (Python 3.10, rasa 3.6); named in bot/config.yml as
``bot.tokenizer.AccentFoldingTokenizer``.
"""

from __future__ import annotations

from typing import List, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.training_data.message import Message

from common.text import fold_accents


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False)
class AccentFoldingTokenizer(WhitespaceTokenizer):
    """Splits as ``WhitespaceTokenizer`` does, then folds each token's text (and lemma)."""

    def tokenize(self, message: Message, attribute: Text) -> List[Token]:
        tokens = super().tokenize(message, attribute)
        for token in tokens:
            token.text = fold_accents(token.text)
            token.lemma = fold_accents(token.lemma) if token.lemma else token.text
        return tokens
