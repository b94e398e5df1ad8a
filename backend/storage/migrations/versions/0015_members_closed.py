"""members: closed_at, set by a full sync for accounts closed in billing

``coopbot members import --full-sync`` treats its file as the whole member
list: an account absent from it is closed (this column), never deleted, and
reopened (None) when a later file lists it again.

Revision ID: 0015_members_closed
Revises: 0014_email_changes
"""
import sqlalchemy as sa
from alembic import op


revision = "0015_members_closed"
down_revision = "0014_email_changes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("members") as batch:
        batch.add_column(sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("members") as batch:
        batch.drop_column("closed_at")
