"""A real HTTP server on a free loopback port, in a thread: the base of the test fakes
of outside services (Rasa, the action server, Twilio's REST API)."""

from __future__ import annotations

import json
import os
import random
import socket
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# How often an idle server looks whether it was told to stop. The standard library's 0.5 s
# made every test with three fakes wait up to 1.5 s in its teardown.
STOP_POLL_SECONDS = 0.02


# Ports handed to servers started as processes: below the kernel's ephemeral range (32768 and
# up), which the kernel hands to every outgoing connection and to any bind to port 0, and a band
# of its own for each pytest-xdist worker, so that no two stacks, and no client connection, get
# the same port between its choice and the server's bind.
_BAND = 1500
_FIRST = 20000
_handed: set[int] = set()


def _worker_band() -> range:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")
    start = _FIRST + (int(worker) if worker.isdigit() else 0) % 8 * _BAND
    return range(start, start + _BAND)


def free_port() -> int:
    """A loopback port free now and handed out once, for a server started as a process of its own
    (which binds it itself); a server in this process binds port 0 instead."""
    band = _worker_band()
    for port in random.sample(band, len(band)):
        if port in _handed:
            continue
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
        _handed.add(port)
        return port
    raise RuntimeError(f"no free loopback port in {band.start}-{band.stop - 1}")


class QuietHandler(BaseHTTPRequestHandler):
    """A request handler that keeps test output quiet and answers JSON."""

    def log_message(self, *args):
        pass

    def send_json(self, status: int, payload) -> None:
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        """A client that hung up first is no error here: the app under test gave up waiting on
        purpose (a slow fake Rasa). The standard library printed its traceback to stderr from
        the handler's thread, seconds later, into whatever a later test was capturing then."""
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


class LocalHTTPServer:
    """Serves ``handler_class`` at ``self.url`` between :meth:`start` and :meth:`stop`."""

    def __init__(self, handler_class: type[BaseHTTPRequestHandler]):
        self._server = _Server(("127.0.0.1", 0), handler_class)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, args=(STOP_POLL_SECONDS,),
                                        daemon=True)

    def start(self):
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
