"""The language a member's mails are written in, carried with the work that queues them.

The API (and the member pages) know the caller's language; the services that
queue mail (``backend.accounts.registration``, ``backend.accounts``) do not need to:
the caller puts it on the database session (:func:`use`), with the conversation
asking when there is one, and ``backend.notify.dispatch.queue`` stores on each
mail it queues for the member the language :func:`for_registration` decides.
Notices to a contact on file are written in that contact's own language instead
(``backend.notify.dispatch``).

A mail to a login's address is read by the login's owner, who is not always the
person asking: a stranger holding the member's bill may ask for a password reset
in English for a member who registered in Spanish. So the conversation's language
counts only when the conversation is the login's own: the one that made the login
(its first account's ``Registration.conversation_id``), or an SMS from the phone on
file of the account the mail is about (``backend.notify.phone_on_file``); else
the login's own language (``Login.language``) stands. A caller that names no
conversation (the signed-in member's pages) is the login's owner.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from backend.core.config import Settings
from backend.notify.phone_on_file import texts_from_phone_on_file
from backend.storage.models import ConversationSource, Registration

_KEY = "coopbot.member_language"
_CONVERSATION = "coopbot.member_language.conversation"
_SETTINGS = "coopbot.member_language.settings"


def use(session: Session, language: str | None, conversation_id: str | None = None,
        settings: Settings | None = None) -> None:
    """Mail queued in ``session`` from now on is asked for by a caller speaking ``language`` (None:
    unknown), in ``conversation_id`` when a conversation asks (``settings``: to recognise the phone
    on file)."""
    session.info[_KEY] = language
    session.info[_CONVERSATION] = conversation_id
    session.info[_SETTINGS] = settings


def of(session: Session) -> str | None:
    """The caller's language, whoever the mail is for."""
    return session.info.get(_KEY)


def for_registration(session: Session, registration: Registration) -> str | None:
    """The language of a mail to the address of ``registration``'s login: the caller's when the
    caller is the login's own (no conversation named, the conversation that made the login, an SMS
    from the account's phone on file), else the login's own, else the caller's."""
    spoken = of(session)
    conversation = session.info.get(_CONVERSATION)
    if conversation is None or _owns(session, registration, conversation):
        return spoken or registration.language
    return registration.language or spoken


def _owns(session: Session, registration: Registration, conversation: str) -> bool:
    """Is ``conversation`` the login's own: the one that made it, or a text from the phone on file?"""
    makers = registration.login.registrations
    if makers and makers[0].conversation_id == conversation:
        return True
    source = session.get(ConversationSource, conversation)
    settings = session.info.get(_SETTINGS)
    return (source is not None and settings is not None
            and texts_from_phone_on_file(settings, registration.member, source.channel, source.source_key))
