"""email_changes: approve_hash and approved_at, the current address's approval of a change

A change of an active login's address asked on bill data alone (a conversation that
did not prove the phone on file) needs the current address to approve it before the
new address gets its confirmation link. Only the link's SHA-256 is stored.

Revision ID: 0018_email_change_approval
Revises: 0017_repeated_guesses
"""
import sqlalchemy as sa
from alembic import op


revision = "0018_email_change_approval"
down_revision = "0017_repeated_guesses"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("email_changes") as batch:
        batch.add_column(sa.Column("approve_hash", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True))
        batch.create_unique_constraint("uq_email_changes_approve_hash", ["approve_hash"])


def downgrade() -> None:
    with op.batch_alter_table("email_changes") as batch:
        batch.drop_constraint("uq_email_changes_approve_hash", type_="unique")
        batch.drop_column("approved_at")
        batch.drop_column("approve_hash")
