"""Operator commands of the registration backend: ``coopbot members|db|notifications|notify|secrets|exec|processes``.

``webhook.cli`` assembles the ``coopbot`` command from these groups. Each
command reads the settings like every other process (``load_settings``), so
it works on whatever database ``COOPBOT_DATABASE_URL`` names.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import click
from sqlalchemy import select

from backend.core.config import MissingSecret, Settings, load_settings
from backend.storage.db import make_engine, make_session_factory
from common.masking import mask_email
from backend.accounts.members_import import (
    EmptySync, HeaderError, ImportReport, count_data_lines, import_members, member_count,
)
from backend.ops.chores import HOUSEKEEPING_CHORES
from backend.storage.migrate import upgrade
from backend.storage.models import Notification
from backend.notify import dispatch

# Files with at least this many rows show a progress bar (on standard error).
PROGRESS_MIN_ROWS = 1000


def _require(settings: Settings, *names: str) -> Settings:
    """``settings`` once the secrets in ``names`` have values; else stop with what to run."""
    try:
        return settings.require(*names)
    except MissingSecret as exc:
        raise click.ClickException(str(exc)) from None


def _session_factory(settings):
    return make_session_factory(make_engine(settings.database_url))


@click.group()
def members() -> None:
    """Members of the co-op (the customer system's records)."""


@members.command("import")
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--if-empty", is_flag=True, help="Do nothing when the database already has members.")
@click.option("--encoding", default="utf-8-sig", show_default=True, help="Text encoding of the file.")
@click.option("--full-sync", is_flag=True,
              help="The file is the whole member list: close accounts absent from it (never deleted).")
@click.option("--dry-run", is_flag=True, help="Print what would change; change nothing.")
def import_command(csv_file: Path, if_empty: bool, encoding: str, full_sync: bool, dry_run: bool) -> None:
    """Insert or update members from CSV_FILE.

    Header: account_number,meter_number,last_name_or_business,mailing_zip,tax_id_last4,phone.
    Rejected rows are listed with their line number; the others are imported.
    With --full-sync, open accounts the file does not name are closed (a
    rejected row's account is not); an account listed again is reopened.
    Exits with status 1 when any row was rejected.
    """
    settings = _require(load_settings(), "secret_key")  # the keyed hashes of ZIP and SSN/TIN last 4
    factory = _session_factory(settings)
    if if_empty and member_count(factory) > 0:
        click.echo("Members already loaded; nothing imported.")
        return
    try:
        with open(csv_file, newline="", encoding=encoding) as stream:
            total = count_data_lines(stream)  # also proves the whole file decodes before writing
            report = _import_with_progress(factory, stream, settings.secret_key, total, full_sync, dry_run)
    except UnicodeDecodeError as exc:
        raise click.ClickException(f"{csv_file}: not valid {encoding} text ({exc.reason} at byte {exc.start}); "
                                   "try --encoding cp1252") from None
    except HeaderError as exc:
        raise click.ClickException(f"{csv_file}: {exc}; nothing imported") from None
    except EmptySync as exc:
        raise click.ClickException(f"{csv_file}: {exc}; nothing closed") from None
    for line, reason in report.rejected:
        click.echo(f"{csv_file}:{line}: rejected: {reason}", err=True)
    click.echo(_summary(csv_file, report, full_sync, dry_run))
    if report.phone_changes and not dry_run:
        sent = dispatch.deliver_due(settings, factory)  # the phone-change notices (the sender retries the rest)
        click.echo(f"Phone-change notices: {sent.sent} sent, {sent.not_sent} waiting.")
    if report.rejected:
        sys.exit(1)


def _summary(csv_file: Path, report: ImportReport, full_sync: bool, dry_run: bool) -> str:
    verb = "Dry run of" if dry_run else "Imported"
    closed = f"{report.closed} closed, " if full_sync else ""
    return (f"{verb} {csv_file}: {report.inserted} new, {report.updated} updated, {report.unchanged} unchanged, "
            f"{len(report.rejected)} rejected; {closed}{report.reopened} reopened, "
            f"{report.phone_changes} phone numbers changed{' (nothing changed)' if dry_run else ''}.")


def _import_with_progress(factory, stream, secret_key: str, total: int, full_sync: bool = False,
                          dry_run: bool = False):
    options = {"full_sync": full_sync, "dry_run": dry_run}
    if total < PROGRESS_MIN_ROWS:
        return import_members(factory, stream, secret_key, **options)
    with click.progressbar(length=total, label="Importing members", file=sys.stderr,
                           show_pos=True, show_percent=True) as bar:
        def advance(line: int) -> None:
            bar.update(max(min(line - 1, total) - bar.pos, 0))

        report = import_members(factory, stream, secret_key, progress=advance, **options)
        bar.update(total - bar.pos)
    return report


@click.group()
def db() -> None:
    """Database schema."""


@db.command("upgrade")
def db_upgrade() -> None:
    """Apply the database migrations (safe to run again)."""
    settings = load_settings()
    upgrade(settings.database_url, secret_key=settings.secret_key)
    click.echo("Database schema is up to date.")


@click.group()
def notifications() -> None:
    """Mail and texts waiting to be sent."""


@notifications.command("retry")
def notifications_retry() -> None:
    """Send every notification that is due now (failed sends are retried with back-off)."""
    settings = load_settings()
    report = dispatch.deliver_due(settings, _session_factory(settings))
    click.echo(f"Sent {report.sent}; not sent {report.not_sent} (see `coopbot notifications list`).")


@notifications.command("list")
@click.option("--all", "show_all", is_flag=True, help="Include sent and cancelled notifications.")
def notifications_list(show_all: bool) -> None:
    """List notifications still pending, failed or undeliverable (addresses masked)."""
    settings = load_settings()
    query = select(Notification).order_by(Notification.id)
    if not show_all:
        query = query.where(Notification.status.in_((dispatch.QUEUED, dispatch.SENDING, dispatch.FAILED,
                                                     dispatch.UNDELIVERABLE)))
    with _session_factory(settings)() as session:
        rows = list(session.scalars(query))
    if not rows:
        click.echo("No notifications waiting or failed.")
        return
    click.echo(f"{'id':>6}  {'kind':<15} {'status':<9} {'tries':>5}  {'next attempt (UTC)':<19}  "
               f"{'to':<22} last error")
    for row in rows:
        next_attempt = row.next_attempt_at.strftime("%Y-%m-%d %H:%M:%S") if row.next_attempt_at else ""
        error = (row.last_error or "").replace("\n", " ")[:70]
        click.echo(f"{row.id:>6}  {row.kind:<15} {row.status:<9} {row.attempts:>5}  {next_attempt:<19}  "
                   f"{mask_email(row.to_address) or '':<22} {error}")


@click.group()
def notify() -> None:
    """The notification sender (mail and texts) as a process of its own."""


@notify.command("run")
@click.option("--interval", default=10.0, show_default=True, help="Seconds between passes over what is due.")
def notify_run(interval: float) -> None:
    """Send due mail and texts until stopped (SIGTERM or Ctrl-C); retries with back-off, never twice.

    Run it with COOPBOT_NOTIFY_SENDER=process for the web app too, so its
    workers leave this work to this process.
    """
    import signal
    import threading

    from backend.privacy.logs import configure_logging

    settings = load_settings()
    configure_logging(settings)
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    dispatch.run_sender(settings, _session_factory(settings), interval=interval, stop=stop,
                        chores=HOUSEKEEPING_CHORES)


@click.group()
def secrets() -> None:
    """The local secrets of var/ (API key, master secret, Rasa token)."""


@secrets.command("init")
def secrets_init() -> None:
    """Generate the missing secrets of var/ (mode 0600) and the SQLite database's folder.

    Safe to run again: existing secrets are kept, and a secret set in the
    environment (or .env) gets no file. `make run` runs it before starting
    anything; loading the settings never writes a file.
    """
    from backend.core.local_secrets import init_secrets

    for state in init_secrets(Settings()):
        click.echo(state.describe())


@click.command("exec", context_settings={"ignore_unknown_options": True})
@click.argument("name")
@click.argument("command", nargs=-1, type=click.UNPROCESSED)
def exec_process(name: str, command: tuple[str, ...]) -> None:
    """Run the process NAME (web, api, notify, rasa[N], actions[N]) with its environment and secrets only.

    The process replaces this command (same process id, as supervisord expects).
    With a COMMAND (after --), that command runs in NAME's environment instead
    (to see what a process gets: coopbot exec actions -- env). Stops with the
    reason, before starting anything, when a secret or a setting is missing or wrong.
    """
    import os

    from backend.ops import processes

    settings = load_settings()
    try:
        process = processes.find(settings, name)
        argv = list(command) or processes.command(_require(settings, *processes.required_secrets(process)),
                                                  process)
    except processes.ProfileError as exc:
        raise click.ClickException(str(exc)) from None
    env = processes.environment(settings, process, os.environ)
    if "PROMETHEUS_MULTIPROC_DIR" in env and not command:
        import shutil

        from backend.core.config import private_dir

        shutil.rmtree(env["PROMETHEUS_MULTIPROC_DIR"], ignore_errors=True)
        private_dir(Path(env["PROMETHEUS_MULTIPROC_DIR"]))
    os.umask(0o077)  # every file the process creates (databases, tracker, outbox) is its owner's only
    os.chdir(processes.PROJECT_ROOT)
    try:
        os.execvpe(argv[0], argv, env)
    except OSError as exc:
        raise click.ClickException(f"cannot run {argv[0]}: {exc.strerror}") from None


@click.command("processes")
@click.option("--supervisord", "supervisord_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Write supervisord's configuration for these processes to this file (make run).")
def processes_command(supervisord_file: Path | None) -> None:
    """List the processes of this host (COOPBOT_RASA_REPLICAS Rasa/action pairs); refuse unsafe settings.

    Each one's secrets are checked too, so `make run` stops here, saying what to
    run, rather than starting processes that cannot work.
    """
    from backend.ops import processes

    settings = load_settings()
    try:
        listed = processes.processes(settings)
        for process in listed:
            _require(settings, *processes.required_secrets(process))
        text = processes.supervisord_conf(settings) if supervisord_file else None
    except processes.ProfileError as exc:
        raise click.ClickException(str(exc)) from None
    if supervisord_file:
        from backend.core.config import private_dir

        private_dir(supervisord_file.parent)
        temporary = supervisord_file.with_name(supervisord_file.name + ".new")
        temporary.write_text(text)
        temporary.replace(supervisord_file)
    for process in listed:
        click.echo(process.name)


@click.group("settings")
def settings_group() -> None:
    """The settings of this host (docs/configuration.md)."""


@settings_group.command("get")
@click.argument("name")
def settings_get(name: str) -> None:
    """Print the value of the setting NAME (e.g. var_dir) as the processes see it; never a secret."""
    from backend.ops.processes import SECRET_SETTINGS

    if name not in Settings.model_fields or name in SECRET_SETTINGS:
        raise click.ClickException(f"no setting {name!r} that can be printed (secrets never are)")
    value = getattr(load_settings(), name)
    click.echo("" if value is None else value)
