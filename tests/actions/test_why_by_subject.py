"""A why that names what it is about ("why do you need my account number to sign me up?", "Why do you
need my phone?", "¿para qué quieren mi teléfono?") gets the reason for that, at any step and before
any sign-up, never the list of what the assistant does; then the pending question, nothing counted.
In English and Spanish, against the real backend API (tests/actions/conftest.py)."""

from __future__ import annotations

import pytest

from actions import messages
from actions.backend_client import CoopConfig
from actions.language import speaking
from tests.support.action_conversation import (Conversation, assert_asked_again_uncounted, joined, sign_up_to,
                                               sign_up_start)
from tests.support.one_time_code import ALVAREZ, add_alvarez

WHY = {  # subject -> (English, Spanish), and the reason's opening words in each language
    "account_number": (("why do you need my account number to sign me up?", "¿para qué quieren mi número de cuenta?"),
                       ("Your account number tells me which account is yours", "Su número de cuenta me dice")),
    "phone": (("Why do you need my phone?", "¿para qué quieren mi teléfono?"),
              ("I don't ask for your phone number", "No pido su teléfono")),
    "email": (("why do you need my email", "¿para qué necesitan mi correo?"),
              ("Your e-mail address becomes your username", "Su correo electrónico será su usuario")),
    "zip": (("why do you need my zip code?", "¿y por qué necesitan mi código postal?"),
            ("To keep others out of your account", "Para que nadie más entre, reviso")),
    "security": (("why do you need a security question?", "¿para qué es la pregunta de seguridad?"),
                 ("The security question protects your online", "La pregunta de seguridad protege su")),
    "terms": (("why do I have to accept the terms?", "¿por qué tengo que aceptar los términos?"),
              ("In short:", "En resumen:")),
}
QUESTION = {"account_number": ("What is your account number?", "¿Cuál es su número de cuenta?"),
            "email": ("What e-mail address", "¿Qué correo electrónico"),
            "identity_proof": ("To protect your account, send", "Para proteger su cuenta, envíe")}
WHAT_I_DO = ("I can register you", "Puedo registrarle")


def _index(language: str) -> int:
    return 0 if language == "en" else 1


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("step", ["account_number", "email", "identity_proof"])
@pytest.mark.parametrize("subject", list(WHY))
def test_a_why_gets_the_reason_for_what_it_names_then_the_pending_question(backend, language, step, subject):
    if subject == "security" and step == "account_number":
        pytest.skip("the same reply as at the e-mail step")
    chat = sign_up_to(Conversation(language=language), step, sign_up_start(language))
    said = joined(chat.form_or_side_turn(WHY[subject][0][_index(language)], intent="help", confidence=0.93))
    assert WHY[subject][1][_index(language)] in said, said
    assert said.rstrip().endswith(QUESTION[step][_index(language)]) or QUESTION[step][_index(language)] in said.splitlines()[-1]
    assert_asked_again_uncounted(chat, step)


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("subject", ["account_number", "phone"])
def test_a_why_before_any_sign_up_gets_its_reason_not_the_list(backend, language, subject):
    chat = Conversation(language=language)
    said = joined(chat.message(WHY[subject][0][_index(language)], intent="help", confidence=0.93))
    assert WHY[subject][1][_index(language)] in said and WHAT_I_DO[_index(language)] not in said, said
    with speaking(language):
        assert messages.to_sign_up() in said


NOT_MY_PHONE = ("why do you need my phone? that's the owner's cell, not mine",
                "¿para qué quieren mi teléfono? ese celular es del dueño, no mío")
WITHOUT_THE_PHONE = ("Without that phone, member services can help", "Sin ese teléfono, llame a servicio al socio")


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("why", [WHY["phone"][0], NOT_MY_PHONE])
def test_why_the_phone_at_the_code_step_says_what_the_code_proves_and_whom_to_call_without_it(
        backend, language, why):
    add_alvarez(backend)
    chat = Conversation(language=language)
    chat.start(sign_up_start(language))
    for text in (ALVAREZ["account"], ALVAREZ["name"], "a@example.com", ALVAREZ["zip"]):
        chat.form_turn(text)
    said = joined(chat.form_or_side_turn(why[_index(language)], intent="help", confidence=0.93))
    assert WITHOUT_THE_PHONE[_index(language)] in said and backend.settings.support_phone in said, said
    with speaking(language):
        assert messages.why_code(CoopConfig(support_phone=backend.settings.support_phone)) in said, said
    assert_asked_again_uncounted(chat, "one_time_code")


@pytest.mark.parametrize("language", ["en", "es"])
def test_why_the_phone_away_from_the_code_step_says_whom_to_call_without_it(backend, language):
    chat = sign_up_to(Conversation(language=language), "email", sign_up_start(language))
    said = joined(chat.form_or_side_turn(WHY["phone"][0][_index(language)], intent="help", confidence=0.93))
    assert WITHOUT_THE_PHONE[_index(language)] in said and backend.settings.support_phone in said, said
