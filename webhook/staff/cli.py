"""``coopbot staff``: create and list staff-console accounts, sign them out, reset their second factor.

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


def _database_not_ready(exc: OperationalError | ProgrammingError) -> click.ClickException:
    """A missing table or database (its migrations not run): said so, with the command that makes it."""
    return click.ClickException(
        f"The database is not ready ({exc.orig.__class__.__name__}): run `coopbot db upgrade` first."
    )


@staff.command("create")
@click.argument("email")
@click.option(
    "--role",
    type=click.Choice(staff_data.ROLES),
    default=staff_data.AGENT,
    show_default=True,
    help="agent reads conversations; admin also reads the audit log.",
)
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
        raise _database_not_ready(exc) from None
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
            user = staff_data.staff_by_email(session, email)
            address = user.email
            ended = websessions.end_all(session, websessions.STAFF, user.id)
    except staff_data.StaffError as exc:
        raise click.ClickException(str(exc)) from None
    finally:
        engine.dispose()
    click.echo(f"Signed {address} out everywhere ({ended} session{'s' if ended != 1 else ''} ended).")


@staff.command("reset-mfa")
@click.argument("email")
def reset_mfa(email: str) -> None:
    """Clear a staff account's second factor (a lost phone): it sets up a new one at its next sign-in.

    Its sessions end too; the reset is in the audit log.
    """
    from backend.accounts import websessions
    from backend.staff import second_factor

    engine, sessions = _sessions()
    try:
        with transaction(sessions) as session:
            user = staff_data.staff_by_email(session, email)
            address = user.email
            had = second_factor.reset(session, user)
            ended = websessions.end_all(session, websessions.STAFF, user.id)
            staff_data.record_audit(
                session, user.id, staff_data.MFA_RESET, detail="coopbot staff reset-mfa", now=utcnow()
            )
    except staff_data.StaffError as exc:
        raise click.ClickException(str(exc)) from None
    finally:
        engine.dispose()
    what = "Cleared the second factor of" if had else "No second factor was set up yet for"
    click.echo(
        f"{what} {address}: a new one is set up at the next sign-in ({ended} session{'s' if ended != 1 else ''} ended)."
    )


@staff.command("list")
def list_accounts() -> None:
    """List staff accounts: e-mail, role, last sign-in, lock, whether the second factor is set up."""
    from backend.staff import second_factor

    engine, sessions = _sessions()
    try:
        with transaction(sessions) as session:
            users = staff_data.list_staff(session)
    except (OperationalError, ProgrammingError) as exc:
        raise _database_not_ready(exc) from None
    finally:
        engine.dispose()
    if not users:
        click.echo("No staff accounts yet. Create one with: coopbot staff create EMAIL --role admin")
        return
    width = max(len(user.email) for user in users)
    click.echo(f"{'EMAIL':<{width}}  ROLE   LAST SIGN-IN          LOCKED UNTIL          SECOND FACTOR")
    for user in users:
        last = user.last_login_at.strftime("%Y-%m-%d %H:%M UTC") if user.last_login_at else "never"
        locked_until = user.locked_until if user.locked_until and user.locked_until > utcnow() else None
        locked = locked_until.strftime("%Y-%m-%d %H:%M UTC") if locked_until else "-"
        factor = "set up" if second_factor.is_enrolled(user) else "not yet"
        click.echo(f"{user.email:<{width}}  {user.role:<5}  {last:<20}  {locked:<20}  {factor}")
