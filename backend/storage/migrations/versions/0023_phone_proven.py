"""registration_drafts: phone_proven_key, phone_proven_at, the phone a conversation proved by a code

A member signing up a second account with the same phone on file, in the conversation
that proved that phone by a code minutes earlier, is not texted another code
(backend.identity.possession.proven_here). Only the phone's keyed pseudonym is kept.

Revision ID: 0023_phone_proven
Revises: 0022_links_through_the_lock
"""
import sqlalchemy as sa
from alembic import op


revision = "0023_phone_proven"
down_revision = "0022_links_through_the_lock"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("registration_drafts") as batch:
        batch.add_column(sa.Column("phone_proven_key", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("phone_proven_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("registration_drafts") as batch:
        batch.drop_column("phone_proven_at")
        batch.drop_column("phone_proven_key")
