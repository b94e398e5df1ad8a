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

from common.gsm import to_gsm7
from common.catalogs import translations
from webhook.i18n import TRANSLATIONS


def translator(language: str | None) -> Callable[[str], str]:
    """``_`` for ``language`` (the source text, English, for None or a language without a catalog).

    Texts come out as they are texted: letters GSM-7 lacks lose their accent
    (common/gsm.py, docs/languages.md), so no text turns an SMS into UCS-2.
    """
    gettext = translations(TRANSLATIONS, language or "en").gettext

    def _(message: str) -> str:
        return to_gsm7(gettext(message))

    return _


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
