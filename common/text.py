"""Accent folding: the one way every process drops the marks off letters.

Members write Spanish with and without accents ("qué" / "que", "sí" / "si"), and
the SMS replies themselves lose them (GSM-7), so whatever compares a member's
words (the NLU tokenizer, the answer readers, the SMS keywords, the security
answers, the names) folds both sides the same way. One function, so that what
the tokenizer reads as one word is one word to the actions too.

Imports only the standard library: the Rasa process (Python 3.10, Rasa's pinned
packages) imports it from ``bot.tokenizer``.
"""

from __future__ import annotations

import unicodedata


def fold_accents(text: str) -> str:
    """"Inscripción" -> "Inscripcion", "año" -> "ano": the letters without their combining marks.

    Compatibility forms are unfolded too (NFKD: "ﬁ" -> "fi", "²" -> "2"). Case is kept, and a
    letter with no combining mark in Unicode ("ł", "ø", "æ") stays as it is.
    """
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


def at_most_one_edit(word: str, target: str) -> bool:
    """Is ``word`` at most one edit (Damerau-Levenshtein: a letter wrong, missing or added, or two
    neighbours swapped) from ``target``? Shared by the dialogue's typo readings and the backend's
    business-name match."""
    if abs(len(word) - len(target)) > 1 or word == target:
        return word == target
    if len(word) == len(target):
        diffs = [i for i, (a, b) in enumerate(zip(word, target)) if a != b]
        return len(diffs) == 1 or (len(diffs) == 2 and diffs[1] == diffs[0] + 1
                                   and word[diffs[0]] == target[diffs[1]] and word[diffs[1]] == target[diffs[0]])
    short, long_ = sorted((word, target), key=len)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))
