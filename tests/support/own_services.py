"""Servers a fault test may stop: each test starts its own on a free loopback port.

The machine's shared PostgreSQL and Redis are never stopped; a test that
needs one to go away (and come back) uses :class:`RedisServer` (``redis-server``
with no persistence file outside its folder) or :class:`PostgresCluster`
(``initdb`` into a temporary folder), and stops only that instance.
"""

from __future__ import annotations

import glob
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from typing import NoReturn

import pytest

from tests.support.local_http import free_port


def _wait_port(port: int, timeout: float, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited early:\n{log.read_text(errors='replace')[-2000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)  # polling interval of a bounded wait
    raise TimeoutError(f"nothing listening on port {port} after {timeout}s")


class RedisServer:
    """``redis-server`` on a free port with its data in ``folder`` (kept across restarts)."""

    def __init__(self, folder: Path, port: int | None = None):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.port = port or free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    @staticmethod
    def available() -> bool:
        return shutil.which("redis-server") is not None

    def start(self) -> "RedisServer":
        log = self.folder / "redis.log"
        # Append-only file so a restart keeps the conversations, as a production Redis would.
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.folder),
             "--appendonly", "yes", "--save", "", "--logfile", str(log), "--protected-mode", "yes"],
            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, start_new_session=True)
        _wait_port(self.port, 20, self.process, log)
        return self

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.process = None


# What PostgresCluster runs: Debian's postgresql package puts them in /usr/lib/postgresql/<version>/bin.
POSTGRES_PROGRAMS = ("initdb", "pg_ctl", "createdb")


def postgres_bin() -> Path | None:
    """The newest /usr/lib/postgresql/<version>/bin holding every program a cluster of its own needs."""
    folders = [Path(found).parent for found in glob.glob("/usr/lib/postgresql/*/bin/initdb")]
    complete = [folder for folder in folders
                if all(os.access(folder / program, os.X_OK) for program in POSTGRES_PROGRAMS)]
    return max(complete, key=lambda folder: [int(part) for part in re.findall(r"\d+", folder.parent.name)],
               default=None)  # 15 is newer than 9.6


def required_in_ci() -> bool:
    """In CI a fault test whose server program is missing fails: ``CI`` set, or COOPBOT_REQUIRE_POSTGRES=1."""
    ci = os.environ.get("CI", "").strip().lower()
    return ci not in ("", "0", "false", "no") or os.environ.get("COOPBOT_REQUIRE_POSTGRES") == "1"


def missing_program(reason: str) -> NoReturn:
    """Skip on a developer's machine, fail in CI; ``make test`` installs the programs (scripts/ensure-servers)."""
    reason = f"{reason}; scripts/ensure-servers installs it"
    if required_in_ci():
        pytest.fail(reason)
    pytest.skip(reason)


class PostgresCluster:
    """A PostgreSQL cluster of its own (``initdb`` in a new temporary folder) on a free port, trust on loopback.

    PostgreSQL refuses to run as root: as root, the cluster runs as the
    ``postgres`` user (``runuser``) in a folder that user owns.
    """

    def __init__(self, port: int | None = None):
        self.folder = Path(tempfile.mkdtemp(prefix="coopbot-pg-"))
        self.data = self.folder / "data"
        self.port = port or free_port()
        self.bin = postgres_bin()
        self._as = []
        if os.geteuid() == 0:
            import pwd

            user = pwd.getpwnam("postgres")
            os.chown(self.folder, user.pw_uid, user.pw_gid)
            self._as = ["runuser", "-u", "postgres", "--"]

    @staticmethod
    def available() -> bool:
        if postgres_bin() is None:
            return False
        if os.geteuid() == 0:
            import pwd

            try:
                pwd.getpwnam("postgres")
            except KeyError:
                return False
            return shutil.which("runuser") is not None
        return True

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/coopbot"

    def _run(self, *args: str) -> None:
        env = {**os.environ, "LC_ALL": "C"}
        subprocess.run([*self._as, str(self.bin / args[0]), *args[1:]], check=True, capture_output=True,
                       env=env, timeout=120, cwd=self.folder)

    def init(self) -> "PostgresCluster":
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                  "--no-sync")  # a throwaway cluster: no need to wait for the disk
        return self

    def start(self) -> "PostgresCluster":
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.folder / "pg.log"), "-w", "-t", "60", "start",
                  "-o", f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off")
        return self

    def create_database(self) -> None:
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "coopbot")

    def stop(self, mode: str = "fast") -> None:
        if (self.data / "postmaster.pid").exists():
            self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "60", "stop")

    def remove(self) -> None:
        self.stop("immediate")
        shutil.rmtree(self.folder, ignore_errors=True)
