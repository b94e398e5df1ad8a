"""The web app's own replies in the member's language.

The assistant's replies come from the action server's catalog (actions/locale);
the few texts the web app sends itself (the SMS channel's HELP / STOP / START
answers, "please try again", the offer of another language) come from the web
app's one catalog (``webhook/translations``, the member pages' too), read by
``common.catalogs`` with no build step. Outside a page request there is no
Flask-Babel locale, so these texts are looked up for the language given.
"""

from __future__ import annotations

from collections.abc import Callable

from common.catalogs import translations
from webhook.i18n import TRANSLATIONS


def translator(language: str | None) -> Callable[[str], str]:
    """``_`` for ``language`` (the source text, English, for None or a language without a catalog).

    Texts come out as written, accents included, as the web chat shows them; the SMS
    channel folds them to GSM-7 as it sends them (``webhook.channel_text``, docs/languages.md).
    """
    return translations(TRANSLATIONS, language or "en").gettext


def translate(language: str | None, message: str) -> str:
    """A text marked with ``N_`` elsewhere, in ``language``."""
    return translator(language)(message)


def N_(message: str) -> str:
    """Marks a text for the catalog that is translated later (by :func:`translate`)."""
    return message


# The offer of a language, in that language ("reply ESPAÑOL"): each catalog's translation
# of this sentence offers its own language. A message in a language the co-op does not
# offer gets one line per offered language (webhook/relay.py).
OFFER = N_("Prefer English? Reply ENGLISH.")


def offer_line(language: str) -> str:
    return translate(language, OFFER)


# Said to the member when a person ends a live handoff (webhook/staff/handoffs.py,
# docs/handoff.md); the assistant's own words after a hand-back follow the first.
HANDED_BACK = N_("You are back with the assistant. Your answers so far are kept.")
HANDOFF_CLOSED = N_("Member services closed this chat. Write again any time to continue with the assistant.")
