"""``coopbot wait-ready``: what `make run` prints while the services start.

Runs beside supervisord (scripts/run): polls GET /healthz with a bounded wait, says
what is still starting every few seconds, and prints the URLs and demo members
once everything answers. It stops on its own when its parent (supervisord, which
replaced the shell that started it) is gone or when the wait is over
(``COOPBOT_START_TIMEOUT`` seconds).
"""

from __future__ import annotations

import csv
import os
import time
from urllib.parse import urlsplit

import click
import httpx

from backend.core.config import PROJECT_ROOT, load_settings

REPORT_EVERY = 15
NAMES = {"web": "web app", "database": "database", "rasa": "Rasa server (loading the model)",
         "action_server": "action server", "api": "registration API"}


def say(*lines: str) -> None:
    print("\n".join(lines), flush=True)


def still_down(health: str) -> list[str] | None:
    """None when /healthz says ok, else the names of what is not up yet."""
    try:
        response = httpx.get(health, timeout=5)
    except httpx.HTTPError:
        return [NAMES["web"]]
    try:
        body = response.json()
    except ValueError:
        body = {}
    if response.status_code == 200 and body.get("status") == "ok":
        return None  # every replica too, not just enough of them
    down = (body.get("down") or []) + (body.get("degraded") or [])
    return [NAMES.get(name, name) for name in down] or [f"web app (HTTP {response.status_code})"]


def demo_members() -> list[str]:
    path = PROJECT_ROOT / "data" / "demo_members.csv"
    if not path.exists():
        return []
    lines = []
    with path.open(newline="", encoding="utf-8") as handle:
        for row in list(csv.DictReader(handle))[:2]:
            proof = f"ZIP {row['mailing_zip'][:5]}"
            if row.get("tax_id_last4"):
                proof += f" or SSN/TIN last 4 {row['tax_id_last4']}"
            lines.append(f"    account {row['account_number']}, name {row['last_name_or_business']}, {proof}")
    return lines


def banner(settings) -> None:
    public = settings.public_url
    sms = '.venv/bin/coopbot sms "I want to sign up for online access"'
    if not settings.twilio_auth_token:
        # docs/contract.md: without TWILIO_AUTH_TOKEN, /sms refuses every request (503).
        sms = ("SMS is off (TWILIO_AUTH_TOKEN unset). To try it locally, put TWILIO_AUTH_TOKEN=local-test\n"
               "                   in .env, restart, then: " + sms)
    if settings.smtp_url:
        mail = f"sent through the SMTP server at {urlsplit(settings.smtp_url).hostname}"
    else:
        mail = f"written to {settings.outbox_dir}/*.eml (open the activation link from there)"
    if settings.twilio_account_sid and settings.twilio_from_number:
        texts = f"sent through Twilio from {settings.twilio_from_number}"
    else:
        texts = f"written to {settings.outbox_dir}/*.json"
    members = demo_members()
    say(
        "",
        "=" * 72,
        "coopbot is ready.",
        f"  Web chat:        {public}/chat",
        f"  Member sign-in:  {public}/login",
        f"  Staff console:   {public}/staff/  (first account: .venv/bin/coopbot staff create you@example.coop --role admin)",
        f"  Health:          {public}/healthz",
        f"  Metrics:         http://127.0.0.1:{settings.port}/metrics  (Prometheus; loopback or COOPBOT_METRICS_ALLOW only)",
        "Send a test text from another terminal (signed as Twilio does):",
        f"  {sms}",
        f"Mail to members is {mail}.",
        f"Texts to members are {texts}.",
        *(["Demo members to try:", *members] if members else []),
        "Ctrl-C stops everything.",
        "=" * 72,
        "",
    )


def wait_and_announce(timeout: float | None = None, interval: float = 2.0, announce: bool = True) -> bool:
    """Poll /healthz until ready (print the banner), the wait runs out, or the parent is gone; True when ready.

    ``timeout``: seconds (default ``COOPBOT_START_TIMEOUT``). ``announce`` false:
    no banner and no progress lines (scripts/time-start).
    """
    settings = load_settings()
    timeout = settings.start_timeout if timeout is None else timeout
    parent = os.getppid()
    health = f"http://127.0.0.1:{settings.port}/healthz"
    started = time.monotonic()
    reported = started
    while True:
        if os.getppid() != parent:
            return False  # supervisord is gone: nothing to announce
        down = still_down(health)
        if down is None:
            if announce:
                banner(settings)
            return True
        waited = time.monotonic() - started
        if waited >= timeout:
            if announce:
                say(f"coopbot: still not ready after {timeout:.0f}s; not answering yet: {', '.join(down)}.",
                    "coopbot: the services keep running: see their output above (each line starts with its name).",
                    f"coopbot: check {health} again, or press Ctrl-C to stop everything.")
            return False
        if announce and time.monotonic() - reported >= REPORT_EVERY:
            say(f"coopbot: starting ({waited:.0f}s): waiting for {', '.join(down)}")
            reported = time.monotonic()
        time.sleep(interval)  # polling interval of a bounded wait


@click.command("wait-ready")
@click.option("--timeout", type=float, help="Seconds to wait (default: COOPBOT_START_TIMEOUT).")
@click.option("--interval", type=float, default=2.0, show_default=True, help="Seconds between two polls.")
@click.option("--quiet", is_flag=True, help="Print nothing; the exit status says whether it got ready.")
def wait_ready(timeout: float | None, interval: float, quiet: bool) -> None:
    """Wait (bounded) until /healthz answers ok, then print the URLs (used by `make run`).

    Exits 1 when the wait ran out (or supervisord stopped) first.
    """
    if not wait_and_announce(timeout, interval, announce=not quiet):
        raise SystemExit(1)
