"""Log output of every coopbot process: plain text (default) or one JSON object per line.

``COOPBOT_LOG_FORMAT=json`` makes the root logger and gunicorn's loggers write
``{"time", "level", "logger", "message"[, "error"]}`` lines for a log shipper.
Whatever the format, a JSON line carries only redacted text: the message and
any exception text pass through ``common.redaction.redact`` (ZIP, last four,
SSN/EIN, link tokens and long random strings removed; addresses and phone
numbers masked), and the traceback's frames are left out (only the exception
type and its redacted message), since locals and arguments never belong in logs.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import datetime, timezone

from common.redaction import redact

_HANDLER_NAME = "coopbot-json"


class JsonFormatter(logging.Formatter):
    """One JSON object per record, secrets redacted."""

    def format(self, record: logging.LogRecord) -> str:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a broken format string must not lose the line
            message = str(record.msg)
        line = {
            "time": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": redact(message),
        }
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            line["error"] = f"{type(error).__name__}: {redact(str(error))}"
        return json.dumps(line, ensure_ascii=False)


def configure_logging(settings, stream=None) -> None:
    """Install the JSON format when ``settings.log_format`` is "json" (idempotent); text needs nothing."""
    if settings.log_format != "json":
        return
    formatter = JsonFormatter()
    root = logging.getLogger()
    if not any(getattr(h, "name", None) == _HANDLER_NAME for h in root.handlers):
        handler = logging.StreamHandler(stream or sys.stderr)
        handler.name = _HANDLER_NAME
        root.addHandler(handler)
        if root.level > logging.INFO or root.level == logging.NOTSET:
            root.setLevel(logging.INFO)
    for handler in root.handlers:
        handler.setFormatter(formatter)
    for name in ("gunicorn.error", "gunicorn.access"):
        for handler in logging.getLogger(name).handlers:
            handler.setFormatter(formatter)
