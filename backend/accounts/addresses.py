"""The one rule for an e-mail address a member gives: valid, and lower-cased (it is the username).

Shared by the registration and the e-mail change, which import each other's state otherwise.
"""

from __future__ import annotations

from email_validator import EmailNotValidError

from backend.core.errors import BadInput
from common import normalise


def normalise_address(email: str | None) -> str:
    """A syntactically valid address, lower-cased (it is the username); else ``BadInput``."""
    try:
        return normalise.checked_email(email)
    except EmailNotValidError as exc:
        raise BadInput("invalid_email", str(exc)) from None
