"""registration drafts remember the masked address that another login already used

Revision ID: 0005_secrets_claimed_email
Revises: 0004_chat_quota
"""
from alembic import op
import sqlalchemy as sa


revision = "0009_secrets_claimed_email"
down_revision = "0008_conversation_languages"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("registration_drafts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("claimed_email_masked", sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("registration_drafts", schema=None) as batch_op:
        batch_op.drop_column("claimed_email_masked")
