"""logins hold the credentials; a registration is one account attached to a login

Every registration becomes a login with one account: the login takes the
registration's id (so signed-in sessions, which name it, carry on), its
address, password, security question, sign-in throttle and language. A deleted
registration becomes a deleted login, kept as the record it was.

Revision ID: 0011_logins
Revises: 0010_handoffs
"""
from alembic import op
import sqlalchemy as sa


revision = "0011_logins"
down_revision = "0010_handoffs"
branch_labels = None
depends_on = None

LIVE = sa.text("status IN ('pending', 'active')")
MOVED = ("email", "security_question", "security_answer_hash", "password_hash", "failed_logins",
         "login_locked_until", "language")


def upgrade() -> None:
    op.create_table(
        "logins",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=True),
        sa.Column("security_question", sa.Integer(), nullable=True),
        sa.Column("security_answer_hash", sa.String(length=200), nullable=True),
        sa.Column("password_hash", sa.String(length=200), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("failed_logins", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("login_locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("language", sa.String(length=8), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("activated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("unsubscribed_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_logins")),
    )
    with op.batch_alter_table("logins") as batch:
        batch.create_index(batch.f("ix_logins_status"), ["status"], unique=False)
        batch.create_index("uq_logins_live_email", ["email"], unique=True,
                           sqlite_where=LIVE, postgresql_where=LIVE)
        batch.create_index("uq_logins_live_user_id", ["user_id"], unique=True,
                           sqlite_where=LIVE, postgresql_where=LIVE)

    op.execute(
        "INSERT INTO logins (id, email, security_question, security_answer_hash, password_hash, status, "
        "failed_logins, login_locked_until, language, created_at, activated_at, unsubscribed_at) "
        "SELECT id, email, security_question, security_answer_hash, password_hash, status, "
        "failed_logins, login_locked_until, language, created_at, activated_at, unsubscribed_at "
        "FROM registrations"
    )
    if op.get_bind().dialect.name == "postgresql":
        # Rows were inserted with explicit ids: the next login continues after them.
        op.execute("SELECT setval(pg_get_serial_sequence('logins', 'id'), "
                   "COALESCE((SELECT MAX(id) FROM logins), 0) + 1, false)")

    # The partial unique indexes are dropped and made again around the batch (SQLite's
    # table copy would not keep their WHERE clause).
    op.drop_index("uq_registrations_live_email", table_name="registrations")
    op.drop_index("uq_registrations_live_member", table_name="registrations")
    with op.batch_alter_table("registrations") as batch:
        batch.add_column(sa.Column("login_id", sa.Integer(), nullable=True))
    op.execute("UPDATE registrations SET login_id = id")
    with op.batch_alter_table("registrations") as batch:
        batch.alter_column("login_id", existing_type=sa.Integer(), nullable=False)
        batch.create_foreign_key(batch.f("fk_registrations_login_id_logins"), "logins", ["login_id"], ["id"])
        batch.create_index(batch.f("ix_registrations_login_id"), ["login_id"], unique=False)
        for column in MOVED:
            batch.drop_column(column)
    op.create_index("uq_registrations_live_member", "registrations", ["member_id"], unique=True,
                    sqlite_where=LIVE, postgresql_where=LIVE)


def downgrade() -> None:
    # Only a login with one account maps back onto a registration; the rest would lose their login.
    op.drop_index("uq_registrations_live_member", table_name="registrations")
    with op.batch_alter_table("registrations") as batch:
        batch.add_column(sa.Column("email", sa.String(length=254), nullable=True))
        batch.add_column(sa.Column("security_question", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("security_answer_hash", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("password_hash", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("failed_logins", sa.Integer(), server_default=sa.text("0"), nullable=False))
        batch.add_column(sa.Column("login_locked_until", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("language", sa.String(length=8), nullable=True))
    for column in MOVED:
        op.execute(f"UPDATE registrations SET {column} = "
                   f"(SELECT logins.{column} FROM logins WHERE logins.id = registrations.login_id)")
    with op.batch_alter_table("registrations") as batch:
        batch.alter_column("email", existing_type=sa.String(length=254), nullable=False)
        batch.drop_index(batch.f("ix_registrations_login_id"))
        batch.drop_constraint(batch.f("fk_registrations_login_id_logins"), type_="foreignkey")
        batch.drop_column("login_id")
    op.create_index("uq_registrations_live_member", "registrations", ["member_id"], unique=True,
                    sqlite_where=LIVE, postgresql_where=LIVE)
    op.create_index("uq_registrations_live_email", "registrations", ["email"], unique=True,
                    sqlite_where=LIVE, postgresql_where=LIVE)
    op.drop_table("logins")
