"""Outbound texts: through Twilio's REST API when an account is configured, else the outbox.

Every text first checks the number's opt-out (carrier rules: nothing goes to
a number that sent STOP until it sends START). With ``TWILIO_ACCOUNT_SID``,
``TWILIO_AUTH_TOKEN`` and ``TWILIO_FROM_NUMBER`` set, the text goes through
twilio's own ``Client`` with a status callback to ``/sms/status``, which
records delivery in ``sms_outbound``; without them it is written as a
``*.json`` file in ``COOPBOT_OUTBOX_DIR`` (see ``backend.notify.outbox``), so
``make run`` works without an account. The phone number is stored only as its
keyed hash; the caller commits the session.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session
from twilio.base.exceptions import TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

from backend.core.config import Settings
from backend.storage.models import SmsOutbound, utcnow
from backend.notify.outbox import write_json
from backend.notify.consent import carry_over_opt_out, is_opted_out, normalise_phone, phone_key, set_opted_out

log = logging.getLogger(__name__)

TWILIO_TIMEOUT = 10
# Twilio's error for a recipient who opted out with the carrier (or Twilio's own STOP handling).
UNSUBSCRIBED_RECIPIENT = 21610

SENT, OUTBOX, OPTED_OUT, FAILED = "sent", "outbox", "opted_out", "failed"
# Twilio's statuses of a text that reaches nobody: its REST answer can already say so.
REACHED_NOBODY = ("failed", "undelivered")


@dataclass
class SmsResult:
    """What happened to one text: ``sent`` (Twilio accepted it), ``outbox``, ``opted_out`` (not sent) or
    ``failed`` (Twilio's answer to the request already said it reached nobody)."""

    status: str
    twilio_sid: str | None = None
    path: Path | None = None


def twilio_configured(settings: Settings) -> bool:
    return bool(settings.twilio_account_sid and settings.twilio_auth_token and settings.twilio_from_number)


def send_sms(settings: Settings, session: Session, to: str, body: str, *,
             http_client: TwilioHttpClient | None = None, notification_id: int | None = None) -> SmsResult:
    """Text ``body`` to ``to`` unless the number opted out. Raises TwilioRestException on other API errors.

    ``notification_id``: the notice the text carries, kept with its delivery status."""
    number = normalise_phone(to)
    key = phone_key(settings.secret_key, number)
    carry_over_opt_out(session, settings.secret_key, number)
    if is_opted_out(session, key):
        log.info("not texting an opted-out number")
        return SmsResult(OPTED_OUT)

    if not twilio_configured(settings):
        path = write_json(settings.outbox_dir, {
            "to": number, "from": settings.twilio_from_number, "body": body,
            "created_at": utcnow().isoformat(),
        })
        session.add(SmsOutbound(phone_key=key, status=OUTBOX, notification_id=notification_id))
        return SmsResult(OUTBOX, path=path)

    client = Client(settings.twilio_account_sid, settings.twilio_auth_token,
                    http_client=http_client or TwilioHttpClient(timeout=TWILIO_TIMEOUT))
    try:
        message = client.messages.create(
            to=number, from_=settings.twilio_from_number, body=body,
            status_callback=settings.public_url.rstrip("/") + "/sms/status",
        )
    except TwilioRestException as exc:
        if exc.code == UNSUBSCRIBED_RECIPIENT:
            set_opted_out(session, key, True)
            return SmsResult(OPTED_OUT)
        raise
    status = (message.status or "queued")[:16]
    error_code = str(message.error_code)[:16] if getattr(message, "error_code", None) else None
    session.add(SmsOutbound(phone_key=key, twilio_sid=message.sid, status=status, error_code=error_code,
                            notification_id=notification_id))
    if status in REACHED_NOBODY:
        # Its status callback, when one comes, finds the failure recorded and has nothing more to do.
        log.info("Twilio answered the text with status %s", status)
        return SmsResult(FAILED, twilio_sid=message.sid)
    return SmsResult(SENT, twilio_sid=message.sid)
