"""Signing up again right after deleting, in the words a play-test's member used (SMS), in English and
Spanish, against the real backend: "ok I deleted it. now I want to sign up again but with my new email
..." heard "You are all set", and "no I'm not set, I need to register again" heard "Text REGISTER any
time". Words asking to sign up again start a new sign-up whatever the model read, of the account the
conversation proved (its deletion link went), and the address given with them is kept."""

from __future__ import annotations

import pytest

from actions.answers import signs_up_again
from tests.support.action_conversation import joined
from tests.support.deleting_in_a_conversation import (
    answer_until_done,
    asks_to_delete,
    delete_by_latest_link,
    registered_and_activated,
)

NEW = "dave.johnson@icloud.com"
WITH_ADDRESS = {"en": f"ok I deleted it. now I want to sign up again but with my new email {NEW}",
                "es": f"ok ya la borré. ahora quiero volver a registrarme pero con mi correo nuevo {NEW}"}
NOT_SET = {"en": "no I'm not set, I need to register again", "es": "no, quiero registrarme otra vez"}
ALL_SET = {"en": "You are all set", "es": "Todo listo"}
TEXT_REGISTER = {"en": "Text REGISTER", "es": "REGISTRARME"}
# The account this conversation proved, whose deletion link went: signed up again, its proof kept.
SAME_ACCOUNT = {"en": "I will sign up account ending in 67 again", "es": "Voy a registrar otra vez la cuenta que termina en 67"}


def deleted(backend, language: str):
    chat = registered_and_activated(backend, language)
    asks_to_delete(chat, language)
    answer_until_done(chat, language)
    assert chat.slots["outcome"] == "delete_link_sent"
    delete_by_latest_link(backend)
    return chat


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("intent", ["inform", "change_email", "unregister"])
def test_sign_up_again_with_a_new_address_starts_it_and_keeps_the_address(backend, language, intent):
    chat = deleted(backend, language)
    reply = joined(chat.message(WITH_ADDRESS[language], intent))
    assert ALL_SET[language] not in reply and TEXT_REGISTER[language] not in reply, reply
    assert chat.slots["goal"] == "register" and chat.active_loop == "registration_form", reply
    assert SAME_ACCOUNT[language] in reply and chat.slots["requested_slot"] != "account_number", reply
    assert chat.slots["email"] == NEW


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("intent", ["deny", "nlu_fallback"])
def test_no_im_not_set_i_need_to_register_again_starts_it(backend, language, intent):
    chat = deleted(backend, language)
    reply = joined(chat.message(NOT_SET[language], intent))
    assert TEXT_REGISTER[language] not in reply and ALL_SET[language] not in reply, reply
    assert chat.slots["goal"] == "register" and chat.active_loop == "registration_form", reply
    assert SAME_ACCOUNT[language] in reply, reply


@pytest.mark.parametrize("text", ["sign up again", "register again", "quiero registrarme otra vez",
                                  "volver a inscribirme", "I need to re-register"])
def test_words_of_signing_up_again(text):
    assert signs_up_again(text)


@pytest.mark.parametrize("text", ["delete that and sign me up again", "bórrelo y regístreme de nuevo",
                                  "I don't want to register again", "no quiero volver a registrarme"])
def test_no_sign_up_again(text):
    assert not signs_up_again(text)
