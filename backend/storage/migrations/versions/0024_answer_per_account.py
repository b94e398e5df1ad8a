"""registrations: security_question, security_answer_hash, the answer of the sign-up that made each account

A member's sign-up that became a pending addition to a login made by someone else's phone-proven
sign-up, accepted by the address's reader, left the staff console checking the member's account
against the other sign-up's answer (the login's). Each account now keeps its own sign-up's answer
(argon2id hash); rows from before have none, and the login's answer stands for them as it did.

Revision ID: 0024_answer_per_account
Revises: 0023_phone_proven
"""

import sqlalchemy as sa
from alembic import op


revision = "0024_answer_per_account"
down_revision = "0023_phone_proven"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("registrations") as batch:
        batch.add_column(sa.Column("security_question", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("security_answer_hash", sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("registrations") as batch:
        batch.drop_column("security_answer_hash")
        batch.drop_column("security_question")
