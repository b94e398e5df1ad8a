"""The name a member introduced themselves with before the sign-up started.

"Hello this is Dorothy Johnson", then (a message later) the account number: the name step offers that
name ("You said you are Dorothy Johnson. Is account ... in that name? Reply YES ...") instead of asking
as if nothing was said, and a YES tries it, one try like a name typed there. It is never tried unasked:
the writer may act for another (a mother's account), and each try is the backend's security budget
(a name in the message that starts the sign-up with its number is still read there, as always).
"""

from __future__ import annotations

from rasa_sdk import Tracker

from actions.extract import introduced_name


def name_introduced_before_the_flow(tracker: Tracker) -> str | None:
    """The latest self-introduced name (``extract.introduced_name``) of the member's messages between the
    previous flow (or the session's start) and the start of the flow under way (slot ``goal`` set where
    it was empty), or None; None too while no flow is under way."""
    texts: list[str] = []
    before: list[str] = []
    goal = None
    for event in tracker.events:
        kind = event.get("event")
        if kind in ("session_started", "restart"):
            texts, before, goal = [], [], None
        elif kind == "user":
            texts.append(event.get("text") or "")
        elif kind == "slot" and event.get("name") == "goal":
            if event.get("value") and not goal:
                before, texts = texts, []  # the messages before this flow started
            goal = event.get("value")
    if not goal:
        return None
    return next((name for text in reversed(before) if (name := introduced_name(text))), None)
