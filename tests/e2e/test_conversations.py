"""Every conversation of tests/conversations/*.yml through the real stack (signed /sms and /chat).

One stack for all of them (its own members, tests/conversations/members.csv),
so the whole file runs in a few minutes. Staff who label misunderstood
messages and retrain run it the same way to see that nothing broke:
``PYTHONPATH=$PWD .venv/bin/python -m pytest tests/e2e/test_conversations.py``.
"""

from __future__ import annotations

import pytest

from tests.e2e.conversations import MEMBERS_CSV, load_conversations, load_members, play
from tests.e2e.stack import Stack

pytestmark = pytest.mark.e2e

CONVERSATIONS = load_conversations()
MEMBERS = load_members()


@pytest.fixture(scope="module")
def conversation_stack(tmp_path_factory):
    instance = Stack(tmp_path_factory.mktemp("conversations"), members_csv=MEMBERS_CSV)
    try:
        instance.start()
    except Exception:
        instance.stop()
        raise
    yield instance
    instance.stop()


def test_the_files_are_well_formed():
    assert len(CONVERSATIONS) >= 40
    names = [c["name"] for c in CONVERSATIONS]
    assert len(names) == len(set(names)), "conversation names must be unique"
    used = [c["member"] for c in CONVERSATIONS if c.get("member")]
    assert all(m in MEMBERS for m in used), set(used) - set(MEMBERS)
    registering = [c["member"] for c in CONVERSATIONS if c.get("member") and c.get("outcome") == "registered"]
    assert len(registering) == len(set(registering)), "each registration needs its own member"


@pytest.mark.parametrize("conversation", CONVERSATIONS, ids=[c["name"] for c in CONVERSATIONS])
def test_conversation(conversation_stack, conversation):
    play(conversation_stack, conversation, MEMBERS)
