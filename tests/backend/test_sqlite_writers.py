"""SQLite writers queue (backend/storage/db.py): no lost update, no stuck lock, other processes waited for."""

from __future__ import annotations

import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import text

from backend.storage.db import make_engine, make_session_factory, transaction


@pytest.fixture
def factory(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'writers.db'}")
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE counter (n INTEGER NOT NULL)")
        conn.exec_driver_sql("INSERT INTO counter VALUES (0)")
    yield make_session_factory(engine)
    engine.dispose()


def _increment(factory) -> None:
    with transaction(factory) as session:
        n = session.execute(text("SELECT n FROM counter")).scalar_one()
        session.execute(text("UPDATE counter SET n = :n"), {"n": n + 1})


def _count(factory) -> int:
    with transaction(factory) as session:
        return session.execute(text("SELECT n FROM counter")).scalar_one()


def test_forty_threads_read_modify_write_without_losing_an_update(factory):
    with ThreadPoolExecutor(max_workers=40) as pool:
        list(pool.map(lambda _: _increment(factory), range(400)))
    assert _count(factory) == 400


def test_a_failed_transaction_hands_the_lock_over(factory):
    with pytest.raises(RuntimeError):
        with transaction(factory) as session:
            session.execute(text("UPDATE counter SET n = 99"))
            raise RuntimeError("the request failed half way")
    done = threading.Event()
    worker = threading.Thread(target=lambda: (_increment(factory), done.set()))
    worker.start()
    worker.join(timeout=30)
    assert done.is_set()  # another thread got the lock: the failed one gave it back
    assert _count(factory) == 1  # and the failed update was rolled back


def test_one_session_can_run_two_transactions_in_a_row(factory):
    with factory() as session:
        for _ in range(2):
            with session.begin():
                n = session.execute(text("SELECT n FROM counter")).scalar_one()
                session.execute(text("UPDATE counter SET n = :n"), {"n": n + 1})
    assert _count(factory) == 2


HOLDER = """
import sys, sqlite3
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN IMMEDIATE")
connection.execute("UPDATE counter SET n = 1000")
print("holding", flush=True)
sys.stdin.readline()  # the test says when to let go
connection.execute("COMMIT")
"""


def test_a_writer_waits_for_another_process_then_goes_on(factory, tmp_path):
    """Another process (a web worker, the API) holds the write lock: this one waits, then writes."""
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(tmp_path / "writers.db")],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "holding"
        done = threading.Event()
        worker = threading.Thread(target=lambda: (_increment(factory), done.set()))
        worker.start()
        assert not done.wait(0.3)  # still waiting for the other process's lock
        holder.stdin.write("go\n")
        holder.stdin.flush()
        worker.join(timeout=30)
        assert done.is_set()
    finally:
        holder.kill() if holder.poll() is None else None
        holder.wait()
    assert _count(factory) == 1001  # the other process's write, then this one's
