""""delete that and sign me up again", "bórrelo y regístreme de nuevo": the deletion starts, and the
member hears what comes after it (once it is deleted, REGISTER signs up again), whatever the model
read (a sign-up, "start over", an unsure deletion). Never a sign-up alone that ignores the deletion,
nor a deletion that says nothing of what follows. English and Spanish, against the real backend."""

from __future__ import annotations

import pytest

from actions.answers import deletes_then_signs_up
from tests.support.action_conversation import Conversation, joined
from tests.support.deleting_in_a_conversation import WORDS, answer_until_done, registered_and_activated

NOTE = {"en": "Once it is deleted, send REGISTER to sign up again",
        "es": "Ya borrado, envíe REGISTRARME para registrarse de nuevo"}
NOTE_NEW = {"en": "once it is deleted, send REGISTER to sign up again",
            "es": "ya borrado, envíe REGISTRARME para registrarse de nuevo"}
QUESTION = {"en": "Delete your online account registration?", "es": "¿Borrar el registro de su cuenta en línea?"}
SWITCH = {"en": "It sounds like you want to", "es": "Parece que quiere"}
SENT = {"en": "I sent a link to confirm the deletion", "es": "le mandé un enlace a"}
ACCOUNT_QUESTION = {"en": "What is your account number?", "es": "¿Cuál es su número de cuenta?"}
# As the model reads them (intent, confidence), and the action its rule runs outside a flow.
REDO = {
    "en": [("delete that and sign me up again", "register", 0.95, "action_start_flow"),
           ("delete my online account and register me again", "register", 0.99, "action_start_flow")],
    "es": [("bórrelo y regístreme de nuevo", "start_over", 0.49, "action_start_over"),
           ("bórrela y regístreme otra vez", "unregister", 0.57, "action_start_flow"),
           ("quiero borrar mi cuenta y registrarme otra vez", "register", 0.57, "action_start_flow")],
}
CASES = [(language, index) for language, said in REDO.items() for index in range(len(said))]


def _redo(chat: Conversation, language: str, index: int) -> str:
    text, intent, confidence, action = REDO[language][index]
    return joined(chat.message(text, intent, confidence, action=action))


@pytest.mark.parametrize("language, index", CASES)
def test_right_after_signing_up_the_deletion_starts_and_says_what_follows(backend, language, index):
    chat = registered_and_activated(backend, language)

    said = _redo(chat, language, index)

    assert NOTE[language] in said and "1001234567" in said, said
    assert QUESTION[language] in said and chat.slots["requested_slot"] == "confirm_unsubscribe", said
    assert SWITCH[language] not in said, said  # the words say it: no "It sounds like you want to ...?"
    assert chat.slots["goal"] == "unsubscribe"
    asked, replies = answer_until_done(chat, language)
    assert asked == ["confirm_unsubscribe"] and SENT[language] in joined(replies), replies


@pytest.mark.parametrize("language, index", CASES)
def test_in_a_new_conversation_the_deletion_starts_with_the_note_and_the_account_question(backend, language, index):
    registered_and_activated(backend, language)
    chat = Conversation(language=language, channel="web")

    said = _redo(chat, language, index)

    assert NOTE_NEW[language] in said and ACCOUNT_QUESTION[language] in said, said
    assert chat.slots["goal"] == "unsubscribe" and chat.slots["requested_slot"] == "account_number"
    asked, replies = answer_until_done(chat, language)
    assert asked == ["account_number", "member_name", "identity_proof", "confirm_unsubscribe"], asked
    assert SENT[language] in joined(replies), replies


@pytest.mark.parametrize("language, text", [
    ("en", "delete my account and sign me up again with my work email"),
    ("es", "bórrela y regístreme otra vez con otro correo"),
])
def test_to_sign_up_again_with_another_address_the_address_changes_instead(backend, language, text):
    chat = Conversation(language=language, channel="web")
    chat.message(text, "register", 0.9)
    assert chat.slots["goal"] == "change_email"


@pytest.mark.parametrize("text", [
    "delete that and sign me up again", "delete it, then re-register me", "please delete my login and then sign me up",
    "bórrelo y regístreme de nuevo", "borrelo y registreme de nuevo", "quiero borrar mi cuenta y registrarme otra vez",
    "borre mi registro y vuélvame a registrar", "elimínelo y luego inscríbame otra vez",
])
def test_a_deletion_then_a_sign_up_is_read_as_both(text):
    assert deletes_then_signs_up(text)


@pytest.mark.parametrize("text", [
    "I deleted it before and want to sign up again", "don't delete it, just sign me up again",
    "la borré hace tiempo y quiero volver a registrarme", "ya lo borre y quiero registrarme",
    "no lo borre, quiero registrarme", "no quiero borrar nada, quiero crear mi cuenta",
    "delete my online access", "sign me up", "cancel my paper bill and sign me up",
    "I removed my online account last year, can I register again?",
])
def test_a_deletion_told_as_done_negated_or_alone_is_no_such_request(text):
    assert not deletes_then_signs_up(text)


@pytest.mark.parametrize("language, index", CASES)
def test_right_after_a_no_to_the_deletion_it_is_the_yes_and_still_says_what_follows(backend, language, index):
    chat = registered_and_activated(backend, language)
    chat.message(WORDS[language]["delete"], "unregister", confidence=1.0)
    chat.message("no", "deny", confidence=0.99)
    assert chat.slots["outcome"] is None and chat.active_loop is None

    said = _redo(chat, language, index)

    assert NOTE[language] in said and SENT[language] in said and QUESTION[language] not in said, said
    assert chat.slots["outcome"] == "delete_link_sent"


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("words, intent", [("delete that and sign me up again", "register"),
                                           ("delete my online access", "unregister")])
def test_a_nine_digit_account_proven_is_named_by_its_last_two_digits_only(backend, language, words, intent):
    """A nine-digit account (perhaps an SSN) is kept as a reference in the conversation: the deletion's
    reply names it "ending in" its last two digits, never the reference nor the digits."""
    from common import account_refs

    reference = account_refs.make("123456789", "0" * 32)
    chat = Conversation(language=language, channel="sms")
    chat.set(account_number=reference, member_name="Garza", identity_proof="verified")
    said = joined(chat.message(words, intent, 0.95, action="action_start_flow"))
    assert "89" in said and reference not in said and "ref:" not in said and "123456789" not in said, said
