"""verification_attempts: guess_hash, so the same wrong value sent again is not counted again

A failed identity check keeps the keyed hash of the value it was given (never the
value). A conversation that sends a value it already failed with, at the same step
and for the same account, is answered as the first time and counted once
(``backend.identity.budget``). Attempts recorded before have none and are never
taken for a repeat.

Revision ID: 0017_repeated_guesses
Revises: 0016_meter_hashed
"""
import sqlalchemy as sa
from alembic import op


revision = "0017_repeated_guesses"
down_revision = "0016_meter_hashed"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("verification_attempts") as batch:
        batch.add_column(sa.Column("guess_hash", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("verification_attempts") as batch:
        batch.drop_column("guess_hash")
