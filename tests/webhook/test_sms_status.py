"""POST /sms/status: Twilio's signed delivery callbacks update sms_outbound."""

from __future__ import annotations

from sqlalchemy import select
from twilio.request_validator import RequestValidator

from backend.models import SmsOptOut, SmsOutbound
from tests.support.sms import PUBLIC_URL, TWILIO_TOKEN

SID = "SM" + "c" * 32


def seed(app, status="queued"):
    with app.extensions["coopbot.sessions"]() as session:
        session.add(SmsOutbound(phone_key="k" * 32, twilio_sid=SID, status=status))
        session.commit()


def callback(client, status, token=TWILIO_TOKEN, **extra):
    form = {"MessageSid": SID, "MessageStatus": status, "AccountSid": "AC" + "0" * 32, **extra}
    signature = RequestValidator(token).compute_signature(PUBLIC_URL + "/sms/status", form)
    return client.post("/sms/status", data=form, headers={"X-Twilio-Signature": signature})


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
