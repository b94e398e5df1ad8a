"""Errors the registration services raise; the API turns each into one HTTP answer.

Outcomes a member can cause by answering (no match, locked, already
registered ...) are results, not errors. These exceptions are for requests the
conversation should not have made: malformed input (400) or a step taken
before identity was proven (409).
"""

from __future__ import annotations


class BadInput(ValueError):
    """Malformed input (400). ``code`` is machine-readable, the message says what is expected."""

    def __init__(self, code: str, detail: str):
        super().__init__(detail)
        self.code = code
        self.detail = detail


class StepOutOfOrder(Exception):
    """The conversation must first complete another step (409), e.g. ``not_verified``."""

    def __init__(self, code: str = "not_verified", detail: str = "verify the account first"):
        super().__init__(detail)
        self.code = code
        self.detail = detail
