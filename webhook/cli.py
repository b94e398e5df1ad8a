"""The ``coopbot`` command line (docs/contract.md section 4).

Each concern contributes its own click group from its own module:
``coopbot members`` (backend.ops.cli), ``coopbot db`` (backend.ops.cli),
``coopbot staff`` (webhook.staff.cli), ``coopbot sms`` (webhook.sms_simulator),
``coopbot notify run`` (backend.ops.cli: the notification sender process),
``coopbot secrets init`` (backend.ops.cli: the local secrets ``make run`` needs),
``coopbot exec NAME`` and ``coopbot processes`` (backend.ops.cli: each process of `make run` with its
environment and secrets, backend.ops.processes), ``coopbot wait-ready`` (webhook.ready: what `make run`
prints while starting).
"""

from __future__ import annotations

import click

from backend.ops.cli import (
    db,
    exec_process,
    members,
    notifications,
    notify,
    processes_command,
    secrets,
    settings_group,
)
from webhook.ready import wait_ready
from webhook.sms_simulator import sms
from webhook.staff.cli import staff


@click.group()
def cli() -> None:
    """coopbot: co-op online-access registration assistant."""


for command in (members, db, notifications, notify, secrets, settings_group, exec_process, processes_command,
                staff, sms, wait_ready):
    cli.add_command(command)
