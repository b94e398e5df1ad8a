"""members: the meter number is kept only as a keyed hash, like the ZIP

A meter number proves an account where the co-op accepts it (``COOPBOT_PROOFS``
with ``meter``), so it is a secret like the mailing ZIP: the clear column
``meter_number`` becomes ``meter_hash``, the identity hash of its normalised
form (``common.normalise.meter_number``) with the row's own salt. Hashing the
numbers already stored needs the server's master secret: ``coopbot db upgrade``
passes it (``backend.storage.migrate.upgrade``); without it a database holding
members is refused before anything changes.

Revision ID: 0016_meter_hashed
Revises: 0015_members_closed
"""
import hashlib
import hmac

import sqlalchemy as sa
from alembic import context, op

from backend.core import keys
from common import normalise


revision = "0016_meter_hashed"
down_revision = "0015_members_closed"
branch_labels = None
depends_on = None

_BATCH = 2000


def _identity_hash(key: str, value: str, salt: str) -> str:
    """``backend.privacy.hashing.identity_hash`` as it is at this revision (``key``: already derived)."""
    return hmac.new(key.encode(), (salt + value).encode(), hashlib.sha256).hexdigest()


def upgrade() -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT id, meter_number, secret_salt FROM members ORDER BY id")).all()
    secret_key = context.config.attributes.get("secret_key") or ""
    if rows and not secret_key:
        raise RuntimeError("hashing the members' meter numbers needs the server secret: run `coopbot db upgrade` "
                           "with COOPBOT_SECRET_KEY set (or after `coopbot secrets init`)")
    # Plain ALTER TABLEs (SQLite 3.35+ drops a column in place): copying the table, as a batch
    # does, would drop the one other tables' rows point at. SQLite keeps the empty default
    # (changing it needs that copy); an empty hash matches no meter number.
    op.add_column("members", sa.Column("meter_hash", sa.String(length=64), nullable=False, server_default=""))
    key = keys.derive(secret_key, keys.IDENTITY_HASH) if rows else ""
    hashed = [{"id": member_id,
               "hash": _identity_hash(key, normalise.meter_number(meter) or meter.upper(), salt)}
              for member_id, meter, salt in rows]
    for start in range(0, len(hashed), _BATCH):
        bind.execute(sa.text("UPDATE members SET meter_hash = :hash WHERE id = :id"), hashed[start:start + _BATCH])
    if bind.dialect.name != "sqlite":
        op.alter_column("members", "meter_hash", existing_type=sa.String(length=64), server_default=None)
    op.drop_column("members", "meter_number")


def downgrade() -> None:
    # The clear numbers are gone: the column comes back empty, and the next import fills it.
    op.add_column("members", sa.Column("meter_number", sa.String(length=12), nullable=False, server_default=""))
    op.drop_column("members", "meter_hash")
