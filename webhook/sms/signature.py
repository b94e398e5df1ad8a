"""Is this request really from Twilio? (``X-Twilio-Signature``, checked by twilio's own validator.)

Twilio signs the URL it requested plus the POST parameters. Behind a
TLS-terminating proxy ``request.url`` says ``http://10.0.0.5:8000/sms`` while
Twilio signed ``https://coop.example/sms``, so the URL checked is always the
configured PUBLIC url plus the path (and the query string, if there was one).
"""

from __future__ import annotations

from flask import Request
from twilio.request_validator import (
    SIGNATURE_HEADER,
    SIGNATURE_SETTINGS_HEADER,
    RequestValidator,
    get_signature_algorithm,
)


def signed_url(public_url: str, request: Request) -> str:
    """The URL Twilio signed: public base URL + path (+ query string)."""
    url = public_url.rstrip("/") + request.path
    query = request.query_string.decode("latin-1")
    return f"{url}?{query}" if query else url


def is_from_twilio(auth_token: str, public_url: str, request: Request) -> bool:
    signature = request.headers.get(SIGNATURE_HEADER)
    if not signature:
        return False
    algorithm = get_signature_algorithm(request.headers.get(SIGNATURE_SETTINGS_HEADER))
    validator = RequestValidator(auth_token)
    # Twilio signed the parameters as it sent them, before the app cleaned them.
    params = getattr(request, "raw_form", request.form)
    return validator.validate(signed_url(public_url, request), params, signature, algorithm)
