"""Registration steps and conversation outcomes as staff read them, in labels and in sentences.

Shared by the conversation list (its outcome filter, "Abandoned at <step>")
and the dashboard (the funnel's step labels), so it sits apart from both.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from backend.privacy import transcripts
from backend.storage.models import Conversation


# The funnel's steps are the transcript's (one definition, in backend.privacy.transcripts).
STEPS = transcripts.STEPS
STEP_LABELS = {
    "started": "Started",
    "account_number": "Account number",
    "member_name": "Name",
    "email": "E-mail address",
    "identity_proof": "ZIP or SSN/TIN last 4",
    "security_question": "Security question",
    "security_answer": "Security answer",
    "terms_accepted": "Terms accepted",
    "registered": "Registered",
}

IN_PROGRESS = "in_progress"
ABANDONED = "abandoned"  # a filter, not a stored outcome: in progress but idle
ABANDON_AFTER = timedelta(hours=1)
OUTCOME_LABELS = {
    "registered": "Registered",
    "already_registered": "Already registered",
    "locked_out": "Locked out",
    "human_requested": "Asked for a person",
    "unsubscribed": "Unsubscribed",
    "reset_sent": "Password reset sent",
    "resent": "Activation link resent",
    "email_change_sent": "New e-mail address link sent",
    "opted_out": "Opted out (STOP)",
    IN_PROGRESS: "In progress",
}
OUTCOME_FILTERS = {**OUTCOME_LABELS, ABANDONED: "Abandoned (idle over 1 hour)"}
CHANNELS = {"sms": "SMS", "web": "Web chat"}


# The same steps inside a sentence ("Abandoned at the e-mail address").
STEP_PHRASES = {
    "started": "the start",
    "account_number": "the account number",
    "member_name": "the name",
    "email": "the e-mail address",
    "identity_proof": "the ZIP or SSN/TIN last 4",
    "security_question": "the security question",
    "security_answer": "the security answer",
    "terms_accepted": "the terms and conditions",
    "registered": "registration",
}


def step_label(step: str | None) -> str:
    return STEP_LABELS.get(step or "started", (step or "").replace("_", " ").capitalize())


def step_phrase(step: str | None) -> str:
    return STEP_PHRASES.get(step or "started", (step or "").replace("_", " "))


def describe_outcome(conversation: Conversation, now: datetime) -> str:
    """The outcome as staff say it; an unfinished conversation idle for an hour is "Abandoned at <step>".

    Asking for a person is a moment, not an ending (``backend.staff.asks``): a member who
    asked and then went on reads "Registered, after asking for a person".
    """
    if conversation.outcome == IN_PROGRESS:
        if conversation.last_active_at < now - ABANDON_AFTER:
            said = f"Abandoned at {step_phrase(conversation.last_step or conversation.step_reached)}"
        else:
            said = OUTCOME_LABELS[IN_PROGRESS]
    else:
        said = OUTCOME_LABELS.get(conversation.outcome, conversation.outcome.replace("_", " ").capitalize())
    if conversation.asked_for_person_at is not None and conversation.outcome != "human_requested":
        said += ", after asking for a person"
    return said
