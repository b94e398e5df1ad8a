"""registration_drafts: held_proof, held_proof_at

A ZIP or last 4 sent with an account number and a name that did not match was dropped, so a
member who then corrected the number was asked for it again. It is held sealed on the draft for
minutes and checked once with the corrected account (backend.identity.held_proof).

Revision ID: 0027_held_proof
Revises: 0026_link_used_by
"""

import sqlalchemy as sa
from alembic import op


revision = "0027_held_proof"
down_revision = "0026_link_used_by"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("registration_drafts") as batch:
        batch.add_column(sa.Column("held_proof", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("held_proof_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("registration_drafts") as batch:
        batch.drop_column("held_proof_at")
        batch.drop_column("held_proof")
