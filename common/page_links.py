"""A link to a member page that opens in the language it was sent in.

A member page picks its language from ``?lang=xx`` first, before the cookie and
the browser's ``Accept-Language`` (webhook/i18n.py): a member who chats in
Spanish from an English browser, or reads a Spanish mail there, must land on
the Spanish page. The mails (backend.notify.compose) and the bot's replies
(actions.messages) both add it with this one function.
"""

from __future__ import annotations

from urllib.parse import urlencode


def with_language(url: str, language: str) -> str:
    """``url`` with ``?lang=<language>``: the page it opens speaks the language of the text it is in."""
    return f"{url}{'&' if '?' in url else '?'}{urlencode({'lang': language})}"
