"""Gunicorn settings for the web app.

The access log never shows a path in full: activation links carry their token
in the path, and tokens must not reach logs.
"""

import re

from gunicorn.glogging import Logger

# Two cores: one worker per core. A turn's thread mostly waits on Rasa (and,
# while the backend API is served by this app too, the action server's API
# calls need free threads of their own), so threads are many and cheap.
workers = 2
threads = 32
timeout = 30
accesslog = "-"
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'

_TOKEN_PATH = re.compile(r"(/(?:activate|reset|delete|cancel)/)[^\s\"?/]+")


class RedactingLogger(Logger):
    """Gunicorn's logger with link tokens cut out of every access-log line."""

    def access(self, resp, req, environ, request_time):
        environ = dict(environ)
        environ["PATH_INFO"] = _TOKEN_PATH.sub(r"\1[redacted]", environ.get("PATH_INFO", ""))
        environ["RAW_URI"] = _TOKEN_PATH.sub(r"\1[redacted]", environ.get("RAW_URI", ""))
        super().access(resp, req, environ, request_time)


logger_class = RedactingLogger


def when_ready(server):
    """Load the language detector's models in the master, once, before any worker is forked.

    Building the detector holds the GIL for its whole load (about 3 s on an idle core, far
    longer on a busy one): in a worker it blocked the worker's heartbeat and every request,
    and past ``timeout`` the master killed the worker, whose successor loaded again. Loaded
    here, every worker (a restarted one too) starts with the models already in memory,
    shared copy-on-write (webhook/language.py)."""
    from webhook.language import warm_up

    warm_up()


def post_worker_init(worker):
    """Each worker retries mail and texts that could not be sent at once (claims prevent doubles)."""
    from backend.notify.dispatch import start_retry_thread
    from backend.ops.chores import HOUSEKEEPING_CHORES

    app = worker.wsgi
    start_retry_thread(app.config["COOPBOT"], app.extensions["coopbot.sessions"], chores=HOUSEKEEPING_CHORES)
