"""how a registration proved the phone on file (a "not me" cannot undo a phone-proven one), and
which notice an outbound text carried (a bounce makes the notice undeliverable)

Revision ID: 0005_possession_proof
Revises: 0004_chat_quota
"""
from alembic import op
import sqlalchemy as sa


revision = "0006_possession_proof"
down_revision = "0005_budgets"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("registrations") as batch:
        batch.add_column(sa.Column("possession", sa.String(length=16), nullable=True))
    with op.batch_alter_table("sms_outbound") as batch:
        batch.add_column(sa.Column("notification_id", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("sms_outbound") as batch:
        batch.drop_column("notification_id")
    with op.batch_alter_table("registrations") as batch:
        batch.drop_column("possession")
