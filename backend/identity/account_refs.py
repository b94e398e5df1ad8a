"""Keyed references for account numbers that could be an SSN (``common.account_refs``).

The dialogue hands a nine-digit account number to the API the moment it reads
it (``POST /identity/account/reference``) and keeps only the reference; the
name check takes the reference. The number itself is never stored: not in the
Rasa tracker, not in the guess counts (``VerificationAttempt.account_tried``
holds :func:`tried_key`, not the digits).

Finding the account of a reference costs the same whether there is one: the
nine-digit members whose number ends in the reference's two digits are read
through the index ``ix_members_nine_digit_tail`` (``backend.storage.models``;
about one in a hundred of them, never the whole table) and each number's keyed
hash is compared in constant time, all of them, match or not. The key is the
``account-reference`` purpose key (``backend.core.keys``): without it a
reference tells nothing of the number beyond its last two digits.
"""

from __future__ import annotations

import hmac

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from backend.core import keys
from backend.core.config import Settings
from backend.privacy.hashing import keyed_hash
from backend.storage.models import Member, nine_digit_tail_key
from common import account_refs
from common.secret_shapes import SSN_DIGITS, may_be_tax_id

# account_tried holds at most 12 characters: "h" and 44 bits of the keyed hash. A
# collision only pools the guess counts of two numbers for one source.
_TRIED_PREFIX = "h"
_TRIED_HEX = 11


def _token(settings: Settings, account: str) -> str:
    return keyed_hash(keys.derive(settings.secret_key, keys.ACCOUNT_REFERENCE), account)[:account_refs.TOKEN_HEX]


def reference(settings: Settings, account: str) -> str:
    """The reference of a normalised account number: same shape, known account or not."""
    return account_refs.make(account, _token(settings, account))


def could_be_ssn(account: str | None) -> bool:
    """Nine digits that may be a whole SSN or tax ID ("000452318" may not: ``may_be_tax_id``)."""
    return bool(account) and may_be_tax_id(account)


def tried_key(settings: Settings, account: str) -> str:
    """What the guess counts keep of a number tried: a nine-digit one only as a keyed hash."""
    if could_be_ssn(account):
        return tried_key_of(reference(settings, account))
    return account


def tried_key_of(ref: str) -> str:
    return _TRIED_PREFIX + (account_refs.token(ref) or "")[:_TRIED_HEX]


def candidates_query(tail: str) -> Select:
    """The nine-digit members ending in ``tail``: an index read (``ix_members_nine_digit_tail``)."""
    length, last_two = nine_digit_tail_key(Member.account_number)
    return select(Member).where(length == SSN_DIGITS, last_two == tail)


def member_of(session: Session, settings: Settings, ref: str) -> Member | None:
    """The member whose account number ``ref`` stands for, or None (the same work either way)."""
    tail, token = account_refs.tail(ref), account_refs.token(ref)
    if not (tail and token):
        return None
    found = None
    for member in session.scalars(candidates_query(tail)):
        if hmac.compare_digest(_token(settings, member.account_number), token) and found is None:
            found = member
    return found
