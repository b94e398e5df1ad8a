"""The attacker through the API app: fifty requests at once against one account's budgets.

The API's own app (``backend.api.app``) on SQLite and PostgreSQL, one test
client per thread, the wall clock: exact counts, exactly one lock-out row,
one lock-out event and one notice.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from backend.identity import possession
from backend.identity import verification as v
from backend.storage.models import Lockout, Notification, SecurityEvent, VerificationAttempt
from backend.notify.notices import LOCKED as NOTICE_LOCKOUT
from backend.notify.notices import LOCKOUT as LOCKOUT_EVENT
from tests.support.api_calls import TEST_API_KEY
from tests.support.backend_helpers import GARZA, all_at_once, load_members

THREADS = 50
HEADERS = {"X-Coopbot-Api-Key": TEST_API_KEY}
WITH_PHONE = dict(GARZA, phone="+15125550123")


@pytest.fixture
def app(make_app, settings, session_factory):
    load_members(session_factory, settings, WITH_PHONE)
    return make_app(settings, api=True, testing=True)


def post(app, path, body):
    with app.test_client().open(f"/api{path}", method="POST", json=body, headers=HEADERS) as response:
        assert response.status_code == 200, response.get_json()
        return response.get_json()


def count(session_factory, model, *where) -> int:
    with session_factory() as session:
        return session.scalar(select(func.count()).select_from(model).where(*where)) or 0


def matched(app, conversations):
    for conversation in conversations:
        assert post(app, "/identity/account", {"conversation_id": conversation, "account_number": GARZA["account"],
                                               "name": GARZA["name"]})["result"] == "match"


def test_fifty_wrong_zips_through_the_api_count_five_and_lock_once(app, session_factory):
    conversations = [f"api{index}" for index in range(THREADS)]
    matched(app, conversations)
    results = all_at_once(THREADS, lambda index: post(app, "/identity/verify", {
        "conversation_id": conversations[index], "zip": "11111"})["result"])
    assert count(session_factory, VerificationAttempt, VerificationAttempt.step == v.SECRET_STEP,
                 VerificationAttempt.succeeded.is_(False),
                 # against the account: once it is locked, a wrong ZIP counts for its conversation
                 # and source only (through the lock, docs/security.md)
                 VerificationAttempt.member_id.is_not(None)) == v.ACCOUNT_DAILY_LIMIT
    assert results.count("mismatch") == v.ACCOUNT_DAILY_LIMIT - 1
    assert results.count("locked") == THREADS - v.ACCOUNT_DAILY_LIMIT + 1
    assert count(session_factory, Lockout, Lockout.member_id.is_not(None)) == 1
    assert count(session_factory, SecurityEvent, SecurityEvent.kind == LOCKOUT_EVENT) == 1
    assert count(session_factory, Notification, Notification.kind == NOTICE_LOCKOUT) == 1


def test_fifty_code_requests_through_the_api_text_five_codes(app, session_factory, settings):
    conversations = [f"code{index}" for index in range(THREADS)]
    matched(app, conversations)
    results = all_at_once(THREADS, lambda index: post(app, "/identity/code", {
        "conversation_id": conversations[index]})["result"])
    assert results.count("code_sent") == possession.MAX_SENDS_PER_MEMBER
    assert results.count("too_many_codes") == THREADS - possession.MAX_SENDS_PER_MEMBER
    folder = Path(settings.outbox_dir)
    codes = [path for path in folder.glob("*.json") if "your code is" in json.loads(path.read_text())["body"]]
    assert len(codes) == possession.MAX_SENDS_PER_MEMBER
