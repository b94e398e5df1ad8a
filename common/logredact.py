"""Log lines never carry a secret: coopbot's log records are redacted as they are made.

:func:`install` wraps the log record factory of the process, once: every record
of coopbot's own loggers and of the libraries that may quote a request or a
database parameter (Flask, Werkzeug, SQLAlchemy, gunicorn's access log) has its
message formatted and passed through :func:`common.redaction.redact` (SSN, ZIP,
last four, link tokens and long random strings removed; e-mail addresses and
phone numbers masked), and so has the text of an exception it carries
(SQLAlchemy errors quote the parameters of the failed statement).

Python warnings bypass logging (they are printed to stderr as they are):
:func:`capture_warnings` routes them into the ``py.warnings`` logger, redacted
like the rest; the Rasa server needs it, since Rasa warns with the text of a
message it could not parse.
"""

from __future__ import annotations

import logging
import threading

from common.redaction import redact_log

# "rasa" (its structlog lines go through loggers named after Rasa's modules) and
# "py.warnings" (Python warnings, once routed into logging: Rasa warns with a
# member's raw text) matter in the Rasa process.
REDACTED_LOGGERS = ("backend", "webhook", "actions", "rasa_sdk", "sanic", "bot", "coopbot", "flask", "werkzeug",
                    "sqlalchemy", "gunicorn.access", "__main__", "rasa", "py.warnings")
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


def capture_warnings() -> None:
    """Redact log records as :func:`install` does, and route Python warnings into them.

    ``warnings.warn`` prints straight to stderr, past every log handler; with
    :func:`logging.captureWarnings` it becomes a record of the ``py.warnings``
    logger (a redacted one), formatted and handled as every other line.
    """
    install()
    logging.captureWarnings(True)
