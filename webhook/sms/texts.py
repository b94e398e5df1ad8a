"""The replies the SMS channel sends itself (one SMS segment each where possible).

Source texts in English; translations in the web app's catalog (webhook/catalog.py).
Each takes the language of the number (remembered by the web app, or the language
of the keyword itself: PARAR is answered in Spanish). They come out as the catalog
writes them; the channel folds them to GSM-7 as it records and sends them
(``webhook.channel_text``).
"""

from __future__ import annotations

from backend.core.config import Settings
from backend.notify.support_hours import support_hours
from webhook.catalog import N_, translate, translator


def help_text(settings: Settings, language: str | None = None) -> str:
    _ = translator(language)
    return _("{coop_name} online account sign-up. Help: call {phone}, {hours}. Msg & data rates may apply. "
             "Reply STOP to opt out.").format(coop_name=settings.coop_name, phone=settings.support_phone,
                                               hours=support_hours(settings, language))


def opted_out(settings: Settings, language: str | None = None) -> str:
    _ = translator(language)
    return _("You are unsubscribed from {coop_name} texts and will get no more messages. "
             "Reply START to resubscribe.").format(coop_name=settings.coop_name)


def opted_in(settings: Settings, language: str | None = None) -> str:
    _ = translator(language)
    return _("You are resubscribed to {coop_name} texts. "
             "Msg & data rates may apply. Reply HELP for help, STOP to opt out.").format(coop_name=settings.coop_name)


def revoked(settings: Settings, language: str | None = None) -> str:
    _ = translator(language)
    return _("Done: the new online registration for your account is cancelled and signed out. "
             "If someone may have your bill, call member services at {phone}.").format(phone=settings.support_phone)


MEDIA = N_("Sorry, I can only read text. Please type your answer as a text message "
           "(pictures and files cannot be opened here).")
EMPTY = N_("I did not get any text in that message. Please type your answer and send it again.")
THROTTLED = N_("You are sending messages faster than I can answer. Please wait a minute, then send your message again.")


def in_language(language: str | None, text: str) -> str:
    """One of the constant texts above in ``language``."""
    return translate(language, text)
