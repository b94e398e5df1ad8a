"""The canonical forms of the identifiers people type: account numbers, phone numbers, e-mail keys.

One place, so that the member import, identity checks, SMS pseudonyms and the
staff console agree on what "the same account" or "the same phone" is. Each
function returns ``None`` for input that is not such an identifier; callers
turn that into their own error (an API error, a staff message, a rejected row).
Phone numbers are parsed with ``phonenumbers`` (US by default, as the co-op's
members are); e-mail addresses are checked with ``email_validator``. The action
server reads addresses out of chat messages with :func:`email` too, so the chat
accepts exactly the addresses the API does.
"""

from __future__ import annotations

import re

import phonenumbers
from email_validator import SPECIAL_USE_DOMAIN_NAMES, EmailNotValidError, validate_email

from common.secret_shapes import ACCOUNT_MAX_DIGITS, ACCOUNT_MIN_DIGITS  # also read as normalise.*

#: The longest last name or business name accepted (member file and identity check).
MAX_NAME_LENGTH = 200

_ACCOUNT_NOISE = re.compile(r"[\s\-.#]")
ACCOUNT_DIGITS = rf"\d{{{ACCOUNT_MIN_DIGITS},{ACCOUNT_MAX_DIGITS}}}"
_ACCOUNT = re.compile(ACCOUNT_DIGITS)
# A mailing ZIP: five digits, ZIP+4 accepted (only the five are kept and compared).
_ZIP = re.compile(r"(\d{5})(?:-?\d{4})?")
# A meter number as printed on the bill: 1 to 12 letters or digits (the member file's rule);
# spaces and dashes a member types between them are dropped, case does not matter.
METER_MAX_LENGTH = 12
_METER_NOISE = re.compile(r"[\s\-]")
_METER = re.compile(rf"[A-Z0-9]{{1,{METER_MAX_LENGTH}}}")
# The last four digits of the SSN/TIN.
_LAST4 = re.compile(r"\d{4}")
# North American numbers: area code and exchange never start with 0 or 1.
_NANP = re.compile(r"[2-9]\d{2}[2-9]\d{6}")
DEFAULT_REGION = "US"


def account_number(value: str | None) -> str | None:
    """Digits only ("100-123 4567" -> "1001234567"), 6 to 12 of them; leading zeros are kept."""
    digits = _ACCOUNT_NOISE.sub("", str(value or ""))
    return digits if _ACCOUNT.fullmatch(digits) else None


def is_account_number(value: str) -> bool:
    """Exactly an account number as stored: 6 to 12 digits, nothing else (the member file)."""
    return _ACCOUNT.fullmatch(value) is not None


def zip_code(value: str) -> str | None:
    """The five digits of a mailing ZIP ("78620" or ZIP+4 "78620-1234"), or None.

    The value is matched as given; a caller that tolerates spaces removes them first.
    """
    match = _ZIP.fullmatch(value)
    return match.group(1) if match else None


def meter_number(value: str | None) -> str | None:
    """A meter number in its stored form ("ab-12 345" -> "AB12345"), or None."""
    meter = _METER_NOISE.sub("", str(value or "")).upper()
    return meter if _METER.fullmatch(meter) else None


def tax_id_last4(value: str) -> str | None:
    """The last four digits of the SSN/TIN, exactly four digits, or None."""
    return value if _LAST4.fullmatch(value) else None


def phone(value: str | None, region: str = DEFAULT_REGION) -> str | None:
    """E.164 ("(512) 555-0100" -> "+15125550100"), or None when it cannot be a phone number.

    Possible rather than assigned numbers are accepted (a co-op's records hold numbers
    that the numbering plan does not list yet), but a North American area code or
    exchange never starts with 0 or 1.
    """
    try:
        parsed = phonenumbers.parse(str(value or ""), region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(parsed):
        return None
    if parsed.country_code == 1 and not _NANP.fullmatch(str(parsed.national_number)):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def email_key(value: str | None) -> str:
    """How addresses are compared and stored: trimmed, lower-cased."""
    return (value or "").strip().lower()


# Providers that ignore dots in the local part: one mailbox under every dotted spelling.
DOTLESS_DOMAINS = frozenset({"gmail.com", "googlemail.com"})


def mailbox_key(value: str | None) -> str:
    """The mailbox an address reaches, for counting what it is sent (never for sign-in).

    Lower-cased, a ``+tag`` dropped (for every domain: most providers deliver "name+x" to "name"),
    dots of the local part dropped where the provider ignores them (``DOTLESS_DOMAINS``, googlemail.com
    read as gmail.com) and the domain IDNA-encoded, so that "V.ictim+1@GMAIL.com" and
    "victim@googlemail.com" count as one mailbox: a budget per spelling is no budget."""
    local, _, domain = email_key(value).rpartition("@")
    local = local.split("+", 1)[0]
    try:
        domain = domain.encode("idna").decode("ascii")
    except UnicodeError:
        pass  # not a valid domain name: counted as typed
    if domain in DOTLESS_DOMAINS:
        local, domain = local.replace(".", ""), "gmail.com"
    return f"{local}@{domain}"


def email(value: str | None) -> str | None:
    """A syntactically valid address, lower-cased (addresses are usernames here), or None."""
    try:
        return checked_email(value)
    except EmailNotValidError:
        return None


def checked_email(value: str | None) -> str:
    """As :func:`email`, but an invalid address raises ``EmailNotValidError``, whose message
    says what is wrong in words a person can act on (the API and the staff console show it).

    No DNS lookup: the address is a username first; whether mail reaches it is learnt by
    mailing it (and a lookup would make every chat turn wait on the network).
    """
    return validate_email((value or "").strip(), check_deliverability=False).normalized.lower()


def reserved_domain(value: str | None) -> bool:
    """Does the address end in a special-use name no mail reaches (``.test``, ``.local``,
    ``.invalid``, ``localhost`` ...)?

    :func:`email` (and so the API) refuses such an address; this says why, from the same list
    ``email_validator`` refuses it by, so the chat can ask for another address in plain words.
    """
    domain = (value or "").strip().rpartition("@")[2].lower().rstrip(".")
    return any(domain == name or domain.endswith("." + name) for name in SPECIAL_USE_DOMAIN_NAMES)
