"""email_changes: moving a login to a new e-mail address, confirmed by it and revertible by the old one

Revision ID: 0014_email_changes
Revises: 0013_nine_digit_tail_index
"""
import sqlalchemy as sa
from alembic import op


revision = "0014_email_changes"
down_revision = "0013_nine_digit_tail_index"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "email_changes",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("login_id", sa.Integer(), sa.ForeignKey("logins.id"), nullable=False),
        sa.Column("registration_id", sa.Integer(), sa.ForeignKey("registrations.id"), nullable=False),
        sa.Column("old_email", sa.String(254), nullable=False),
        sa.Column("new_email", sa.String(254), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("confirm_hash", sa.String(64), nullable=True, unique=True),
        sa.Column("revert_hash", sa.String(64), nullable=True, unique=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revert_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reverted_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_email_changes_login_id", "email_changes", ["login_id"])


def downgrade() -> None:
    op.drop_index("ix_email_changes_login_id", table_name="email_changes")
    op.drop_table("email_changes")
