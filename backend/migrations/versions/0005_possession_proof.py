"""how a registration proved the phone on file (a "not me" cannot undo a phone-proven one)

Revision ID: 0005_possession_proof
Revises: 0004_chat_quota
"""
from alembic import op
import sqlalchemy as sa


revision = "0005_possession_proof"
down_revision = "0004_chat_quota"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("registrations") as batch:
        batch.add_column(sa.Column("possession", sa.String(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("registrations") as batch:
        batch.drop_column("possession")
