"""The replies the SMS channel sends itself (plain GSM-7, one SMS segment each where possible)."""

from __future__ import annotations

from backend.config import Settings


def help_text(settings: Settings) -> str:
    return (f"{settings.coop_name} online account sign-up. Help: call {settings.support_phone}, "
            f"{settings.support_hours}. Msg & data rates may apply. Reply STOP to opt out.")


def opted_out(settings: Settings) -> str:
    return (f"You are unsubscribed from {settings.coop_name} texts and will get no more messages. "
            "Reply START to resubscribe.")


def opted_in(settings: Settings) -> str:
    return (f"You are resubscribed to {settings.coop_name} texts. "
            "Msg & data rates may apply. Reply HELP for help, STOP to opt out.")


def revoked(settings: Settings) -> str:
    return ("Done: the new online registration for your account is cancelled and signed out. "
            f"If someone may have your bill, call member services at {settings.support_phone}.")


MEDIA = ("Sorry, I can only read text. Please type your answer as a text message "
         "(pictures and files cannot be opened here).")
EMPTY = "I did not get any text in that message. Please type your answer and send it again."
THROTTLED = "You are sending messages faster than I can answer. Please wait a minute, then send your message again."
