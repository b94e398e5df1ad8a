"""A near-miss of a common consumer mail domain ("jholtz@gmial.com"): "Did you mean jholtz@gmail.com?".

A mistyped domain is a valid address, so it was taken and the link mail never arrived. No
well-kept PyPI package does only this (the few found are unmaintained or auto-correct without
asking), so the check is small and ours: the domain is compared with ``DOMAINS`` by the
optimal-string-alignment distance (an insertion, a deletion, a substitution or two letters
swapped each count 1): one edit is a near-miss, two for a domain of ``LONG_DOMAIN`` letters or
more; a ``.con`` / ``.cmo`` / ``.ocm`` / ``.cpm`` ending is read as ``.com`` for any domain. Real
domains one letter away from a common one (``ymail.com``, ``mail.com``, ...) are never "fixed".

The same question is asked about an address said in words whose words were joined by guess
("ruth delacroix at gmail dot com": "Did you mean ruthdelacroix@gmail.com?",
``actions.spoken_email``); there no address was typed, so a no asks for the address again.

The member answers the offer on their next message (``offered``): yes takes the suggestion, no
keeps the address typed (or asks again), another address replaces it. The offer is read back from
the reply that made it (it names both addresses; the offer of a joined address is recognised by
its words, in any language of the catalogs), so no slot holds it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from rasa_sdk import Tracker

from actions import messages
from actions.channel import WEB, answering_on
from actions.language import DEFAULT_LANGUAGE, speaking
from actions.tracker_reading import latest_user_event
from common.gsm import sms_safe

DOMAINS = ("gmail.com", "yahoo.com", "hotmail.com", "outlook.com", "icloud.com", "aol.com", "live.com",
           "msn.com", "comcast.net", "att.net", "sbcglobal.net")
# Real mail domains within an edit or two of one above: an address there is what it says.
REAL_NEIGHBOURS = frozenset({"ymail.com", "mail.com", "gmx.com", "email.com", "me.com", "mac.com", "att.com",
                             "msm.com", "love.com", "aim.com", "aol.co.uk", "yahoo.co.uk", "yahoo.ca",
                             "live.ca", "hotmail.ca", "hotmail.co.uk", "outlook.es", "hotmail.es", "yahoo.es",
                             "gmail.co.uk"})
TLD_TYPOS = {"con": "com", "cmo": "com", "ocm": "com", "cpm": "com"}
LONG_DOMAIN = 11
# The wordings of the offer: SMS words, and the web chat's (``actions.channel``).
CHANNELS = (None, WEB)
_LANGUAGES = (DEFAULT_LANGUAGE, *sorted(path.name for path in (Path(__file__).parent / "locale").iterdir()
                                        if path.is_dir()))
_ADDRESS_RE = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)


def _distance(a: str, b: str) -> int:
    """Optimal string alignment distance: edits, with two neighbouring letters swapped as one."""
    rows = [list(range(len(b) + 1))] + [[i] + [0] * len(b) for i in range(1, len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            rows[i][j] = min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                rows[i][j] = min(rows[i][j], rows[i - 2][j - 2] + 1)
    return rows[len(a)][len(b)]


def suggestion(email: str | None) -> str | None:
    """The address meant, when ``email``'s domain is a near-miss of a common one; else None."""
    local, at, domain = (email or "").rpartition("@")
    domain = domain.lower()
    if not at or not local or domain in DOMAINS or domain in REAL_NEIGHBOURS:
        return None
    name, dot, tld = domain.rpartition(".")
    fixed = f"{name}.{TLD_TYPOS[tld]}" if dot and tld in TLD_TYPOS else domain
    allowed = 2 if len(fixed) >= LONG_DOMAIN else 1
    near = sorted((_distance(fixed, known), known) for known in DOMAINS)
    best_distance, best = near[0]
    if best_distance <= allowed and (len(near) < 2 or near[1][0] > best_distance):
        return f"{local}@{best}"
    if fixed != domain:
        return f"{local}@{fixed}"  # "name@example.con": only the ending was mistyped
    return None


def offered(tracker: Tracker) -> tuple[str | None, str] | None:
    """(typed, suggested) when the reply before the latest message offered a corrected address:
    that reply names the suggestion, then the address typed (``messages.email_did_you_mean``); typed
    is None for the offer of an address said in words (``messages.email_did_you_mean_joined``)."""
    latest = latest_user_event(tracker)
    said: list[str] = []
    for event in reversed(tracker.events):
        if event is latest or event.get("event") not in ("bot", "user"):
            continue
        if event.get("event") == "user":
            break
        said.insert(0, event.get("text") or "")
    return _offer_in(said)


def offered_before_the_pause(tracker: Tracker) -> tuple[str | None, str] | None:
    """(typed, suggested) when the reply before the previous message offered a corrected address:
    the member paused in answer to "Did you mean ...?" and the latest message takes the flow up
    again, so the offer is still the question pending (``ActionAskEmail`` asks it again)."""
    said: list[str] = []
    users = 0
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            users += 1
            if users == 3:
                break
        elif event.get("event") == "bot" and users == 2:
            said.insert(0, event.get("text") or "")
    return _offer_in(said)


def offered_earlier(tracker: Tracker) -> tuple[str | None, str] | None:
    """(typed, suggested) of the latest offer still unanswered, made before another answer came in
    between ("Did you mean ...?", then the ZIP, then "sí"): an offer since the flow started and before
    any address was taken. The reply right before the latest message is no such offer (``offered``)."""
    latest = latest_user_event(tracker)
    users = 0  # the replies since the message before the latest are no earlier offer
    said: list[str] = []
    for event in reversed(tracker.events):
        kind = event.get("event")
        if event is latest:
            continue
        if kind == "user":
            users += 1
        elif kind == "bot" and users >= 1:
            said.insert(0, event.get("text") or "")
        elif (kind == "slot" and event.get("name") == "email" and event.get("value")) or (
                kind == "action" and event.get("name") == "action_start_flow"):
            break
    return _offer_in(said)


def offered_this_turn(events: list[dict[str, Any]]) -> bool:
    """Did a reply among ``events`` offer a corrected address (its question asks for the e-mail)?"""
    return _offer_in([event.get("text") or "" for event in events if event.get("event") == "bot"]) is not None


def _offer_in(texts: list[str]) -> tuple[str | None, str] | None:
    for text in reversed(texts):
        addresses = _ADDRESS_RE.findall(text)
        if len(addresses) == 2 and suggestion(addresses[1]) == addresses[0]:
            return addresses[1], addresses[0]
        if len(addresses) == 1 and _offers_joined(text, addresses[0]):
            return None, addresses[0]
    return None


def _offers_joined(text: str, address: str) -> bool:
    """Is ``text`` the offer of ``address`` read from words, in a language of the catalogs (the
    member may have switched since), as sent on any channel (compared folded)?"""
    for language in _LANGUAGES:
        for channel in CHANNELS:
            with speaking(language), answering_on(channel):
                if sms_safe(messages.email_did_you_mean_joined(address)) in sms_safe(text):
                    return True
    return False
