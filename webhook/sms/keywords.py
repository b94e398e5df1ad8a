"""Carrier keywords that the SMS channel answers itself, before Rasa sees the message.

US carriers (CTIA) expect STOP and its synonyms to opt a number out, START to
opt it back in and HELP to answer with who is texting and how to stop. Only
the whole message counts ("stop" or " STOP! " yes, "don't stop" no), in any case.
"""

from __future__ import annotations

import re

OPT_OUT = frozenset({"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT"})
OPT_IN = frozenset({"START", "UNSTOP", "YES"})
HELP = frozenset({"HELP", "INFO"})


def keyword(body: str | None) -> str:
    """The message as a keyword candidate: surrounding spaces and punctuation dropped, upper case."""
    return re.sub(r"^[\W_]+|[\W_]+$", "", body or "").upper()


def is_opt_out(body: str | None) -> bool:
    return keyword(body) in OPT_OUT


def is_opt_in(body: str | None) -> bool:
    return keyword(body) in OPT_IN


def is_help(body: str | None) -> bool:
    return keyword(body) in HELP
