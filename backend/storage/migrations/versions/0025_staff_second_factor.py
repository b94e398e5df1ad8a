"""staff_users: mfa_secret, mfa_confirmed_at, mfa_last_step, the staff console's second factor

A staff password alone no longer opens the console: a TOTP code follows it
(backend.staff.second_factor). The TOTP key is stored sealed (AES-GCM under the staff-totp
purpose key), never in clear. Existing staff accounts have none yet and set one up at their
next sign-in.

Revision ID: 0025_staff_second_factor
Revises: 0024_answer_per_account
"""

import sqlalchemy as sa
from alembic import op


revision = "0025_staff_second_factor"
down_revision = "0024_answer_per_account"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("staff_users") as batch:
        batch.add_column(sa.Column("mfa_secret", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("mfa_confirmed_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("mfa_last_step", sa.BigInteger(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("staff_users") as batch:
        batch.drop_column("mfa_last_step")
        batch.drop_column("mfa_confirmed_at")
        batch.drop_column("mfa_secret")
