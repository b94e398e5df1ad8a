"""Secrets recognised by their shape, wherever a member types them (docs/security.md).

A member asked for the account number may send the whole SSN instead, in any
grouping ("123-45-6789", "123 45 6789", "123 456 78 9"); one asked for the
e-mail address may send the one-time code just texted. What is a secret then
depends on the digits' grouping, not on the question asked, so the rule lives
here once and is used by the dialogue (``actions.extract``), the transcript and
log redaction (``common.redaction``) and the Rasa tracker store
(``bot.tracker_store``, which runs on Python 3.10: standard library only).

The rule for nine digits: an account number (6 to 12 digits) is written as one
run or as 3-3-3, a ZIP+4 as 5-4 (with the last 4 beside a ZIP: 4-5); every
other grouping of nine digits (3-2-4, 2-7, 3-3-2-1, one digit at a time, ...)
is a full SSN or tax ID. Nine digits that start with 000 are none of them, in
any grouping: no SSN has the area number 000, no EIN the prefix 00, and every
ITIN starts with 9 (``may_be_tax_id``); such a number ("000452318") is an
account number with its zeros, like any other. A one-time code is six digits,
one run or 3-3.

Linear time: a run is matched without a trailing lookahead (so a failed run is
never re-tried from inside), and what follows it is checked afterwards.
"""

from __future__ import annotations

import re
from typing import Iterator, Optional, Tuple

from common.digits import ascii_digits

#: How many digits a member account number has (the member file, the identity checks,
#: the chat's extraction and the log redaction all build their rules from these). Here,
#: with no dependency, so that the Rasa server's log redaction can read them too.
ACCOUNT_MIN_DIGITS = 6
ACCOUNT_MAX_DIGITS = 12
SSN_DIGITS = 9
CODE_DIGITS = 6
NOT_SSN_GROUPINGS = frozenset({(9,), (3, 3, 3), (5, 4), (4, 5)})
CODE_GROUPINGS = frozenset({(6,), (3, 3)})

# Groups of digits joined by spaces, or by one dash, dot, slash or underscore (with spaces around).
_GROUPED_DIGITS_RE = re.compile(r"(?<![\w@])\d+(?:(?:[^\S\n]*[-./_][^\S\n]*|[^\S\n]+)\d+)*")
_DIGITS_RE = re.compile(r"\d+")


def grouped_numbers(text: str) -> Iterator[Tuple[int, int, Tuple[int, ...]]]:
    """(start, end, group lengths) of every stand-alone run of digit groups in ``text``
    (one followed by ``@`` is part of an e-mail address and is skipped)."""
    for match in _GROUPED_DIGITS_RE.finditer(text or ""):
        if text[match.end():match.end() + 1] == "@":
            continue
        yield match.start(), match.end(), tuple(len(g) for g in _DIGITS_RE.findall(match.group(0)))


# The first digits of nine that no SSN (area 000), EIN (prefix 00) or ITIN (9xx) starts with.
NO_TAX_ID_START = "000"


def may_be_tax_id(digits: str) -> bool:
    """Could these digits (a number's, separators taken out) be a whole SSN or tax ID? Nine digits
    that do not start with 000: an account number that may be one is never repeated nor kept
    (docs/security.md, "Nine digits: SSN or account number?"); "000452318" is only an account number."""
    return len(digits) == SSN_DIGITS and digits.isdigit() and not digits.startswith(NO_TAX_ID_START)


def _digits_of(text: str, start: int, end: int) -> str:
    return "".join(_DIGITS_RE.findall(text[start:end]))


def is_ssn_grouping(groups: Tuple[int, ...]) -> bool:
    return sum(groups) == SSN_DIGITS and groups not in NOT_SSN_GROUPINGS


def ssn_spans(text: str) -> Iterator[Tuple[int, int]]:
    """Where ``text`` holds nine digits grouped like an SSN or tax ID (that may be one)."""
    for start, end, groups in grouped_numbers(text):
        if is_ssn_grouping(groups) and may_be_tax_id(_digits_of(text, start, end)):
            yield start, end


def full_ssn(text: str) -> bool:
    """Does the message hold a whole SSN or tax ID (nine digits in an SSN's grouping)?"""
    return next(ssn_spans(text), None) is not None


ACCOUNT_LIKE_NINE = frozenset({(9,), (3, 3, 3)})


def nine_digit_account_spans(text: str) -> Iterator[Tuple[int, int]]:
    """Where ``text`` holds nine digits written as an account number (one run or 3-3-3):
    an account number, or a whole SSN typed as one; nobody can tell which."""
    for start, end, groups in grouped_numbers(text):
        if groups in ACCOUNT_LIKE_NINE and may_be_tax_id(_digits_of(text, start, end)):
            yield start, end


def could_hold_ssn(text: str) -> bool:
    """Does the message hold nine digits that are, or may be, a whole SSN or tax ID?"""
    return full_ssn(text) or next(nine_digit_account_spans(text), None) is not None


def code_in(text: str) -> Optional[Tuple[str, str]]:
    """The one-time code in a message (six digits, or 3-3, of any script: ASCII digits returned)
    and the message without it."""
    for start, end, groups in grouped_numbers(text):
        if groups in CODE_GROUPINGS:
            return ascii_digits(re.sub(r"\D", "", text[start:end])), (text[:start] + " " + text[end:]).strip()
    return None
