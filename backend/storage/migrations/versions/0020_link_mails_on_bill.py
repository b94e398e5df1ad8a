"""notifications: asked_on_bill, the link mails a caller asked on bill data alone

Those count against a daily budget of their own per login, which the member's own
requests (a conversation that proved the phone on file, the signed-in member) never
share: one shared budget let anyone holding a bill block the member's resets for a day
(backend.accounts.link_mails). Earlier mails count as the member's own.

Revision ID: 0020_link_mails_on_bill
Revises: 0019_answer_words
"""
import sqlalchemy as sa
from alembic import op


revision = "0020_link_mails_on_bill"
down_revision = "0019_answer_words"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("notifications") as batch:
        batch.add_column(sa.Column("asked_on_bill", sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("notifications") as batch:
        batch.drop_column("asked_on_bill")
