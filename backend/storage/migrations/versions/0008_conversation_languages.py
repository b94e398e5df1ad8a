"""the language each SMS phone or web-chat session is answered in

Revision ID: 0005_language
Revises: 0004_chat_quota
"""
from alembic import op
import sqlalchemy as sa


revision = "0008_conversation_languages"
down_revision = "0007_pages_languages"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "conversation_languages",
        sa.Column("channel", sa.String(length=8), nullable=False),
        sa.Column("sender_key", sa.String(length=64), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("explicit", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("channel", "sender_key", name=op.f("pk_conversation_languages")),
    )


def downgrade() -> None:
    op.drop_table("conversation_languages")
