"""The one normalisation every inbound text goes through, at the edge, before anything else sees it.

SMS bodies, web chat messages, web form fields and CSV cells all pass through
:func:`clean_text` once, where they enter coopbot:

- NUL and the other control characters are removed (tab and newline stay; a
  carriage return becomes a newline). PostgreSQL cannot store a NUL in a text
  column, and a control character in a transcript or a log line could fake
  another line;
- lone UTF-16 surrogates (JSON can carry ``"\\ud800"``), Unicode
  non-characters and the bidirectional overrides that make text read
  differently from what it is ("Trojan source") are removed too;
- Unicode is normalised: NFKC for what members type to the bot and for CSV
  cells (full-width digits, ligatures and superscripts become the ASCII the
  dialogue, the redaction and the member data expect), NFC for web form
  fields (the text keeps its look, composed the one way browsers send it);
- an optional length cap (Twilio's 1,600 characters for SMS).

Every step is a single pass (``str.translate`` of a regular expression with no
repetition, ``unicodedata.normalize``), so a megabyte of input costs
milliseconds. Passwords are not cleaned: they are only ever hashed.
"""

from __future__ import annotations

import re
import unicodedata

SMS_MAX_LENGTH = 1600  # Twilio's limit for a message body

# C0 and C1 controls except tab and newline, DEL, surrogates, bidi embedding /
# override / isolate controls, the line and paragraph separators (they break
# lines like a newline would), the byte-order mark and two non-characters.
_UNWANTED = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
    "\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff"
    "\ud800-\udfff]"
)


def clean_text(text: str | None, *, max_length: int | None = None, form: str = "NFKC") -> str:
    """``text`` without control characters, Unicode-normalised (``form``), at most ``max_length`` long."""
    if not text:
        return ""
    if not isinstance(text, str):
        text = str(text)
    if max_length is not None:
        # Cut before the work too (normalising can only grow a text so much):
        # a 200,000-character body costs no more than a 1,600-character one.
        text = text[: max(max_length * 4, 4096)]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _UNWANTED.sub("", text)
    text = unicodedata.normalize(form, text)
    if max_length is not None:
        text = text[:max_length]
    return text


def clean_member_text(text: str | None, *, max_length: int | None = None) -> str:
    """A member's message to the bot (SMS or web chat)."""
    return clean_text(text, max_length=max_length, form="NFKC")


def clean_form_value(text: str | None) -> str:
    """A web form field other than a password."""
    return clean_text(text, form="NFC")
