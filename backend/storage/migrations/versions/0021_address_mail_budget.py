"""notifications: address_key, the keyed hash of the address a mail counts against

Every address gets a daily budget of the mails no login's budget bounds (a brand-new
login's first activation, a corrected address's activation, a notice to an address):
a caller who withdrew and remade a pending login again and again mailed one address
without bound (backend.accounts.link_mails). Only the keyed hash is kept for the count;
earlier mails count nowhere.

Revision ID: 0021_address_mail_budget
Revises: 0020_link_mails_on_bill
"""
import sqlalchemy as sa
from alembic import op


revision = "0021_address_mail_budget"
down_revision = "0020_link_mails_on_bill"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("notifications") as batch:
        batch.add_column(sa.Column("address_key", sa.String(length=64), nullable=True))
        batch.create_index("ix_notifications_address_key_time", ["address_key", "created_at"])


def downgrade() -> None:
    with op.batch_alter_table("notifications") as batch:
        batch.drop_index("ix_notifications_address_key_time")
        batch.drop_column("address_key")
