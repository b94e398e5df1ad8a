"""Reading the meter number (``COOPBOT_PROOFS`` with ``meter``) out of a member's message.

A meter number is letters and digits as printed on the bill ("AB-12 345"), so the
extraction that reads ZIPs, last fours and account numbers by their digits cannot
tell it apart: at the proof question of a co-op that accepts it, the message itself
(without its lead-in words, "my meter number is") is the answer, and the numbers in
it are not read as an account number. Elsewhere only words that name the meter
("meter AB12345", "medidor 55501") give one. The shape rule is the member file's
(``common.normalise.meter_number``); at least one digit is asked for, so a word
("yes", "help") is never taken for a meter number.
"""

from __future__ import annotations

import re

from common import normalise

METER = "meter"
_METER_WORDS = r"(?:meter|medidor)"
_NAMED = re.compile(_METER_WORDS + r"\s*(?:number|num|no\.?|n[uú]mero|#)?\s*(?:is|es|:)?\s*([A-Za-z0-9][A-Za-z0-9-]*)",
                    re.I)
# Words around the answer itself: "my meter number is AB123", "it's AB123", "es AB123".
_FILLER = re.compile(r"\b(?:my|the|it'?s|it|is|meter|number|num|no|mi|el|es|medidor|n[uú]mero|de|del)\b|[#:.!,]",
                     re.I)
# The other proofs, named: "zip 78620", "last 4 1234", "código postal", "seguro social".
_OTHER_PROOF = re.compile(r"\b(?:zip|postal|ssn|social|tax\s*id|last\s*(?:4|four)|[uú]ltimos\s*(?:4|cuatro))\b",
                          re.I)


def _shaped(value: str) -> str | None:
    meter = normalise.meter_number(value)
    return meter if meter and re.search(r"\d", meter) else None


def without_named(text: str) -> str:
    """``text`` with each meter number named with its number cut out ("last name Garza meter
    AB-12345" -> "last name Garza ,"), so that it is not read as part of a name; "Meter Works
    LLC" (no number) stays."""
    return _NAMED.sub(lambda match: " , " if _shaped(match.group(1)) else match.group(0), text or "")


def named_other_proof(text: str) -> bool:
    """Does the member name the ZIP or the SSN/TIN last four?"""
    return _OTHER_PROOF.search(text or "") is not None


def read(text: str, asked: bool) -> str | None:
    """The meter number in ``text``, normalised; ``asked``: the proof question is the one open."""
    text = text or ""
    named = _NAMED.search(text)
    if named:
        return _shaped(named.group(1))
    if not asked or named_other_proof(text):
        return None
    return _shaped(_FILLER.sub(" ", text))
