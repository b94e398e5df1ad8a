"""Outbound voice calls that read a short message: a one-time code or a notice to a landline.

A landline cannot receive a text, so the phone on file hears the code instead
(Twilio Programmable Voice: a call whose TwiML is ``<Say>`` of the message,
said twice). It travels the way texts do (``backend.notify.sms``): through
twilio's own ``Client`` when an account is configured, else as a ``*.json``
file in ``COOPBOT_OUTBOX_DIR`` (``"kind": "call"``), so ``make run`` works
without an account. An SMS opt-out (STOP) is about texts and does not stop a
call; the caller decides when a call is wanted. The caller commits the session.
"""

from __future__ import annotations

import logging

from sqlalchemy.orm import Session
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client
from twilio.twiml.voice_response import VoiceResponse

from backend.core.config import Settings
from backend.storage.models import utcnow
from backend.notify.outbox import write_json
from backend.notify.sms import OUTBOX, TWILIO_TIMEOUT, SmsResult, twilio_configured
from backend.notify.consent import normalise_phone

log = logging.getLogger(__name__)

CALLED = "called"
# Twilio <Say> voices per language of the member (docs/contract.md: COOPBOT_LANGUAGES).
VOICE_LANGUAGES = {"en": "en-US", "es": "es-MX"}


def spoken_digits(code: str) -> str:
    """"123456" -> "1, 2, 3, 4, 5, 6": the voice reads each digit, not a number."""
    return ", ".join(code)


def twiml(text: str, language: str = "en") -> str:
    """The call's TwiML: the message, a pause, the message again."""
    response = VoiceResponse()
    voice_language = VOICE_LANGUAGES.get(language, VOICE_LANGUAGES["en"])
    response.say(text, language=voice_language)
    response.pause(length=1)
    response.say(text, language=voice_language)
    return str(response)


def call(settings: Settings, session: Session, to: str, text: str, language: str = "en", *,
         http_client: TwilioHttpClient | None = None) -> SmsResult:
    """Call ``to`` and read ``text``. Raises TwilioRestException when Twilio refuses the call."""
    number = normalise_phone(to)
    if not twilio_configured(settings):
        path = write_json(settings.outbox_dir, {
            "kind": "call", "to": number, "from": settings.twilio_from_number, "body": text,
            "language": language, "created_at": utcnow().isoformat(),
        })
        return SmsResult(OUTBOX, path=path)
    client = Client(settings.twilio_account_sid, settings.twilio_auth_token,
                    http_client=http_client or TwilioHttpClient(timeout=TWILIO_TIMEOUT))
    placed = client.calls.create(to=number, from_=settings.twilio_from_number, twiml=twiml(text, language))
    log.info("voice call placed")
    return SmsResult(CALLED, twilio_sid=placed.sid)
