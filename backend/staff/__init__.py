"""The staff console's data: staff accounts, the audit trail and the reports.

Kept free of Flask so that the web pages (``webhook.staff``), the command line
(``coopbot staff``) and the tests share one implementation. Every function
takes the SQLAlchemy session and, where time matters, ``now`` - tests pass the
clock in instead of sleeping. Callers commit.

One module per part (this package was one module; its names are re-exported
here, so ``from backend import staff`` then ``staff.create_staff`` keeps working):

- ``accounts``       staff accounts and sign-in; ``StaffError``, the refusal every part raises
- ``audit``          the audit trail
- ``second_factor``  the TOTP code after the password: enrolment, checking, reset
- ``outcomes``       registration steps and conversation outcomes as staff read them
- ``conversations``  the conversation list (keyset pagination, so page 2,000 of
                     100,000 conversations costs what page 1 costs)
- ``dashboard``      funnel, registrations per day, medians, fallback rate
- ``misunderstood``  misunderstood messages, labelling and the Rasa NLU export
"""

from backend.staff.accounts import (
    ADMIN,
    AGENT,
    LOCKOUT,
    MAX_FAILED_SIGN_INS,
    MIN_PASSWORD_LENGTH,
    ROLES,
    SignIn,
    StaffError,
    authenticate,
    check_password_policy,
    create_staff,
    list_staff,
    normalise_email,
    staff_by_email,
)
from backend.staff.audit import (
    AUDIT_ACTIONS,
    EXPORT_NLU,
    LABEL_MESSAGE,
    MFA_ENROL,
    MFA_RESET,
    SEARCH_ACCOUNT,
    SIGN_IN,
    VIEW_ACCOUNT,
    VIEW_TRANSCRIPT,
    audit_page,
    record_audit,
)
from backend.staff.outcomes import (
    ABANDONED,
    ABANDON_AFTER,
    CHANNELS,
    IN_PROGRESS,
    OUTCOME_FILTERS,
    OUTCOME_LABELS,
    STEPS,
    STEP_LABELS,
    STEP_PHRASES,
    describe_outcome,
    step_label,
    step_phrase,
)
from backend.staff.conversations import (
    ConversationFilters,
    Cursor,
    PAGE_SIZE,
    Page,
    conversations_query,
    get_conversation,
    list_conversations,
    normalise_account_number,
)
from backend.staff.dashboard import (
    CompletionStats,
    FunnelStep,
    completion_stats,
    funnel,
    registrations_per_day,
)
from backend.staff.misunderstood import (
    ALL,
    LABELLED,
    LOW_CONFIDENCE,
    REDACTION_MARKERS,
    UNLABELLED,
    export_nlu_yaml,
    is_exportable,
    label_message,
    labelled_examples,
    list_misunderstood,
    training_text,
)
from backend.staff.misunderstood import _ANNOTATION  # noqa: F401 - tests check it runs in linear time

__all__ = [
    "AGENT",
    "ADMIN",
    "ROLES",
    "MIN_PASSWORD_LENGTH",
    "MAX_FAILED_SIGN_INS",
    "LOCKOUT",
    "StaffError",
    "normalise_email",
    "check_password_policy",
    "create_staff",
    "list_staff",
    "staff_by_email",
    "SignIn",
    "authenticate",
    "VIEW_TRANSCRIPT",
    "SIGN_IN",
    "LABEL_MESSAGE",
    "EXPORT_NLU",
    "AUDIT_ACTIONS",
    "SEARCH_ACCOUNT",
    "VIEW_ACCOUNT",
    "MFA_ENROL",
    "MFA_RESET",
    "record_audit",
    "audit_page",
    "STEPS",
    "STEP_LABELS",
    "IN_PROGRESS",
    "ABANDONED",
    "ABANDON_AFTER",
    "OUTCOME_LABELS",
    "OUTCOME_FILTERS",
    "CHANNELS",
    "STEP_PHRASES",
    "step_label",
    "step_phrase",
    "describe_outcome",
    "PAGE_SIZE",
    "normalise_account_number",
    "ConversationFilters",
    "Cursor",
    "Page",
    "conversations_query",
    "list_conversations",
    "get_conversation",
    "FunnelStep",
    "CompletionStats",
    "funnel",
    "registrations_per_day",
    "completion_stats",
    "LOW_CONFIDENCE",
    "REDACTION_MARKERS",
    "UNLABELLED",
    "LABELLED",
    "ALL",
    "training_text",
    "is_exportable",
    "list_misunderstood",
    "label_message",
    "labelled_examples",
    "export_nlu_yaml",
]
