"""The language each SMS phone and web-chat session is answered in (table ``conversation_languages``).

The web app decides the language (webhook/language.py) and keeps it here, so a
member who wrote in Spanish once is answered in Spanish by every web worker,
after a restart, and in the SMS channel's own answers (HELP, STOP, START).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from backend.storage.models import ConversationLanguage


def remembered(session: Session, channel: str, sender_key: str) -> str | None:
    """The language last decided for this sender (None: none yet, the default applies)."""
    return session.scalar(select(ConversationLanguage.language).where(
        ConversationLanguage.channel == channel, ConversationLanguage.sender_key == sender_key))


def remember(session: Session, channel: str, sender_key: str, language: str, *, explicit: bool,
             now: datetime) -> None:
    """Keep ``language`` for this sender (the caller commits)."""
    row = session.get(ConversationLanguage, (channel, sender_key))
    if row is None:
        try:
            with session.begin_nested():
                session.add(ConversationLanguage(channel=channel, sender_key=sender_key, language=language,
                                                 explicit=explicit, updated_at=now))
            return
        except IntegrityError:  # another worker remembered one a moment ago: this one is newer
            row = session.get(ConversationLanguage, (channel, sender_key))
    row.language, row.explicit, row.updated_at = language, explicit, now
