"""Looking for secrets at rest, whatever their spelling (scans of stores and files): nine digits
in any grouping, a meter number in any spacing, dashes and case."""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import select

# Digit groups joined by spaces, dashes, dots or slashes: "731552094", "731 552 094", "731-55-2094".
_GROUPED = re.compile(r"\d+(?:[ ./\-]{1,3}\d+)*")


def holds_digits(text: str, digits: str) -> bool:
    """Does ``text`` hold ``digits`` in one number, in any grouping of them?"""
    return any(digits in re.sub(r"\D", "", match.group(0)) for match in _GROUPED.finditer(text))


def holds_meter(text: str, meter: str) -> bool:
    """Does ``text`` hold the meter number ``meter`` however it is spaced, dashed or cased
    ("kw-407 71" holds KW40771)?"""
    return re.sub(r"[\s\-]", "", meter).upper() in re.sub(r"[\s\-]", "", text).upper()


def app_database_text(session, base) -> str:
    """Every value of every column of every table of the app database, one per line."""
    return "\n".join(str(value) for table in base.metadata.sorted_tables
                     for row in session.execute(select(table)) for value in row)


def files_text(paths) -> str:
    return "\n".join(Path(path).read_bytes().decode("latin-1") for path in paths if Path(path).is_file())
