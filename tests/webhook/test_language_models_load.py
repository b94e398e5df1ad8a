"""The language detector's models load in gunicorn's master, once, before workers are forked.

The load holds the interpreter lock for its whole length: in a worker it blocked the
worker's requests and heartbeat, and on a busy machine the master killed the worker
before it ever answered (webhook/gunicorn_conf.py).
"""

from __future__ import annotations

import os

from webhook import gunicorn_conf, language


def test_the_master_loads_the_models_and_a_forked_worker_detects_without_loading_them():
    language._build_detector.cache_clear()
    gunicorn_conf.when_ready(None)
    assert language._build_detector.cache_info().currsize == 1
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the worker gunicorn forks: it detects at once, with the master's models
        try:
            misses = language._build_detector.cache_info().misses
            best = language._ranking("hola, quiero registrarme en la cuenta en línea")[0][0]
            loaded_again = language._build_detector.cache_info().misses != misses
            os.write(write, f"{best} {loaded_again}".encode())
        finally:
            os._exit(0)
    os.close(write)
    answer = os.read(read, 100).decode()
    os.waitpid(pid, 0)
    assert answer == "es False"


def test_a_worker_starts_without_loading_the_models_itself(monkeypatch):
    loads = []
    monkeypatch.setattr(language, "warm_up", lambda: loads.append("worker"))
    monkeypatch.setattr(gunicorn_conf, "post_worker_init", gunicorn_conf.post_worker_init)
    started = []
    from backend.notify import dispatch

    monkeypatch.setattr(dispatch, "start_retry_thread", lambda *args, **kwargs: started.append(args))
    from types import SimpleNamespace

    gunicorn_conf.post_worker_init(SimpleNamespace(wsgi=SimpleNamespace(config={"COOPBOT": None},
                                                                       extensions={"coopbot.sessions": None})))
    assert started and not loads
