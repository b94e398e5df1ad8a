"""The one-time code to the phone on file, asked by the form after the ZIP (real backend API)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from backend.storage.models import Registration
from tests.support.one_time_code import ALVAREZ, PHONE, add_alvarez, code_sent_a_while_ago, last_code, texts
from tests.support.action_conversation import Conversation, joined, to_the_proof


@pytest.fixture
def with_phone(backend):
    return add_alvarez(backend)


def to_code(chat: Conversation) -> str:
    to_the_proof(chat, ALVAREZ["account"], ALVAREZ["name"], "a@example.com")
    return joined(chat.form_turn(ALVAREZ["zip"]))


def test_the_code_is_asked_after_the_zip_and_then_registration_goes_on(with_phone):
    chat = Conversation()
    reply = to_code(chat)
    assert "texted a 6-digit code to the phone on file ending in 0177" in reply
    assert chat.slots["requested_slot"] == "one_time_code"
    code = last_code(with_phone)
    wrong = "000000" if code != "000000" else "111111"
    reply = joined(chat.form_turn(wrong))
    assert "does not match" in reply and "2 tries left" in reply
    latest_user = [e for e in chat.events if e.get("event") == "user"][-1]
    assert chat.slots["redact_message_id"] == latest_user["message_id"]  # the code is kept out of the record
    reply = joined(chat.form_turn(f"{code[:3]} {code[3:]}"))
    assert code not in reply and "code is right" in reply
    assert chat.slots["one_time_code"] == "verified"
    assert chat.slots["requested_slot"] == "security_question"
    chat.form_turn("2")
    chat.form_turn("Rex")
    reply = joined(chat.form_turn("yes"))
    assert chat.slots["outcome"] == "registered", reply
    with with_phone.session() as session:
        assert session.scalar(select(Registration)).email == "a@example.com"


def _texts(backend) -> int:
    return len(texts(backend.settings))


@pytest.mark.parametrize(("language", "moment", "texted"), [
    ("en", "a moment ago, and it can take a minute", "texted a code to the phone on file ending in 0177"),
    ("es", "hace un momento y puede tardar un minuto", "Le mandé un código al teléfono registrado"),
])
def test_a_new_code_on_request(with_phone, language, moment, texted):
    chat = Conversation(language=language)
    to_the_proof(chat, ALVAREZ["account"], ALVAREZ["name"], "a@example.com")
    chat.form_turn(ALVAREZ["zip"])
    first = last_code(with_phone)
    # Within seconds of that text: nothing new goes out, and the reply claims nothing new.
    reply = joined(chat.form_turn("NEW CODE"))
    assert moment in reply and texted not in reply, reply
    assert _texts(with_phone) == 1 and last_code(with_phone) == first
    assert chat.slots["requested_slot"] == "one_time_code"
    # Half a minute later a new code is texted, and said so.
    code_sent_a_while_ago(with_phone, chat.sender)
    reply = joined(chat.form_turn("NEW CODE"))
    assert texted in reply and moment not in reply, reply
    assert _texts(with_phone) == 2
    assert joined(chat.form_turn(last_code(with_phone))) and chat.slots["one_time_code"] == "verified"


def test_i_didnt_get_it_at_the_code_step_sends_a_new_code_not_the_mail(with_phone):
    chat = Conversation()
    to_code(chat)
    # The model reads it as "I did not get the e-mail"; at the code step it means the code.
    reply = joined(chat.form_turn("i didnt get it", intent="email_not_received"))
    assert "A code went to the phone on file ending in 0177 a moment ago" in reply
    assert "e-mail" not in reply
    assert chat.slots["requested_slot"] == "one_time_code"
    assert joined(chat.form_turn(last_code(with_phone))) and chat.slots["one_time_code"] == "verified"


def test_without_a_phone_on_file_no_code_is_asked(backend):
    chat = Conversation()
    chat.start("sign up")
    chat.form_turn("1001234567")
    chat.form_turn("Garza")
    chat.form_turn("g@example.com")
    chat.form_turn("78620")
    assert chat.slots["requested_slot"] == "security_question"


def test_a_locked_account_texts_no_code_to_the_phone_on_file(with_phone):
    """Every new chat that matched the name once texted the member a fresh code and heard guesses."""
    for index in range(5):
        chat = Conversation()
        chat.start("sign up")
        chat.form_turn("7001112223")
        chat.form_turn("Alvarez")
        chat.form_turn(f"x{index}@example.com")
        chat.form_turn("99999")
    texts_before = sorted(Path(with_phone.settings.outbox_dir).glob("*.json"))
    owner = Conversation()
    owner.start("sign up")
    owner.form_turn("7001112223")
    reply = joined(owner.form_turn("Alvarez"))
    assert "paused after too many wrong answers" in reply and "member services" in reply
    assert "code" not in reply
    assert owner.slots["outcome"] == "locked_out"
    assert owner.slots["requested_slot"] != "one_time_code"
    # Only the lock-out notice went to the phone: no code.
    new = [json.loads(path.read_text())["body"] for path in sorted(Path(with_phone.settings.outbox_dir).glob("*.json"))
           if path not in texts_before]
    assert not any(re.search(r"\b\d{6}\b", body) for body in new)


# ------------------------------------------- the phone on file cannot take a text
def _phone_state(backend, opted_out: bool | None = None, bounce: str | None = None) -> None:
    from backend.storage.models import SmsOutbound
    from backend.notify.consent import phone_key, set_opted_out

    key = phone_key(backend.settings.secret_key, PHONE)
    with backend.session() as session:
        if opted_out is not None:
            set_opted_out(session, key, opted_out)
        if bounce:
            session.add(SmsOutbound(phone_key=key, twilio_sid="SM" + "0" * 32, status="undelivered",
                                    error_code=bounce))
        session.commit()


def test_an_opted_out_phone_is_told_how_to_get_the_code_and_nothing_registers(with_phone):
    _phone_state(with_phone, opted_out=True)
    chat = Conversation()
    reply = to_code(chat)
    assert "ending in 0177 has opted out of our texts" in reply and "START" in reply
    assert "will be told" not in reply
    assert chat.slots["requested_slot"] == "one_time_code"
    assert "texted START, reply NEW CODE here" in reply  # the question asked next
    assert not list(Path(with_phone.settings.outbox_dir).glob("*.json"))
    # Still opted out: asking again changes nothing.
    assert "opted out" in joined(chat.form_turn("send a new code"))
    # The member texts START from the phone: the next request texts the code.
    _phone_state(with_phone, opted_out=False)
    assert "texted a code to the phone on file ending in 0177" in joined(chat.form_turn("new code please"))
    assert joined(chat.form_turn(last_code(with_phone))) and chat.slots["one_time_code"] == "verified"


def test_a_landline_is_called_with_the_code(with_phone):
    _phone_state(with_phone, bounce="30006")
    chat = Conversation()
    reply = to_code(chat)
    assert "ending in 0177 cannot get texts, so I am calling it now" in reply
    [call] = [json.loads(p.read_text()) for p in Path(with_phone.settings.outbox_dir).glob("*.json")]
    assert call["kind"] == "call" and call["to"] == PHONE
    code = "".join(re.search(r"(\d, \d, \d, \d, \d, \d)", call["body"]).group(1).split(", "))
    assert "code is right" in joined(chat.form_turn(code))


def test_a_phone_that_takes_nothing_sends_the_member_to_member_services(with_phone):
    _phone_state(with_phone, bounce="30005")
    chat = Conversation()
    reply = to_code(chat)
    assert "takes neither texts nor calls" in reply and "Nothing was registered" in reply
    assert chat.slots["goal"] is None and chat.slots["outcome"] == "human_requested"
    with with_phone.session() as session:
        assert session.scalar(select(Registration)) is None


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_code_is_asked_once_in_the_turn_it_is_texted(with_phone, language):
    chat = Conversation(language=language)
    to_the_proof(chat, ALVAREZ["account"], ALVAREZ["name"], "a@example.com")
    replies = chat.form_turn(ALVAREZ["zip"])
    said = joined(replies)
    asks = [reply for reply in replies if re.search(r"6-digit code|código de 6 dígitos", reply)]
    assert len(asks) == 1 and "0177" in asks[0], said
    assert chat.slots["requested_slot"] == "one_time_code"
    # a new code on request is said once too
    replies = chat.form_turn("I did not get the code, send a new code")
    assert len(replies) == 1 and "0177" in replies[0], replies


@pytest.mark.parametrize("spaced", ["{} {} {} {} {} {}", "The number it shows is {} {} {} {} {} {}.",
                                    "{}-{}-{}-{}-{}-{}", "{}{}{} {}{}{}", "es el {}.{}.{}.{}.{}.{}"])
def test_a_code_typed_with_spaces_dashes_or_dots_is_read(with_phone, spaced):
    chat = Conversation()
    to_code(chat)
    code = last_code(with_phone)
    reply = joined(chat.form_turn(spaced.format(*code)))
    assert "code is right" in reply and code not in reply, reply
    assert chat.slots["one_time_code"] == "verified"
    latest_user = [e for e in chat.events if e.get("event") == "user"][-1]
    assert chat.slots["redact_message_id"] == latest_user["message_id"]


@pytest.mark.parametrize(("language", "text", "words", "question"), [
    ("en", "why another code? I already gave you my zip", "which others may have", "Please send the 6-digit code"),
    ("en", "why do you need a code?", "which others may have", "Please send the 6-digit code"),
    ("es", "¿y por qué otro código? ya les di mi código postal", "que otros pueden tener", "envíe el código de 6"),
    ("es", "xq otro codigo si ya di el zip", "que otros pueden tener", "envíe el código de 6"),
])
def test_why_a_code_after_the_zip_is_answered_then_the_code_is_asked(with_phone, language, text, words, question):
    chat = Conversation(language=language)
    to_the_proof(chat, ALVAREZ["account"], ALVAREZ["name"], "a@example.com")
    chat.form_turn(ALVAREZ["zip"])
    sent = last_code(with_phone)
    replies = chat.form_turn(text)
    assert len(replies) == 2 and words in replies[0] and question in replies[1], replies
    assert "phone on file" in replies[0] or "teléfono registrado" in replies[0]
    assert chat.slots["requested_slot"] == "one_time_code" and last_code(with_phone) == sent  # no new code
    assert not (chat.slots["failures"] or {}).get("one_time_code")
