"""Looking for secrets at rest, whatever their spelling (scans of stores and files): nine digits
in any grouping, a meter number in any spacing, dashes and case; and the Rasa tracker store
run on a conversation's turns, its rows and values opened up for the scan."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy import select

from tests.support.rasa_env import RASA_PYTHON, ROOT

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


def redis_strings(client, sender: str) -> str:
    """The string values a Redis holds under the keys naming ``sender`` (Rasa's tracker and locks),
    one per line; the keys must be there."""
    keys = [key for key in client.keys("*") if sender.encode() in key]
    assert keys, f"nothing in Redis for {sender}"
    return "\n".join(client.get(key).decode("latin-1") for key in keys if client.type(key) == b"string")


# --- the tracker store, in the Rasa environment ---------------------------------------------------
STORE_SCRIPT = r'''
import asyncio, json, sys, time
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from bot.tracker_store import RedactingTrackerStore, pop_turn_summary

runs = json.loads(sys.stdin.read())
domain = Domain.load("bot/domain.yml")
store = RedactingTrackerStore(domain)

async def main():
    summaries = {}
    for run in runs:
        for index, events in enumerate(run["turns"]):
            await store.save(DialogueStateTracker.from_dict(run["sender"], events, domain.slots))
            last_user = [e for e in events if e.get("event") == "user"][-1]
            summaries[f'{run["sender"]}/{index}'] = pop_turn_summary(run["sender"], last_user["message_id"])
    stored = []
    for run in runs:
        tracker = await RedactingTrackerStore(domain).retrieve_full_tracker(run["sender"])
        stored.append(json.dumps([event.as_dict() for event in tracker.events]))
    redis = getattr(store._store, "red", None)
    if redis is not None:
        # A redaction of an earlier turn has Redis rewrite its append-only file: wait till it is written.
        deadline = time.monotonic() + 60
        while any(redis.info("persistence")[flag] for flag in ("aof_rewrite_in_progress", "aof_rewrite_scheduled")):
            assert time.monotonic() < deadline, "Redis did not finish rewriting its append-only file"
            time.sleep(0.02)
        values = [redis.get(key) for key in redis.keys("*")]
        stored += [value.decode() if isinstance(value, bytes) else value for value in values]
    print(json.dumps({"summaries": summaries, "stored": stored}))

asyncio.run(main())
'''


def store_turns(conversations: list[tuple[str, list[dict]]], env: dict) -> tuple[dict, list[str], str]:
    """Every turn of each (sender, turns of a ``RasaLikeConversation``) saved by the real tracker
    store, in the Rasa environment (``env`` says SQLite or Redis): the turns' summaries
    ("sender/index"), every conversation as read back (and Redis's values), and Rasa's output."""
    payload = json.dumps([{"sender": sender, "turns": [turn["events"] for turn in turns]}
                          for sender, turns in conversations])
    result = subprocess.run([str(RASA_PYTHON), "-c", STORE_SCRIPT], cwd=ROOT, env=env, input=payload,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    out = json.loads(result.stdout.strip().splitlines()[-1])
    return out["summaries"], out["stored"], result.stderr


# --- scanning -----------------------------------------------------------------------------------------
_HASH = re.compile(r"[0-9a-fA-F]{16,}|\$argon2.*", re.S)


def strings_in(value) -> list[str]:
    """Every string inside ``value`` (JSON text is opened up; hashes are left out)."""
    if isinstance(value, str):
        try:
            inner = json.loads(value)
        except ValueError:
            return [] if _HASH.fullmatch(value) else [value]
        return strings_in(inner) if isinstance(inner, (dict, list)) else [value]
    if isinstance(value, dict):
        return [s for key, item in value.items() for s in strings_in(key) + strings_in(item)]
    if isinstance(value, (list, tuple)):
        return [s for item in value for s in strings_in(item)]
    return []


def sqlite_strings(path: Path) -> list[str]:
    with sqlite3.connect(path) as connection:
        tables = [name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return [s for table in tables for row in connection.execute(f'SELECT * FROM "{table}"')
                for value in row for s in strings_in(value)]
