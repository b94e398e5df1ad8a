"""A message holding an account number starts the sign-up outside a flow, whatever intent the model read.

The form then reads every value of that message (name, e-mail, ZIP), and no reply asks
for the account number the message holds.
"""

from __future__ import annotations

import pytest

from tests.support.action_conversation import FORM, Conversation, joined

LETTER = {
    "en": ("Dear Sir or Madam,\nI am writing to request access to my electric account on the internet, as my "
           "grandson tells me this is now possible. My account number is 1001234567 and the account is in the "
           "name of Garza. My mailing ZIP code is 78620. Please send the information to my electronic mail "
           "address, which is b.garza@example.com.\nThank you kindly for your assistance.\nSincerely,\nBirgitta Garza"),
    "es": ("Muy señores míos:\nLes escribo para solicitar el acceso a mi cuenta de electricidad por internet, pues "
           "mi nieto me dice que ya es posible. Mi número de cuenta es 1001234567 y la cuenta está a nombre de "
           "Garza. Mi código postal es 78620. Les ruego envíen la información a mi correo electrónico, que es "
           "b.garza@example.com.\nLes agradezco de antemano su atención.\nAtentamente,\nBirgitta Garza"),
}
SHORT = {
    "en": "Dear Sir or Madam, Thank you for your reply. As I wrote, my account number is 1001234567. Sincerely, B. Garza",
    "es": "Muy señores míos: gracias por su respuesta. Como les dije, mi número de cuenta es 1001234567. Atentamente",
}
ASKS_FOR_THE_ACCOUNT = ("send your account number", "envie su numero de cuenta", "envíe su número de cuenta")


def _side_answer(chat: Conversation, text: str, intent: str) -> str:
    chat.user(text, intent)
    events, texts = chat.run("action_side_answer")
    if any(e.get("event") == "followup" and e.get("name") == FORM for e in events):
        texts += chat.follow_up_form()
    return joined(texts)


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("intent", ["out_of_scope", "greet", "thanks", "nlu_fallback"])
def test_a_letter_with_every_answer_starts_the_sign_up_and_keeps_them(backend, language, intent):
    chat = Conversation(language=language)
    said = _side_answer(chat, LETTER[language], intent)
    assert chat.slots["goal"] == "register"
    assert chat.slots["account_number"] == "1001234567" and chat.slots["member_name"] == "Garza"
    assert chat.slots["email"] == "b.garza@example.com" and chat.slots["identity_proof"] == "verified"
    assert chat.slots["requested_slot"] == "security_question", said
    assert not any(words in said.lower() for words in ASKS_FOR_THE_ACCOUNT), said


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_second_letter_after_an_off_topic_answer_starts_the_sign_up(backend, language):
    chat = Conversation(language=language)
    _side_answer(chat, "Dear Sir or Madam, how are you today?", "out_of_scope")
    said = _side_answer(chat, SHORT[language], "out_of_scope")
    assert chat.slots["account_number"] == "1001234567" and chat.slots["requested_slot"] == "member_name"
    assert not any(words in said.lower() for words in ASKS_FOR_THE_ACCOUNT), said
    assert chat.slots["offtopic_count"] == 0


@pytest.mark.parametrize(("text", "intent"), [
    ("how do I get paperless billing? my account is 1001234567", "ask_paperless"),
    ("¿qué gano con el acceso en línea? mi cuenta es 1001234567", "ask_benefits"),
    ("olvídalo, ya no quiero, cuenta 1001234567", "out_of_scope"),
])
def test_a_question_or_a_stop_with_an_account_number_starts_nothing(backend, text, intent):
    chat = Conversation()
    chat.user(text, intent)
    events, _ = chat.run("action_side_answer")
    assert not any(e.get("event") == "followup" for e in events) and not chat.slots["goal"]


def test_a_deletion_with_an_account_number_starts_the_deletion_not_the_sign_up(backend):
    chat = Conversation()
    chat.user("please delete my online registration, account 1001234567", "out_of_scope")
    chat.run("action_side_answer")
    assert chat.slots["goal"] == "unsubscribe"


@pytest.mark.parametrize("text", ["my power is out again", "se fue la luz otra vez"])
def test_an_off_topic_message_without_an_account_number_stays_a_side_answer(backend, text):
    chat = Conversation()
    chat.user(text, "out_of_scope")
    events, _ = chat.run("action_side_answer")
    assert not any(e.get("event") == "followup" for e in events) and not chat.slots["goal"]


@pytest.mark.parametrize("language", ["en", "es"])
def test_no_rule_applies_yet_the_account_number_starts_the_sign_up(backend, language):
    chat = Conversation(language=language)
    chat.user(SHORT[language], "out_of_scope")
    events, texts = chat.run("action_default_fallback")
    assert not any(e.get("event") == "rewind" for e in events)
    said = joined(texts + chat.follow_up_form())
    assert chat.slots["account_number"] == "1001234567" and chat.slots["requested_slot"] == "member_name"
    assert not any(words in said.lower() for words in ASKS_FOR_THE_ACCOUNT), said
