"""``coopbot staff``: create and list staff-console accounts.

The password comes from standard input, never from an argument (arguments end
up in shell history and in ``ps``): typed twice without echo at a terminal, or
one line when piped (``printf '%s\\n' "$PW" | coopbot staff create ...``).
"""

from __future__ import annotations

import sys

import click
from sqlalchemy.exc import OperationalError, ProgrammingError

from backend import staff as staff_data
from backend.core.config import load_settings
from backend.storage.db import make_engine, make_session_factory, transaction
from backend.storage.models import utcnow


@click.group()
def staff() -> None:
    """Staff console accounts."""


def _read_password() -> str:
    if sys.stdin.isatty():
        return click.prompt("Password", hide_input=True, confirmation_prompt=True)
    line = sys.stdin.readline()
    password = line.rstrip("\r\n")
    if not password:
        raise click.ClickException("No password on standard input: pipe one line, or run at a terminal.")
    return password


def _sessions():
    engine = make_engine(load_settings().database_url)
    return engine, make_session_factory(engine)


@staff.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice(staff_data.ROLES), default=staff_data.AGENT, show_default=True,
              help="agent reads conversations; admin also reads the audit log.")
def create(email: str, role: str) -> None:
    """Create a staff account; the password (12+ characters) is read from standard input."""
    password = _read_password()
    engine, sessions = _sessions()
    try:
        with transaction(sessions) as session:
            user = staff_data.create_staff(session, email, password, role)
            address = user.email
    except staff_data.StaffError as exc:
        raise click.ClickException(str(exc)) from None
    except (OperationalError, ProgrammingError) as exc:
        raise click.ClickException(f"The database is not ready ({exc.orig.__class__.__name__}): "
                                   "run `coopbot db upgrade` first.") from None
    finally:
        engine.dispose()
    click.echo(f"Created {role} account {address}.")


@staff.command("sign-out-everywhere")
@click.argument("email")
def sign_out_everywhere(email: str) -> None:
    """End every console session of a staff account at once (lost laptop, departure)."""
    from backend.accounts import websessions

    engine, sessions = _sessions()
    try:
        with transaction(sessions) as session:
            address = staff_data.normalise_email(email)
            user = next((u for u in staff_data.list_staff(session) if u.email == address), None)
            if user is None:
                raise click.ClickException(f"There is no staff account for {address}.")
            ended = websessions.end_all(session, websessions.STAFF, user.id)
    except staff_data.StaffError as exc:
        raise click.ClickException(str(exc)) from None
    finally:
        engine.dispose()
    click.echo(f"Signed {address} out everywhere ({ended} session{'s' if ended != 1 else ''} ended).")


@staff.command("list")
def list_accounts() -> None:
    """List staff accounts: e-mail, role, last sign-in, lock."""
    engine, sessions = _sessions()
    try:
        with transaction(sessions) as session:
            users = staff_data.list_staff(session)
    except (OperationalError, ProgrammingError) as exc:
        raise click.ClickException(f"The database is not ready ({exc.orig.__class__.__name__}): "
                                   "run `coopbot db upgrade` first.") from None
    finally:
        engine.dispose()
    if not users:
        click.echo("No staff accounts yet. Create one with: coopbot staff create EMAIL --role admin")
        return
    width = max(len(user.email) for user in users)
    click.echo(f"{'EMAIL':<{width}}  ROLE   LAST SIGN-IN          LOCKED UNTIL")
    for user in users:
        last = user.last_login_at.strftime("%Y-%m-%d %H:%M UTC") if user.last_login_at else "never"
        locked_until = user.locked_until if user.locked_until and user.locked_until > utcnow() else None
        locked = locked_until.strftime("%Y-%m-%d %H:%M UTC") if locked_until else "-"
        click.echo(f"{user.email:<{width}}  {user.role:<5}  {last:<20}  {locked}")
