"""new web chats beyond the hour's allowance wait after the previous one: remember when it opened

Revision ID: 0005_budgets
Revises: 0004_chat_quota
"""
from alembic import op
import sqlalchemy as sa


revision = "0005_budgets"
down_revision = "0004_chat_quota"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("chat_quota") as batch:
        batch.add_column(sa.Column("last_opened_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("chat_quota") as batch:
        batch.drop_column("last_opened_at")
