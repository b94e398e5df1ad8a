"""A security question picked by name in a sentence, its answer after a pause introduced by "it is",
"it's", "which is", "es", "era" or "fue" ("I should like to use my mother's maiden name; it is
Fairbanks.", "la de la escuela superior, fue Colegio San Juan"): both are read in one message, the
answer alone stored (hashed, never said back). The play-test's members were asked the question again:
a word of the lead-in ("should") or of the question's name ("escuela superior", the high school in
Puerto Rico) was read as no part of a choice, so the stretch before the pause named no question alone
and the answer after it was dropped. In English and Spanish, against the real backend API (tests/actions/conftest.py)."""

from __future__ import annotations

import pytest

from tests.support.security_choice import chooses_with_answer


@pytest.mark.parametrize(
    ("language", "text", "number", "answer"),
    [
        ("en", "I should like to use my mother's maiden name; it is Fairbanks.", 1, "Fairbanks"),
        ("en", "I could do the pet one, it's Rex", 2, "Rex"),
        ("en", "I will take the high school question, which is Lanier High", 3, "Lanier High"),
        ("es", "la de la escuela superior, fue Colegio San Juan", 3, "Colegio San Juan"),
        ("es", "la de la escuela superior; es Colegio San Juan", 3, "Colegio San Juan"),
        ("es", "la de la mascota, era Canela", 2, "Canela"),
        ("es", "quiero la del apellido de mi mamá; era Fairbanks", 1, "Fairbanks"),
    ],
)
def test_the_question_named_and_its_answer_are_both_read(backend, language, text, number, answer):
    chooses_with_answer(backend, language, text, number, answer)
