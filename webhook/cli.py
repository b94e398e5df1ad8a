"""The ``coopbot`` command line (docs/contract.md section 4).

Each concern contributes its own click group from its own module:
``coopbot members`` (backend.cli), ``coopbot db`` (backend.cli),
``coopbot staff`` (webhook.staff.cli), ``coopbot sms`` (webhook.sms_simulator),
``coopbot notify run`` (backend.cli: the notification sender process),
``coopbot secrets init`` (backend.cli: the local secrets ``make run`` needs),
``coopbot wait-ready`` (webhook.ready: what `make run` prints while starting).
"""

from __future__ import annotations

import click

from backend.cli import db, members, notifications, notify, secrets
from webhook.ready import wait_ready
from webhook.sms_simulator import sms
from webhook.staff.cli import staff


@click.group()
def cli() -> None:
    """coopbot: co-op online-access registration assistant."""


for command in (members, db, notifications, notify, secrets, staff, sms, wait_ready):
    cli.add_command(command)
