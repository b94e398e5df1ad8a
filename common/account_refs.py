"""An account number that could be an SSN, as the dialogue keeps it: a keyed reference.

Nine digits typed for the account number may be a real account number or a
member's whole SSN (docs/security.md, "Nine digits: SSN or account number?"),
unless they start with 000, which no SSN or tax ID does
(``common.secret_shapes.may_be_tax_id``). The dialogue cannot tell which, so it never keeps such a number: it hands it to
the backend API at once and keeps the reference the backend returns, in the
Rasa slot ``account_number``. The name check and every later step send the
reference back; only the backend, holding the key, can match it to an account.

A reference is ``ref:<last 2>:<32 hex>``: the last two digits for replies
("account ending in 89") and the first 128 bits of an HMAC-SHA256 of the
number under a server-side purpose key (``backend.core.keys``). Two digits, not
four: if the number was an SSN its last four are the very proof members give,
so no reply, tracker event or transcript may hold them. It has the same shape
for every number, on an account or not, and says nothing of a lookup.
Standard library only: the Rasa side (actions, transcripts) reads it too.
"""

from __future__ import annotations

import re
from typing import Any, Optional

from common.secret_shapes import may_be_tax_id

PREFIX = "ref:"
TOKEN_HEX = 32
SHOWN_DIGITS = 2  # the trailing digits a reply may show of a number that could be an SSN
_REF_RE = re.compile(r"ref:(\d{%d}):([0-9a-f]{%d})" % (SHOWN_DIGITS, TOKEN_HEX))


def shown_digits(number: str) -> str:
    """The trailing digits a reply may show of a nine-digit number (never an SSN's last four)."""
    return number[-SHOWN_DIGITS:]


def shown_tail(number: str) -> str:
    """The trailing digits any text a member or caller sees may show of an account number.

    Replies, mails and pages alike: a nine-digit number could be its holder's SSN, so only its
    last two; any other account number by its last four ("000452318" too: no SSN or tax ID
    starts with 000, ``common.secret_shapes.may_be_tax_id``). The one place for this rule."""
    return shown_digits(number) if may_be_tax_id(number) else number[-4:]


def make(number: str, token: str) -> str:
    """The reference of ``number`` whose keyed hash starts with ``token``."""
    return f"{PREFIX}{shown_digits(number)}:{token[:TOKEN_HEX]}"


def is_reference(value: Any) -> bool:
    return isinstance(value, str) and _REF_RE.fullmatch(value) is not None


def tail(reference: str) -> Optional[str]:
    """The last two digits of the number a reference stands for (what replies show)."""
    match = _REF_RE.fullmatch(reference or "")
    return match.group(1) if match else None


def token(reference: str) -> Optional[str]:
    match = _REF_RE.fullmatch(reference or "")
    return match.group(2) if match else None
