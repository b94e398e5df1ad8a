"""Secrets the server must read back, sealed at rest: AES-256-GCM with a purpose key.

Everything else secret that coopbot stores is a hash (``backend.privacy.hashing``). A staff
account's TOTP key cannot be: checking a code needs the key itself. So it is sealed:
encrypted and authenticated with AES-256-GCM (``cryptography``) under a key derived for
that one purpose (``backend.core.keys``), a fresh 96-bit nonce per sealing, and the row it
belongs to as associated data, so a sealed value copied onto another row does not open.

Threat model: someone who reads the database (a backup, a replica, an SQL injection
elsewhere) without the master secret learns nothing of the sealed value, and cannot change
it into another one that opens. Someone holding the master secret can open it: that
boundary is the secret store's.

A sealed value is text: ``v1.`` then the nonce and the ciphertext with its tag, base64url.
"""

from __future__ import annotations

import base64
import secrets

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

VERSION = "v1."
_NONCE_BYTES = 12


class Unreadable(ValueError):
    """A sealed value that does not open with this key and context (another key, a changed row)."""


def seal(key_hex: str, plaintext: str, context: str) -> str:
    """``plaintext`` sealed under ``key_hex`` (32 bytes as hex), bound to ``context``."""
    nonce = secrets.token_bytes(_NONCE_BYTES)
    sealed = AESGCM(bytes.fromhex(key_hex)).encrypt(nonce, plaintext.encode(), context.encode())
    return VERSION + base64.urlsafe_b64encode(nonce + sealed).decode()


def unseal(key_hex: str, value: str, context: str) -> str:
    """The plaintext of ``value``; :class:`Unreadable` if the key, the context or the value differ."""
    if not value.startswith(VERSION):
        raise Unreadable("not a sealed value")
    try:
        raw = base64.urlsafe_b64decode(value[len(VERSION) :])
        opened = AESGCM(bytes.fromhex(key_hex)).decrypt(raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], context.encode())
    except (InvalidTag, ValueError) as exc:
        raise Unreadable("the sealed value does not open with this key") from exc
    return opened.decode()
