"""The User ID a member picks where the co-op signs in with one (``COOPBOT_USERNAME=user_id``).

The rules, stated to members in the README and ``docs/contract.md``:

- 6 to 32 characters: letters a-z, digits, dot, dash and underscore;
- upper and lower case are the same ID (it is stored lower-cased);
- not all digits, so an ID can never be mistaken for an account number or a
  phone number (and no member is tempted to use either);
- no "@": an e-mail address is not a User ID, which also lets the sign-in page
  tell one from the other.

Only a member who has proven an account and holds its activation link is ever
asked for one (the activation page), so whether an ID is taken tells a stranger
nothing. ``problems`` returns sentences for the member (marked for the web
app's catalog), never a verdict about another member's ID.
"""

from __future__ import annotations

import re
import unicodedata

from common.catalogs import N_

MIN_LENGTH = 6
MAX_LENGTH = 32  # the width of logins.user_id
_ALLOWED = re.compile(r"[a-z0-9._-]+")

RULES = N_("Use 6 to 32 letters, digits, dots, dashes or underscores, not only digits. "
           "Upper and lower case are the same ID.")
TAKEN = N_("That User ID is already taken. Please choose another.")


def normalise(user_id: str | None) -> str:
    """The stored form: NFKC, surrounding spaces removed, lower case (IDs are case-insensitive)."""
    return unicodedata.normalize("NFKC", user_id or "").strip().lower()


def problems(user_id: str | None) -> list[str]:
    """What is wrong with ``user_id`` under the rules above; an empty list means it may be used."""
    value = normalise(user_id)
    if not value:
        return [N_("Choose a User ID.")]
    if "@" in value:
        return [N_("A User ID is not an e-mail address. Choose a name without @.")]
    found = []
    if not MIN_LENGTH <= len(value) <= MAX_LENGTH:
        found.append(N_("A User ID has 6 to 32 characters."))
    if not _ALLOWED.fullmatch(value):
        found.append(N_("A User ID may contain only letters a-z, digits, dots, dashes and underscores."))
    elif value.isdigit():
        found.append(N_("A User ID cannot be only digits (so it is never an account or phone number)."))
    return found


def looks_like_email(username: str | None) -> bool:
    """Whether a sign-in name is an e-mail address rather than a User ID (an ID never holds "@")."""
    return "@" in (username or "")
