"""link_tokens: used_by, the keyed digest of the browser that used a password link

A double click on "Activate" sends the form twice before the first answer (and its
cookie) is back: the second submit found the link spent and showed "already activated",
not signed in. The browser's proof, kept with the spent link, lets that second submit
(with the password just set) reach the same signed-in page. Rows from before have none.

Revision ID: 0026_link_used_by
Revises: 0025_staff_second_factor
"""

import sqlalchemy as sa
from alembic import op


revision = "0026_link_used_by"
down_revision = "0025_staff_second_factor"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("link_tokens") as batch:
        batch.add_column(sa.Column("used_by", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("link_tokens") as batch:
        batch.drop_column("used_by")
