"""A sign-up left for later is still under way, whatever the model reads for the next message, as a
fourteenth play-test's business member wrote it in the web chat, in Spanish and in English, against
the real backend API (tests/actions/conftest.py).

After "ahorita vuelvo, tengo un paciente" at the e-mail step, "ya estoy. el email es ..." (read as
``nlu_fallback``: the model's reading changes with the address typed) and "no tenemos SSN en esa
cuenta, ¿sirve el zip? es 78606" (read as ``ask_benefits``) were answered as if no sign-up were under
way: "Lo siento, solo puedo ayudarle ... Para empezar, envíe su número de cuenta." Now a message that
carries the pending step's value takes the sign-up up and the value is read, and a question or an
off-topic message is answered within the sign-up and its pending question follows; no reply to a
member with a sign-up under way asks for the account number. A pause at the texted code says, as
"one sec" there does, that the code works for 10 minutes.
"""

from __future__ import annotations

import asyncio

import pytest

from actions import messages
from actions.backend_client import coop_config
from tests.support.action_conversation import FORM, Conversation, joined, sign_up_start
from tests.support.one_time_code import ALVAREZ, add_alvarez, last_code
from tests.support.replies import reply_in

# The business account of tests/actions/conftest.py (no phone on file: no code is texted).
ACCOUNT, BUSINESS, ZIP = "20456789", "Garza Ranch LLC", "78606"
ADDRESS = "frontdesk@garzaranchvet.example"
# The action a rule runs for an intent when no form is active or the form rejects the message.
RULE = {"never_mind": "action_never_mind", "nlu_fallback": "action_side_answer", "human": "action_human",
        "inform": "action_start_flow", "correct": "action_start_flow", "email_not_received": "action_resend_email"}
AWAY = {"es": "ahorita vuelvo, tengo un paciente", "en": "brb, got a patient"}
BACK_WITH_ADDRESS = {"es": f"ya estoy. el email es {ADDRESS}", "en": f"ok back. the email is {ADDRESS}"}
ZIP_WITH_A_QUESTION = {"es": f"no tenemos SSN en esa cuenta, ¿sirve el zip? es {ZIP}",
                       "en": f"we don't have an SSN on that account, can I use the zip? it's {ZIP}"}
ZIP_QUESTION = {"es": "no tenemos SSN en esa cuenta, ¿sirve el zip?",
                "en": "we don't have an SSN on that account, does the zip work?"}
OFF_TOPIC = {"es": "¿a qué hora cierran la oficina de Bastrop?", "en": "what time does the Bastrop office close?"}
# What a member with a sign-up under way never reads: the start of a sign-up.
ACCOUNT_ASKED = {"es": "número de cuenta", "en": "account number"}
EMAIL_ASKED = {"es": "correo", "en": "e-mail address"}
PROOF_ASKED = {"es": "código postal", "en": "ZIP code"}
MENU_ASKED = {"es": "Nombre de su mascota", "en": "Pet's name"}  # the menu, in full or in short


def turn(chat: Conversation, text: str, intent: str, confidence: float = 0.9) -> list[str]:
    """One message as Rasa plays it: the form while it is active, and when it rejects the message
    (or none is active) the rule of the intent, then the form when that action hands the turn back."""
    rule = RULE.get(intent, "action_side_answer")
    if chat.active_loop != FORM:
        return chat.message(text, intent, confidence, action=rule)
    replies = chat.form_turn(text, intent, confidence)
    if chat.rejected:
        events, said = chat.run(rule)
        replies += said
        # data/rules.yml: the form follows a side answer or a person asked for (``... the form could not use``).
        if rule in ("action_human", "action_side_answer") or any(event.get("event") == "followup" for event in events):
            replies += chat.follow_up_form()
    return replies


def paused_at_the_email(language: str) -> Conversation:
    """The business member's sign-up in the web chat, a person asked for on the way (none on duty),
    left at the e-mail question with "ahorita vuelvo, tengo un paciente"."""
    chat = Conversation(language=language, channel="web")
    chat.start(sign_up_start(language))
    turn(chat, ACCOUNT, "inform")
    turn(chat, {"es": "quiero hablar con una persona", "en": "can I talk to a person"}[language], "human")
    turn(chat, BUSINESS, "inform")
    assert chat.slots["requested_slot"] == "email"
    assert turn(chat, AWAY[language], "never_mind") == [reply_in(language, messages.paused)]
    assert chat.slots["outcome"] == "paused" and chat.active_loop is None
    return chat


def no_fresh_start(language: str, replies: list[str]) -> None:
    said = joined(replies)
    assert ACCOUNT_ASKED[language] not in said, replies
    assert reply_in(language, messages.to_sign_up) not in said, replies


@pytest.mark.parametrize("language", ["es", "en"])
@pytest.mark.parametrize("intent", ["nlu_fallback", "ask_safety", "out_of_scope", "never_mind", "email_not_received"])
def test_the_address_with_words_of_coming_back_is_read_whatever_the_model_read(backend, language, intent):
    chat = paused_at_the_email(language)
    replies = turn(chat, BACK_WITH_ADDRESS[language], intent, 0.35)
    no_fresh_start(language, replies)
    assert replies[0] == reply_in(language, messages.welcome_back), replies
    assert ADDRESS in joined(replies) and PROOF_ASKED[language] in replies[-1], replies
    assert chat.slots["email"] == ADDRESS and chat.slots["requested_slot"] == "identity_proof"
    assert chat.active_loop == FORM and chat.slots["outcome"] is None


@pytest.mark.parametrize("language", ["es", "en"])
def test_the_zip_asked_about_and_given_while_paused_is_checked_and_the_sign_up_goes_on(backend, language):
    chat = paused_at_the_email(language)
    turn(chat, BACK_WITH_ADDRESS[language], "nlu_fallback", 0.35)
    assert turn(chat, AWAY[language], "never_mind") == [reply_in(language, messages.paused)]
    replies = turn(chat, ZIP_WITH_A_QUESTION[language], "ask_benefits", 0.37)
    no_fresh_start(language, replies)
    assert reply_in(language, messages.benefits, None) not in replies, replies
    assert chat.slots["identity_proof"] == "verified" and chat.slots["requested_slot"] == "security_question"
    assert MENU_ASKED[language] in joined(replies), replies


@pytest.mark.parametrize("language", ["es", "en"])
def test_the_zip_given_before_the_address_while_paused_is_kept_and_the_address_asked(backend, language):
    chat = paused_at_the_email(language)
    replies = turn(chat, ZIP_WITH_A_QUESTION[language], "ask_benefits", 0.37)
    no_fresh_start(language, replies)
    assert chat.active_loop == FORM and chat.slots["requested_slot"] == "email"
    assert EMAIL_ASKED[language] in replies[-1], replies
    replies = turn(chat, ADDRESS, "inform")
    assert chat.slots["email"] == ADDRESS and chat.slots["requested_slot"] != "account_number"


@pytest.mark.parametrize("language", ["es", "en"])
@pytest.mark.parametrize(("texts", "intent"), [(ZIP_QUESTION, "ask_benefits"), (ZIP_QUESTION, "ask_safety"),
                                               (OFF_TOPIC, "out_of_scope"), (OFF_TOPIC, "nlu_fallback")])
def test_a_question_while_paused_is_answered_within_the_sign_up_and_its_question_follows(
        backend, language, texts, intent):
    chat = paused_at_the_email(language)
    replies = turn(chat, texts[language], intent, 0.4)
    no_fresh_start(language, replies)
    assert len(replies) == 2 and EMAIL_ASKED[language] in replies[-1], replies
    assert chat.active_loop == FORM and chat.slots["requested_slot"] == "email"
    assert chat.slots["account_number"] == ACCOUNT and chat.slots["member_name"]
    assert turn(chat, ADDRESS, "inform")[0] != reply_in(language, messages.welcome_back)
    assert chat.slots["email"] == ADDRESS


@pytest.mark.parametrize("language", ["es", "en"])
def test_off_topic_during_the_sign_up_never_asks_for_the_account_number(backend, language):
    chat = Conversation(language=language, channel="web")
    chat.start(sign_up_start(language))
    turn(chat, ACCOUNT, "inform")
    turn(chat, BUSINESS, "inform")
    replies = turn(chat, OFF_TOPIC[language], "out_of_scope")
    no_fresh_start(language, replies)
    assert replies[0] == reply_in(language, messages.off_topic, asyncio.run(coop_config()), True), replies
    assert EMAIL_ASKED[language] in replies[-1], replies


@pytest.mark.parametrize("language", ["es", "en"])
def test_ok_or_thanks_after_the_pause_keeps_it_without_asking_to_start_again(backend, language):
    chat = paused_at_the_email(language)
    replies = turn(chat, {"es": "ok", "en": "ok"}[language], "affirm")
    assert replies == [reply_in(language, messages.paused)], replies
    assert chat.slots["outcome"] == "paused" and chat.active_loop is None
    replies = turn(chat, {"es": "gracias", "en": "thanks"}[language], "thanks")
    assert replies == [reply_in(language, messages.thanks)] and chat.slots["outcome"] == "paused"


def at_the_code(language: str) -> Conversation:
    chat = Conversation(language=language, channel="web")
    chat.start(sign_up_start(language))
    for text in (ALVAREZ["account"], ALVAREZ["name"], "a@example.com", ALVAREZ["zip"]):
        chat.form_turn(text)
    assert chat.slots["requested_slot"] == "one_time_code"
    return chat


@pytest.mark.parametrize("language", ["es", "en"])
@pytest.mark.parametrize("text", ["ahorita vuelvo", "brb, let me find my phone", "I'll finish this later"])
def test_a_pause_at_the_code_says_the_code_works_for_10_minutes(backend, language, text):
    add_alvarez(backend)
    chat = at_the_code(language)
    replies = turn(chat, text, "never_mind")
    assert replies == [reply_in(language, messages.paused_at_the_code)], replies
    assert {"es": "10 minutos", "en": "10 minutes"}[language] in replies[0]
    assert chat.slots["outcome"] == "paused" and not chat.failures("one_time_code")
    replies = turn(chat, last_code(backend), "inform")
    assert chat.slots["one_time_code"] == "verified", replies


@pytest.mark.parametrize("language", ["es", "en"])
def test_the_code_sent_after_a_pause_in_other_words_is_read(backend, language):
    add_alvarez(backend)
    chat = at_the_code(language)
    turn(chat, AWAY[language], "never_mind")
    code = last_code(backend)
    replies = turn(chat, {"es": f"ya estoy, aquí está: {code}", "en": f"got it here: {code}"}[language],
                   "nlu_fallback", 0.35)
    no_fresh_start(language, replies)
    assert chat.slots["one_time_code"] == "verified", replies



# A safety question in words of signing up: with nothing under way it starts the sign-up after its
# answer (tests/actions/test_question_with_a_request_or_an_answer.py); with one under way, never afresh.
SAFETY_WITH_SIGN_UP_WORDS = {"es": "¿es seguro mandar mis datos por aquí para registrarme?",
                             "en": "is it safe to send my details here to sign up?"}
SAFETY_ANSWERED = {"es": "asistente de", "en": "this is"}


@pytest.mark.parametrize("language", ["es", "en"])
@pytest.mark.parametrize("paused", [True, False], ids=["paused", "in-the-form"])
def test_a_safety_question_with_sign_up_words_is_answered_within_the_sign_up_under_way(backend, language, paused):
    if paused:
        chat = paused_at_the_email(language)
    else:
        chat = Conversation(language=language, channel="web")
        chat.start(sign_up_start(language))
        turn(chat, ACCOUNT, "inform")
        turn(chat, BUSINESS, "inform")
    replies = turn(chat, SAFETY_WITH_SIGN_UP_WORDS[language], "ask_safety", 0.6)
    no_fresh_start(language, replies)
    assert len(replies) == 2 and SAFETY_ANSWERED[language] in replies[0], replies
    assert EMAIL_ASKED[language] in replies[-1], replies
    assert chat.active_loop == FORM and chat.slots["requested_slot"] == "email"
    assert chat.slots["account_number"] == ACCOUNT and chat.slots["member_name"]
    assert turn(chat, ADDRESS, "inform")[0] != reply_in(language, messages.welcome_back)
    assert chat.slots["email"] == ADDRESS
