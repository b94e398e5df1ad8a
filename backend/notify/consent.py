"""Phone numbers as pseudonyms, and whether a number has opted out of texts.

The phone number itself is stored nowhere by the SMS channel: every table and
the Rasa tracker know a number only by its keyed hash (HMAC under the server's
phone-pseudonym key), so a database dump does not list who texted the co-op. The
opt-out state lives here because both directions obey it: the webhook stays
silent to an opted-out number and outbound texts are never sent to one
(carrier rules: STOP until START).
"""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.core import keys
from common import normalise
from backend.privacy.hashing import keyed_hash
from backend.storage.models import SmsOptOut, utcnow

PHONE_KEY_LENGTH = 32


def normalise_phone(number: str) -> str:
    """E.164 (``common.normalise``); input that is no phone number is only stripped of punctuation."""
    return normalise.phone(number) or re.sub(r"[\s().\-]", "", number or "")


def phone_key(secret_key: str, number: str) -> str:
    """The pseudonym of a phone number (hex, 32 characters): also the SMS sender id for Rasa.

    ``secret_key`` is the master secret; the pseudonym uses its own key (``backend.core.keys``).
    """
    return keyed_hash(keys.derive(secret_key, keys.PHONE_PSEUDONYM), normalise_phone(number))[:PHONE_KEY_LENGTH]


def _legacy_phone_key(secret_key: str, number: str) -> str:
    # Pseudonyms made before keys were derived per purpose (keyed with the master secret).
    return keyed_hash(secret_key, normalise_phone(number))[:PHONE_KEY_LENGTH]


def carry_over_opt_out(session: Session, secret_key: str, number: str) -> None:
    """Keep a STOP recorded under a number's earlier pseudonym (carrier rules outlive key changes)."""
    key, legacy = phone_key(secret_key, number), _legacy_phone_key(secret_key, number)
    old = session.get(SmsOptOut, legacy)
    if old is not None and session.get(SmsOptOut, key) is None:
        session.add(SmsOptOut(phone_key=key, opted_out=old.opted_out, updated_at=utcnow()))
        session.flush()


def is_opted_out(session: Session, key: str) -> bool:
    row = session.get(SmsOptOut, key)
    return bool(row and row.opted_out)


def set_opted_out(session: Session, key: str, opted_out: bool) -> bool:
    """Record the number's choice; return True when it changed (the caller confirms only then)."""
    row = session.get(SmsOptOut, key)
    if row is None:
        if not opted_out:
            return False
        session.add(SmsOptOut(phone_key=key, opted_out=True, updated_at=utcnow()))
        return True
    if row.opted_out == opted_out:
        return False
    row.opted_out = opted_out
    row.updated_at = utcnow()
    return True


def opted_out_keys(session: Session, keys: list[str]) -> set[str]:
    """Which of ``keys`` are opted out (one query, for bulk senders)."""
    if not keys:
        return set()
    return set(session.scalars(
        select(SmsOptOut.phone_key).where(SmsOptOut.phone_key.in_(keys), SmsOptOut.opted_out.is_(True))
    ))
