"""A security question named with a typo ("hi school", "high schol", "hihg school", "mothr maiden"):
read as the question it misspells, never as its answer.

A name typed with a typo names no question by the words of ``common.security_questions``, so at
the menu it was read as the school question's answer ("hi school" stored as the answer to "Which
high school did you attend?") or as no choice at all. Each question's ``names`` are what a
stretch of the member's words is measured against, with :mod:`difflib` (the project has no
fuzzy-matching library): a stretch of one to three words is a misspelling when its ratio to a
name is at least ``CLOSE`` and it starts with the same letter (typos keep the first letter; "other"
is no "mother"). A single word must have ``SHORTEST_WORD`` letters or more and be no everyday word
("made" is no "madre"), and is read only where no question is named as written.

- :func:`respelled_choice` at the menu: the misspelt name replaced by the name, so every reader of
  the choice (and of the answer after it) reads it as if it were spelt right;
- :func:`misspelt_question` at the answer step: the whole message only misspells a question's
  name ("hi school", "pet nam"): it is no answer. A single word is no question's name there, since
  it may be the answer itself (a maiden name "Madden", a pet "Mascot").
"""

from __future__ import annotations

import difflib
import re

from actions.answers import plain, security_question_words
from actions.name_words import is_common
from actions.patterns import ADDRESS_ATTEMPT_RE
from actions.security_answer import question_named_only
from common import security_questions

# The ratio from which a stretch of words misspells a question's name ("hi scool" / "high school"
# 0.84); "Hill School", a school's name, stays below it (0.82).
CLOSE = 0.84
SHORTEST_WORD = 5
LONGEST_STRETCH = 3
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


def _names() -> tuple[tuple[int, str], ...]:
    return tuple((number, name) for number, question in security_questions.numbered() for name in question.names)


def _closest(stretch: str) -> tuple[float, int, str] | None:
    """(ratio, question, name) of the name ``stretch`` (plain words) misspells best; else None."""
    found = [
        (difflib.SequenceMatcher(None, stretch, name).ratio(), number, name)
        for number, name in _names()
        if stretch != name and _same_ends(stretch.split(), name.split())
    ]
    best = max(found, default=None)
    return best if best and best[0] >= CLOSE else None


def _same_ends(words: list[str], name: list[str]) -> bool:
    """Do the stretch's first and last words start as the name's do ("hihg school" / "high school"),
    with about as many words? Then no word beside the name is taken into it ("high schol i")."""
    return (
        bool(words) and abs(len(words) - len(name)) <= 1 and words[0][0] == name[0][0] and words[-1][0] == name[-1][0]
    )


def _names_exactly(text: str) -> bool:
    words = plain(text)
    return any(pattern.search(words) for pattern in security_question_words().values())


def respelled_choice(text: str) -> str:
    """The text with the stretch that misspells a question's name spelt as that name ("hmm ... high
    schol i guess" -> "hmm ... high school i guess", "hi school" -> "high school"); else the text
    unchanged. A stretch runs between spaces only (a comma ends it). Where a question is named as
    written, only a stretch of several words is read ("hi school"): a single word beside the choice
    may be its answer. Read again once respelt ("hi scool" -> "hi school" -> "high school")."""
    for _ in range(LONGEST_STRETCH):
        respelt = _respelt_once(text or "")
        if respelt == text:
            break
        text = respelt
    return text


def _respelt_once(text: str) -> str:
    single_words = not _names_exactly(text)
    names = {name for _, name in _names()}
    # "perdón, mi correo es mascta@gmail.com": an address is never respelt, nor read as a question's name.
    addresses = [match.span() for match in ADDRESS_ATTEMPT_RE.finditer(text)]
    words = [word for word in _WORD.finditer(text) if not any(start <= word.start() < end for start, end in addresses)]
    best: tuple[float, int, int, str] | None = None  # ratio, start, end, name
    for first in range(len(words)):
        for last in range(first, min(first + LONGEST_STRETCH, len(words))):
            if last > first and text[words[last - 1].end() : words[last].start()].strip():
                break
            stretch = plain(text[words[first].start() : words[last].end()])
            if stretch in names or (
                first == last and (not single_words or len(stretch) < SHORTEST_WORD or is_common(stretch))
            ):
                continue
            found = _closest(stretch)
            if found and (best is None or found[0] > best[0]):
                best = (found[0], words[first].start(), words[last].end(), found[2])
    if best is None:
        return text
    _, start, end, name = best
    return text[:start] + name + text[end:]


def misspelt_question(text: str | None) -> int | None:
    """The question whose name the whole message misspells ("hi school", "high schol", "pet nam"):
    once respelt, it names that question only, in two words or more (``question_named_only``); else
    None."""
    respelt = respelled_choice(text or "")
    return question_named_only(respelt) if respelt != (text or "") else None
