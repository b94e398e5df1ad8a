"""live handoff from the assistant to support staff: the queue and its messages

Revision ID: 0010_handoffs
Revises: 0009_secrets_claimed_email
"""
from alembic import op
import sqlalchemy as sa


revision = "0010_handoffs"
down_revision = "0009_secrets_claimed_email"
branch_labels = None
depends_on = None

OPEN = sa.text("status IN ('waiting', 'claimed')")


def upgrade() -> None:
    op.create_table(
        "handoffs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=8), nullable=False),
        sa.Column("sender_key", sa.String(length=64), nullable=False),
        sa.Column("conversation_id", sa.Integer(), nullable=True),
        sa.Column("language", sa.String(length=8), nullable=True),
        sa.Column("step", sa.String(length=32), nullable=True),
        sa.Column("reply_to", sa.String(length=16), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("claimed_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("first_answer_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_activity_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["claimed_by"], ["staff_users.id"],
                                name=op.f("fk_handoffs_claimed_by_staff_users")),
        sa.ForeignKeyConstraint(["conversation_id"], ["conversations.id"], ondelete="SET NULL",
                                name=op.f("fk_handoffs_conversation_id_conversations")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_handoffs")),
    )
    op.create_index(op.f("ix_handoffs_sender_key"), "handoffs", ["sender_key"], unique=False)
    op.create_index("ix_handoffs_status_activity", "handoffs", ["status", "last_activity_at"], unique=False)
    op.create_index("uq_handoffs_open_sender", "handoffs", ["channel", "sender_key"], unique=True,
                    sqlite_where=OPEN, postgresql_where=OPEN)
    op.create_table(
        "handoff_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("handoff_id", sa.Integer(), nullable=False),
        sa.Column("author", sa.String(length=9), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["handoff_id"], ["handoffs.id"], ondelete="CASCADE",
                                name=op.f("fk_handoff_messages_handoff_id_handoffs")),
        sa.ForeignKeyConstraint(["staff_id"], ["staff_users.id"],
                                name=op.f("fk_handoff_messages_staff_id_staff_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_handoff_messages")),
    )
    op.create_index("ix_handoff_messages_handoff", "handoff_messages", ["handoff_id", "id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_handoff_messages_handoff", table_name="handoff_messages")
    op.drop_table("handoff_messages")
    op.drop_index("uq_handoffs_open_sender", table_name="handoffs")
    op.drop_index("ix_handoffs_status_activity", table_name="handoffs")
    op.drop_index(op.f("ix_handoffs_sender_key"), table_name="handoffs")
    op.drop_table("handoffs")
