"""One clear yes is enough to have the link to confirm a deletion mailed, on every path a member takes
in the web chat: the deletion asked right after signing up, asked with the account number in the first
message, confirmed through "It sounds like you want to delete ...?", and asked again in words ("actually
yes delete it", "sí, bórrelo") right after a "no, never mind" to the deletion's own question. The
question "Delete your online account registration?" is never asked after the member said yes to
deleting. English and Spanish, against the real backend."""

from __future__ import annotations

import pytest

from tests.support.action_conversation import FORM, Conversation, joined
from tests.support.deleting_in_a_conversation import ANSWERS, WORDS, answer_until_done, registered_and_activated

QUESTION = {"en": "Delete your online account registration?", "es": "¿Borrar el registro de su cuenta en línea?"}
SWITCH = {"en": "It sounds like you want to delete your online access", "es": "Parece que quiere borrar su acceso"}
SENT = {"en": "I sent a link to confirm the deletion to g***@e***.com", "es": "le mandé un enlace a g***@e***.com"}
KEPT = {"en": "your online registration stays as it is", "es": "su registro en línea se queda como está"}
# The one yes, as members type it, and as the web chat's button sends it (its payload is "yes").
YES = {"en": ["yes", "yes, delete it"], "es": ["sí, bórrelo", "yes"]}
# A yes in words right after declining: the deletion asked again, read by the model as a yes or a deletion.
CHANGED_MIND = {"en": [("actually yes delete it", "affirm", 0.67), ("wait, delete it", "unregister", 0.8)],
                "es": [("sí, bórrelo", "affirm", 0.99), ("bueno, sí, bórrelo", "affirm", 0.85)]}
DECLINE = {"en": [("no, never mind", "never_mind", 0.95), ("no", "deny", 0.99)],
           "es": [("no, mejor no", "deny", 0.99), ("no, olvídelo", "never_mind", 0.9)]}
FIRST_MESSAGE = {"en": ("please delete my online access, account 1001234567", "unregister", 0.99),
                 "es": ("quiero borrar mi registro en línea, cuenta 1001234567", "unregister", 0.99)}
# The account number and an e-mail address in the first message: the model is unsure, so it asks first.
FIRST_MESSAGE_UNSURE = {"en": ("delete my online account 1001234567, my email is g@example.com", "unregister", 0.75),
                        "es": ("borre mi cuenta en línea 1001234567, mi correo es g@example.com", "unregister", 0.75)}


def _signed_up(language: str) -> Conversation:
    """A web chat member who just signed up (every question answered, the login not yet activated)."""
    chat = Conversation(language=language, channel="web")
    chat.start(WORDS[language]["register"])
    answer_until_done(chat, language)
    assert chat.slots["outcome"] == "registered"
    return chat


def _asked_to_delete(chat: Conversation, language: str) -> str:
    said = joined(chat.message(WORDS[language]["delete"], "unregister", confidence=1.0))
    assert QUESTION[language] in said and chat.slots["requested_slot"] == "confirm_unsubscribe", said
    return said


def _link_went(chat: Conversation, said: str, language: str) -> None:
    assert SENT[language] in said and chat.slots["outcome"] == "delete_link_sent", said
    assert QUESTION[language] not in said and SWITCH[language] not in said, said
    assert chat.active_loop is None and chat.slots["requested_slot"] is None


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("which", [0, 1])
def test_right_after_signing_up_one_yes_mails_the_link(backend, language, which):
    chat = _signed_up(language)
    _asked_to_delete(chat, language)
    _link_went(chat, joined(chat.message(YES[language][which], "affirm", confidence=0.99)), language)


@pytest.mark.parametrize("language", ["en", "es"])
def test_with_the_account_number_in_the_first_message_one_yes_mails_the_link(backend, language):
    registered_and_activated(backend, language)
    chat = Conversation(language=language, channel="web")
    said = joined(chat.message(*FIRST_MESSAGE[language]))
    asked, replies = answer_until_done(chat, language)
    said += joined(replies)
    assert asked == ["member_name", "identity_proof", "confirm_unsubscribe"], asked
    assert said.count(QUESTION[language]) == 1 and SENT[language] in said, said


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_yes_to_it_sounds_like_you_want_to_delete_is_the_one_yes(backend, language):
    registered_and_activated(backend, language)
    chat = Conversation(language=language, channel="web")
    said = joined(chat.message(*FIRST_MESSAGE_UNSURE[language]))
    assert SWITCH[language] in said and chat.slots["pending_switch"] == "unsubscribe", said
    said = joined(chat.message(YES[language][0], "affirm", confidence=0.99))
    asked, replies = answer_until_done(chat, language)
    said += joined(replies)
    assert "confirm_unsubscribe" not in asked and "identity_proof" in asked, asked
    assert QUESTION[language] not in said and SENT[language] in said, said


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_yes_to_deleting_in_the_middle_of_a_sign_up_is_the_one_yes(backend, language):
    """An unsure "delete my account" while signing up is confirmed first; that YES is the deletion's."""
    registered_and_activated(backend, language)
    chat = Conversation(language=language, channel="web")
    chat.start(WORDS[language]["register"])
    for slot in ("account_number", "member_name"):
        chat.form_turn(ANSWERS[language][slot])
    assert chat.slots["requested_slot"] == "email"
    chat.user("delete my account" if language == "en" else "borre mi cuenta", "unregister", 0.8)
    said = joined(chat.run("action_start_flow")[1] + chat.follow_up_form())
    assert SWITCH[language] in said, said
    said = joined(chat.form_turn(YES[language][0], "affirm", 0.99))
    asked, replies = answer_until_done(chat, language)
    said += joined(replies)
    assert asked == ["identity_proof"], asked
    assert QUESTION[language] not in said and SENT[language] in said, said


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("declined", [0, 1])
@pytest.mark.parametrize("changed_mind", [0, 1])
def test_a_yes_in_words_right_after_declining_mails_the_link_at_once(backend, language, declined, changed_mind):
    chat = _signed_up(language)
    _asked_to_delete(chat, language)
    said = joined(chat.message(*DECLINE[language][declined]))
    assert KEPT[language] in said and chat.slots["outcome"] is None, said
    assert chat.slots["identity_proof"] == "verified"  # the no keeps this conversation's proof

    said = joined(chat.message(*CHANGED_MIND[language][changed_mind]))

    _link_went(chat, said, language)


@pytest.mark.parametrize("language", ["en", "es"])
def test_after_declining_a_deletion_of_an_account_not_proven_here_asks_only_the_proof(backend, language):
    """The deletion was asked in a conversation that proved nothing before it ("never mind" at its
    question dropped nothing either); later the member changes their mind: no second yes."""
    registered_and_activated(backend, language)
    chat = Conversation(language=language, channel="web")
    chat.message(WORDS[language]["delete"], "unregister", confidence=1.0)
    answer_until_done(chat, language, turns=3)
    assert chat.slots["requested_slot"] == "confirm_unsubscribe"
    chat.message(*DECLINE[language][0])
    assert chat.slots["outcome"] is None and chat.active_loop is None
    said = joined(chat.message(*CHANGED_MIND[language][0]))
    _link_went(chat, said, language)


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_plain_deletion_later_in_the_conversation_still_asks_its_one_yes(backend, language):
    """Only a yes the member already gave counts: a deletion asked later, after something else, asks."""
    chat = _signed_up(language)
    _asked_to_delete(chat, language)
    chat.message(*DECLINE[language][0])
    chat.message("thanks" if language == "en" else "gracias", "thanks", confidence=0.99)
    said = joined(chat.message(WORDS[language]["delete"], "unregister", confidence=1.0))
    assert QUESTION[language] in said and chat.active_loop == FORM, said


@pytest.mark.parametrize("language", ["en", "es"])
def test_another_account_named_right_after_the_question_gets_its_own_yes(backend, language):
    """The yes said to the deletion of one account is no yes to deleting another."""
    chat = _signed_up(language)
    _asked_to_delete(chat, language)
    chat.message(*DECLINE[language][1])
    text = "delete my online access for 6001112223" if language == "en" else "borre mi registro en línea de la 6001112223"
    chat.message(text, "unregister", confidence=0.99)
    assert chat.slots["identity_proof"] is None and chat.slots["confirm_unsubscribe"] is None
    assert chat.slots["requested_slot"] == "member_name"
    chat.form_turn("Peterson")
    said = joined(chat.form_turn("78610"))
    assert QUESTION[language] in said and chat.slots["requested_slot"] == "confirm_unsubscribe", said
