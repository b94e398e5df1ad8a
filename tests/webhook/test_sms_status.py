"""POST /sms/status: Twilio's signed delivery callbacks update sms_outbound."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from backend.identity import possession
from backend.accounts import registration
from backend.core.errors import StepOutOfOrder
from backend.storage.models import Notification, SmsOptOut, SmsOutbound
from backend.notify import dispatch
from backend.notify.sms import SENT, SmsResult
from backend.notify.consent import phone_key
from tests.support.backend_helpers import GARZA, load_members, verified
from tests.support.sms import TWILIO_TOKEN, bounced_notice, status_callback

SID = "SM" + "c" * 32


def seed(app, status="queued"):
    with app.extensions["coopbot.sessions"]() as session:
        session.add(SmsOutbound(phone_key="k" * 32, twilio_sid=SID, status=status))
        session.commit()


def callback(client, status, token=TWILIO_TOKEN, **extra):
    return status_callback(client, status, sid=SID, token=token, **extra)


def stored(app):
    with app.extensions["coopbot.sessions"]() as session:
        return session.scalars(select(SmsOutbound)).one()


def test_delivery_status_is_recorded(sms_app, sms_client):
    seed(sms_app)
    assert callback(sms_client, "sent").status_code == 204
    assert stored(sms_app).status == "sent"
    assert callback(sms_client, "delivered").status_code == 204
    assert stored(sms_app).status == "delivered"


def test_a_late_callback_never_moves_the_status_back(sms_app, sms_client):
    seed(sms_app)
    callback(sms_client, "delivered")
    callback(sms_client, "sent")
    assert stored(sms_app).status == "delivered"


def test_failure_keeps_the_error_code_and_21610_opts_the_number_out(sms_app, sms_client):
    seed(sms_app)
    callback(sms_client, "failed", ErrorCode="21610")
    row = stored(sms_app)
    assert (row.status, row.error_code) == ("failed", "21610")
    with sms_app.extensions["coopbot.sessions"]() as session:
        assert session.get(SmsOptOut, "k" * 32).opted_out is True


def test_an_unsigned_or_forged_callback_gets_403_and_changes_nothing(sms_app, sms_client):
    seed(sms_app)
    assert sms_client.post("/sms/status", data={"MessageSid": SID, "MessageStatus": "failed"}).status_code == 403
    assert callback(sms_client, "failed", token="wrong").status_code == 403
    assert stored(sms_app).status == "queued"


def test_an_unknown_message_is_acknowledged(sms_app, sms_client):
    assert callback(sms_client, "delivered").status_code == 204


# ------------------------------------------------ a one-time code to a landline
PHONE = "+15125550123"


def verified_conversation(app, settings, conversation: str) -> None:
    """A member with a phone on file passes the bill-data checks; the code is still required."""
    factory = app.extensions["coopbot.sessions"]
    load_members(factory, settings, dict(GARZA, phone=PHONE))
    assert verified(factory, settings, conversation, GARZA).possession == possession.CODE_REQUIRED


def send_code(app, settings, conversation: str, texts: list):
    """``backend.identity.possession.send_code`` with Twilio accepting every text (as it does for a landline)."""
    def twilio_accepts(settings, session, to, body):
        texts.append(body)
        session.add(SmsOutbound(phone_key=phone_key(settings.secret_key, to), twilio_sid=SID, status="queued"))
        return SmsResult(SENT, twilio_sid=SID)

    with app.extensions["coopbot.sessions"]() as session:
        return possession.send_code(session, settings, conversation, sender=twilio_accepts)


def test_a_code_that_bounces_off_a_landline_is_called_instead(sms_app, sms_client, sms_settings):
    verified_conversation(sms_app, sms_settings, "web1")
    texts = []
    assert send_code(sms_app, sms_settings, "web1", texts).result == possession.CODE_SENT
    # Twilio took the text; seconds later the carrier says the number is a landline.
    assert callback(sms_client, "undelivered", ErrorCode="30006").status_code == 204
    # "I didn't get it" (within the 30 s in which the code sent would otherwise stand):
    calls = []

    def twilio_calls(settings, session, to, words):
        calls.append(" ".join(text for text, _language in words))

    with sms_app.extensions["coopbot.sessions"]() as session:
        again = possession.send_code(session, sms_settings, "web1", caller=twilio_calls)
    assert again.as_json() == {"result": "code_sent", "phone_masked": "***-***-0123", "channel": "call"}
    assert len(texts) == 1 and "Your code is" in calls[0]  # no second text to a number that cannot take one
    with sms_app.extensions["coopbot.sessions"]() as session, pytest.raises(StepOutOfOrder) as refused:
        registration.register(session, sms_settings, "web1", "maria@example.com", True)
    assert refused.value.code == registration.POSSESSION_REQUIRED


def test_a_phone_that_is_merely_unreachable_still_needs_the_code(sms_app, sms_client, sms_settings):
    """30003 (handset off, out of coverage) is not a landline: a stranger cannot wait for it."""
    verified_conversation(sms_app, sms_settings, "web1")
    texts = []
    send_code(sms_app, sms_settings, "web1", texts)
    callback(sms_client, "undelivered", ErrorCode="30003")
    assert send_code(sms_app, sms_settings, "web1", texts).result == possession.CODE_SENT  # the code stands
    with sms_app.extensions["coopbot.sessions"]() as session, pytest.raises(StepOutOfOrder) as refused:
        registration.register(session, sms_settings, "web1", "maria@example.com", True)
    assert refused.value.code == registration.POSSESSION_REQUIRED


# ------------------------------------------------ a notice text that bounced
def test_a_notice_text_that_bounces_is_undeliverable_and_the_replaced_address_is_mailed(sms_app, sms_client):
    factory = sms_app.extensions["coopbot.sessions"]
    bounced_notice(factory, sid=SID, phone=PHONE, phone_key="k" * 32)
    assert callback(sms_client, "undelivered", ErrorCode="30006").status_code == 204
    with factory() as session:
        rows = session.scalars(select(Notification).order_by(Notification.id)).all()
    assert [(n.channel, n.status) for n in rows][0] == ("sms", dispatch.UNDELIVERABLE)
    assert rows[0].last_error == "Twilio undelivered 30006"
    assert [(n.channel, n.to_address) for n in rows[1:]] == [("email", "before@example.com")]
    callback(sms_client, "failed", ErrorCode="30006")  # a second callback queues nothing more
    with factory() as session:
        assert len(session.scalars(select(Notification)).all()) == 2
