"""Masked forms of personal data for replies, lists and logs.

The conversation may confirm *where* a mail went ("j***@e***.com") without
disclosing the address on file to whoever holds an account number, and
operators may see which notification failed without reading addresses.
"""

from __future__ import annotations

import re

from common.account_refs import shown_tail


def mask_email(address: str | None) -> str | None:
    """``jane.doe@example.com`` -> ``j***@e***.com`` (first letters and the top-level domain)."""
    if not address or "@" not in address:
        return None
    local, _, domain = address.rpartition("@")
    labels = domain.split(".")
    tld = labels[-1] if len(labels) > 1 else ""
    masked_domain = f"{labels[0][:1]}***" + (f".{tld}" if tld else "")
    return f"{local[:1]}***@{masked_domain}"


def mask_account(account_number: str | None) -> str | None:
    """Only the digits a member may be shown (``common.account_refs.shown_tail``): ``1001234567`` ->
    ``******4567``; nine digits, which could be an SSN, only their last two: ``*******89``."""
    if not account_number:
        return None
    tail = shown_tail(account_number)
    return "*" * max(len(account_number) - len(tail), 0) + tail


def mask_phone(number: str) -> str:
    """Any phone number -> ``***-***-`` and its last four digits."""
    digits = re.sub(r"\D", "", number)
    return f"***-***-{digits[-4:]}"
