"""A reply as each channel sends it: folded to GSM-7 by SMS, as written in the web chat.

The assistant's replies and the web app's own texts are proper Spanish, accents
included ("¿Cuál es su número de cuenta?"), and the web chat shows them so. GSM-7
lacks á, í, ó and ú: one of them would make a whole SMS UCS-2 and cost two or three
times the segments, so the SMS channel folds each text just before it is sent
(``common.gsm.sms_safe``: "¿Cual es su numero de cuenta?"; é, ñ, ü, ¿ and ¡ stay).
Folding keeps a text's length, and the action server measures each reply folded,
so nothing is cut on the way (docs/languages.md).

The transcript keeps what the member read on that channel: the relay applies
this before it records a turn.
"""

from __future__ import annotations

from common.gsm import sms_safe

SMS = "sms"


def as_sent(channel: str, text: str) -> str:
    """``text`` as ``channel`` ("sms" or "web") sends it."""
    return sms_safe(text) if channel == SMS else text
