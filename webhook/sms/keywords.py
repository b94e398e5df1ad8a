"""Carrier keywords, and plain-words requests to stop texting, that the SMS channel answers itself.

US carriers (CTIA) expect STOP and its synonyms to opt a number out, START to
opt it back in and HELP to answer with who is texting and how to stop. Only
the whole message counts ("stop" or " STOP! " yes, "don't stop" no), in any
case and with or without accents. The keywords themselves are stated once in
``common.carrier_keywords`` (the dialogue reads them too, typed in the web chat); the
replies of the assistant are checked against them never to suggest one
(tests/actions/test_messages.py).

Since the FCC's 2025 revocation rule a "reasonable" request to stop texting
must be honoured whatever its words, so :func:`asks_to_stop_texting` also
recognises a short message that plainly asks for no more texts ("please stop
texting me", "no más mensajes, gracias"). It decides only when sure: the
message must match one of :data:`_STOP_TEXTING` and hold none of
:data:`_ONLY_FOR_NOW` ("stop, I'll finish this later", "para, lo termino
después": those stop the registration, which the dialogue handles), nor any
data (digits, an e-mail address); anything else goes to the dialogue.
"""

from __future__ import annotations

import re

from common.text import fold_accents

# The keywords themselves are common to the SMS channel and the dialogue (a stop word typed in the web chat).
from common.carrier_keywords import (
    HELP,
    HELP_BY_LANGUAGE,
    OPT_IN,
    OPT_IN_BY_LANGUAGE,
    OPT_OUT,  # noqa: F401 (re-exported: the replies are checked against it)
    OPT_OUT_BY_LANGUAGE,
    is_stop_word,
    keyword,
)


def _language_of(word: str, table: dict[str, frozenset[str]]) -> str | None:
    return next((language for language, words in table.items() if word in words), None)


def opt_out_language(body: str | None) -> str | None:
    """The language of the opt-out keyword the message is, or None when it is none."""
    return _language_of(keyword(body), OPT_OUT_BY_LANGUAGE)


def opt_in_language(body: str | None) -> str | None:
    return _language_of(keyword(body), OPT_IN_BY_LANGUAGE)


def help_language(body: str | None) -> str | None:
    return _language_of(keyword(body), HELP_BY_LANGUAGE)


def is_opt_out(body: str | None) -> bool:
    return is_stop_word(body)


def is_opt_in(body: str | None) -> bool:
    return keyword(body) in OPT_IN


def is_help(body: str | None) -> bool:
    return keyword(body) in HELP


# --- plain-words requests to stop texting ---------------------------------------------
_TEXTS_EN = r"(?:texts?|text messages?|messages?|sms|msgs?)"
_TEXTS_ES = r"(?:mensajes?|textos?|mensajitos|sms)"
_SEND_ES = r"(?:manden|mande|mandes|envien|envie|envies|escriban|escriba|escribas)"
_STOP_TEXTING = {
    "en": re.compile(
        r"\b(?:stop|quit|cease)\s+(?:all\s+)?(?:texting|messaging|sending\s+(?:me\s+)?(?:any\s+more\s+)?" + _TEXTS_EN
        + r"|(?:the\s+|these\s+|your\s+|all\s+)?" + _TEXTS_EN + r")"
        r"|\bno\s+more\s+(?:texting|" + _TEXTS_EN + r")"
        r"|\b(?:do\s*n[o']?t|do\s+not|never|please\s+don'?t)\s+(?:ever\s+)?(?:text|message|sms|contact)\s+"
        r"(?:me|this\s+(?:number|phone)|my\s+(?:number|phone)|us)\b"
        r"|\b(?:don'?t|do\s+not)\s+(?:send|want)\s+(?:me\s+)?(?:any\s+)?(?:more\s+)?" + _TEXTS_EN
        + r"|\b(?:take|remove|delete)\s+(?:me|my\s+(?:number|phone)|this\s+(?:number|phone))\s+(?:off|from)\s+"
        r"(?:your|the|this)\s+(?:list|texts|texting)"
        r"|\b(?:unsubscribe|opt)\s+me(?:\s+out)?\b|\bopt\s+out\b"),
    "es": re.compile(
        r"\bno\s+mas\s+" + _TEXTS_ES
        + r"|\b(?:ya\s+)?no\s+(?:me\s+)?" + _SEND_ES + r"\s+(?:mas\s+)?" + _TEXTS_ES
        + r"|\b(?:ya\s+)?no\s+(?:me\s+)?" + _SEND_ES + r"\s+mas\b|\bya\s+no\s+me\s+" + _SEND_ES + r"\b"
        r"|\b(?:dejen|deje|deja)\s+de\s+(?:mandar|enviar|escribir)(?:me|nos)?(?:\s+" + _TEXTS_ES + r")?"
        r"|\b(?:ya\s+)?no\s+quiero\s+(?:recibir\s+)?(?:mas\s+)?" + _TEXTS_ES
        + r"|\b(?:quit[ae]n|saqu[ae]n|borr[ae]n)me\s+de\s+(?:la|su|esta)\s+lista"
        r"|\bdar(?:me)?\s+de\s+baja\s+de\s+(?:los\s+|sus\s+)?" + _TEXTS_ES
        + r"|\b(?:ya\s+)?basta\s+de\s+(?:tantos\s+)?" + _TEXTS_ES),
}
# Words that make it about the registration (or for now), not about the texts.
_ONLY_FOR_NOW = re.compile(
    r"\b(?:later|finish|continue|tomorrow|another\s+time|for\s+now|registration|register|sign\s*up|signing"
    r"|despues|luego|termino|terminar|terminarlo|manana|otro\s+dia|por\s+ahora|seguir|continuar"
    r"|registro|registrarme|inscripcion)\b")
_DATA = re.compile(r"\d|@")
MAX_WORDS = 12


def stop_texting_language(body: str | None) -> str | None:
    """The language of a plain-words request to stop texting this number, or None when the
    message is not (surely) one."""
    text = re.sub(r"\s+", " ", fold_accents(body or "").lower().replace("\u2019", "'")).strip()
    if not text or _DATA.search(text) or len(text.split()) > MAX_WORDS or _ONLY_FOR_NOW.search(text):
        return None
    return next((language for language, pattern in _STOP_TEXTING.items() if pattern.search(text)), None)


def asks_to_stop_texting(body: str | None) -> bool:
    return stop_texting_language(body) is not None
