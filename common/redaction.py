"""Redaction of member text before anything is written to a transcript or a log.

What a member types may contain secrets the bot asks for (last four of the
SSN/TIN, a ZIP code), secrets they volunteer (a whole SSN), activation links
they paste back, and contact details staff may see only masked. The rules:

- removed (``[redacted]``): full SSN/EIN patterns (with dashes, spaces, dots
  or none: nine digits in one run are taken for an SSN; nine digits in any
  grouping ``common.secret_shapes`` reads as an SSN, such as 3-3-2-1), numbers of 4 or 5 digits
  standing alone (ZIP, last four; a digit of any script counts, so ``٧٨٦٢٠`` too), ZIP+4,
  digits spaced out one by one, four or more digits read out in English or Spanish words
  (``seven eight six two zero``: ``common.digits``), five digits in two groups of 2 and 3
  (``78 620``, ``786-20``, ``78,620``) and four with a thousands comma (``4,321``),
  digit runs longer than any account number (13+), the token of
  ``/activate/``, ``/reset/``, ``/delete/`` and ``/cancel/`` links, and long random strings
  (20+ URL-safe characters mixing letters and digits);
- masked: e-mail addresses (``j***@e***.com``) and phone numbers
  (``***-***-1234``);
- kept: account numbers (6 to 8 and 10 to 12 digits written as one run),
  because staff search conversations by account number.

Control characters (a NUL cannot be stored by PostgreSQL) are dropped first,
and a text longer than :data:`MAX_LENGTH` is cut (at a space) before it is scanned.
Every rule is linear-time: a rule with an unbounded repetition can only start
where a run of its characters starts (a lookbehind), and repetitions are
possessive, so a megabyte of text is scanned in milliseconds.
The Rasa tracker store applies the same rules to every member message and to
what a slot mapping copied from it (``redact(text, keep_contacts=True)``), so a
secret the transcript drops is never kept by the dialogue either.
Bot replies go through :func:`redact_reply`, which keeps the co-op's own
support number and sender address readable. Log lines go through
:func:`redact_log`, which keeps what operators need and no member sends: the
port of a ``host:port`` address and the status, size and duration of an access
log line (a run of failed sign-ins must stay visible).

One combined regular expression scans the text once, so a masked value (the
``1234`` of ``***-***-1234``) is never re-examined by a later rule.
Security answers are free text and cannot be recognised here: the relay drops
a whole message the dialogue marks as secret (see ``backend.privacy.transcripts``).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable

if sys.version_info >= (3, 11):
    import re
else:  # the Rasa server (Python 3.10) redacts its log too: Rasa's own ``regex`` has possessive quantifiers
    import regex as re

from common.digits import DIGIT_WORDS_RUN, WORD_DIGITS
from common.masking import mask_email, mask_phone
from common.secret_shapes import ACCOUNT_MAX_DIGITS, ssn_spans
from common.textinput import clean_text

REDACTED = "[redacted]"
# Longer texts are cut before they are scanned (and stored): the channels cap
# member messages at 1,600 characters, so only a misuse is ever cut.
MAX_LENGTH = 4000
CUT = " [...]"
LOG_MAX_LENGTH = 50_000

_URLSAFE = r"A-Za-z0-9_\-"

_RULES = [
    ("link", r"/(?:activate|reset|delete|cancel)/[^\s/?#\"'<>]++"),
    # The lookbehind makes the scan start only where a run of address characters
    # starts (else every position of a long run is tried: quadratic time).
    ("email", r"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]++@[A-Za-z0-9\-]++(?:\.[A-Za-z0-9\-]++)+"),
    ("token", rf"(?<![{_URLSAFE}])[{_URLSAFE}]{{20,}}+(?![{_URLSAFE}])"),
    # 123-45-6789, 123 45 6789, 123.45.6789 and 123456789 (nine digits in one run:
    # an SSN typed without separators; account numbers are kept only at 6-8 and 10-12 digits,
    # and nine digits that start with 000, which no SSN or tax ID does: common.secret_shapes).
    # A comma may group them too ("123,45,6789", "123,456,789"), unless more groups follow.
    ("ssn", r"(?<!\d)(?<!\d,)(?!000)\d{3}[ .,\-]?\d{2}[ .,\-]?\d{4}(?!,?\d)"),
    ("ssn3", r"(?<!\d)(?<!\d,)(?!000)\d{3}[ .,\-]\d{3}[ .,\-]\d{3}(?!,?\d)"),
    ("ein", r"(?<![\d\-])\d{2}-\d{7}(?![\d\-])"),
    ("phone", r"(?<![\w+])(?:\+?1[ .\-]?)?(?:\(\d{3}\)\s?|\d{3}[ .\-]?)\d{3}[ .\-]?\d{4}(?!\d)"),
    ("zip4", r"(?<!\d)\d{5}[ \-]\d{4}(?!\d)"),
    # Four or more digits read out one by one, in words or not ("seven eight six two zero",
    # "siete, ocho, seis, dos, cero", "4 3 2 1"): common.digits.
    ("words", DIGIT_WORDS_RUN),
    ("spaced", r"(?<![\d.,])\d(?:[ .\-]\d){3,10}(?![\d])"),
    # A ZIP typed in two groups ("78 620", "786-20"), not a piece of a longer grouping
    # ("20 456 789" is an account number, "401 19 3ms" an access log's status and size).
    ("split", r"(?<![\d.,])(?<!\d[ \-])(?:\d{2}[ \-]\d{3}|\d{3}[ \-]\d{2})(?![ \-,]?\d)"),
    # The same with a comma ("78,620", "786,20"), and a last 4 with a thousands comma ("4,321"),
    # not a piece of a longer grouping ("20,456,789" is an account number).
    ("comma", r"(?<![\d.,])(?:\d{1,2},\d{3}|\d{3},\d{2})(?!,?\d)"),
    # Longer than any account number.
    ("long", rf"(?<!\d)\d{{{ACCOUNT_MAX_DIGITS + 1},}}+(?!\d)"),
    ("short", r"(?<!\d)\d{4,5}(?!\d)"),
]
_PATTERN = re.compile("|".join(f"(?P<{name}>{rx})" for name, rx in _RULES))
# The same rules without the long-string one, for the pieces of a long string
# that turned out not to be random (for example "512-555-0100-and-more").
_INNER = re.compile("|".join(f"(?P<{name}>{rx})" for name, rx in _RULES if name != "token"))
_NOT_DIGIT = re.compile(r"\D")

# What a log line keeps (the group ``keep``): the port of localhost, an IPv4 or IPv6
# address or a dotted host name (``127.0.0.1:8001``, urllib3's ``port=5005``), and the status,
# size and duration after an access log's quoted request (``"POST /login" 401 19 3ms``,
# werkzeug's ``"POST /login HTTP/1.1" 401 -``) or after words that name a status, and
# the date of a timestamp.
_LOG_KEEP = re.compile(
    r"(?:(?<![\w@.\-])(?:localhost|\d{1,3}(?:\.\d{1,3}){3}|\[[0-9A-Fa-f:.]+\]|[A-Za-z][\w\-]*(?:\.[\w\-]+)+):"
    r"|\bport=)(?P<keep>\d{1,5})(?!\d)"
    r"|\"(?:GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)\s[^\"\n]{0,2000}\"(?P<access>\s\d{3}\s(?:\d{1,12}|-)(?:\s\d{1,9}ms)?)(?!\d)"
    r"|\b(?:status(?:[ _]code)?|HTTP|answered|returned|responded(?:\s+with)?)\s?[=:]?\s?(?P<status>[1-5]\d\d)(?!\d)"
    # The year of a log timestamp: "[05/Dec/2026 17:37:23]", "2026-12-05T17:37:23".
    r"|\b\d{1,2}/[A-Z][a-z]{2}/(?P<year>\d{4})[: ]\d\d:\d\d"
    r"|(?<![\d\-])(?P<date>\d{4}-\d\d-\d\d)[T ]\d\d:\d\d",
    re.I,
)
_LOG_KEPT = ("keep", "access", "status", "year", "date")


def _looks_random(candidate: str) -> bool:
    """Link tokens and keys: letters mixed with digits, or a long mixed-case run."""
    has_digit = any(ch.isdigit() for ch in candidate)
    has_letter = any(ch.isalpha() for ch in candidate)
    if has_digit and has_letter:
        return True
    mixed_case = any(ch.islower() for ch in candidate) and any(ch.isupper() for ch in candidate)
    return len(candidate) >= 32 and mixed_case


def _replacer(public_phones: frozenset[str], public_emails: frozenset[str], keep_contacts: bool = False):
    def replace(match: re.Match) -> str:
        kind = match.lastgroup
        value = match.group(0)
        if kind == "link":
            return value[: value.index("/", 1) + 1] + REDACTED
        if kind == "email":
            return value if keep_contacts or value.lower() in public_emails else mask_email(value)
        if kind == "token":
            return REDACTED if _looks_random(value) else _INNER.sub(replace, value)
        if kind == "phone":
            if keep_contacts or value.isdigit():
                return value  # a bare run of 10-11 digits is an account number
            digits = _NOT_DIGIT.sub("", value)
            if digits[-10:] in public_phones:
                return value
            return mask_phone(value)
        return REDACTED

    return replace


_REPLACE = _replacer(frozenset(), frozenset())
_KEEP_CONTACTS = _replacer(frozenset(), frozenset(), keep_contacts=True)


def _prepared(text: str, limit: int = MAX_LENGTH) -> str:
    text = clean_text(text, max_length=limit + 1, form="NFC")
    if len(text) > limit:
        # Cut at a space so that no secret is cut into pieces the rules miss.
        head = text[:limit]
        text = head[: head.rfind(" ")] if " " in head else ""
        text = text.rstrip(" .-()+0123456789") + CUT
    return text


def _without_ssns(text: str) -> str:
    """Nine digits in an SSN's grouping (``common.secret_shapes``), whatever the separators."""
    for start, end in reversed(list(ssn_spans(text))):
        text = text[:start] + REDACTED + text[end:]
    return text


def _scrub(text: str, replace=None) -> str:
    return _PATTERN.sub(replace or _REPLACE, _without_ssns(text))


def redact(text: str | None, *, keep_contacts: bool = False) -> str:
    """The text with secrets removed and contact details masked (see the module docstring).

    ``keep_contacts``: e-mail addresses and phone numbers are left as they are,
    every secret is removed all the same, by the same scan. The Rasa tracker
    store (``bot.tracker_store``) keeps member messages this way: the dialogue
    reads the address a member gave back from it, and only staff views mask it.
    """
    if not text:
        return ""
    return _scrub(_prepared(text), _KEEP_CONTACTS if keep_contacts else None)


# Every way a number may be written at a step that asks for digits, down to one digit or one
# number word: "78 620", "seventy-eight six twenty", "setenta y ocho".
# Number words beyond the single digits of ``common.digits.WORD_DIGITS``.
_MORE_NUMBER_WORDS = (
    "oh", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred", "thousand",
    "diez", "once", "doce", "trece", "catorce", "quince", r"dieci\w+", "veinte", r"veinti\w+", "treinta",
    "cuarenta", "cincuenta", "sesenta", "setenta", "ochenta", "noventa", "cien", "ciento", "mil",
)
_ANY_NUMBER = re.compile(
    r"\d+(?:[\s.,\-]+\d+)*"
    r"|(?<!\w)(?i:" + "|".join((*WORD_DIGITS, *_MORE_NUMBER_WORDS)) + r")(?!\w)"
)


def redact_numbers(text: str | None) -> str:
    """A member message sent at a step that asks for digits (the ZIP or last 4, the texted code)
    that the dialogue read no answer from ("why the ZIP? anyone can look it up"): every number in
    it removed, in digits of any script or in words, then :func:`redact`. Staff read the question;
    no way of writing the digits asked for stays."""
    if not text:
        return ""
    return redact(_ANY_NUMBER.sub(REDACTED, _prepared(text)))


def redact_log(text: str | None) -> str:
    """A log message or traceback: like :func:`redact`, kept up to 50,000 characters, with
    ports and access-log status codes, sizes and durations kept (``_LOG_KEEP``)."""
    if not text:
        return ""
    text = _prepared(text, LOG_MAX_LENGTH)
    pieces, last = [], 0
    for match in _LOG_KEEP.finditer(text):
        group = next(name for name in _LOG_KEPT if match.group(name) is not None)
        start, end = match.span(group)
        pieces += [_scrub(text[last:start]), text[start:end]]
        last = end
    pieces.append(_scrub(text[last:]))
    return "".join(pieces)


# What a bot reply holds that is never a member's secret: the port of a link to the co-op's own
# pages ("http://127.0.0.1:8200/terms": no last 4), and the example addresses of the e-mail
# question's hint ("Send it like name@example.com").
_REPLY_URL_PORT = re.compile(r"://[^\s/?#:@]+:(?P<keep>\d{1,5})(?=[/?#\s]|$)")
EXAMPLE_ADDRESSES = ("name@example.com", "nombre@ejemplo.com")


def redact_reply(text: str | None, public: Iterable[str] = ()) -> str:
    """A bot reply as staff may read it: like :func:`redact`, but the co-op's own
    phone numbers and e-mail addresses (``public``: the support number, the sender
    address), the ports of links and the e-mail hint's example addresses stay
    readable; masked addresses the bot echoes are already masked.
    """
    if not text:
        return ""
    public = (*public, *EXAMPLE_ADDRESSES)
    phones, emails = set(), set()
    for value in public:
        if not value:
            continue
        if "@" in value:
            emails.add(value.strip().lower())
        else:
            digits = _NOT_DIGIT.sub("", value)
            if len(digits) >= 10:
                phones.add(digits[-10:])
    replace = _replacer(frozenset(phones), frozenset(emails))
    text = _prepared(text)
    pieces, last = [], 0
    for match in _REPLY_URL_PORT.finditer(text):
        start, end = match.span("keep")
        pieces += [_scrub(text[last:start], replace), text[start:end]]
        last = end
    pieces.append(_scrub(text[last:], replace))
    return "".join(pieces)
