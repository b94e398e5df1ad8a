"""Chat session tokens: who is who in the web chat, without accounts or cookies.

A browser asks for a session once and keeps the token (the widget stores it in
localStorage so the conversation survives a page reload). The token is a random
session id signed with the app's secret key (itsdangerous), so the server keeps
no session table and nobody can make up a token, or guess someone else's.

Rasa never sees the session id either: its sender id is a keyed hash of it, so
a Rasa tracker or a transcript cannot be turned back into a working token.
"""

from __future__ import annotations

import secrets

from itsdangerous import BadSignature, URLSafeTimedSerializer

from backend.privacy.hashing import keyed_hash

# A week covers a member who comes back to finish; the bot itself forgets an
# idle conversation sooner (Rasa's session_config), so nothing is kept longer.
MAX_AGE_SECONDS = 7 * 24 * 3600
_SALT = "coopbot.chat.session"


class InvalidToken(Exception):
    """The token is missing, forged, malformed or expired."""


def _serializer(secret_key: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_key, salt=_SALT)


def issue(secret_key: str) -> str:
    """A new token carrying a fresh random session id (128 bits and more)."""
    return _serializer(secret_key).dumps(secrets.token_urlsafe(24))


def session_id(secret_key: str, token: str, *, max_age: int = MAX_AGE_SECONDS) -> str:
    """The session id inside ``token``; raises :class:`InvalidToken` if it is not one of ours."""
    try:
        value = _serializer(secret_key).loads(token, max_age=max_age)
    except BadSignature as exc:  # includes SignatureExpired
        raise InvalidToken(str(exc.__class__.__name__)) from None
    if not isinstance(value, str) or len(value) < 16:
        raise InvalidToken("not a session id")
    return value


def sender_id(secret_key: str, session: str) -> str:
    """The pseudonym Rasa and the transcripts know this chat by (never the session id itself)."""
    return keyed_hash(secret_key, session, salt="chat-session:")
