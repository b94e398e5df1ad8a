"""The one-time code to the phone on file, asked by the form after the ZIP (real backend API)."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from backend.members_import import HEADER, import_members
from backend.models import Registration
from tests.support.action_conversation import Conversation

PHONE = "+15125550177"


def joined(texts: list[str]) -> str:
    return "\n".join(texts)


@pytest.fixture
def with_phone(backend):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerow(["7001112223", "M70001", "Alvarez", "78660", "", PHONE])
    buffer.seek(0)
    assert import_members(backend.session, buffer, backend.settings.secret_key).ok
    return backend


def last_code(backend) -> str:
    folder = Path(backend.settings.outbox_dir)
    [*_, latest] = sorted(folder.glob("*.json"))
    text = json.loads(latest.read_text())
    assert text["to"] == PHONE
    return re.search(r"\b(\d{6})\b", text["body"]).group(1)


def to_code(chat: Conversation) -> str:
    chat.start("sign up")
    chat.form_turn("7001112223")
    chat.form_turn("Alvarez")
    chat.form_turn("a@example.com")
    return joined(chat.form_turn("78660"))


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


def test_a_new_code_on_request(with_phone):
    chat = Conversation()
    to_code(chat)
    first = last_code(with_phone)
    reply = joined(chat.form_turn("I did not get the code, send a new code"))
    assert "texted a code to the phone on file ending in 0177" in reply
    assert chat.slots["requested_slot"] == "one_time_code"
    assert joined(chat.form_turn(last_code(with_phone))) and chat.slots["one_time_code"] == "verified"
    assert first  # the earlier code was replaced


def test_i_didnt_get_it_at_the_code_step_sends_a_new_code_not_the_mail(with_phone):
    chat = Conversation()
    to_code(chat)
    # The model reads it as "I did not get the e-mail"; at the code step it means the code.
    reply = joined(chat.form_turn("i didnt get it", intent="email_not_received"))
    assert "texted a code to the phone on file ending in 0177" in reply
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


def test_a_locked_account_is_unlocked_with_the_code_to_the_phone_on_file(with_phone):
    for index in range(5):
        chat = Conversation()
        chat.start("sign up")
        chat.form_turn("7001112223")
        chat.form_turn("Alvarez")
        chat.form_turn(f"x{index}@example.com")
        chat.form_turn("99999")
    owner = Conversation()
    owner.start("sign up")
    owner.form_turn("7001112223")
    reply = joined(owner.form_turn("Alvarez"))
    assert "paused after too many wrong answers" in reply and "ending in 0177" in reply
    assert owner.slots["requested_slot"] == "one_time_code"
    reply = joined(owner.form_turn(last_code(with_phone)))
    assert "code is right" in reply
    owner.form_turn("a@example.com")
    reply = joined(owner.form_turn("78660"))
    assert "matches our records" in reply
    assert owner.slots["requested_slot"] == "security_question"  # no second code needed
