"""Hashes for every secret coopbot stores; nothing secret is stored any other way but one.

The one: a staff account's TOTP key, which the server must read back to check a code,
is sealed instead (AES-GCM, ``backend.privacy.sealing``).

- ``hash_password`` / ``verify_password``: argon2id for passwords (slow on
  purpose; argon2-cffi's defaults, RFC 9106: 64 MiB, t=3, p=4).
- ``hash_answer`` / ``verify_answer``: argon2id for security answers with
  OWASP's recommended parameters (19 MiB, t=2, p=1): a security answer is
  hashed inside a chat turn, where the defaults cost ~10x more CPU. Verifying
  reads the parameters from the stored hash, so older hashes keep working.
- ``keyed_hash``: HMAC-SHA256 with a key of the server (``backend.core.keys``), for low-entropy
  values that must be checked fast and in bulk (the mailing ZIP, the
  SSN/TIN last four and the meter number, with a per-row salt; phone numbers
  as pseudonyms). Without the key a 4- or 5-digit value cannot be
  brute-forced from the database.
- ``token_hash``: SHA-256 for high-entropy link tokens (128+ bits need no salt).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from backend.core import keys
from common.text import fold_accents

PASSWORD_HASHER = PasswordHasher()
_hasher = PASSWORD_HASHER
# OWASP Password Storage Cheat Sheet, argon2id: m=19 MiB, t=2, p=1.
ANSWER_HASHER = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)
_answer_hasher = ANSWER_HASHER


def hash_password(value: str) -> str:
    return _hasher.hash(value)


def verify_password(stored_hash: str | None, value: str) -> bool:
    if not stored_hash:
        return False
    try:
        return _hasher.verify(stored_hash, value)
    except (VerificationError, InvalidHashError):
        return False


def normalise_answer(answer: str) -> str:
    """Security answers compare case-, accent- and spacing-insensitively ("St. Mary's" == "st marys")."""
    text = "".join(ch for ch in fold_accents(answer).casefold() if ch.isalnum() or ch.isspace())
    return " ".join(text.split())


def hash_answer(answer: str) -> str:
    return _answer_hasher.hash(normalise_answer(answer))


def verify_answer(stored_hash: str | None, answer: str) -> bool:
    return verify_password(stored_hash, normalise_answer(answer))


def new_salt() -> str:
    return secrets.token_hex(16)


def keyed_hash(key: str, value: str, salt: str = "") -> str:
    """HMAC-SHA256 of ``salt + value`` under the server key, as hex."""
    return hmac.new(key.encode(), (salt + value).encode(), hashlib.sha256).hexdigest()


def keyed_hash_matches(key: str, value: str, salt: str, expected: str | None) -> bool:
    if not expected:
        return False
    return hmac.compare_digest(keyed_hash(key, value, salt), expected)


def identity_hash(master: str, value: str, salt: str) -> str:
    """The stored form of a ZIP, SSN/TIN last four or meter number: keyed with the identity-hash key of ``master``."""
    return keyed_hash(keys.derive(master, keys.IDENTITY_HASH), value, salt)


def identity_hash_matches(master: str, value: str, salt: str, expected: str | None, *,
                          legacy: bool = True) -> bool:
    """Does ``value`` hash to ``expected``? Rows hashed before keys were derived per purpose
    (keyed with the master secret itself) still match while ``legacy`` is true; the next
    member import rewrites them."""
    if keyed_hash_matches(keys.derive(master, keys.IDENTITY_HASH), value, salt, expected):
        return True
    return legacy and keyed_hash_matches(master, value, salt, expected)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
