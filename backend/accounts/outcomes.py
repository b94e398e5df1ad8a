"""What a conversation's write step answers: a result word, the masked address, the mails to deliver.

The registration steps and the conversation's e-mail change answer alike (the same
JSON, the same words where they mean the same thing), so the answer and those shared
words are defined here once and both modules import them; each keeps the words only
it answers (see RegistrationResult and EmailChangeResult in backend/api/openapi.yaml).
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Result words both the registration and the e-mail change answer.
CONFIRMATION_SENT = "confirmation_sent"
NOT_REGISTERED = "not_registered"
EMAIL_NOT_SUPPORTED = "email_not_supported"
# A reset or delete link asked before the phone on file was proven (policy ``phone``): whatever the
# account's login (none, pending, active), the answer is this word alone, with no address.
IF_REGISTERED = "if_registered"
# The code of the StepOutOfOrder raised while the phone on file is still to be proven.
POSSESSION_REQUIRED = "possession_required"


@dataclass(frozen=True)
class Outcome:
    """``notification_ids`` go to ``dispatch.deliver_after_commit`` after the commit; they are not answered."""

    result: str
    email_masked: str | None = None
    notification_ids: list[int] = field(default_factory=list)
    # For an account already registered: the link mailed to its address ("password_reset",
    # "activation", "add_account"), or "none" when it was mailed moments ago; None otherwise.
    link: str | None = None

    def as_json(self) -> dict:
        data = {"result": self.result}
        if self.email_masked:
            data["email_masked"] = self.email_masked
        if self.link:
            data["link"] = self.link
        return data
