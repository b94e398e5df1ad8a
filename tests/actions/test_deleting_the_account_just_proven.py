"""A member who proved the account in this conversation (a sign-up) and then asks to delete the online
access is not asked to prove it again: the deletion asks its YES at once, and the link to confirm goes
to the address on file as always. Only this conversation's proof of that very account, while the
backend still holds it: another account named (by number, or in words: "my other account", "the one
ending in 2223") is proven anew, also when a language request came between "It sounds like you want to
delete ...?" and the YES, and a proof that lapsed is asked again after the YES. English and Spanish,
against the real backend."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from backend.storage.models import RegistrationDraft, utcnow
from tests.support.action_conversation import Conversation, joined
from tests.support.backend_helpers import wait_for
from tests.support.deleting_in_a_conversation import ANSWERS, DELETE_LINK, WORDS, answer_until_done, links_in
from webhook.language import detect

KEPT = {"en": "without asking your details again: you showed it is yours earlier in this conversation",
        "es": "sin volver a pedirle sus datos: ya mostró antes en esta conversación que es suya"}
ACCOUNT_QUESTION = {"en": "What is your account number?", "es": "¿Cuál es su número de cuenta?"}
SENT = {"en": "I sent a link to confirm the deletion", "es": "le mandé un enlace a"}
EXPIRED = {"en": "identity check expires", "es": "verificación de identidad vence"}


def _signed_up(language: str) -> Conversation:
    chat = Conversation(language=language, channel="sms")
    chat.start(WORDS[language]["register"])
    answer_until_done(chat, language)
    assert chat.slots["outcome"] == "registered"
    return chat


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_deletion_right_after_the_sign_up_asks_only_its_yes(backend, language):
    chat = _signed_up(language)
    said = joined(chat.message(WORDS[language]["delete"], intent="unregister"))
    assert KEPT[language] in said and "1001234567" in said, said
    assert ACCOUNT_QUESTION[language] not in said, said
    assert chat.slots["requested_slot"] == "confirm_unsubscribe"
    asked, replies = answer_until_done(chat, language)
    assert asked == ["confirm_unsubscribe"], asked
    assert SENT[language] in joined(replies) and chat.slots["outcome"] == "delete_link_sent", replies


@pytest.mark.parametrize("language", ["en", "es"])
def test_another_account_named_in_the_request_is_proven_anew(backend, language):
    chat = _signed_up(language)
    said = joined(chat.message(f"{WORDS[language]['delete']} 6001112223", intent="unregister"))
    assert KEPT[language] not in said, said
    assert chat.slots["identity_proof"] is None and chat.slots["requested_slot"] != "confirm_unsubscribe"


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_proof_that_lapsed_is_asked_again_after_the_yes(backend, language):
    chat = _signed_up(language)
    chat.message(WORDS[language]["delete"], intent="unregister")
    lapsed = utcnow() - timedelta(hours=3)
    with backend.session() as session, session.begin():
        session.execute(update(RegistrationDraft).where(RegistrationDraft.conversation_id == chat.sender)
                        .values(verified_at=lapsed, name_matched_at=lapsed))
    said = joined(chat.form_turn(ANSWERS[language]["confirm_unsubscribe"]))
    assert EXPIRED[language] in said and SENT[language] not in said, said
    chat.follow_up_form()
    asked, replies = answer_until_done(chat, language)
    assert "identity_proof" in asked and "confirm_unsubscribe" not in asked, asked
    assert SENT[language] in joined(replies) and chat.slots["outcome"] == "delete_link_sent", replies


SOUNDS_LIKE = {"en": "It sounds like you want to delete", "es": "Parece que quiere borrar"}
OTHER = "6001112223"  # Peterson's account (tests/actions/conftest.py), never proven in this conversation
ANOTHER = {"en": f"can you delete the online access of account {OTHER} too",
           "es": f"puede borrar tambien el acceso en linea de la cuenta {OTHER}"}


CHANGE_EMAIL = {"en": "my email changed", "es": "cambié de correo"}


def _yes_to_deleting_another_account(chat: Conversation, language: str) -> str:
    """The member names another account in an unsure deletion request, hears "It sounds like you want
    to delete ...?" and says yes; the replies of the yes."""
    if chat.active_loop:  # during the form, the rule for a deletion runs first, then the form (data/rules.yml)
        chat.user(ANOTHER[language], intent="unregister", confidence=0.6)
        asked = joined(chat.run("action_start_flow")[1] + chat.follow_up_form())
    else:
        asked = joined(chat.message(ANOTHER[language], intent="unregister", confidence=0.6))
    assert SOUNDS_LIKE[language] in asked, asked
    return joined(chat.message(ANSWERS[language]["confirm_unsubscribe"], intent="affirm"))


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_yes_to_deleting_another_account_mails_no_link_of_the_proven_one(backend, language):
    chat = _signed_up(language)
    said = _yes_to_deleting_another_account(chat, language)
    assert SENT[language] not in said and KEPT[language] not in said, said
    assert not links_in(backend, DELETE_LINK) and chat.slots["outcome"] != "delete_link_sent", said
    assert chat.slots["identity_proof"] is None and chat.slots["account_number"] != "1001234567", said
    assert ACCOUNT_QUESTION[language] in said and chat.slots["requested_slot"] == "account_number", said


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_yes_to_deleting_another_account_while_changing_the_email_asks_which_account(backend, language):
    chat = _signed_up(language)
    chat.message(CHANGE_EMAIL[language], intent="change_email")
    for step in ("account_number", "member_name", "identity_proof"):
        assert chat.slots["requested_slot"] == step
        chat.form_turn(ANSWERS[language][step])
    assert chat.slots["identity_proof"] == "verified" and chat.slots["requested_slot"] == "email"
    said = _yes_to_deleting_another_account(chat, language)
    assert SENT[language] not in said and not links_in(backend, DELETE_LINK), said
    assert chat.slots["identity_proof"] is None and chat.slots["goal"] == "unsubscribe", said
    assert ACCOUNT_QUESTION[language] in said and chat.slots["requested_slot"] == "account_number", said


def _peterson_signed_up_elsewhere(language: str) -> None:
    """The other account has its own login, made in another conversation (its owner's phone)."""
    other = Conversation(language=language, channel="sms")
    other.start(WORDS[language]["register"])
    answers = dict(ANSWERS[language], account_number=OTHER, member_name="Peterson", email="p@example.com",
                   identity_proof="78610")
    for _ in range(8):
        if not other.active_loop:
            break
        other.form_turn(answers[other.slots["requested_slot"]])
    assert other.slots["outcome"] == "registered"


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_other_account_proven_gets_its_own_deletion_link_without_a_second_yes(backend, language):
    _peterson_signed_up_elsewhere(language)
    chat = _signed_up(language)
    _yes_to_deleting_another_account(chat, language)
    for step, answer in (("account_number", OTHER), ("member_name", "Peterson"), ("identity_proof", "78610")):
        assert chat.slots["requested_slot"] == step
        said = joined(chat.form_turn(answer))
    assert SENT[language] in said and "p***@e***.com" in said, said
    assert chat.slots["account_number"] == OTHER and chat.slots["outcome"] == "delete_link_sent", said
    assert wait_for(lambda: links_in(backend, DELETE_LINK, "p@example.com"))
    assert not links_in(backend, DELETE_LINK), said  # the proven account's link never went


# --- a language request between "It sounds like you want to delete ...?" and the yes --------------
OTHER_LANGUAGE = {"en": "es", "es": "en"}
# How the member asks for the other language: a click on its button, or typed, alone or with more
# words; sent as the web app sends it (webhook.language.detect: the rest only, or "/greet").
REQUESTS = {"es": ["Español", "en español por favor", "bueno, ¿podemos seguir en español?"],
            "en": ["English", "in English please", "ok can we finish in English please"]}


def _asks_for_the_other_language(chat: Conversation, how: int) -> list[str]:
    language = OTHER_LANGUAGE[chat.language]
    if how == 0:
        return chat.requests_language(language)  # the widget's button: the request alone
    decision = detect(REQUESTS[language][how], chat.language, ("en", "es"))
    assert decision.requested and decision.language == language, decision
    return chat.requests_language(language, decision.rest)


@pytest.mark.parametrize("during", ["after the sign-up", "changing the e-mail"])
@pytest.mark.parametrize("asked_how", [0, 1, 2], ids=["button", "typed", "typed with more"])
@pytest.mark.parametrize("language", ["en", "es"])
def test_a_language_request_before_the_yes_to_deleting_another_account_mails_no_link_of_the_proven_one(
        backend, language, asked_how, during):
    """The language request asks "It sounds like you want to delete ...?" again and leaves it pending:
    the yes after it still answers the message that named the other account (6001112223)."""
    chat = _signed_up(language)
    if during == "changing the e-mail":
        chat.message(CHANGE_EMAIL[language], intent="change_email")
        for step in ("account_number", "member_name", "identity_proof"):
            chat.form_turn(ANSWERS[language][step])
        assert chat.slots["identity_proof"] == "verified" and chat.slots["requested_slot"] == "email"
    if chat.active_loop:
        chat.user(ANOTHER[language], intent="unregister", confidence=0.6)
        asked = joined(chat.run("action_start_flow")[1] + chat.follow_up_form())
    else:
        asked = joined(chat.message(ANOTHER[language], intent="unregister", confidence=0.6))
    assert SOUNDS_LIKE[language] in asked, asked
    new = OTHER_LANGUAGE[language]
    again = joined(_asks_for_the_other_language(chat, asked_how))
    assert SOUNDS_LIKE[new] in again and chat.slots["pending_switch"] == "unsubscribe", again
    said = joined(chat.message(ANSWERS[new]["confirm_unsubscribe"], intent="affirm"))
    assert SENT[new] not in said and KEPT[new] not in said, said
    assert not links_in(backend, DELETE_LINK) and chat.slots["outcome"] != "delete_link_sent", said
    assert chat.slots["identity_proof"] is None and chat.slots["goal"] == "unsubscribe", said
    assert ACCOUNT_QUESTION[new] in said and chat.slots["requested_slot"] == "account_number", said


# --- another account named without its number -----------------------------------------------------
IN_WORDS = {"en": ["can you delete the online access of my other account too",
                   "can you also delete my husband's account, the one ending in 2223"],
            "es": ["puede borrar también el acceso de mi otra cuenta",
                   "borre también la cuenta de mi esposo, la que termina en 2223"]}
FIRST_PROVE = {"en": "First I need to confirm the account is yours",
               "es": "Primero necesito confirmar que la cuenta es suya"}


def _the_proof_is_forgotten(backend, chat: Conversation) -> bool:
    with backend.session() as session:
        draft = session.scalar(select(RegistrationDraft).where(RegistrationDraft.conversation_id == chat.sender))
    return chat.slots["identity_proof"] is None and chat.slots["account_number"] is None and (
        draft is None or draft.verified_at is None)


@pytest.mark.parametrize("sure", [False, True], ids=["asked first", "sure"])
@pytest.mark.parametrize("during", ["after the sign-up", "changing the e-mail"])
@pytest.mark.parametrize("words", [0, 1], ids=["other account", "someone's, ending in"])
@pytest.mark.parametrize("language", ["en", "es"])
def test_another_account_named_in_words_is_proven_anew(backend, language, words, during, sure):
    """ "delete my other account too", "my husband's account, the one ending in 2223": not the account
    this conversation proved, so its proof is forgotten and the account asked; a yes mails no link."""
    chat = _signed_up(language)
    if during == "changing the e-mail":
        chat.message(CHANGE_EMAIL[language], intent="change_email")
        for step in ("account_number", "member_name", "identity_proof"):
            chat.form_turn(ANSWERS[language][step])
        assert chat.slots["identity_proof"] == "verified"
    text = IN_WORDS[language][words]
    if chat.active_loop:
        chat.user(text, intent="unregister", confidence=0.95 if sure else 0.6)
        said = joined(chat.run("action_start_flow")[1] + chat.follow_up_form())
    else:
        said = joined(chat.message(text, intent="unregister", confidence=0.95 if sure else 0.6))
    assert KEPT[language] not in said, said
    if chat.slots["pending_switch"]:
        assert SOUNDS_LIKE[language] in said, said
        said = joined(chat.message(ANSWERS[language]["confirm_unsubscribe"], intent="affirm"))
    assert FIRST_PROVE[language] in said and KEPT[language] not in said, said
    assert _the_proof_is_forgotten(backend, chat) and chat.slots["goal"] == "unsubscribe", said
    said = joined(chat.message(ANSWERS[language]["confirm_unsubscribe"], intent="affirm"))  # a yes anyway
    assert SENT[language] not in said and not links_in(backend, DELETE_LINK), said
    assert chat.slots["outcome"] != "delete_link_sent" and chat.slots["identity_proof"] is None, said


@pytest.mark.parametrize(("language", "text"), [("en", "please delete the online access of the account ending in 4567"),
                                                ("es", "borre el acceso de la cuenta que termina en 4567")])
def test_the_proven_account_named_by_its_ending_keeps_its_proof(backend, language, text):
    chat = _signed_up(language)
    said = joined(chat.message(text, intent="unregister"))
    assert KEPT[language] in said and chat.slots["requested_slot"] == "confirm_unsubscribe", said
    asked, replies = answer_until_done(chat, language)
    assert asked == ["confirm_unsubscribe"] and SENT[language] in joined(replies), replies
