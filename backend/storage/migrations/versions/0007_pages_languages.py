"""the member's language on registrations, drafts and queued mails

Revision ID: 0005_pages_languages
Revises: 0004_chat_quota
"""
from alembic import op
import sqlalchemy as sa


revision = "0007_pages_languages"
down_revision = "0006_possession_proof"
branch_labels = None
depends_on = None

TABLES = ("registrations", "registration_drafts", "notifications")


def upgrade() -> None:
    for table in TABLES:
        op.add_column(table, sa.Column("language", sa.String(length=8), nullable=True))


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("language")
