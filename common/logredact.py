"""Log lines never carry a secret: coopbot's log records are redacted as they are made.

:func:`install` wraps the log record factory of the process, once: every record
of coopbot's own loggers and of the libraries that may quote a request or a
database parameter (Flask, Werkzeug, SQLAlchemy, gunicorn's access log) has its
message formatted and passed through :func:`common.redaction.redact` (SSN, ZIP,
last four, link tokens and long random strings removed; e-mail addresses and
phone numbers masked), and so has the text of an exception it carries
(SQLAlchemy errors quote the parameters of the failed statement).
"""

from __future__ import annotations

import logging
import threading

from common.redaction import redact_log

REDACTED_LOGGERS = ("backend", "webhook", "actions", "rasa_sdk", "sanic", "bot", "coopbot", "flask", "werkzeug",
                    "sqlalchemy", "gunicorn.access", "__main__")
_lock = threading.Lock()
_installed = False


def _applies(name: str) -> bool:
    return any(name == prefix or name.startswith(prefix + ".") for prefix in REDACTED_LOGGERS)


def redact_record(record: logging.LogRecord) -> logging.LogRecord:
    """The record with its message (and exception text) redacted, arguments already applied."""
    try:
        message = record.getMessage()
    except Exception:  # noqa: BLE001 - a bad format string: keep the template only
        message = str(record.msg)
    record.msg, record.args = redact_log(message), ()
    if record.exc_info and not record.exc_text:
        record.exc_text = redact_log(logging.Formatter().formatException(record.exc_info))
    return record


def install() -> None:
    """Redact every later log record of the loggers named in :data:`REDACTED_LOGGERS`."""
    global _installed
    with _lock:
        if _installed:
            return
        previous = logging.getLogRecordFactory()

        def factory(*args, **kwargs):
            record = previous(*args, **kwargs)
            return redact_record(record) if _applies(record.name) else record

        logging.setLogRecordFactory(factory)
        _installed = True
