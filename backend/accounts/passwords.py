"""Password policy for member accounts, chosen by ``COOPBOT_PASSWORD_POLICY``.

Two presets:

- ``nist`` (default) follows NIST SP 800-63B: 8 to 64 characters, any
  characters (spaces and emoji too), no composition rules, and a password is
  refused when it is on the list of common passwords shipped in
  ``backend/data/common_passwords.txt`` (compared case-insensitively) or
  contains the local part of the member's e-mail address (the username).
- ``smarthub`` reproduces the rule the co-op's members know from the seed
  guide: 6 to 10 characters with at least one upper-case letter and one digit,
  plus the common-password list. The list is lower case and the rule demands a
  capital, so it is compared exactly here (the seed's own example style,
  "Abc12345", stays allowed).

``check`` returns human sentences for the member, never the password itself.
Passwords are NFKC-normalised (``normalise``) before checking and hashing, as
SP 800-63B advises, so the same password typed on a phone and a PC matches.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import Path

from common.catalogs import N_

NIST = "nist"
SMARTHUB = "smarthub"
POLICIES = (NIST, SMARTHUB)

COMMON_PASSWORDS_FILE = Path(__file__).resolve().parent / "data" / "common_passwords.txt"
# Very short local parts ("jo@...") would reject too many good passwords.
_MIN_LOCAL_PART = 3


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """The shipped list of common passwords (read once per process)."""
    lines = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("# "))


def normalise(password: str) -> str:
    return unicodedata.normalize("NFKC", password)


def describe(policy: str) -> str:
    """One sentence telling the member what a good password is under ``policy``."""
    _require_known(policy)
    if policy == SMARTHUB:
        return N_("Use 6 to 10 characters, with at least one capital letter and one number.")
    return N_("Use 8 to 64 characters. A few unrelated words make a strong password "
              "that is easy to remember.")


def check(policy: str, password: str, email: str | None = None) -> list[str]:
    """Everything wrong with ``password`` under ``policy``; an empty list means it is fine.

    The sentences are the source texts of the member pages' catalog (shown translated there).
    """
    _require_known(policy)
    password = normalise(password or "")
    if not password:
        return [N_("Enter a password.")]
    if policy == SMARTHUB:
        return _check_smarthub(password)
    return _check_nist(password, email)


def _check_nist(password: str, email: str | None) -> list[str]:
    problems = []
    if len(password) < 8:
        problems.append(N_("Use at least 8 characters."))
    elif len(password) > 64:
        problems.append(N_("Use no more than 64 characters."))
    if password.casefold() in common_passwords():
        problems.append(N_("This password is too common and easy to guess. Choose another one."))
    local_part = (email or "").partition("@")[0].casefold()
    if len(local_part) >= _MIN_LOCAL_PART and local_part in password.casefold():
        problems.append(N_("Do not use your e-mail address in your password."))
    return problems


def _check_smarthub(password: str) -> list[str]:
    problems = []
    if len(password) < 6:
        problems.append(N_("Use at least 6 characters."))
    elif len(password) > 10:
        problems.append(N_("Use no more than 10 characters."))
    if not any(ch.isupper() for ch in password):
        problems.append(N_("Include at least one capital (upper-case) letter."))
    if not any(ch.isdigit() for ch in password):
        problems.append(N_("Include at least one number."))
    if password in common_passwords():
        problems.append(N_("This password is too common and easy to guess. Choose another one."))
    return problems


def _require_known(policy: str) -> None:
    if policy not in POLICIES:
        raise ValueError(f"unknown password policy {policy!r}; use one of {', '.join(POLICIES)}")
