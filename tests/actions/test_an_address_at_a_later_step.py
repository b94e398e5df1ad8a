"""An e-mail address typed (or mistyped) after the e-mail step, at the security question, the ZIP / last 4,
the Terms, the code or the security answer, is answered as an address and nothing else: a mistyped one
("Mi correo cambió, perdón: nombre@hotmial..com", "perdón, es fischer@hotmial..com") hears what is wrong
with it (``messages.bad_email``), once, and nothing more; the words inside it ("nombre", "name", "first",
"second", "yes") are never a name corrected, a question chosen, a yes or a security answer; the name
checked is kept and no failed answer is counted. In English and Spanish, against the real backend API."""

from __future__ import annotations

import pytest

from actions import messages
from actions.extract import parse
from tests.support.action_conversation import (Conversation, at_the_code, joined, sign_up_start, sign_up_to,
                                               stored_answer_hash)
from tests.support.one_time_code import add_alvarez, last_code
from tests.support.replies import reply_in

# What ``messages.bad_email`` says of "...@hotmial..com", in the member's language.
SHAPE = {"en": "It should look like name@example.com.", "es": "Debe verse así: nombre@ejemplo.com."}
# An address whose domain is mistyped, said with words of a changed address ("nombre", "name" inside it).
CHANGED = {"en": "My email changed, sorry: name@hotmial..com", "es": "Mi correo cambió, perdón: nombre@hotmial..com"}
# The same with only an apology around it.
SORRY = {"en": "sorry, it's fischer@hotmial..com", "es": "perdón, es fischer@hotmial..com"}
LATER_STEPS = ["security_question", "identity_proof", "terms_accepted", "one_time_code", "security_answer"]
# The question each step asks (its first words), asked again after the address's problem.
PENDING = {
    "security_question": {"en": "Pick a security question.", "es": "Elija una pregunta de seguridad."},
    "identity_proof": {"en": "To protect your account", "es": "Para proteger su cuenta"},
    "terms_accepted": {"en": "do you accept the Terms", "es": "acepta los Términos"},
    "one_time_code": {"en": "Please send the 6-digit code", "es": "envíe el código de 6 dígitos"},
    "security_answer": {"en": "What is your pet's name?", "es": "¿Cómo se llama su mascota?"},
}


def at_step(backend, step: str, language: str) -> Conversation:
    """A sign-up in ``language`` at ``step``: Garza (no phone on file), or Alvarez at the texted code."""
    if step == "one_time_code":
        add_alvarez(backend)
        return at_the_code(language)
    return sign_up_to(Conversation(language=language), step, sign_up_start(language))


def name_question(chat: Conversation, language: str) -> str:
    return reply_in(language, messages.ask_member_name, chat.slots["account_number"])


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_changed_address_mistyped_at_the_menu_keeps_the_name_and_asks_the_address(backend, language):
    chat = at_step(backend, "security_question", language)
    replies = chat.form_or_side_turn(CHANGED[language])
    reply = joined(replies)
    assert SHAPE[language] in replies[0], replies
    assert name_question(chat, language) not in reply and chat.slots["member_name"] == "Garza", reply
    # The old address was said to have changed: it is forgotten, and asked for again (never the name).
    assert chat.slots["email"] is None and chat.slots["requested_slot"] == "email"
    assert replies[1:] == [reply_in(language, messages.ask_email)], replies
    assert not chat.slots["failures"], chat.slots["failures"]
    chat.form_turn("nombre@hotmail.com")
    assert chat.slots["email"] == "nombre@hotmail.com" and chat.slots["requested_slot"] == "security_question"


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_mistyped_address_at_the_menu_is_answered_once_then_the_menu(backend, language):
    chat = at_step(backend, "security_question", language)
    replies = chat.form_or_side_turn(SORRY[language])
    assert len(replies) == 2 and SHAPE[language] in replies[0], replies
    assert PENDING["security_question"][language] in replies[1], replies
    assert reply_in(language, messages.bad_question, False) not in joined(replies)
    assert chat.slots["requested_slot"] == "security_question" and not chat.failures("security_question")
    assert chat.slots["email"] == "g@example.com" and chat.slots["member_name"] == "Garza"


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("step", LATER_STEPS)
def test_a_mistyped_address_at_any_later_step_is_answered_then_that_step_s_question(backend, step, language):
    chat = at_step(backend, step, language)
    name, email = chat.slots["member_name"], chat.slots["email"]
    replies = chat.form_or_side_turn(SORRY[language])
    assert len(replies) == 2 and SHAPE[language] in replies[0], replies
    assert PENDING[step][language] in replies[1], replies
    assert chat.slots["requested_slot"] == step and not chat.slots["failures"], chat.slots["failures"]
    assert chat.slots["member_name"] == name and chat.slots["email"] == email
    if step == "security_answer":
        assert chat.slots["security_answer"] is None and stored_answer_hash(backend) is None


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("step", LATER_STEPS)
def test_a_changed_address_mistyped_at_any_later_step_keeps_the_name(backend, step, language):
    chat = at_step(backend, step, language)
    name = chat.slots["member_name"]
    replies = chat.form_or_side_turn(CHANGED[language])
    reply = joined(replies)
    assert SHAPE[language] in replies[0] and name_question(chat, language) not in reply, replies
    assert chat.slots["member_name"] == name and chat.slots["email"] is None
    assert not chat.slots["failures"], chat.slots["failures"]
    if step == "one_time_code":
        # The code question stays open (no wrong code counted); the new address is asked after it.
        assert chat.slots["requested_slot"] == "one_time_code" and PENDING[step][language] in replies[-1]
        chat.form_turn(last_code(backend))
        assert chat.slots["one_time_code"] == "verified" and chat.slots["requested_slot"] == "email"
    else:
        assert chat.slots["requested_slot"] == "email" and replies[-1] == reply_in(language, messages.ask_email)


@pytest.mark.parametrize(("language", "text", "address"), [
    ("en", "My email changed, sorry: name@hotmail.com", "name@hotmail.com"),
    ("es", "perdón, es fischer@hotmail.com", "fischer@hotmail.com"),
    ("en", "wait wrong email", None),
    ("es", "me equivoqué de correo", None),
])
def test_an_address_at_the_code_is_read_and_no_wrong_code_counted(backend, language, text, address):
    chat = at_step(backend, "one_time_code", language)
    replies = chat.form_or_side_turn(text)
    assert chat.slots["email"] == address and not chat.failures("one_time_code"), replies
    assert reply_in(language, messages.bad_code, False) not in joined(replies)
    if address:
        assert replies == [reply_in(language, messages.confirm_email, address),
                           reply_in(language, messages.ask_one_time_code)], replies
    chat.form_turn(last_code(backend))
    assert chat.slots["one_time_code"] == "verified"


@pytest.mark.parametrize(("language", "text", "address"), [
    ("en", "sorry, it is first.name@gmail.com", "first.name@gmail.com"),
    ("en", "oops its the.second.one@gmail.com", "the.second.one@gmail.com"),
    # a question's name misspelt inside an address is never respelt: the address is kept as typed
    ("es", "perdón, mi correo es mascta@gmail.com", "mascta@gmail.com"),
    ("en", "sorry, my email is hi.scool@gmail.com", "hi.scool@gmail.com"),
])
def test_words_inside_an_address_choose_no_question(backend, language, text, address):
    chat = at_step(backend, "security_question", language)
    replies = chat.form_or_side_turn(text)
    assert chat.slots["email"] == address and chat.slots["security_question"] is None, replies
    assert chat.slots["requested_slot"] == "security_question" and not chat.failures("security_question")
    assert replies == [reply_in(language, messages.confirm_email, address),
                       reply_in(language, messages.ask_security_question)], replies


@pytest.mark.parametrize(("text", "requested"), [
    ("Mi correo cambió, perdón: nombre@hotmial..com", "security_question"),
    ("My email changed, sorry: name@hotmial..com", "identity_proof"),
    ("my new email: lastname@gmail.com", "terms_accepted"),
    ("oops yes@gmail.com", "terms_accepted"),
    ("sorry, it is first.name@gmail.com", "security_question"),
])
def test_the_words_inside_an_address_are_read_as_nothing_else(text, requested):
    parsed = parse(text, requested)
    assert parsed.gives_an_address
    assert parsed.name is None and parsed.question is None and parsed.answer is None
    assert not (parsed.yes or parsed.no) and "member_name" not in parsed.corrections
