"""A member who tells a story rather than asks, and reads the name off the bill, in English and
Spanish, against the real backend API (tests/actions/conftest.py): a church treasurer's first
message, read as ``out_of_scope``, asks for online access in other words ("nobody has the login for
the co-op website") and starts the sign-up, never "Sorry, I can only help with online account
access"; "The bill says Ridgeway Community Church, account 8100000131" gives that name with the
number; a writer who acts for someone else ("the treasurer of ...") never has their own name tried
as the account's.
"""

from __future__ import annotations

import pytest

from tests.support.action_conversation import Conversation, joined, name_attempts
from tests.support.backend_helpers import load_members

CHURCH = dict(account="8100000131", name="Ridgeway Community Church", zip="78131", last4="0131")
IGLESIA = dict(account="8100000132", name="Iglesia Bautista Emanuel", zip="78132", last4="0132")
STORY = {
    "en": "Hi, I'm the volunteer treasurer at Ridgeway Community Church. Our old treasurer moved away and "
          "nobody has the login for the co-op website, and honestly I'm not even sure the church ever had one. "
          "The pastor asked me to get it sorted so we can stop paying late fees because the paper bill keeps "
          "getting lost in the church office mail pile.",
    "es": "Buenas tardes, soy la tesorera de la Iglesia Bautista Emanuel. La tesorera anterior se mudó y nadie "
          "tiene el usuario de la página de la cooperativa. El pastor me pidió arreglarlo para dejar de pagar "
          "recargos, porque el recibo de papel se pierde en la oficina.",
}
BILL_SAYS = {"en": "The bill says Ridgeway Community Church, account 8100000131",
             "es": "El recibo dice Iglesia Bautista Emanuel, cuenta 8100000132"}
FOUND = {"en": "Thanks, I found account 8100000131 for Ridgeway Community Church.",
         "es": "Gracias, encontré la cuenta 8100000132 a nombre de Iglesia Bautista Emanuel."}
ACCOUNT_ASKED = {"en": "What is your account number?", "es": "¿Cuál es su número de cuenta?"}
OFF_TOPIC = ("Sorry, I can only help", "Lo siento, solo puedo")


def _side_answer(chat: Conversation, text: str, intent: str) -> str:
    chat.user(text, intent)
    events, texts = chat.run("action_side_answer")
    if any(e.get("event") == "followup" for e in events):
        texts += chat.follow_up_form()
    return joined(texts)


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_story_asking_for_online_access_starts_the_sign_up_and_the_bill_gives_the_name(backend, language):
    load_members(backend.session, backend.settings, CHURCH, IGLESIA)
    chat = Conversation(language=language)
    said = _side_answer(chat, STORY[language], "out_of_scope")
    assert chat.slots["goal"] == "register" and chat.slots["requested_slot"] == "account_number", said
    assert ACCOUNT_ASKED[language] in said and not any(words in said for words in OFF_TOPIC), said
    said = joined(chat.form_turn(BILL_SAYS[language]))
    assert FOUND[language] in said, said
    assert chat.slots["requested_slot"] == "email" and name_attempts(backend) == 1


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_name_the_bill_says_in_a_first_message(backend, language):
    load_members(backend.session, backend.settings, CHURCH, IGLESIA)
    chat = Conversation(language=language)
    said = _side_answer(chat, BILL_SAYS[language], "out_of_scope")
    assert FOUND[language] in said, said
    assert name_attempts(backend) == 1


@pytest.mark.parametrize(("language", "text"), [
    ("en", "Hi, this is Walter Abernathy, the treasurer of Ridgeway Community Church. I want to sign up, "
           "account 8100000131"),
    ("es", "Hola, soy Walter Abernathy, tesorero de la Iglesia Bautista Emanuel. Quiero registrarme, "
           "cuenta 8100000132"),
])
def test_the_writer_s_own_name_is_not_tried_but_the_business_they_act_for_is(backend, language, text):
    """The business named after "of" / "de" is the account's name (one try); the writer's own name never."""
    load_members(backend.session, backend.settings, CHURCH, IGLESIA)
    chat = Conversation(language=language)
    said = joined(chat.start(text))
    assert chat.slots["requested_slot"] == "email" and FOUND[language] in said, said
    assert "Abernathy" not in said and name_attempts(backend) == 1


@pytest.mark.parametrize(("language", "text"), [
    ("en", "my power is out on elm street since this morning"),
    ("en", "how do I stop paying late fees?"),
    ("es", "se fue la luz en mi casa desde la mañana"),
])
def test_a_story_that_asks_nothing_of_online_access_starts_nothing(backend, language, text):
    chat = Conversation(language=language)
    said = _side_answer(chat, text, "out_of_scope")
    assert not chat.slots["goal"], said
    assert any(words in said for words in OFF_TOPIC), said


@pytest.mark.parametrize(("language", "text", "account"), [
    ("en", "Hi, I'm the treasurer and I want online access for our church, the account is under Ridgeway "
           "Community Church", "8100000131"),
    ("es", "Hola, soy la tesorera y quiero registrarme, la cuenta está a nombre de Iglesia Bautista Emanuel",
     "8100000132"),
])
def test_the_name_on_the_account_in_a_first_message_is_kept_for_the_number(backend, language, text, account):
    load_members(backend.session, backend.settings, CHURCH, IGLESIA)
    chat = Conversation(language=language)
    said = joined(chat.start(text))
    assert chat.slots["requested_slot"] == "account_number" and name_attempts(backend) == 0, said
    said = joined(chat.form_turn(account))
    assert FOUND[language] in said, said
    assert name_attempts(backend) == 1
