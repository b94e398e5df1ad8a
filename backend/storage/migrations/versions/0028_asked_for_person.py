"""conversations: asked_for_person_at

Asking for a person ended the transcript's conversation, so a member who then went on
and registered showed as two conversations, the first "Asked for a person". The ask is
now a moment of the conversation (backend.privacy.transcripts), counted by the console
from this column; rows that ended on it keep it as the moment they asked.

Revision ID: 0028_asked_for_person
Revises: 0027_held_proof
"""

import sqlalchemy as sa
from alembic import op


revision = "0028_asked_for_person"
down_revision = "0027_held_proof"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("conversations") as batch:
        batch.add_column(sa.Column("asked_for_person_at", sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE conversations SET asked_for_person_at = completed_at WHERE outcome = 'human_requested'")


def downgrade() -> None:
    with op.batch_alter_table("conversations") as batch:
        batch.drop_column("asked_for_person_at")
