"""Helpers shared by the SMS, transcript and health tests of the web app (fixtures: tests/webhook/conftest.py)."""

from __future__ import annotations

from sqlalchemy import select
from twilio.request_validator import RequestValidator

from backend.notify import dispatch, notices
from backend.storage.models import (
    UNSUBSCRIBED,
    Conversation,
    Notification,
    Registration,
    SmsInbound,
    SmsOutbound,
    TranscriptMessage,
    utcnow,
)
from tests.support.member_rows import add_member, add_registration
from webhook.sms_simulator import message_texts, signed_form

TWILIO_TOKEN = "test-twilio-token"
PUBLIC_URL = "https://coop.example"


class Texter:
    """Posts signed /sms requests to the test client, as Twilio would."""

    def __init__(self, client, token=TWILIO_TOKEN, public_url=PUBLIC_URL):
        self.client, self.token, self.public_url = client, token, public_url

    def post(self, body, from_="+15125550100", message_sid=None, num_media=0, extra=None,
             headers=None, path="/sms"):
        form, signed = signed_form(self.token, self.public_url, body, from_=from_, message_sid=message_sid,
                                   num_media=num_media, extra=extra, path=path)
        signed.update(headers or {})
        return self.client.post(path, data=form, headers=signed)

    def texts(self, body, **kwargs):
        response = self.post(body, **kwargs)
        assert response.status_code == 200, response.data
        assert response.mimetype == "text/xml"
        return message_texts(response.get_data(as_text=True))


def conversations(app):
    with app.extensions["coopbot.sessions"]() as session:
        return list(session.scalars(select(Conversation).order_by(Conversation.id)))


def transcript(app):
    with app.extensions["coopbot.sessions"]() as session:
        return [(m.direction, m.text) for m in session.scalars(select(TranscriptMessage).order_by(TranscriptMessage.id))]


def inbound_rows(app):
    with app.extensions["coopbot.sessions"]() as session:
        return list(session.scalars(select(SmsInbound)))


def signed_status(sid: str, status: str, token: str = TWILIO_TOKEN, **extra) -> tuple[dict, dict]:
    """Twilio's delivery callback for the text ``sid`` (``extra``: ErrorCode and the like): the form
    and the header that signs it with ``token``."""
    form = {"MessageSid": sid, "MessageStatus": status, "AccountSid": "AC" + "0" * 32, **extra}
    signature = RequestValidator(token).compute_signature(PUBLIC_URL + "/sms/status", form)
    return form, {"X-Twilio-Signature": signature}


def status_callback(client, status: str, *, sid: str, token: str = TWILIO_TOKEN, **extra):
    """POST /sms/status with a signed delivery callback for the text ``sid``."""
    form, headers = signed_status(sid, status, token, **extra)
    return client.post("/sms/status", data=form, headers=headers)


def bounced_notice(factory, *, sid: str, phone: str, phone_key: str) -> None:
    """A "new registration" notice texted to the phone on file as the text ``sid``, still queued; the
    address it replaced (before@example.com, unsubscribed) is the next contact."""
    member_id = add_member(factory)
    old_id = add_registration(factory, member_id, email="before@example.com", status=UNSUBSCRIBED)
    new_id = add_registration(factory, member_id, email="new@example.com")
    with factory() as session, session.begin():
        old = session.get(Registration, old_id)
        old.activated_at = old.unsubscribed_at = utcnow()
        notice = Notification(kind=notices.REGISTERED, channel="sms", registration_id=new_id, to_address=phone,
                              status=dispatch.SENT, created_at=utcnow(), next_attempt_at=utcnow())
        session.add(notice)
        session.flush()
        session.add(SmsOutbound(phone_key=phone_key, twilio_sid=sid, status="queued", notification_id=notice.id))
