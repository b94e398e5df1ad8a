"""Redaction of member text before anything is written to a transcript or a log.

What a member types may contain secrets the bot asks for (last four of the
SSN/TIN, a ZIP code), secrets they volunteer (a whole SSN), activation links
they paste back, and contact details staff may see only masked. The rules:

- removed (``[redacted]``): full SSN/EIN patterns, numbers of 4 or 5 digits
  standing alone (ZIP, last four), ZIP+4, digits spaced out one by one,
  digit runs longer than any account number (13+), the token of
  ``/activate/<token>`` and ``/reset/<token>`` links, and long random strings
  (20+ URL-safe characters mixing letters and digits);
- masked: e-mail addresses (``j***@e***.com``) and phone numbers
  (``***-***-1234``);
- kept: account numbers (6 to 12 digits written as one run), because staff
  search conversations by account number.

One combined regular expression scans the text once, so a masked value (the
``1234`` of ``***-***-1234``) is never re-examined by a later rule.
Security answers are free text and cannot be recognised here: the relay drops
a whole message the dialogue marks as secret (see ``backend.transcripts``).
"""

from __future__ import annotations

import re

from backend.masking import mask_email

REDACTED = "[redacted]"

_URLSAFE = r"A-Za-z0-9_\-"

_RULES = [
    ("link", r"/(?:activate|reset)/[^\s/?#\"'<>]+"),
    ("email", r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+"),
    ("token", rf"(?<![{_URLSAFE}])[{_URLSAFE}]{{20,}}(?![{_URLSAFE}])"),
    ("ssn", r"(?<![\d\-])\d{3}[ .\-]\d{2}[ .\-]\d{4}(?![\d\-])"),
    ("ein", r"(?<![\d\-])\d{2}-\d{7}(?![\d\-])"),
    ("phone", r"(?<![\w+])(?:\+?1[ .\-]?)?(?:\(\d{3}\)\s?|\d{3}[ .\-]?)\d{3}[ .\-]?\d{4}(?!\d)"),
    ("zip4", r"(?<!\d)\d{5}[ \-]\d{4}(?!\d)"),
    ("spaced", r"(?<![\d.,])\d(?:[ .\-]\d){3,10}(?![\d])"),
    ("long", r"(?<!\d)\d{13,}(?!\d)"),
    ("short", r"(?<!\d)\d{4,5}(?!\d)"),
]
_PATTERN = re.compile("|".join(f"(?P<{name}>{rx})" for name, rx in _RULES))
# The same rules without the long-string one, for the pieces of a long string
# that turned out not to be random (for example "512-555-0100-and-more").
_INNER = re.compile("|".join(f"(?P<{name}>{rx})" for name, rx in _RULES if name != "token"))


def mask_phone(number: str) -> str:
    """Any phone number -> ``***-***-`` and its last four digits."""
    digits = re.sub(r"\D", "", number)
    return f"***-***-{digits[-4:]}"


def _looks_random(candidate: str) -> bool:
    """Link tokens and keys: letters mixed with digits, or a long mixed-case run."""
    has_digit = any(ch.isdigit() for ch in candidate)
    has_letter = any(ch.isalpha() for ch in candidate)
    if has_digit and has_letter:
        return True
    mixed_case = any(ch.islower() for ch in candidate) and any(ch.isupper() for ch in candidate)
    return len(candidate) >= 32 and mixed_case


def _replace(match: re.Match) -> str:
    kind = match.lastgroup
    value = match.group(0)
    if kind == "link":
        return value[: value.index("/", 1) + 1] + REDACTED
    if kind == "email":
        return mask_email(value)
    if kind == "token":
        return REDACTED if _looks_random(value) else _INNER.sub(_replace, value)
    if kind == "phone":
        if re.fullmatch(r"\d+", value):
            return value  # a bare run of 10-11 digits is an account number
        return mask_phone(value)
    return REDACTED


def redact(text: str | None) -> str:
    """The text with secrets removed and contact details masked (see the module docstring)."""
    if not text:
        return ""
    return _PATTERN.sub(_replace, text)
