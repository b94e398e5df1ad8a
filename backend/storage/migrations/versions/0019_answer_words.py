"""registration_drafts: security_answer_words, the keyed hash of the answer as compared

A member may type the security answer again after it was stored (after the Terms, in a
correction): the backend finds such a message by the keyed hash of the answer's words
(backend.privacy.answer_mentions), kept until the conversation registers. The clear
answer is stored nowhere.

Revision ID: 0019_answer_words
Revises: 0018_email_change_approval
"""
import sqlalchemy as sa
from alembic import op


revision = "0019_answer_words"
down_revision = "0018_email_change_approval"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("registration_drafts") as batch:
        batch.add_column(sa.Column("security_answer_words", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("registration_drafts") as batch:
        batch.drop_column("security_answer_words")
