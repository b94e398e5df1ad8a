"""A member adds a second account in the same conversation, against the real backend API
(tests/actions/conftest.py):

- "same email as before", "the same one", "el mismo correo", "el mismo de antes" at the e-mail step
  is the address given earlier in this conversation (the one the first sign-up's login uses),
  confirmed masked, never in full; an address the conversation knows only masked, or none at all,
  is asked for in full, with no failure counted;
- the final reply says what was mailed: the addition link to the login's address ("add this
  account to your online login"), never "set your password".
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from backend.storage.models import Login, Registration

from tests.support.action_conversation import Conversation, joined, sign_up_start, sign_up_to
from tests.support.backend_helpers import outbox_mails, wait_for

FIRST = "g@example.com"
# The second account: O'Brien-Smith (no phone on file, ZIP 78701).
SECOND = ("3005551212", "O'Brien-Smith", "78701")
WORDS = {
    "en": dict(add="I have another account to add", yes="yes", same=("same email as before", "the same one"),
               confirmed="same address as before: g***@e***.com", added="add this account to your online login",
               password="to set your password", subject="Add another account", none="I do not have an e-mail address",
               masked="partly hidden (a***@e***.com)", menu="Pick a security question", pet="pet's name",
               terms="do you accept the Terms and Conditions"),
    "es": dict(add="también tengo otra cuenta", yes="sí, acepto", same=("el mismo correo", "el mismo de antes"),
               confirmed="mismo correo de antes: g***@e***.com", added="agregar esta cuenta a su acceso en",
               password="para crear su contraseña", subject="Agregar otra cuenta", none="No tengo un correo",
               masked="en parte oculto (a***@e***.com)", menu="Elija una pregunta de seguridad",
               pet="mascota", terms="acepta los Términos y Condiciones"),
}


def signed_up(language: str) -> Conversation:
    """A whole first sign-up (Garza, ``FIRST``) in ``language``, finished in this conversation."""
    chat = sign_up_to(Conversation(language=language), "terms_accepted", sign_up_start(language))
    chat.form_turn(WORDS[language]["yes"])
    assert chat.slots["outcome"] == "registered" and chat.active_loop is None
    return chat


def to_the_email(chat: Conversation, language: str) -> str:
    """Start adding the second account and answer up to the e-mail question; returns the replies."""
    replies = chat.start(WORDS[language]["add"], "register")
    replies += chat.form_turn(SECOND[0])
    replies += chat.form_turn(SECOND[1])
    assert chat.slots["requested_slot"] == "email", replies
    return joined(replies)


def mails_to(backend, address: str) -> list:
    return [mail for mail in outbox_mails(backend.settings.outbox_dir) if mail["To"] == address]


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("which", [0, 1])
def test_the_same_email_as_before_is_the_address_given_and_the_reply_says_the_addition_link(
        backend, language, which):
    words = WORDS[language]
    chat = signed_up(language)
    wait_for(lambda: mails_to(backend, FIRST))
    to_the_email(chat, language)
    reply = joined(chat.form_turn(words["same"][which]))
    assert words["confirmed"] in reply and FIRST not in reply, reply
    assert chat.slots["email"] == FIRST and chat.slots["requested_slot"] == "identity_proof"
    assert not (chat.slots["failures"] or {}).get("email")
    proven = joined(chat.form_turn(SECOND[2]))
    # The login's security question and answer stand: the Terms come right after the proof.
    assert chat.slots["requested_slot"] == "terms_accepted" and words["menu"] not in proven, proven
    done = joined(chat.form_turn(words["yes"]))
    assert words["added"] in done and words["password"] not in done and "g***@e***.com" in done, done
    assert chat.slots["outcome"] == "registered"
    added = wait_for(lambda: [m for m in mails_to(backend, FIRST) if m["Subject"].strip().startswith(words["subject"])])
    assert len(added) == 1


def the_login(backend) -> Login:
    with backend.session() as session:
        return session.scalar(select(Login).where(Login.email == FIRST))


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("address", ["same", "typed"])
def test_a_second_account_on_the_login_made_here_asks_no_security_question(backend, language, address):
    """docs/contract.md section 6: nothing on the login is replaced; its question and answer stand."""
    words = WORDS[language]
    chat = signed_up(language)
    before = the_login(backend)
    asked = to_the_email(chat, language)
    asked += joined(chat.form_turn(words["same"][0] if address == "same" else FIRST.upper()))
    asked += joined(chat.form_turn(SECOND[2]))
    assert words["menu"] not in asked and words["pet"] not in asked, asked
    assert chat.slots["requested_slot"] == "terms_accepted"
    assert words["terms"] in asked
    done = joined(chat.form_turn(words["yes"]))
    assert words["added"] in done and chat.slots["outcome"] == "registered", done
    after = the_login(backend)
    assert (after.id, after.security_question, after.security_answer_hash) == (
        before.id, before.security_question, before.security_answer_hash)
    with backend.session() as session:
        assert session.scalar(select(func.count()).select_from(Registration)
                              .where(Registration.login_id == before.id)) == 2


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_second_account_with_another_address_is_asked_the_security_question(backend, language):
    words = WORDS[language]
    chat = signed_up(language)
    to_the_email(chat, language)
    chat.form_turn("other@example.com")
    asked = joined(chat.form_turn(SECOND[2]))
    assert words["menu"] in asked and chat.slots["requested_slot"] == "security_question", asked


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_same_one_with_no_address_before_asks_for_it_in_full(backend, language):
    words = WORDS[language]
    chat = Conversation(language=language)
    chat.start(sign_up_start(language))
    chat.form_turn("1001234567")
    chat.form_turn("Garza")
    reply = joined(chat.form_turn(words["same"][1]))
    assert words["none"] in reply, reply
    assert chat.slots["email"] is None and chat.slots["requested_slot"] == "email"
    assert not (chat.slots["failures"] or {}).get("email")


@pytest.mark.parametrize("language", ["en", "es"])
def test_an_address_known_only_masked_is_asked_for_in_full(backend, language):
    """The first account already had a login: its address is known only masked, so it must be typed."""
    words = WORDS[language]
    from tests.support.member_rows import give_login
    give_login(backend, "1001234567", "ana@example.com")
    chat = sign_up_to(Conversation(language=language), "identity_proof", sign_up_start(language))
    chat.form_turn("78620")
    assert chat.slots["outcome"] == "already_registered" and chat.slots["email_masked"] == "a***@e***.com"
    to_the_email(chat, language)
    reply = joined(chat.form_turn(words["same"][0]))
    assert words["masked"] in reply and FIRST not in reply, reply
    assert chat.slots["email"] is None and chat.slots["requested_slot"] == "email"


@pytest.mark.parametrize("language", ["en", "es"])
def test_another_conversation_giving_that_address_gets_the_reply_of_a_new_one(backend, language):
    """Who has a login is told to no one: only the conversation that signed the login up hears of the addition."""
    words = WORDS[language]
    signed_up(language)
    stranger = Conversation(language=language)
    stranger.start(sign_up_start(language))
    for text in (*SECOND[:2], FIRST, SECOND[2], "2", "Rex"):
        stranger.form_turn(text)
    done = joined(stranger.form_turn(words["yes"]))
    assert words["password"] in done and words["added"] not in done, done
