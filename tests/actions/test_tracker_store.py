"""bot/tracker_store.py inside the Rasa environment (Python 3.10 + rasa 3.6), run as a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.rasa_env import RASA_PYTHON, ROOT


SCRIPT = r'''
import asyncio, json
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, ActiveLoop, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from bot.tracker_store import RedactingTrackerStore, pop_turn_summary, redacted_tracker

domain = Domain.load("bot/domain.yml")
store = RedactingTrackerStore(domain)
events = [
    ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen"),
    UserUttered("1001234567", {"name": "inform", "confidence": 0.9},
                [{"entity": "account_number", "value": "1001234567", "start": 0, "end": 10}], message_id="m1"),
    SlotSet("account_number", "1001234567"),
    ActionExecuted("registration_form"), ActiveLoop("registration_form"), SlotSet("requested_slot", "identity_proof"),
    ActionExecuted("action_listen"),
    UserUttered("its 78620", {"name": "inform", "confidence": 0.9},
                [{"entity": "zip_code", "value": "78620", "start": 4, "end": 9}], message_id="m2"),
    SlotSet("identity_proof", "its 78620"),
    ActionExecuted("registration_form"), SlotSet("identity_proof", "verified"), SlotSet("redact_message_id", "m2"),
    ActionExecuted("action_listen"),
    UserUttered("2 Biscuit", {"name": "inform", "confidence": 0.9}, message_id="m3"),
    SlotSet("security_question", "2 Biscuit"),
    ActionExecuted("registration_form"), SlotSet("security_question", "2"), SlotSet("security_answer", "stored"),
    SlotSet("redact_message_id", "m3"),
]
tracker = DialogueStateTracker.from_events("conv", events, slots=domain.slots)

async def main():
    await store.save(tracker)
    summary = pop_turn_summary("conv", "m3")
    stored = await store.retrieve("conv")
    # A turn with nothing secret, on top of the stored (already redacted) conversation.
    plain = DialogueStateTracker.from_events("conv", list(stored.events) + [
        ActionExecuted("action_listen"), UserUttered("yes", {"name": "affirm", "confidence": 0.99}, message_id="m4"),
        SlotSet("terms_accepted", True)], slots=domain.slots)
    await store.save(plain)
    from rasa.shared.core.trackers import EventVerbosity
    state = stored.current_state(EventVerbosity.ALL)
    print(json.dumps({
        "dump": json.dumps(state),
        "slots": {k: stored.get_slot(k) for k in ("account_number", "identity_proof", "security_question", "security_answer")},
        "texts": [e.text for e in stored.events if isinstance(e, UserUttered)],
        "latest": state["latest_message"],
        "summary": summary,
        "stale_summary": pop_turn_summary("conv", "m3"),
        "plain_summary": pop_turn_summary("conv", "m4"),
        "plain_unchanged": redacted_tracker(plain, domain) is plain,
        "texts_after_plain": [e.text for e in (await store.retrieve("conv")).events if isinstance(e, UserUttered)],
        # A new store on the same file, as after a Rasa restart.
        "after_restart": [e.text for e in (await RedactingTrackerStore(domain).retrieve("conv")).events
                          if isinstance(e, UserUttered)],
        "unsaved": await unsaved_turn(),
        "later_mark": await later_mark(),
    }))

async def later_mark():
    """A message marked by a later turn (the security answer, typed before it was asked, named
    when it is stored): the stored row and the slot value a mapping copied from it are rewritten."""
    from rasa.shared.core.trackers import EventVerbosity
    first = [ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen"),
             UserUttered("sorry Pumpernickel is barking", {"name": "inform", "confidence": 0.9}, message_id="p1"),
             ActionExecuted("action_extract_slots"), SlotSet("email", "sorry Pumpernickel is barking"),
             ActionExecuted("registration_form"), SlotSet("email", None)]
    await store.save(DialogueStateTracker.from_events("later", first, slots=domain.slots))
    stored = await store.retrieve("later")
    second = list(stored.events) + [
        ActionExecuted("action_listen"), UserUttered("Pumpernickel", {"name": "inform", "confidence": 0.9},
                                                     message_id="p2"),
        ActionExecuted("registration_form"), SlotSet("security_answer", "stored"),
        SlotSet("redact_message_id", "p1"), SlotSet("redact_message_id", "p2")]
    await store.save(DialogueStateTracker.from_events("later", second, slots=domain.slots))
    back = await RedactingTrackerStore(domain).retrieve("later")
    return {"texts": [e.text for e in back.events if isinstance(e, UserUttered)],
            "dump": json.dumps(back.current_state(EventVerbosity.ALL)),
            "marked": back.get_slot("redact_message_id")}

async def unsaved_turn():
    """The backing store down (Redis stopped): the save fails, and the summary says the turn is unsaved."""
    broken = RedactingTrackerStore(domain)
    async def refuse(tracker):
        raise ConnectionError("Error 111 connecting")
    broken._store.save = refuse
    turn = DialogueStateTracker.from_events("down", events[:4], slots=domain.slots)
    try:
        await broken.save(turn)
        raised = False
    except ConnectionError:
        raised = True
    return {"raised": raised, "summary": pop_turn_summary("down", "m1")}
asyncio.run(main())
'''


@pytest.fixture(scope="module")
def tracker_db(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("tracker") / "rasa_tracker.db"


@pytest.fixture(scope="module")
def stored(tracker_db):
    if not RASA_PYTHON.exists():
        pytest.fail("the Rasa environment .venv-rasa is missing: run make envs")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TF_CPP_MIN_LOG_LEVEL": "3",
           "COOPBOT_TRACKER_DB": str(tracker_db)}
    env.pop("COOPBOT_REDIS_URL", None)
    result = subprocess.run([str(RASA_PYTHON), "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=240)
    assert result.returncode == 0, result.stderr[-3000:]
    import json

    return json.loads(result.stdout.strip().splitlines()[-1])


def test_secret_messages_are_redacted(stored):
    assert stored["texts"] == ["1001234567", "[redacted]", "[redacted]"]
    assert "78620" not in stored["dump"]
    assert "Biscuit" not in stored["dump"]


def test_conversations_persist_across_a_restart_without_secrets(stored, tracker_db):
    assert stored["after_restart"] == ["1001234567", "[redacted]", "[redacted]", "yes"]
    # SQLite in WAL mode: the newest writes may still be in the -wal file beside it.
    raw = b"".join(p.read_bytes() for p in (tracker_db, tracker_db.with_name(tracker_db.name + "-wal"))
                   if p.exists())
    assert b"1001234567" in raw  # the conversation really is in the file
    assert b"78620" not in raw and b"Biscuit" not in raw


def test_outcomes_and_plain_values_survive(stored):
    assert stored["slots"] == {"account_number": "1001234567", "identity_proof": "verified",
                               "security_question": "2", "security_answer": "stored"}


def test_latest_message_is_the_last_one_even_inside_a_form(stored):
    # Rasa folds form turns when it rebuilds a tracker; the store points at the real last message.
    assert stored["latest"]["message_id"] == "m3"
    assert stored["latest"]["intent"]["name"] == "inform"
    assert stored["latest"]["text"] == "[redacted]"


def test_each_save_notes_a_redacted_summary_of_the_turn_for_the_channel(stored):
    summary = stored["summary"]
    assert summary["message_id"] == "m3"
    assert summary["intent"] == "inform" and summary["confidence"] == 0.9
    assert summary["slots"]["security_answer"] == "stored"
    assert summary["slots"]["redact_message_id"] == "m3"
    assert "Biscuit" not in str(summary) and "78620" not in str(summary)
    assert stored["stale_summary"] is None  # collected once, for its own message only
    assert stored["plain_summary"]["intent"] == "affirm"
    assert stored["plain_summary"]["slots"]["terms_accepted"] is True


def test_a_turn_without_secrets_is_stored_as_is_and_earlier_redactions_hold(stored):
    assert stored["plain_unchanged"] is True
    assert stored["texts_after_plain"] == ["1001234567", "[redacted]", "[redacted]", "yes"]


def test_runs_in_the_rasa_python():
    assert sys.version_info >= (3, 11)  # this test process; the store itself ran under .venv-rasa


def test_a_turn_the_store_could_not_save_is_reported_unsaved(stored):
    # Rasa's fail-safe store would answer the member as if all were well; the
    # summary tells the web app the conversation did not move on.
    assert stored["unsaved"] == {"raised": True, "summary": {"message_id": "m1", "unsaved": True}}


def test_a_later_turn_redacts_an_earlier_message_it_marks_in_the_stored_rows(stored, tracker_db):
    later = stored["later_mark"]
    assert later["texts"] == ["[redacted]", "[redacted]"]
    assert later["marked"] == "p2"  # the slot ends on the turn's own message
    assert "umpernickel" not in later["dump"]
    raw = b"".join(p.read_bytes() for p in (tracker_db, tracker_db.with_name(tracker_db.name + "-wal"))
                   if p.exists())
    assert b"later" in raw  # the conversation really is in the file
    assert b"umpernickel" not in raw  # neither the first save's row, nor a freed copy of it
