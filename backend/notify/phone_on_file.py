"""Is a conversation a text from the member's phone on file? The one test of it.

The SMS webhook (Twilio-signed) records a conversation's channel "sms" with the
sender's keyed pseudonym (``backend.notify.consent.phone_key``) as its source;
the web chat records "web" and its client's network. So only a text whose
sender is the phone on file passes, never a web chat, whatever its source.
Both the phone proof (``backend.identity.possession``) and the guessing budget
(``backend.identity.budget``: the account lock never stops that phone) ask here.
"""

from __future__ import annotations

import secrets

from backend.core.config import Settings
from backend.notify.consent import phone_key
from backend.storage.models import Member

SMS_CHANNEL = "sms"


def texts_from_phone_on_file(settings: Settings, member: Member, channel: str | None,
                             source_key: str | None) -> bool:
    """Is this conversation an SMS whose sender is the member's phone on file?"""
    if channel != SMS_CHANNEL or not member.phone or not source_key:
        return False
    return secrets.compare_digest(phone_key(settings.secret_key, member.phone), source_key)
