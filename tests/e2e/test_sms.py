"""The SMS channel end to end: real web app (gunicorn), real Rasa server, real action server.

Each test texts from its own number (and registers its own member), so the
tests do not depend on one another. The registration is driven by what Rasa
says it is asking for (``requested_slot`` in its tracker), not by the bot's
wording, so rephrasing a question does not break these tests.
"""

from __future__ import annotations

import re
import time

import httpx
from sqlalchemy import func, select

from actions import messages
from backend.storage.models import Conversation, SmsInbound, SmsOptOut, TranscriptMessage
from common.gsm import turn_segments
from tests.support.sms_registration import SECURITY_ANSWER, register_by_sms, sender_of, slots
from tests.support.stack import twiml_texts
from webhook.relay import TROUBLE
from webhook.rasa_client import RasaClient


def conversation_of(stack, phone: str) -> Conversation:
    with stack.session() as session:
        return session.scalars(
            select(Conversation).where(Conversation.sender_key == sender_of(stack, phone))
            .order_by(Conversation.id.desc())
        ).first()


def transcript_of(stack, phone: str) -> list[TranscriptMessage]:
    with stack.session() as session:
        return list(session.scalars(
            select(TranscriptMessage).join(Conversation)
            .where(Conversation.sender_key == sender_of(stack, phone)).order_by(TranscriptMessage.id)
        ))


def test_signed_sms_registration_ends_with_the_activation_mail_and_no_secret_is_kept(stack):
    phone = stack.new_phone()
    member = {"account": "3005551212", "name": "O'Brien-Smith", "zip": "78701"}
    email = "obrien.sms@example.com"
    turns = register_by_sms(stack, phone, member, email)

    final = " ".join(turns[-1])
    assert "spam" in final.lower()
    assert "o***@e***.com" in final
    mail = stack.smtp.wait_for(lambda m: email in str(m["To"]), timeout=30)
    body = mail.get_body(preferencelist=("plain",)).get_content()
    token = re.search(r"/activate/([A-Za-z0-9_\-]+)", body).group(1)
    for replies in turns:
        for reply in replies:
            assert len(reply) <= 306 and TROUBLE not in reply

    conversation = conversation_of(stack, phone)
    assert conversation.channel == "sms"
    assert conversation.outcome == "registered" and conversation.step_reached == "registered"
    assert conversation.account_number == member["account"]
    assert conversation.email_masked == "o***@e***.com"
    assert conversation.sender_masked == "***-***-" + phone[-4:]
    rows = transcript_of(stack, phone)
    assert [r.text for r in rows if r.direction == "in"].count("[redacted]") >= 2  # ZIP and answer
    assert all(r.intent for r in rows if r.direction == "in" and r.text != "[redacted]")

    # The relay can tell which message the dialogue marked secret: Rasa gives it the id.
    view = RasaClient(stack.rasa_url, stack.settings.rasa_token).tracker(sender_of(stack, phone))
    assert view.message_id and view.intent and view.slots.get("redact_message_id")

    stored = "\n".join(r.text for r in rows)
    logs = stack.logs()
    for secret in (member["zip"], SECURITY_ANSWER, token, phone, phone[2:]):
        assert secret not in stored, f"{secret!r} in the transcript"
        assert secret not in logs, f"{secret!r} in a process log"


def test_a_forged_signature_gets_403_and_changes_nothing(stack):
    phone = stack.new_phone()
    with stack.session() as session:
        before = session.scalar(select(func.count()).select_from(SmsInbound))
    response = stack.sms("I want to register", from_=phone, signed=False)
    assert response.status_code == 403
    with stack.session() as session:
        assert session.scalar(select(func.count()).select_from(SmsInbound)) == before
    assert conversation_of(stack, phone) is None
    assert slots(stack, sender_of(stack, phone)).get("requested_slot") is None


def test_a_retried_message_sid_is_processed_once(stack):
    phone = stack.new_phone()
    sid = "SM" + "e2e0" * 8
    first = stack.sms("I want to register", from_=phone, message_sid=sid)
    again = stack.sms("I want to register", from_=phone, message_sid=sid)
    assert first.status_code == again.status_code == 200
    assert again.text == first.text and twiml_texts(first.text)
    member_rows = [r for r in transcript_of(stack, phone) if r.direction == "in"]
    assert len(member_rows) == 1
    with stack.session() as session:
        assert session.scalar(select(func.count()).select_from(SmsInbound)
                              .where(SmsInbound.message_sid == sid)) == 1


def test_stop_then_silence_then_start(stack):
    phone = stack.new_phone()
    [confirmation] = stack.sms_texts("STOP", phone)
    assert "START" in confirmation
    with stack.session() as session:
        assert session.get(SmsOptOut, sender_of(stack, phone)).opted_out is True
    assert stack.sms_texts("I want to register", phone) == []
    assert stack.sms_texts("stop", phone) == []
    [welcome_back] = stack.sms_texts("START", phone)
    assert "STOP" in welcome_back
    replies = stack.sms_texts("I want to register", phone)
    assert replies and TROUBLE not in replies
    assert conversation_of(stack, phone) is not None


def test_start_after_a_mistaken_stop_goes_on_with_the_sign_up(stack):
    """STOP by mistake in the middle of a sign-up, then START: the carrier's confirmation, a few
    words and the question the member was at, within two segments; the answers given are kept."""
    phone = stack.new_phone()
    assert stack.sms_texts("I want to register for online access", phone)
    assert stack.sms_texts("7002223334", phone)
    assert messages.ask_email() in " ".join(stack.sms_texts("Lopez", phone))
    stack.sms_texts("STOP", phone)
    turn = stack.sms_texts("START", phone)
    confirmation, *rest = "\n".join(turn).split("\n")  # one turn, texted together where that saves a text
    assert "resubscribed" in confirmation and "STOP" in confirmation
    assert rest[0] == messages.going_on_after_start() and messages.ask_email() in " ".join(rest[1:])
    assert turn_segments(turn) <= 2
    replies = " ".join(stack.sms_texts("lopez@example.org", phone))
    assert "ZIP code" in replies and TROUBLE not in replies


def test_a_turn_too_slow_for_the_web_app_is_dropped_and_the_same_answer_resent_continues(stack):
    """Under load a turn can outlast the web app's wait for Rasa (webhook/rasa_client.py).

    The web app then closes the connection, Rasa's server cancels the turn before it
    is stored (bot/channel.py), and the member's place stays where it was: the polite
    "try again" reply is true, and the member's same answer, sent again, is read
    against the same question. Here the action server is frozen while the name is
    being checked, so that turn is slow by construction.
    """
    phone = stack.new_phone()
    assert stack.sms_texts("I want to register for online access", phone)
    assert stack.sms_texts("7002223334", phone)
    with stack.actions.frozen():
        started = time.monotonic()
        assert stack.sms_texts("Lopez", phone) == [TROUBLE]
        assert time.monotonic() - started < 15  # within Twilio's wait
    replies = stack.sms_texts("Lopez", phone)
    assert messages.ask_email() in " ".join(replies)
    assert not any("does not look like an e-mail address" in reply for reply in replies)
    tracker = httpx.get(f"{stack.rasa_url}/conversations/{sender_of(stack, phone)}/tracker",
                        params={"token": stack.settings.rasa_token, "include_events": "ALL"}, timeout=10).json()
    assert tracker["slots"]["requested_slot"] == "email"
    said = [event.get("text") for event in tracker["events"] if event.get("event") == "user"]
    assert said.count("Lopez") == 1  # the turn that timed out left nothing behind


def test_help_gives_the_support_line_and_how_to_stop(stack):
    [answer] = stack.sms_texts("HELP", stack.new_phone())
    assert stack.settings.support_phone in answer
    assert "Msg & data rates may apply" in answer and "Reply STOP to opt out" in answer


def test_a_picture_gets_a_polite_text_reply(stack):
    response = stack.sms("", from_=stack.new_phone(), num_media=1)
    assert response.status_code == 200
    [answer] = twiml_texts(response.text)
    assert "text" in answer.lower()


def test_rasa_stopped_mid_conversation_gets_a_polite_reply_and_the_conversation_continues(stack):
    phone = stack.new_phone()
    assert stack.sms_texts("I want to register for online access", phone)
    assert stack.sms_texts("6001112223", phone)
    stack.stop_rasa()
    try:
        started = time.monotonic()
        assert stack.sms_texts("Peterson", phone) == [TROUBLE]
        assert time.monotonic() - started < 15
    finally:
        stack.start_rasa()
    # Rasa kept the member's place (persistent tracker store): the account number
    # given before the outage still counts, and the name now moves on to the e-mail.
    replies = stack.sms_texts("Peterson", phone)
    assert replies and TROUBLE not in replies
    tracker = httpx.get(f"{stack.rasa_url}/conversations/{sender_of(stack, phone)}/tracker",
                        params={"token": stack.settings.rasa_token, "include_events": "NONE"}).json()
    assert tracker["slots"]["account_number"] == "6001112223"
    assert tracker["slots"]["requested_slot"] not in (None, "account_number", "member_name")
    rows = transcript_of(stack, phone)
    assert ("in", "Peterson") in [(r.direction, r.text) for r in rows]
    assert ("out", TROUBLE) in [(r.direction, r.text) for r in rows]
    with stack.session() as session:
        conversations = session.scalars(select(Conversation)
                                        .where(Conversation.sender_key == sender_of(stack, phone))).all()
    assert len(conversations) == 1  # the same conversation, kept and continued
