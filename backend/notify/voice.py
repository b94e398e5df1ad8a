"""Outbound voice calls that read a short message: a one-time code or a notice to a landline.

A landline cannot receive a text, so the phone on file hears the code instead
(Twilio Programmable Voice: a call whose TwiML is ``<Say>`` of the message,
said twice; a message in two languages is said in both, each with its own
``<Say language>``). It travels the way texts do (``backend.notify.sms``): through
twilio's own ``Client`` when an account is configured, else as a ``*.json``
file in ``COOPBOT_OUTBOX_DIR`` (``"kind": "call"``), so ``make run`` works
without an account. An SMS opt-out (STOP) is about texts and does not stop a
call; the caller decides when a call is wanted. The caller commits the session.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

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


Parts = Sequence[tuple[str, str]]


def _parts(message: str | Parts, language: str) -> list[tuple[str, str]]:
    """A message as (text, language) parts: a plain text is one part in ``language``."""
    return [(message, language)] if isinstance(message, str) else list(message)


def twiml(message: str | Parts, language: str = "en") -> str:
    """The call's TwiML: the message, a pause, the message again; each part in its language's voice."""
    response = VoiceResponse()
    parts = _parts(message, language)
    for round_ in range(2):
        if round_:
            response.pause(length=1)
        for text, part_language in parts:
            response.say(text, language=VOICE_LANGUAGES.get(part_language, VOICE_LANGUAGES["en"]))
    return str(response)


def call(settings: Settings, session: Session, to: str, message: str | Parts, language: str = "en", *,
         http_client: TwilioHttpClient | None = None) -> SmsResult:
    """Call ``to`` and read ``message``: a text in ``language``, or (text, language) parts read in turn
    (a code for a phone whose holder's language is unknown is said in two). Raises
    TwilioRestException when Twilio refuses the call."""
    number = normalise_phone(to)
    parts = _parts(message, language)
    if not twilio_configured(settings):
        path = write_json(settings.outbox_dir, {
            "kind": "call", "to": number, "from": settings.twilio_from_number,
            "body": " ".join(text for text, _ in parts), "language": parts[0][1],
            "parts": [{"text": text, "language": part_language} for text, part_language in parts],
            "created_at": utcnow().isoformat(),
        })
        return SmsResult(OUTBOX, path=path)
    client = Client(settings.twilio_account_sid, settings.twilio_auth_token,
                    http_client=http_client or TwilioHttpClient(timeout=TWILIO_TIMEOUT))
    placed = client.calls.create(to=number, from_=settings.twilio_from_number, twiml=twiml(parts))
    log.info("voice call placed")
    return SmsResult(CALLED, twilio_sid=placed.sid)
