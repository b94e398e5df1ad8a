"""Helpers shared by the SMS, transcript and health tests of the web app (fixtures: tests/webhook/conftest.py)."""

from __future__ import annotations

from sqlalchemy import select

from backend.storage.models import Conversation, SmsInbound, TranscriptMessage
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
