"""Member services' hours as said to a member, in the member's language.

Replies, mails, pages and the SMS channel's HELP answer all state the hours of
``COOPBOT_SUPPORT_HOURS``; a Spanish mail once said them in English. The hours are
said in a language as, in this order:

1. ``COOPBOT_SUPPORT_HOURS_<LANGUAGE>`` (``COOPBOT_SUPPORT_HOURS_ES``): the operator's
   own wording in that language;
2. the default value, translated: it is a source text of this package's catalog;
3. ``COOPBOT_SUPPORT_HOURS`` as configured (an operator's own text has no translation).

One function for every process: the web app calls it for pages and SMS texts, the
mails through ``compose``, and the action server reads its result per language from
``GET /api/config`` (``support_hours_by_language``).
"""

from __future__ import annotations

from pathlib import Path

from backend.core.config import DEFAULT_SUPPORT_HOURS, Settings
from common import catalogs

TRANSLATIONS = Path(__file__).parent / "translations"


def support_hours(settings: Settings, language: str | None) -> str:
    """The hours in ``language`` (None or a language not offered: the default language)."""
    if language not in settings.languages:
        language = settings.languages[0]
    own = settings.support_hours_in(language)
    if own:
        return own
    if settings.support_hours == DEFAULT_SUPPORT_HOURS:
        return catalogs.translations(TRANSLATIONS, language).gettext(DEFAULT_SUPPORT_HOURS)
    return settings.support_hours


def by_language(settings: Settings) -> dict[str, str]:
    """The hours in each offered language (what ``GET /api/config`` tells the action server)."""
    return {language: support_hours(settings, language) for language in settings.languages}
