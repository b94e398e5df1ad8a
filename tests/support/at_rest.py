"""Looking for nine digits at rest, whatever their grouping (end-to-end scans of stores and files)."""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import select

# Digit groups joined by spaces, dashes, dots or slashes: "731552094", "731 552 094", "731-55-2094".
_GROUPED = re.compile(r"\d+(?:[ ./\-]{1,3}\d+)*")


def holds_digits(text: str, digits: str) -> bool:
    """Does ``text`` hold ``digits`` in one number, in any grouping of them?"""
    return any(digits in re.sub(r"\D", "", match.group(0)) for match in _GROUPED.finditer(text))


def app_database_text(session, base) -> str:
    """Every value of every column of every table of the app database, one per line."""
    return "\n".join(str(value) for table in base.metadata.sorted_tables
                     for row in session.execute(select(table)) for value in row)


def files_text(paths) -> str:
    return "\n".join(Path(path).read_bytes().decode("latin-1") for path in paths if Path(path).is_file())
