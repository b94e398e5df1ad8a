"""Questions about paperless billing, each with its own answer (real backend API, English and
Spanish): "what is it?" says what it is and that it needs online access; "if I don't turn it on,
do I keep getting paper bills?" is a yes, never the member services line, also right after the
"what is it?" answer (a follow-up, not the same paragraph again)."""

from __future__ import annotations

import pytest

from actions import messages
from common.gsm import to_gsm7
from tests.support.action_conversation import Conversation, joined, to_the_proof
from tests.support.replies import LONG, reply_in

WHAT = {"en": "what is paperless billing?", "es": "¿qué es eso de la factura sin papel?"}
WITHOUT = {"en": "ah ok. if I don't turn on paperless, do I keep getting paper bills?",
           "es": "ah ok. y si no quiero factura sin papel, me sigue llegando la de papel?"}
# What the "what is it?" answer must say: the bill by e-mail / online instead of by mail, and
# that it needs online access.
IS = {"en": ("your bill comes by e-mail", "instead of a paper bill by mail", "needs online access"),
      "es": ("su factura por correo electrónico y en línea", "en vez de en papel", "Necesita acceso en línea")}
YES = {"en": ("Yes:", "paper bills keep coming by mail unless you turn on paperless billing"),
       "es": ("Sí:", "las facturas en papel le siguen llegando por correo, a menos que active la factura sin papel")}


def _side(chat: Conversation, text: str) -> str:
    chat.user(text, "ask_paperless")
    _, texts = chat.run("action_side_answer")
    return joined(texts)


def _in_form_side(chat: Conversation, text: str) -> tuple[str, str]:
    chat.form_turn(text, "ask_paperless")
    assert chat.rejected
    _, answer = chat.run("action_side_answer")
    _, pending = chat.run(f"action_ask_{chat.slots['requested_slot']}")
    return joined(answer), joined(pending)


@pytest.mark.parametrize("language", ["en", "es"])
def test_what_is_paperless_then_do_paper_bills_keep_coming_outside_a_flow(backend, language):
    chat = Conversation(language=language)
    what = _side(chat, WHAT[language])
    for words in IS[language]:
        assert words in what, what
    without = _side(chat, WITHOUT[language])
    assert without.startswith(YES[language][0]) and YES[language][1] in without, without
    assert backend.settings.support_phone not in without
    assert ("send your account number" if language == "en" else "envíe su número de cuenta") in without


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_same_questions_during_a_sign_up_are_answered_and_the_step_asked_again(backend, language):
    chat = Conversation(language=language)
    to_the_proof(chat)
    what, pending = _in_form_side(chat, WHAT[language])
    for words in IS[language]:
        assert words in what, what
    without, pending = _in_form_side(chat, WITHOUT[language])
    assert without.startswith(YES[language][0]) and YES[language][1] in without, without
    assert backend.settings.support_phone not in without and "/login" not in without
    assert chat.slots["requested_slot"] == "identity_proof" and pending


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_paper_question_after_how_to_get_paperless_is_still_answered(backend, language):
    """The usual paperless answer first ("how do I go paperless?"), then the yes/no question
    about paper bills: its own short yes, not the member services line."""
    chat = Conversation(language=language)
    _side(chat, "how do I go paperless?" if language == "en" else "¿cómo me cambio a factura sin papel?")
    without = _side(chat, WITHOUT[language])
    assert to_gsm7(without).startswith(to_gsm7(YES[language][0])), without
    assert backend.settings.support_phone not in without


SIGN_UP = {"en": "To sign up, send your account number.", "es": "Para registrarse, envíe su número de cuenta."}


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("reply", [messages.paperless, messages.paperless_what, messages.paperless_without,
                                   messages.benefits])
def test_outside_a_sign_up_the_answer_is_the_same_then_says_how_to_start_one(language, reply):
    """One text an answer, in and out of a sign-up: outside one the sign-up sentence follows it, in
    one the pending question does."""
    during = reply_in(language, lambda config: reply(config, in_form=True), LONG)
    outside = reply_in(language, reply, LONG)
    assert outside == f"{during} {SIGN_UP[language]}"
    assert SIGN_UP[language] not in during


# --- "is this where I sign up for paperless?", then "do you still mail it?" (a fifth play-test) ------
WHERE = {"en": "hey is this where I sign up for paperless?", "es": "¿aquí me inscribo a la factura sin papel?"}
FIRST_SIGN_UP = {"en": ("Yes:", "turned on from your online account", "first sign up for online access"),
                 "es": ("Sí:", "se activa desde su cuenta en línea", "primero regístrese aquí")}
KEEPS = {"en": "Your paper bills keep coming by mail, also after you sign up",
         "es": "Las facturas en papel le siguen llegando por correo, también después de registrarse"}
STILL_MAILED = {"en": "will you still mail it to me?", "es": "¿Me la siguen mandando por correo?"}


@pytest.mark.parametrize("language", ["en", "es"])
def test_sign_up_for_paperless_hears_online_access_comes_first_then_whether_paper_continues(backend, language):
    chat = Conversation(language=language)
    where = _side(chat, WHERE[language])
    assert where.startswith(FIRST_SIGN_UP[language][0]), where
    assert all(words in where for words in FIRST_SIGN_UP[language][1:]), where
    assert where.endswith(SIGN_UP[language]), where  # the offer to start
    assert "Your paper bills keep coming" not in where and "le siguen llegando" not in where
    still = _side(chat, STILL_MAILED[language])
    assert still.startswith(KEEPS[language]), still  # the usual answer, which says paper keeps coming
    assert backend.settings.support_phone not in still
    again = _side(chat, STILL_MAILED[language])  # asked again right after it: the short yes
    assert again.startswith(YES[language][0]) and YES[language][1] in again, again
    assert backend.settings.support_phone not in again


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_registered_member_asking_where_to_sign_up_for_paperless_is_sent_to_the_account_page(language):
    reply = reply_in(language, lambda config: messages.paperless_signup(config, registered=True), LONG)
    assert LONG.login_url in reply and SIGN_UP[language] not in reply
