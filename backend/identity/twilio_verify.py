"""One-time codes through Twilio Verify, when ``TWILIO_VERIFY_SERVICE_SID`` is set.

Verify makes, sends and checks the code itself (its own expiry, send and check
limits and fraud protection); the project's own codes (``backend.identity.possession``)
stay for deployments without it. Two requests, both through twilio's
``Client`` (and so through its ``http_client`` hook in tests):

- ``POST /v2/Services/<sid>/Verifications`` with ``To``, ``Channel`` (``sms``,
  or ``call`` for a landline) and ``Locale`` (the phone holder's language when
  known, else the asker's: ``backend.identity.code_words``);
- ``POST /v2/Services/<sid>/VerificationCheck`` with ``To`` and ``Code``.

Twilio's error codes are turned into the few outcomes possession knows
(:class:`VerifyError`); the code itself is never logged.
"""

from __future__ import annotations

import logging

from twilio.base.exceptions import TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

from backend.core.config import Settings
from backend.notify.sms import TWILIO_TIMEOUT

log = logging.getLogger(__name__)

SMS, CALL = "sms", "call"
LOCALES = ("en", "es")

# Outcomes of a refused request.
LANDLINE = "landline"          # 60205: SMS is not supported by a landline (use the call channel)
OPTED_OUT = "opted_out"        # 21610: the number sent STOP to Verify's sender
TOO_MANY = "too_many"          # 60203: Verify's own limit of sends to the number
NO_PENDING = "no_pending"      # 20404 / 60202: no code waiting (expired, used, too many checks)
UNREACHABLE = "unreachable"    # 60200 / 21211 / 21614 on a call: the number takes neither
UNAVAILABLE = "unavailable"    # anything else (Twilio down, fraud guard): try again later

_OUTCOMES = {60205: LANDLINE, 21610: OPTED_OUT, 60203: TOO_MANY, 20404: NO_PENDING, 60202: NO_PENDING,
             60200: UNREACHABLE, 21211: UNREACHABLE, 21614: UNREACHABLE}


class VerifyError(Exception):
    """Verify refused a request; ``outcome`` is one of the constants above."""

    def __init__(self, outcome: str, code: int | None):
        super().__init__(f"Twilio Verify refused the request ({code}): {outcome}")
        self.outcome = outcome
        self.code = code


def configured(settings: Settings) -> bool:
    return bool(getattr(settings, "twilio_verify_service_sid", None)
                and settings.twilio_account_sid and settings.twilio_auth_token)


def locale_of(language: str | None) -> str:
    """The member's language when Verify speaks it, else English."""
    return language if language in LOCALES else "en"


def _service(settings: Settings, http_client: TwilioHttpClient | None):
    client = Client(settings.twilio_account_sid, settings.twilio_auth_token,
                    http_client=http_client or TwilioHttpClient(timeout=TWILIO_TIMEOUT))
    return client.verify.v2.services(settings.twilio_verify_service_sid)


def _refused(exc: TwilioRestException) -> VerifyError:
    outcome = _OUTCOMES.get(exc.code, UNAVAILABLE)
    if exc.status == 404 and exc.code is None:
        outcome = NO_PENDING
    log.info("Twilio Verify refused a request: %s (%s)", outcome, exc.code)
    return VerifyError(outcome, exc.code)


def start(settings: Settings, to: str, channel: str, language: str | None = None, *,
          http_client: TwilioHttpClient | None = None) -> str:
    """Ask Verify to send a code to ``to`` by ``channel``; returns the verification's sid."""
    try:
        verification = _service(settings, http_client).verifications.create(
            to=to, channel=channel, locale=locale_of(language))
    except TwilioRestException as exc:
        raise _refused(exc) from None
    except OSError as exc:  # requests' connection errors: Verify out of reach
        raise VerifyError(UNAVAILABLE, None) from exc
    return verification.sid


def check(settings: Settings, to: str, code: str, *, http_client: TwilioHttpClient | None = None) -> bool:
    """Is ``code`` the one Verify sent to ``to``? (False: wrong; VerifyError: none waiting.)"""
    try:
        result = _service(settings, http_client).verification_checks.create(to=to, code=code)
    except TwilioRestException as exc:
        raise _refused(exc) from None
    except OSError as exc:  # as above
        raise VerifyError(UNAVAILABLE, None) from exc
    return result.status == "approved"
