"""'The same e-mail as before': the address this conversation already gave, at the e-mail step.

A member who has just signed up (or proved an account that has a login) and adds another
account in the same conversation answers the e-mail question with "same email as before",
"the same one", "el mismo correo", "el mismo de antes". That is the address given earlier
in this conversation (its ``email`` slot, which the flow just finished cleared): given to a
sign-up, it is the address of the login the new account is then offered to (the backend
mails that login the addition link). Only addresses the member typed are kept in clear; when
the conversation knows the address only masked (an account already registered: the backend
answers ``email_masked``), the member is asked to type it, since a masked address cannot be
used. The reply confirms the address masked, never in full: the member did not type it now.

A new session (a day later, "start over") remembers nothing, as everywhere else.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from rasa_sdk import Tracker

from actions.answers import plain
from actions.extract import normalise_email
from common.masking import mask_email

# "same email as before", "the same one", "use the same address", "same as last time",
# "el mismo correo", "el mismo de antes", "la misma dirección", "igual que antes".
_SAME = re.compile(
    r"(?<![\w'])(?:(?:the\s+)?same(?:\s+(?:one|email|e\s?mail|address|mail|as\s+(?:before|last\s+time|the\s+(?:other|first)"
    r"(?:\s+one)?)))*"
    r"|(?:el\s+)?mism[oa](?:\s+(?:correo|email|e\s?mail|mail|de\s+antes|que\s+antes|que\s+la\s+otra(?:\s+vez)?|"
    r"direccion|cuenta\s+de\s+correo))*"
    r"|igual\s+que\s+(?:antes|la\s+otra(?:\s+vez)?|el\s+otro))(?![\w'])"
)
# Words that say the "same" is about the e-mail address wherever it is said.
_ADDRESS_WORDS = re.compile(r"(?<![\w'])(?:email|e\s?mail|mail|address|correo|direccion)(?![\w'])")
# "not the same one", "a different address", "otro correo": no "same as before".
_OTHER = re.compile(r"(?<![\w'])(?:not|don'?t|no|never|different|another|new|nuevo|nueva|diferente|distint[oa])(?![\w'])")


class Earlier(NamedTuple):
    """What the conversation knows of the address given before: in clear, or only masked."""

    address: str | None
    masked: str | None


def asks_for_the_same(text: str | None, requested: str | None) -> bool:
    """Does the message answer the e-mail question with "the same as before"? At the e-mail step
    any "the same (one)" does; at another step only with the address named ("same email as
    before"); never with a negation or another address asked for ("not the same one", "otro correo")."""
    words = plain(text)
    return (bool(_SAME.search(words)) and not _OTHER.search(words)
            and (requested == "email" or bool(_ADDRESS_WORDS.search(words))))


# The steps a login's own question and answer fill: asked once per login, never again for an account
# that joins it (docs/contract.md section 6, "nothing on the login is replaced").
LOGIN_STEPS = ("security_question", "security_answer")
# The ``outcome`` of a sign-up the backend refused for want of a security answer
# (``RegistrationResult`` "answer_required"): the login this conversation made with the address is
# gone (deleted, or its sign-up withdrawn), so nothing stands in for the question any more.
LOGIN_GONE = "login_gone"
# Outcomes after which the conversation's logins may be gone: a deletion asked for (its link may be
# opened at any time, outside the conversation), or the backend's "answer_required". Asking the
# question again of a login that still stands costs one question; skipping it for one that is gone
# leaves the sign-up with no answer to make the login with.
_MAY_BE_GONE = ("delete_link_sent", "unsubscribed", LOGIN_GONE)


def _held_at_each_sign_up(tracker: Tracker, slot: str, read, forgotten_after: tuple[str, ...] = ()) -> set[str]:
    """The values of ``slot`` held each time ``action_complete_flow`` set ``outcome`` "registered" in
    this conversation (this session). ``read(value, held)``: what a new value of the slot makes the
    held one; ``forgotten_after``: outcomes after which the values found so far no longer count."""
    found: set[str] = set()
    held = None
    for event in tracker.events:
        kind, name, value = event.get("event"), event.get("name"), event.get("value")
        if kind in ("restart", "session_started"):
            found, held = set(), None
        elif kind == "slot" and name == "outcome" and value in forgotten_after:
            found = set()
        elif kind == "slot" and name == slot:
            held = read(value, held)
        elif kind == "slot" and name == "outcome" and value == "registered" and held:
            found.add(held)
    return found


def signed_up_here(tracker: Tracker) -> set[str]:
    """The addresses this conversation (this session) finished a sign-up with: the ``email`` held when
    ``action_complete_flow`` set ``outcome`` "registered". The backend made (or offered an account
    to) the login of each, and this conversation knows it."""
    return _held_at_each_sign_up(
        tracker, "email", lambda value, _held: normalise_email(value) if isinstance(value, str) else None,
        forgotten_after=_MAY_BE_GONE)


def accounts_signed_up_here(tracker: Tracker) -> set[str]:
    """The account numbers this conversation (this session) finished a sign-up for: the
    ``account_number`` held when ``action_complete_flow`` set ``outcome`` "registered"."""
    return _held_at_each_sign_up(
        tracker, "account_number", lambda value, held: value if isinstance(value, str) and value else held)


def login_gone(tracker: Tracker, account: str | None, registration_status: str | None) -> bool:
    """Does the backend's answer to the proof say the login this conversation made is gone? The
    account this conversation signed up has no login now (``registration_status`` "none", told once
    the phone on file is proven): it was deleted outside the conversation (the account page), or its
    sign-up lapsed. The new sign-up is then asked every step in order (its security question before
    the Terms), as a new one is, never the steps the earlier registration filled."""
    return (registration_status == "none" and bool(account)
            and account in accounts_signed_up_here(tracker) and bool(signed_up_here(tracker)))


def without_the_login_s_question(required: list[str], email: str | None, tracker: Tracker,
                                 gone: bool = False) -> list[str]:
    """The steps of a sign-up whose address is one this conversation already signed up with (a
    second account, "same email as before" or typed again): the account joins that login, whose
    security question and answer stand, so neither is asked. Any other address, even one with a
    login, is asked everything, as a new one is (no oracle); so is every address once the backend
    said this turn that the login is gone (``gone``, ``login_gone``)."""
    address = normalise_email(email) if isinstance(email, str) else None
    if gone or not address or address not in signed_up_here(tracker):
        return required
    return [slot for slot in required if slot not in LOGIN_STEPS]


def earlier_address(tracker: Tracker) -> Earlier:
    """The address given earlier in this conversation (this session: a restart or new session
    forgets it), before the latest message: the latest one typed in clear, unless an address the
    conversation knows only masked came after it and is another one."""
    address = masked = None
    events = list(tracker.events)
    last_user = max((i for i, e in enumerate(events) if e.get("event") == "user"), default=len(events))
    for event in events[:last_user]:
        kind, name, value = event.get("event"), event.get("name"), event.get("value")
        if kind in ("restart", "session_started"):
            address = masked = None
        elif kind == "slot" and name == "email" and isinstance(value, str) and normalise_email(value):
            address, masked = normalise_email(value), None
        elif kind == "slot" and name == "email_masked" and isinstance(value, str) and value:
            masked = value
    if address and masked and mask_email(address) != masked:
        return Earlier(None, masked)
    return Earlier(address, None if address else masked)
