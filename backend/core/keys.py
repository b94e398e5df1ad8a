"""One master secret, one key per purpose (HKDF-SHA256, RFC 5869).

``COOPBOT_SECRET_KEY`` is the master secret; no code uses it directly. Each
purpose gets its own key derived from it, so a key leaked or rotated for one
purpose tells nothing about, and changes nothing for, the others:

- ``identity-hash``: the keyed hashes of the mailing ZIP and the SSN/TIN last
  four (``backend.accounts.members_import``, ``backend.identity.verification``);
- ``phone-pseudonym``: phone numbers as pseudonyms (``backend.notify.consent``);
- ``one-time-code``: the keyed hash of a code texted to the phone on file
  (``backend.identity.possession``). Codes live minutes: one texted before this key
  existed no longer matches, and the member asks for a new one;
- ``web-client``: web clients' addresses as pseudonyms, for guess counting and
  rate limits (``webhook.client_ip``). Counts kept under the earlier pseudonyms
  (at most a day's) start afresh;
- ``account-reference``: the keyed references that stand for an account number
  that could be an SSN (``backend.identity.account_refs``): in the Rasa slot,
  and as the number tried in the guess counts. Rotating it makes references of
  conversations in progress unknown (the member types the number again);
- ``repeated-guess``: the keyed hash of a value a failed identity check was
  given (``VerificationAttempt.guess_hash``, ``backend.identity.budget``), so
  the same wrong value sent again is recognised without being stored;
- ``answer-words``: the keyed hash of a security answer, kept until the
  conversation registers, so a later message that holds the answer is found and
  redacted (``backend.privacy.answer_mentions``);
- ``mail-address``: the keyed hash of an e-mail address that counts the mails
  it was sent in a day (``Notification.address_key``, ``backend.accounts.link_mails``),
  so the count never keeps the address. Rotating it starts the day's counts afresh;
- ``used-link``: the keyed digest of a security link this browser just used, kept in
  its session cookie (``webhook.member.links``) so a resubmit shows what was done.
  Its own key, not the session key: the cookie's contents are readable to whoever
  holds it, and a digest under the signing key would be an oracle of that key's
  HMAC. It also keys the digest a spent password link keeps of the browser that used
  it (``LinkToken.used_by``, ``webhook.member.activation``) and the session id both
  submits of a double click sign in to. Rotating it only makes a resubmit of a link
  used moments before say "no longer works" (or "already activated");
- ``held-proof``: the AES-GCM key that seals a ZIP or last 4 sent with an account number and
  name that did not match, held on the conversation's draft for minutes so a corrected account
  number is checked with it (``backend.identity.held_proof``); rotating it only drops what is held;
- ``staff-totp``: the AES-GCM key that seals a staff account's TOTP key (the second
  factor of the staff console) in the database (``backend.staff.second_factor``). Unlike
  the others it encrypts: the server must read the TOTP key back to check a code.
  Rotating it (or the master secret) leaves the sealed keys unreadable: every staff
  account's factor is then reset with ``coopbot staff reset-mfa`` and set up again;
- ``session``: signing session cookies and web chat tokens. It can be set on
  its own with ``COOPBOT_SESSION_KEY``: rotating it signs everyone out and
  leaves every stored hash valid.

Keys are hex strings (what :func:`backend.privacy.hashing.keyed_hash` takes).

One key is derived from the Rasa token instead (:func:`action_server_token`):
the token Rasa presents to its action server. Rasa and the action server run
where the Rasa token is, and need not hold the master secret; the action
server gets the derived token only, which opens nothing else.
"""

from __future__ import annotations

import hashlib
import hmac
from functools import lru_cache

IDENTITY_HASH = "identity-hash"
PHONE_PSEUDONYM = "phone-pseudonym"
SESSION = "session"
ONE_TIME_CODE = "one-time-code"
WEB_CLIENT = "web-client"
ACCOUNT_REFERENCE = "account-reference"
REPEATED_GUESS = "repeated-guess"
ANSWER_WORDS = "answer-words"
MAIL_ADDRESS = "mail-address"
USED_LINK = "used-link"
STAFF_TOTP = "staff-totp"
HELD_PROOF = "held-proof"
PURPOSES = (IDENTITY_HASH, PHONE_PSEUDONYM, SESSION, ONE_TIME_CODE, WEB_CLIENT, ACCOUNT_REFERENCE,
            REPEATED_GUESS, ANSWER_WORDS, MAIL_ADDRESS, USED_LINK, STAFF_TOTP, HELD_PROOF)
_SALT = b"coopbot key derivation v1"


def hkdf_sha256(key_material: bytes, info: bytes, length: int = 32, salt: bytes = b"") -> bytes:
    """RFC 5869 extract-and-expand with SHA-256."""
    if length > 255 * 32:
        raise ValueError("HKDF-SHA256 cannot derive more than 8160 bytes")
    prk = hmac.new(salt or b"\x00" * 32, key_material, hashlib.sha256).digest()
    output, block, counter = b"", b"", 1
    while len(output) < length:
        block = hmac.new(prk, block + info + bytes([counter]), hashlib.sha256).digest()
        output += block
        counter += 1
    return output[:length]


@lru_cache(maxsize=64)
def derive(master: str, purpose: str) -> str:
    """The key for ``purpose`` (one of :data:`PURPOSES`) under the master secret, as hex."""
    if purpose not in PURPOSES:
        raise ValueError(f"unknown key purpose {purpose!r}")
    if not master:
        raise ValueError("the master secret (COOPBOT_SECRET_KEY) is empty")
    return hkdf_sha256(master.encode(), b"coopbot/" + purpose.encode(), salt=_SALT).hex()


ACTION_SERVER = b"coopbot/action-server"


def action_server_token(rasa_token: str) -> str:
    """The token Rasa presents to the action server (``COOPBOT_ACTION_TOKEN``), derived from the Rasa token.

    ``coopbot exec`` hands it to Rasa and the action server (backend.ops.processes).
    One way: holding it gives neither the Rasa token nor Rasa's HTTP API.
    """
    if not rasa_token:
        raise ValueError("the Rasa token (COOPBOT_RASA_TOKEN) is empty")
    return hkdf_sha256(rasa_token.encode(), ACTION_SERVER, salt=_SALT).hex()
