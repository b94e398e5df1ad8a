"""An account number that could be an SSN, as the dialogue keeps it: a keyed reference.

Nine digits typed for the account number may be a real account number or a
member's whole SSN (docs/security.md, "Nine digits: SSN or account number?").
The dialogue cannot tell which, so it never keeps such a number: it hands it to
the backend API at once and keeps the reference the backend returns, in the
Rasa slot ``account_number``. The name check and every later step send the
reference back; only the backend, holding the key, can match it to an account.

A reference is ``ref:<last 4>:<32 hex>``: the last four digits for replies
("account ending in 6789") and the first 128 bits of an HMAC-SHA256 of the
number under a server-side purpose key (``backend.core.keys``). It has the same
shape for every number, on an account or not, and says nothing of a lookup.
Standard library only: the Rasa side (actions, transcripts) reads it too.
"""

from __future__ import annotations

import re
from typing import Any, Optional

PREFIX = "ref:"
TOKEN_HEX = 32
_REF_RE = re.compile(r"ref:(\d{4}):([0-9a-f]{%d})" % TOKEN_HEX)


def make(last4: str, token: str) -> str:
    """The reference of a number ending in ``last4`` whose keyed hash starts with ``token``."""
    return f"{PREFIX}{last4}:{token[:TOKEN_HEX]}"


def is_reference(value: Any) -> bool:
    return isinstance(value, str) and _REF_RE.fullmatch(value) is not None


def last4(reference: str) -> Optional[str]:
    match = _REF_RE.fullmatch(reference or "")
    return match.group(1) if match else None


def token(reference: str) -> Optional[str]:
    match = _REF_RE.fullmatch(reference or "")
    return match.group(2) if match else None
