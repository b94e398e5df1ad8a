"""Engine and session factory for the registration database (SQLite or PostgreSQL).

One function builds an engine from a URL so that the web app, the CLI and the
tests open the database the same way (SQLite gets foreign keys, WAL and a busy
timeout so concurrent requests queue instead of failing).
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session, sessionmaker


def make_engine(url: str) -> Engine:
    """Create an engine for ``url`` with the per-dialect settings coopbot relies on."""
    if url.startswith("sqlite"):
        _create_private_sqlite_file(url)
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):  # pragma: no cover - trivial
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            # In WAL mode NORMAL is still crash-safe (no corruption); it skips the fsync per commit.
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        # pysqlite's own transaction handling defers BEGIN; emit it ourselves so
        # BEGIN IMMEDIATE can serialise writers (see SQLAlchemy's pysqlite notes).
        @event.listens_for(engine, "connect")
        def _no_pysqlite_begin(dbapi_connection, _record):  # pragma: no cover
            dbapi_connection.isolation_level = None

        _queue_writers(engine)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


# How often a writer retries SQLite's write lock held by another process, and
# for how long before SQLite's own busy handler takes over (and, past its
# timeout, raises "database is locked").
_RETRY_SECONDS = 0.002
_POLL_FOR_SECONDS = 10.0
_GATE = "coopbot_write_gate"


def _queue_writers(engine: Engine) -> None:
    """Every transaction is ``BEGIN IMMEDIATE``; waiters queue without SQLite's growing sleeps.

    SQLite lets one writer in at a time. Its busy handler makes a waiting
    connection sleep 1, 2, 5 ... up to 100 ms between tries and is never woken
    when the lock is freed, so under load members' turns waited for a lock that
    sat unused (README, "Performance"). Here the threads of one process queue
    on a lock of their own, handed over as soon as a transaction commits or
    rolls back, and only the thread at the head of the queue polls SQLite every
    2 ms for the lock other processes (web workers, the API) may hold.
    """
    gate = threading.Lock()

    def release(info: dict) -> None:
        if info.pop(_GATE, False):
            gate.release()

    @event.listens_for(engine, "begin")
    def _begin_immediate(conn):  # pragma: no cover - exercised by every SQLite test
        # Bounded: a thread that somehow waits on itself falls back to SQLite's own wait.
        if not conn.info.get(_GATE) and gate.acquire(timeout=_POLL_FOR_SECONDS):
            conn.info[_GATE] = True
        try:
            if not _poll_begin(conn.connection.driver_connection):
                conn.exec_driver_sql("BEGIN IMMEDIATE")  # SQLite's own wait, and its error
        except BaseException:
            release(conn.info)
            raise

    @event.listens_for(engine, "commit")
    @event.listens_for(engine, "rollback")
    def _hand_over(conn):  # pragma: no cover
        release(conn.info)

    # Safety net: a connection returned or discarded mid-transaction frees the gate too.
    @event.listens_for(engine.pool, "checkin")
    def _checked_in(_dbapi_connection, record):  # pragma: no cover
        if record is not None:
            release(record.info)

    @event.listens_for(engine.pool, "invalidate")
    def _invalidated(_dbapi_connection, record, _exception):  # pragma: no cover
        release(record.info)


def _poll_begin(connection: sqlite3.Connection) -> bool:
    """Try ``BEGIN IMMEDIATE`` every 2 ms for up to 10 s; False if still locked then."""
    deadline = time.monotonic() + _POLL_FOR_SECONDS
    connection.execute("PRAGMA busy_timeout=0")
    try:
        while True:
            try:
                connection.execute("BEGIN IMMEDIATE")
                return True
            except sqlite3.OperationalError as error:
                if "locked" not in str(error):
                    raise
                if time.monotonic() > deadline:
                    return False
            time.sleep(_RETRY_SECONDS)
    finally:
        connection.execute("PRAGMA busy_timeout=30000")


def _create_private_sqlite_file(url: str) -> None:
    """A new SQLite database file is created owner-only (0600); SQLite gives its -wal and
    -shm files the same mode. An existing file keeps its mode."""
    database = make_url(url).database
    if database and database != ":memory:" and not database.startswith("file:"):
        path = Path(database)
        if path.parent.is_dir() and not path.exists():  # a missing folder stays an error
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session that commits on success and rolls back on any error."""
    with factory() as session:
        with session.begin():
            yield session
