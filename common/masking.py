"""Masked forms of personal data for replies, lists and logs.

The conversation may confirm *where* a mail went ("j***@e***.com") without
disclosing the address on file to whoever holds an account number, and
operators may see which notification failed without reading addresses.
"""

from __future__ import annotations

import re


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
    """Only the last four digits: ``1001234567`` -> ``******4567``."""
    if not account_number:
        return None
    return "*" * max(len(account_number) - 4, 0) + account_number[-4:]


def mask_phone(number: str) -> str:
    """Any phone number -> ``***-***-`` and its last four digits."""
    digits = re.sub(r"\D", "", number)
    return f"***-***-{digits[-4:]}"
