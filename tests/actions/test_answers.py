"""The per-question readers of actions/answers.py, in English and Spanish, with and without accents."""

from __future__ import annotations

import pytest

from actions.answers import (
    asks_about_email,
    asks_about_terms,
    asks_if_safe,
    asks_why,
    asks_to_delete,
    asks_to_go_on,
    asks_to_register,
    asks_to_stop,
    is_resume,
    read_choice,
    read_yes_no,
    security_question_words,
    yes_with_side_question,
)

YES = [
    "you bet", "for sure", "yes sir", "va", "órale", "sip", "Simón", "ajá, acepto",
    "yes", "Yes.", "y", "k", "ok", "sure", "yes please", "I agree", "absolutely, I accept",
    "Yes, I have read the terms and I accept them", "I have read the Terms and Conditions and I accept them.",
    "I accept the terms and conditions", "Of course, go ahead", "yes, no problem",
    "sí", "si", "Sí, acepto", "si acepto", "claro que sí", "claro que si", "está bien", "esta bien",
    "de acuerdo", "Estoy de acuerdo", "acepto los términos", "¡Claro!", "por supuesto", "vale", "dale", "cómo no",
]
NO = [
    "no", "No.", "nope", "rather not", "I'd rather not", "no thanks", "no thank you", "I do not accept",
    "I don't agree", "not now", "no gracias", "mejor no", "no acepto", "No estoy de acuerdo", "nunca",
    "todavía no", "prefiero no", "I haven't read them and I do not accept",
]
NEITHER = [
    "", "yes but what do the terms say?", "what are the terms?", "si, pero ¿qué dicen los términos?",
    "maybe later", "I accept if it is free", "acepto si es gratis", "hmm", "Garza", "78620",
    "tal vez", "yes no", "the terms", "¿sí?", "I don't know", "no sé", "no estoy segura", "I guess so",
]


@pytest.mark.parametrize("text", YES)
def test_clear_yes_in_both_languages(text):
    assert read_yes_no(text) is True


@pytest.mark.parametrize("text", NO)
def test_clear_no_in_both_languages(text):
    assert read_yes_no(text) is False


@pytest.mark.parametrize("text", NEITHER)
def test_an_unclear_answer_is_never_a_yes(text):
    assert read_yes_no(text) is None


@pytest.mark.parametrize("text", [t for t in NEITHER if t not in ("", "hmm", "Garza", "78620", "the terms")])
def test_a_confident_model_does_not_make_a_hedged_answer_a_yes(text):
    assert read_yes_no(text, "affirm", 0.99) is not True


def test_the_intent_counts_only_when_confident_and_the_words_say_nothing_against_it():
    assert read_yes_no("totally", "affirm", 0.95) is True
    assert read_yes_no("totally", "affirm", 0.6) is None
    assert read_yes_no("nah mate", "affirm", 0.99) is False  # the words win
    assert read_yes_no("no way jose", "deny", 0.95) is False
    assert read_yes_no("what are they?", "affirm", 0.99) is None


@pytest.mark.parametrize("text", ["siguiente", "got it, next question", "Entiendo. Podemos continuar.",
                                  "muy bien, continúe por favor", "ya entendí, sigamos"])
def test_more_ways_to_go_on(text):
    assert is_resume(text) and asks_to_go_on(text)


@pytest.mark.parametrize("text", ["ok, go ahead", "adelante", "ok, ya entendí"])
def test_an_acknowledgement_resumes_but_is_a_yes_at_a_yes_no_question(text):
    assert is_resume(text) and not asks_to_go_on(text) and read_yes_no(text) is True


@pytest.mark.parametrize("text", ["ok, go on", "ok go on", "go on", "continue", "Continue please", "ok, please continue",
                                  "sigue", "Siga por favor", "continuar", "dale", "ok, thanks", "got it, thanks",
                                  "entendido, gracias", "Ah ok, sigamos", "ok, let's continue", "keep going"])
def test_resume_phrases(text):
    assert is_resume(text)
    assert not asks_to_stop(text)


@pytest.mark.parametrize("text", ["ok 1004567823", "Garza", "ok stop", "never mind", "no", "yes I accept",
                                  "what is that?", "olvídalo"])
def test_not_resume_phrases(text):
    assert not is_resume(text)


def test_go_on_differs_from_a_plain_ok():
    assert asks_to_go_on("ok, go on") and asks_to_go_on("sigue") and asks_to_go_on("continuar")
    assert not asks_to_go_on("ok") and not asks_to_go_on("gracias")


@pytest.mark.parametrize("text", ["delete my online access", "please remove my registration",
                                  "I would like to cancel my online account", "close my online account",
                                  "I no longer want online access", "quiero borrar mi registro",
                                  "dar de baja mi cuenta en línea", "eliminar mi acceso", "cancel my registration request"])
def test_delete_requests(text):
    assert asks_to_delete(text)


@pytest.mark.parametrize("text", ["I still want to sign up", "I texted stop by mistake, I want to register",
                                  "Sorry I did not mean to stop. I still want to sign up", "sigo queriendo registrarme",
                                  "mandé STOP por error, quiero registrarme", "don't delete anything, I want to sign up",
                                  "yes I still want to register", "ok go on", "what is my account number"])
def test_not_delete_requests(text):
    assert not asks_to_delete(text)


@pytest.mark.parametrize("text", ["I still want to sign up", "I texted stop by mistake, I want to register",
                                  "Sorry I did not mean to stop. I still want to sign up", "quiero registrarme",
                                  "sigo queriendo registrarme"])
def test_register_requests(text):
    assert asks_to_register(text)


@pytest.mark.parametrize("text, intent", [("what do I get with online access?", "ask_benefits"),
                                          ("is registering online safe?", "ask_safety"),
                                          ("¿puedo recibir la factura sin papel si me registro?", "ask_paperless"),
                                          ("how do I sign up, where is my account number?", "account_help")])
def test_a_question_about_registration_asks_for_nothing(text, intent):
    assert asks_to_register(text)  # the words name registration...
    assert not asks_to_register(text, intent)  # ...but a question about it changes no course


@pytest.mark.parametrize("text", ["never mind", "forget it", "cancel", "stop, I'll finish this later",
                                  "I changed my mind", "olvídalo", "ya no quiero seguir", "luego lo hago",
                                  "para", "PARA YA", "ya para por favor", "para de mandarme preguntas"])
def test_stop_requests(text):
    assert asks_to_stop(text)


@pytest.mark.parametrize("text", ["continue", "I didn't mean to stop", "don't stop", "no pares", "sigue",
                                  "I still want to sign up", "78620",
                                  "¿cuál pregunta me conviene para la cuenta de mi negocio?",
                                  "para qué quieren el código postal?", "quiero registrarme para ver mi factura"])
def test_not_stop_requests(text):
    assert not asks_to_stop(text)


CHOICES = [
    ("1", 1), ("#2", 2), ("3.", 3), ("option two", 2), ("the second one", 2), ("la segunda", 2),
    ("la primera", 1), ("número tres", 3), ("the last one", 3), ("la última", 3),
    ("the one about my mother", 1), ("mother's maiden name", 1), ("I would prefer the question about my "
                                                                  "mother's maiden name, please.", 1),
    ("my pet", 2), ("la de mi mascota", 2), ("el de la mascota", 2), ("pet's name", 2), ("the school one", 3),
    ("high school", 3), ("la de la escuela", 3), ("la pregunta de la secundaria", 3), ("el apellido de mi madre", 1),
    ("2, my pet", 2),
]


@pytest.mark.parametrize(("text", "number"), CHOICES)
def test_security_question_by_number_ordinal_or_words(text, number):
    assert read_choice(text, security_question_words()) == number


@pytest.mark.parametrize("text", ["", "hmm", "mother or pet", "1 or 2", "la de mi mascota, no, la de la escuela",
                                  "what are they?", "4", "Garza"])
def test_no_choice_or_two_choices(text):
    assert read_choice(text, security_question_words()) is None


@pytest.mark.parametrize("text", ["that's wrong", "not right", "incorrecto", "eso no"])
def test_wrong_after_a_yes_no_question_is_a_no(text):
    assert read_yes_no(text) is False


@pytest.mark.parametrize("text", [
    "why do you need that", "why?", "how come", "what's that for?", "what do you do with it?",
    "y xq necesitan mi zip? q hacen con eso", "no me contesto, para que quieren el codigo postal?",
    "pq el zip", "porq lo piden", "x q necesitan eso", "por q", "para q lo quieren", "pa q", "¿Por qué?",
    "porqué?", "¿de qué sirve?", "de q sirve eso", "q hacen con mi codigo postal", "para qué lo necesitan",
    "xk otro codigo",
])
def test_why_questions_in_both_languages_and_shorthand(text):
    assert asks_why(text)


@pytest.mark.parametrize("text", ["78620", "Garza", "porque no tengo factura", "yes", "sí, acepto", "Whyte",
                                  "el de mi mascota", "quiero registrarme", "sure, why not"])
def test_not_why_questions(text):
    assert not asks_why(text)


@pytest.mark.parametrize("text", ["pero que dicen los términos y condiciones?", "y q dicen los terminos? resumido porfa",
                                  "resumido porfa, q dicen las condiciones", "what do the terms say?",
                                  "k dicen los terminos", "los términos resumidos por favor"])
def test_questions_about_the_terms(text):
    assert asks_about_terms(text)


@pytest.mark.parametrize("text", ["Is this actually the co-op or is this a scam?", "is this really the co-op?",
                                  "is this legit", "es una estafa?", "¿es seguro?", "¿de verdad es la cooperativa?",
                                  "esto es de verdad?"])
def test_safety_questions(text):
    assert asks_if_safe(text)


@pytest.mark.parametrize("text", ["I want to sign up", "quiero registrarme", "my account is 1001234567", "seguro social",
                                  "sí, seguro", "the co-op sent me a text",
                                  "mi numero es su seguro social", "the last email went to spam"])
def test_not_safety_questions(text):
    assert not asks_if_safe(text)


def test_a_question_about_the_email_address():
    assert asks_about_email("what do you do with my email? will you spam me?")
    assert asks_about_email("¿qué hacen con mi correo?")
    assert not asks_about_email("is it safe to text my ssn")


@pytest.mark.parametrize("text", ["I didn't say no to the terms! yes I accept", "I never said no, yes I accept",
                                  "that wasn't a no. I accept", "no dije que no, sí acepto",
                                  "yo nunca dije que no, acepto", "no dije que no a los términos, sí"])
def test_a_no_the_member_did_not_say_is_no_refusal(text):
    assert read_yes_no(text) is True and read_yes_no(text, "deny", 0.95) is True


@pytest.mark.parametrize("text", ["I didn't say no", "no dije que no"])
def test_a_negated_no_alone_is_neither(text):
    assert read_yes_no(text) is None


@pytest.mark.parametrize(("text", "question"), [
    ("yes I accept. and can you switch me to paperless while you're at it?",
     "and can you switch me to paperless while you're at it?"),
    ("sí acepto, ¿y me pueden quitar el recibo de papel?", "¿y me pueden quitar el recibo de papel?"),
    ("I accept and how do I pay my bill online?", "and how do I pay my bill online?"),
])
def test_a_clear_yes_then_a_side_question(text, question):
    assert yes_with_side_question(text) == question


@pytest.mark.parametrize("text", [
    "yes but what do the terms say?", "yes. what do the terms say?", "yes. what if I don't accept?",
    "sí, pero ¿qué dicen?", "sí acepto, ¿y si no acepto qué pasa?", "I accept. is this a scam?",
    "yes. wait, can I read them first?", "yes. can you delete my online account?", "no. can I go paperless?",
    "yes I accept", "yes?", "acepto si me quitan el papel",
])
def test_no_side_question_after_a_yes_that_is_unclear_or_about_the_yes(text):
    assert yes_with_side_question(text) is None


@pytest.mark.parametrize("text", ["¿me pueden quitar el recibo de papel?", "cancel my paper bills", "quitar la factura de papel"])
def test_stopping_paper_bills_is_no_deletion(text):
    assert not asks_to_delete(text)
