"""Digits as members write them: in any script, or read out one by one in words.

A phone keyboard may type the ZIP "78620" in Arabic-Indic ("٧٨٦٢٠") or Persian digits, and a member
may read a number out digit by digit ("seven eight six two zero", "siete ocho seis dos cero",
"4 3 2 1"). Both are the same secret as the digits typed plainly, so:

- the redaction removes them (``common.redaction`` builds its rule from :data:`DIGIT_WORDS_RUN`;
  Python's ``\\d`` already matches the digits of every script);
- the dialogue reads them as the digits they are (``actions.extract``): :func:`ascii_digits` where
  values are read, :func:`read_out` at the ZIP / last 4 and the texted code, where a number is
  what is asked. Each is then one try like any number typed, no more.

Standard library only: the Rasa process's redaction imports it (Python 3.10).
"""

from __future__ import annotations

import re
import unicodedata

#: English and Spanish words for one digit ("una": "una dos tres cuatro" is how some say 1234).
WORD_DIGITS = {
    "zero": "0",
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
    "cero": "0",
    "uno": "1",
    "una": "1",
    "dos": "2",
    "tres": "3",
    "cuatro": "4",
    "cinco": "5",
    "seis": "6",
    "siete": "7",
    "ocho": "8",
    "nueve": "9",
}
# One digit standing alone, as a word or a digit of any script: never a piece of "someone" or of
# "4321", but "0A" ends "seven eight six two 0A" as "0" would.
_ONE_DIGIT = (
    r"(?:(?<!\w)(?i:" + "|".join(sorted(WORD_DIGITS, key=len, reverse=True)) + r")(?!\w)"
    r"|(?<!\d)\d(?!\d))"
)
# Between two digits: spaces, a comma or dashes ("seven, eight", "7-8"), at most three characters.
# No character of a digit is one of them, so a run is matched one way only, scanned once (linear time
# without possessive repetitions, which the Rasa process's Python 3.10 ``re`` lacks).
_BETWEEN = r"[ \t,\-]{1,3}"
#: Four or more digits one by one, one at least spelled out or all digits: a ZIP, a last 4, a code,
#: a whole SSN read out. A regular expression's text, for ``re`` and for the ``regex`` module alike.
DIGIT_WORDS_RUN = rf"{_ONE_DIGIT}(?:{_BETWEEN}{_ONE_DIGIT}){{3,}}"

_RUN_RE = re.compile(DIGIT_WORDS_RUN)
_ONE_DIGIT_RE = re.compile(_ONE_DIGIT)
_OTHER_DIGIT_RE = re.compile(r"(?![0-9])\d")  # ``\d`` is any decimal digit (Unicode category Nd)


def ascii_digits(text: str) -> str:
    """``text`` with every decimal digit of another script as its ASCII digit ("٧٨٦٢٠" -> "78620");
    one character for one, so positions found in either text hold in the other."""
    return _OTHER_DIGIT_RE.sub(lambda match: str(unicodedata.decimal(match.group())), text) if text else ""


def _digit(token: str) -> str:
    return WORD_DIGITS.get(token.lower()) or ascii_digits(token)


def read_out(text: str, counts: tuple[int, ...]) -> str:
    """``text`` with a number read out digit by digit ("seven eight six two zero", "4 3 2 1") written
    as its digits ("78620"), when it has one of ``counts`` digits; other runs stay as they are (nine
    digits one by one remain a whole SSN to refuse, never a number to check)."""

    def joined(match: re.Match[str]) -> str:
        digits = "".join(_digit(token.group()) for token in _ONE_DIGIT_RE.finditer(match.group()))
        return digits if len(digits) in counts else match.group()

    return _RUN_RE.sub(joined, text) if text else ""
