"""registration_drafts: links_only_at, bill data matched while the account was locked

A stranger's five wrong ZIPs locked the account, and the lock also refused the
member's own password reset, mailed only to the address on file: an account with
no phone on file had no way back into its login for as long as the stranger kept
guessing. A conversation whose bill data match while the account is locked may now
have a reset or deletion link mailed to the address on file, and nothing else
(backend.identity.verification.links_through_the_lock).

Revision ID: 0022_links_through_the_lock
Revises: 0021_address_mail_budget
"""
import sqlalchemy as sa
from alembic import op


revision = "0022_links_through_the_lock"
down_revision = "0021_address_mail_budget"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("registration_drafts") as batch:
        batch.add_column(sa.Column("links_only_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("registration_drafts") as batch:
        batch.drop_column("links_only_at")
