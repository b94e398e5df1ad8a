"""The web chat shows Yes / No buttons beside its yes/no questions: there the text says to choose
("Choose Yes or No.", "Elija Sí o No."), or nothing about how to answer where no button comes, never
"Reply YES ..."; SMS keeps "Reply YES" / "Responda SÍ". The channel is the one the web app sends with
the message (``actions.channel``). Every reply of actions/messages.py, then whole turns through the
action server's executor, against the real backend API."""

from __future__ import annotations

import re

import pytest

from actions.channel import WEB, answering_on
from actions.language import speaking
from tests.support.action_conversation import Conversation, joined, sign_up_start, sign_up_to
from tests.support.deleting_in_a_conversation import ANSWERS, WORDS, registered_and_activated
from tests.support.replies import REPLIES, longest_arguments

# "Reply YES ...", "Please reply YES or NO.", "(Reply CHANGE ANSWER ...)", and their Spanish.
REPLY_IN_WORDS = re.compile(r"\b(?:reply|responda)\s+(?:YES|NO|SÍ|CHANGE ANSWER|CAMBIAR RESPUESTA)\b", re.I)
STEPS = ("account_number", "member_name", "email", "identity_proof", "security_question", "security_answer",
         "terms_accepted", "one_time_code", "confirm_unsubscribe")


def _every_reply(language: str, channel: str | None) -> dict[str, str]:
    with speaking(language), answering_on(channel):
        said = {name: function(*longest_arguments(function)) or "" for name, function in REPLIES}
        for step in STEPS:
            function = dict(REPLIES)["step_help"]
            said[f"step_help:{step}"] = function(step, longest_arguments(function)[1])
    return said


@pytest.mark.parametrize("language", ["en", "es"])
def test_no_reply_says_reply_yes_in_the_web_chat_and_sms_keeps_it(language):
    by_sms, in_the_chat = _every_reply(language, "sms"), _every_reply(language, WEB)
    asked_in_words = {name for name, text in by_sms.items() if REPLY_IN_WORDS.search(text)}
    # The replies the play-test saw beside buttons (and every other yes/no question) keep "Reply YES" by SMS.
    assert {"ask_terms", "ask_terms_said_accepted", "ask_confirm_unsubscribe", "confirm_answer", "bad_terms",
            "bad_yes_no", "confirm_switch", "no_login_to_change", "email_did_you_mean",
            "step_help:confirm_unsubscribe"} <= asked_in_words, asked_in_words
    assert not {name: text for name, text in in_the_chat.items() if REPLY_IN_WORDS.search(text)}


CHOOSE = {"en": "Choose Yes or No.", "es": "Elija Sí o No."}
TERMS_BY_SMS = {"en": "Reply YES to accept or NO.", "es": "Responda SÍ para aceptar o NO."}
REDO = {"en": ("(Type CHANGE ANSWER to redo it.)", "(Reply CHANGE ANSWER to redo it.)"),
        "es": ("(Escriba CAMBIAR RESPUESTA para cambiarla.)", "(Responda CAMBIAR RESPUESTA para cambiarla.)")}


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("channel", ["web", "sms"])
def test_the_saved_answer_and_the_terms_say_to_choose_in_the_web_chat(backend, language, channel):
    chat = sign_up_to(Conversation(language=language, channel=channel), "security_answer", sign_up_start(language))
    said = joined(chat.form_turn("Rex"))
    assert chat.slots["requested_slot"] == "terms_accepted", said
    typed, replied = REDO[language]
    if channel == "web":
        assert typed in said and CHOOSE[language] in said, said
    else:
        assert replied in said and TERMS_BY_SMS[language] in said, said
    assert not (channel == "web" and REPLY_IN_WORDS.search(said)), said
    assert [button["payload"] for button in chat.buttons[-1]] == ["yes", "no"]


DELETE = {"en": ("delete my online account 1001234567, my email is g@example.com", "It sounds like you want to "
                 "delete your online access. Is that right?"),
          "es": ("borre mi cuenta en línea 1001234567, mi correo es g@example.com", "Parece que quiere borrar su "
                 "acceso en línea. ¿Es correcto?")}
SWITCH_BY_SMS = {"en": "Is that right? Reply YES or NO.", "es": "¿Es correcto? Responda SÍ o NO."}


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("channel", ["web", "sms"])
def test_it_sounds_like_you_want_says_how_to_answer_only_by_sms(backend, language, channel):
    """No button comes with "It sounds like you want to ...?": the web chat's question says nothing of how
    to answer, the SMS one "Reply YES or NO."."""
    registered_and_activated(backend, language)
    text, question = DELETE[language]
    chat = Conversation(language=language, channel=channel)
    said = joined(chat.message(text, "unregister", 0.75))
    assert question in said and chat.slots["pending_switch"] == "unsubscribe", said
    assert (SWITCH_BY_SMS[language] in said) == (channel == "sms"), said
    assert not (channel == "web" and REPLY_IN_WORDS.search(said)), said


CONFIRM = {"en": ("Choose Yes to delete or No to keep it.", "Reply YES to delete or NO to keep it."),
           "es": ("Elija Sí para borrarlo o No para dejarlo.", "Responda SÍ para borrarlo o NO para dejarlo.")}


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("channel", ["web", "sms"])
def test_the_deletion_s_question_says_to_choose_in_the_web_chat(backend, language, channel):
    registered_and_activated(backend, language)
    chat = Conversation(language=language, channel=channel)
    chat.message(WORDS[language]["delete"], "unregister", 0.99)
    for step in ("account_number", "member_name", "identity_proof"):
        said = joined(chat.form_turn(ANSWERS[language][step]))
    assert chat.slots["requested_slot"] == "confirm_unsubscribe", said
    choose, reply = CONFIRM[language]
    assert (choose if channel == "web" else reply) in said, said
    assert [button["payload"] for button in chat.buttons[-1]] == ["yes", "no"]
