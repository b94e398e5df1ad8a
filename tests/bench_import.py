"""``make bench-import``: how long a nightly full sync of a large co-op takes (target: under 2 minutes).

Generates a member file (``--members``, default 300,000; deterministic), loads
it into a fresh database with ``coopbot members import``, then times the real
command a nightly job runs, ``coopbot members import --full-sync``, on a
second file in which ``--changed`` members have a new meter number, ``--phones``
a new phone on file (their notices are queued and written to a scratch outbox),
``--absent`` members are missing (closed) and as many are new; then the same
with ``--dry-run``. Each step is the installed ``coopbot`` command in its own
process, as cron or a systemd timer starts it.

SQLite by default (a fresh ``var/bench/import/members.db``); ``--database-url``
points at another database, whose ``members`` table must be empty. Prints each
timing and writes ``var/bench/import.md``. Exits 1 when the full sync misses the target.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "var" / "bench"
HEADER = "account_number,meter_number,last_name_or_business,mailing_zip,tax_id_last4,phone\n"
TARGET_SECONDS = 120
NAMES = ("Garza", "Muller", "Nguyen", "Smith", "Hernandez", "OBrien", "Ranch LLC", "Pump Co")


def _row(rng: random.Random, account: int, meter: str | None = None, phone: str | None = None) -> str:
    meter = meter or f"M{account % 10_000_000:07d}"
    if phone is None:
        phone = f"+1512555{account % 10_000:04d}" if account % 2 else ""
    tax = f"{account % 10_000:04d}" if account % 3 else ""
    return f"{account},{meter},{NAMES[account % len(NAMES)]},{78600 + account % 400},{tax},{phone}\n"


def write_files(folder: Path, members: int, changed: int, phones: int, absent: int, seed: int = 18) -> tuple[Path, Path]:
    rng = random.Random(seed)
    accounts = [1_000_000_000 + 7 * n for n in range(members)]
    first = folder / "first.csv"
    with first.open("w", encoding="utf-8") as out:
        out.write(HEADER)
        out.writelines(_row(rng, account) for account in accounts)
    picked = rng.sample(range(members), changed + phones + absent)
    meters, new_phones, gone = set(picked[:changed]), set(picked[changed:changed + phones]), set(picked[-absent:])
    nightly = folder / "nightly.csv"
    with nightly.open("w", encoding="utf-8") as out:
        out.write(HEADER)
        for index, account in enumerate(accounts):
            if index in gone:
                continue
            if index in meters:
                out.write(_row(rng, account, meter=f"N{index:07d}"))
            elif index in new_phones:
                out.write(_row(rng, account, phone=f"+1830555{index % 10_000:04d}"))
            else:
                out.write(_row(rng, account))
        out.writelines(_row(rng, 2_000_000_000 + n) for n in range(absent))  # as many new as closed
    return first, nightly


def coopbot(env: dict, *args: str) -> tuple[float, str]:
    start = time.perf_counter()
    result = subprocess.run([str(ROOT / ".venv" / "bin" / "coopbot"), *args], env=env, capture_output=True,
                            text=True, timeout=1800)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"coopbot {' '.join(args)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr[-2000:]}")
    summary = result.stdout.strip().splitlines()
    return elapsed, summary[0] if summary else ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=300_000)
    parser.add_argument("--changed", type=int, default=3_000, help="members whose meter number changes")
    parser.add_argument("--phones", type=int, default=300, help="members whose phone on file changes")
    parser.add_argument("--absent", type=int, default=3_000, help="members missing from the nightly file")
    parser.add_argument("--database-url", help="an empty, migrated database (default: a fresh SQLite file)")
    args = parser.parse_args(argv)

    work = OUT / "import"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    url = args.database_url or f"sqlite:///{work / 'members.db'}"
    env = {**os.environ, "COOPBOT_DATABASE_URL": url, "COOPBOT_SECRET_KEY": "bench-import-secret-key",
           "COOPBOT_VAR_DIR": str(work / "var"), "COOPBOT_OUTBOX_DIR": str(work / "outbox")}
    for name in ("COOPBOT_SMTP_URL", "TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_FROM_NUMBER"):
        env.pop(name, None)  # notices go to the scratch outbox, never to a real member

    first, nightly = write_files(work, args.members, args.changed, args.phones, args.absent)
    coopbot(env, "db", "upgrade")
    results = [("first load (insert)", *coopbot(env, "members", "import", str(first)))]
    results.append(("nightly --full-sync --dry-run", *coopbot(env, "members", "import", "--full-sync", "--dry-run",
                                                             str(nightly))))
    results.append(("nightly --full-sync", *coopbot(env, "members", "import", "--full-sync", str(nightly))))

    database = url.split(":", 1)[0]
    when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = [f"# make bench-import ({when}, {platform.node()}, {os.cpu_count()} cores, {database})", "",
             f"{args.members} members; nightly file: {args.changed} meter numbers and {args.phones} phones "
             f"changed, {args.absent} absent, {args.absent} new.", "",
             "| step | seconds | summary |", "|---|---|---|"]
    lines += [f"| {step} | {seconds:.1f} | {summary} |" for step, seconds, summary in results]
    full_sync = results[-1][1]
    verdict = "met" if full_sync < TARGET_SECONDS else "MISSED"
    lines += ["", f"Full sync target (< {TARGET_SECONDS} s): {verdict} ({full_sync:.1f} s)."]
    report = "\n".join(lines) + "\n"
    (OUT / "import.md").write_text(report, encoding="utf-8")
    print(report)
    return 0 if full_sync < TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
