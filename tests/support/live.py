"""Serve a Flask app on a real socket for browser tests (werkzeug, one thread per request)."""

from __future__ import annotations

import threading
from contextlib import contextmanager
from typing import Iterator

from werkzeug.serving import make_server

from tests.support.local_http import STOP_POLL_SECONDS


@contextmanager
def live_server(app) -> Iterator[str]:
    """Run ``app`` on 127.0.0.1 at a free port; yield its base URL; stop it afterwards."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, args=(STOP_POLL_SECONDS,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
