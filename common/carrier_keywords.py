"""The carrier keywords (STOP, START, HELP and their Spanish equivalents), stated once.

The SMS channel answers them itself (``webhook.sms.keywords``); the dialogue reads the same words
when a member types one in the web chat, where there is no number to opt out: there a stop word
stops the sign-up and keeps its place (``actions.flow_actions.ActionNeverMind``). Only the whole
message counts, in any case and with or without accents.
"""

from __future__ import annotations

import re

from common.text import fold_accents

# Twilio's default opt-out keywords, and those US carriers honour in Spanish.
OPT_OUT_BY_LANGUAGE = {
    "en": frozenset({"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT"}),
    "es": frozenset({"PARAR", "ALTO", "BASTA", "CANCELAR", "BAJA", "DETENER", "FIN", "NO MAS", "ANULAR", "DESUSCRIBIR"}),
}
OPT_IN_BY_LANGUAGE = {
    "en": frozenset({"START", "UNSTOP", "YES"}),
    "es": frozenset({"INICIAR", "COMENZAR", "ALTA", "REANUDAR"}),
}
HELP_BY_LANGUAGE = {
    "en": frozenset({"HELP", "INFO"}),
    "es": frozenset({"AYUDA"}),
}
OPT_OUT = frozenset().union(*OPT_OUT_BY_LANGUAGE.values())
OPT_IN = frozenset().union(*OPT_IN_BY_LANGUAGE.values())
HELP = frozenset().union(*HELP_BY_LANGUAGE.values())


def keyword(body: str | None) -> str:
    """The message as a keyword candidate: surrounding spaces and punctuation dropped, upper case,
    accents dropped ("No más" -> "NO MAS"), inner spaces single."""
    text = re.sub(r"^[\W_]+|[\W_]+$", "", fold_accents(body or ""))
    return re.sub(r"\s+", " ", text).upper()


def is_stop_word(body: str | None) -> bool:
    """Is the whole message an opt-out keyword ("STOP", " parar! ", "No más")?"""
    return keyword(body) in OPT_OUT
