"""new web chats per client and hour, shared by every web worker

Revision ID: 0004_chat_quota
Revises: 0003_sessions
"""
from alembic import op
import sqlalchemy as sa


revision = "0004_chat_quota"
down_revision = "0003_sessions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "chat_quota",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("window_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("opened", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_chat_quota")),
    )


def downgrade() -> None:
    op.drop_table("chat_quota")
