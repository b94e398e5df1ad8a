"""members: an index on the last two digits of nine-digit account numbers

A check by account reference (``backend.identity.account_refs``) reads the
nine-digit members ending in the reference's two digits; this index makes that
an index read instead of a pass over every member on each attempt.

Revision ID: 0013_nine_digit_tail_index
Revises: 0012_nine_digit_tries
"""
import sqlalchemy as sa
from alembic import op


revision = "0013_nine_digit_tail_index"
down_revision = "0012_nine_digit_tries"
branch_labels = None
depends_on = None


def upgrade() -> None:
    account_number = sa.column("account_number")
    op.create_index("ix_members_nine_digit_tail", "members",
                    [sa.func.length(account_number), sa.func.substr(account_number, 8, 2)])


def downgrade() -> None:
    op.drop_index("ix_members_nine_digit_tail", table_name="members")
