"""A security question chosen with acknowledgement words around it ("fine, high school", "alright,
3", "está bien, la escuela", "ándale pues, la 2", "2, okie dokie", "la 2, vale pues"): the choice only, its answer is asked next and
nothing is stored; the answer sent after it is the one stored. A choice with a real answer in the
same message still stores that answer, without the words that introduce it; a word of agreement written
as a word of a name ("la 3, Colegio Bueno") is part of the answer."""

from __future__ import annotations

import pytest

from tests.support.security_choice import answered_next, chooses_only, chooses_with_answer


@pytest.mark.parametrize(
    ("language", "text", "number"),
    [
        ("en", "fine, high school", 3),
        ("en", "the school one, go ahead", 3),  # "go ahead" whole, never "ahead" stored as the school
        ("en", "alright, high school", 3),
        ("en", "all right, high school then", 3),
        ("en", "ok fine, the pet one", 2),
        ("en", "sure, mother's maiden name", 1),
        ("en", "yeah, let's do high school", 3),
        ("en", "I'll take 3 I guess", 3),
        ("en", "fine, 3", 3),
        ("en", "alright then, number 2", 2),
        ("en", "cool, pet's name please", 2),
        ("en", "well ok, high school", 3),
        ("en", "sounds good, high school", 3),
        ("es", "bueno, la escuela", 3),
        ("es", "está bien, la escuela", 3),
        ("es", "ok, la de la mascota", 2),
        ("es", "pues la de la escuela", 3),
        ("es", "mejor la 2", 2),
        ("es", "ándale, la de la escuela", 3),
        ("es", "órale pues, la 3", 3),
        ("es", "va, la de mi mascota", 2),
        ("es", "sale, la escuela", 3),
        ("es", "de acuerdo, la 1", 1),
        ("es", "está bien, la del apellido de soltera entonces", 1),
        ("es", "perfecto, la de la escuela por favor", 3),
        # agreement and fillers after the choice are no answer either
        ("en", "2, okie dokie", 2),
        ("en", "2, okey dokey", 2),
        ("en", "number 2 sounds good", 2),
        ("en", "number 2, cool cool", 2),
        ("en", "3 works for me", 3),
        ("es", "la 2, okey dokey", 2),
        ("es", "la 2, vale pues", 2),
        ("es", "la 2, sale pues", 2),
        ("es", "la 2 va que va", 2),
        ("es", "la 3, me parece bien", 3),
        # words of agreement that are names too ("Dale", "Vale"), said beside a choice: agreement
        ("en", "2, dale", 2),
        ("en", "2, Dale", 2),
        ("en", "the pet one, dale", 2),
        ("en", "high school, Vale", 3),
        ("es", "la 2, vale", 2),
        ("es", "la 2, Vale", 2),
        ("es", "2, dale", 2),
        ("es", "la de mi mascota, vale", 2),
        ("es", "vale, la de la escuela", 3),
        ("es", "dale, la 2", 2),
    ],
)
def test_a_choice_with_acknowledgements_is_the_choice_only(backend, language, text, number):
    chat, _ = chooses_only(backend, language, text, number)
    answered_next(backend, chat, language, number, "Fredericksburg High")


@pytest.mark.parametrize(
    ("language", "text", "number", "answer"),
    [
        ("en", "2 el perro se llama Chato", 2, "Chato"),
        ("es", "2 el perro se llama Chato", 2, "Chato"),
        ("en", "pets name. Rusty", 2, "Rusty"),
        ("en", "high school, it was Burnet High", 3, "Burnet High"),
        ("en", "fine, high school, it was Burnet High", 3, "Burnet High"),
        ("es", "bueno, la de la mascota, se llama Chato", 2, "Chato"),
        ("es", "la de la escuela, es Lanier High", 3, "Lanier High"),
        # a filler before the answer, or "actually" after it, is no part of it
        ("en", "2, well Rex", 2, "Rex"),
        ("en", "2, fine, Rex", 2, "Rex"),
        ("en", "number 2, so Rex", 2, "Rex"),
        ("en", "pet name, well it is Rex actually", 2, "Rex"),
        ("es", "la 2, pues Chato", 2, "Chato"),
        ("en", "the school one, Well Creek High", 3, "Well Creek High"),  # a name, capitalised
        ("en", "2, Rex", 2, "Rex"),
        ("es", "la 2, Bowie", 2, "Bowie"),
        ("en", "2, okie dokie, Rex", 2, "Rex"),
        ("es", "la 2, vale pues, Bowie", 2, "Bowie"),
        # a word of agreement written as a word of the name, capitalised after a capitalised word
        ("es", "la 3, Colegio Bueno", 3, "Colegio Bueno"),
        ("en", "3, Colegio Bueno", 3, "Colegio Bueno"),
        # a polite sentence between the choice and its answer is skipped
        ("en", "Mother's maiden name, please. It is Vaughn.", 1, "Vaughn"),
        ("en", "Mother's maiden name please. It's Vaughn", 1, "Vaughn"),
        ("en", "The pet one, thanks. Rex.", 2, "Rex"),
        ("en", "pet's name, please. His name is Rex.", 2, "Rex"),
        ("es", "El apellido de soltera de mi mamá, es Treviño", 1, "Treviño"),
        ("es", "El apellido de soltera de mi mamá, por favor. Es Treviño.", 1, "Treviño"),
        ("es", "La de la mascota, por favor. Se llama Rex.", 2, "Rex"),
    ],
)
def test_a_choice_with_its_answer_stores_the_answer_alone(backend, language, text, number, answer):
    chooses_with_answer(backend, language, text, number, answer)


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_school_named_with_a_word_of_agreement_is_the_answer(backend, language):
    chat, _ = chooses_only(backend, language, "3", 3)
    assert "bueno" not in answered_next(backend, chat, language, 3, "Colegio Bueno").lower()


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("name", ["Dale", "Vale"])
def test_a_word_of_agreement_that_is_a_name_alone_at_the_answer_is_the_answer(backend, language, name):
    """Beside a choice "Dale" / "Vale" agree; sent alone when the answer is asked, it is the answer."""
    chat, _ = chooses_only(backend, language, "2", 2)
    answered_next(backend, chat, language, 2, name)
