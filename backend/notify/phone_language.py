"""The language of whoever holds a phone on file: every text the co-op sends to that phone speaks it.

A text to the phone on file (a notice, a one-time code) is read by the phone's
holder, who is not always the person who caused it: a stranger holding the
paper bill may chat in Spanish with an English-speaking member's account. So
such a text follows the holder (docs/languages.md, "Texts to the phone on
file"), as far as the co-op knows it, in this order:

1. the language the phone itself last texted the co-op in (remembered per
   phone pseudonym in ``conversation_languages``): only its holder texts from it;
2. the language of the member's latest registration proven through that phone
   (an SMS from it, or its one-time code: ``PHONE_PROOFS``): whoever made it
   held the phone. A registration proven by the bill alone tells nothing;
3. None: unknown (each caller decides what then).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.core.config import Settings
from backend.notify import conversation_language
from backend.notify.consent import phone_key
from backend.storage.models import PHONE_PROOFS, Login, Registration

def registered(session: Session, member_id: int) -> str | None:
    """Source 2: the language of the member's latest registration proven through the phone on file."""
    return session.scalar(
        select(Login.language).join(Registration.login)
        .where(Registration.member_id == member_id, Registration.possession.in_(PHONE_PROOFS),
               Login.language.is_not(None))
        .order_by(Registration.id.desc()).limit(1))


def holder(session: Session, settings: Settings, phone: str, *, member_id: int | None = None,
           queued: str | None = None) -> str | None:
    """The language of the holder of ``phone`` (a phone on file), else None.

    Source 2 is ``queued`` when the text was queued with it (a notice: a retry hours later
    reads what was known then), else it is read now for ``member_id`` (a one-time code).
    """
    own = conversation_language.remembered(session, "sms", phone_key(settings.secret_key, phone))
    if own or queued:
        return own or queued
    return registered(session, member_id) if member_id is not None else None
