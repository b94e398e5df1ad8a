"""The outbox folder: mail (``*.eml``) and texts (``*.json``) when no server is configured.

``make run`` has no SMTP server or Twilio account, yet a member must be able
to follow the activation link: the message is written here instead, as a
standard .eml file any mail client opens. Files appear atomically (written
under a temporary name, then renamed), so a reader polling ``*.eml`` never
sees half a message, and names are unique (time + random part) so parallel
workers never overwrite each other. The folder holds live links: files are
created readable by the owner only.
"""

from __future__ import annotations

import json
import os
import tempfile
import uuid
from datetime import datetime, timezone
from email.message import EmailMessage
from pathlib import Path

from backend.core.config import private_dir


def _unique_name(suffix: str) -> str:
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    return f"{stamp}-{uuid.uuid4().hex[:12]}{suffix}"


def _write_atomically(folder: Path, suffix: str, data: bytes) -> Path:
    folder = Path(folder)
    private_dir(folder)
    target = folder / _unique_name(suffix)
    fd, temporary = tempfile.mkstemp(dir=folder, prefix=".", suffix=".tmp")  # mode 0600
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


def write_mail(folder: Path, message: EmailMessage) -> Path:
    """Store ``message`` as ``<folder>/<time>-<random>.eml``; return its path."""
    # A non-ASCII address is written as SMTPUTF8 carries it (UTF-8 headers), not RFC 2047-encoded.
    international = not str(message.get("To", "")).isascii()
    policy = message.policy.clone(utf8=True) if international else message.policy
    return _write_atomically(folder, ".eml", message.as_bytes(policy=policy))


def write_json(folder: Path, payload: dict) -> Path:
    """Store ``payload`` (an outbound text) as ``<folder>/<time>-<random>.json``; return its path."""
    return _write_atomically(folder, ".json", json.dumps(payload, indent=2, ensure_ascii=False).encode())
