"""the guess counts keep no nine-digit number in clear: earlier ones are dropped

A number of nine digits tried for an account number may be a whole SSN. The
counts now keep such a number only as a keyed hash
(``backend.identity.account_refs``); the ones written before are cleared (the
rows stay: conversation, member, step, time). Per-source counts of one number
lose at most a day's history.

Revision ID: 0012_nine_digit_tries
Revises: 0011_logins
"""
from alembic import op


revision = "0012_nine_digit_tries"
down_revision = "0011_logins"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("UPDATE verification_attempts SET account_tried = NULL WHERE length(account_tried) = 9")


def downgrade() -> None:
    pass  # the numbers are gone: nothing to restore
