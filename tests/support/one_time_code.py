"""The member with a phone on file of the one-time-code tests, and the last code texted to that phone."""

from __future__ import annotations

import json
import re
from pathlib import Path

PHONE = "+15125550177"


def last_code(backend) -> str:
    """The 6-digit code of the newest text in the outbox (it must have gone to ``PHONE``)."""
    folder = Path(backend.settings.outbox_dir)
    [*_, latest] = sorted(folder.glob("*.json"))
    text = json.loads(latest.read_text())
    assert text["to"] == PHONE
    return re.search(r"\b(\d{6})\b", text["body"]).group(1)
