"""Attacker test (sec15): a wrong code sent again is never checked again, with Twilio Verify too.

A wrong code sent again in the same conversation is answered as the first time and counted nowhere
(a dropped turn, a double send). With Twilio Verify the code belongs to the phone, and Verify holds a
new one whenever a new verification starts (the last one approved, expired or out of checks: any
other conversation's "send me a code" then starts one). The known-wrong value was still sent to Verify
before it was recognised as a repeat, so each of a conversation's wrong guesses was checked again,
free of every budget, against every new code: the guess counted once, checked many times.
"""

from __future__ import annotations

import pytest

from backend.accounts import registration as reg
from backend.core.errors import StepOutOfOrder
from backend.identity import possession as p
from tests.support.backend_helpers import GARZA, load_members
from tests.support.backend_helpers import verified as verified_steps
from tests.support.fake_twilio import FakeTwilio

PHONE = "+15125550123"


@pytest.fixture
def fake():
    twilio = FakeTwilio().start()
    yield twilio
    twilio.stop()


@pytest.fixture
def verify(settings_for, db_url):
    return settings_for(db_url, twilio_account_sid="AC" + "1" * 32, twilio_auth_token="token",
                        twilio_from_number="+15125550000", twilio_verify_service_sid="VA" + "2" * 32,
                        public_url="https://coop.example")


@pytest.fixture
def db(session_factory, verify):
    load_members(session_factory, verify, dict(GARZA, phone=PHONE))
    return session_factory


def enter(db, settings, fake, code):
    with db() as session:
        return p.check_code(session, settings, "attacker", code, http_client=fake.http_client())


def checks(fake) -> list[str]:
    return [r["form"]["Code"] for r in fake.requests if r["path"].endswith("/VerificationCheck")]


def test_a_wrong_code_sent_again_is_not_checked_again_at_verify(db, verify, fake):
    assert verified_steps(db, verify, "attacker", GARZA).possession == p.CODE_REQUIRED
    with db() as session:
        assert p.send_code(session, verify, "attacker", http_client=fake.http_client()).result == p.CODE_SENT
    assert enter(db, verify, fake, "111111").as_json() == {"result": "mismatch", "attempts_left": 2}
    fake.verify_code = "111111"  # Verify holds a new code for the phone: a new verification started since
    again = enter(db, verify, fake, "111111")
    assert again.as_json() == {"result": "mismatch", "attempts_left": 2}
    assert checks(fake) == ["111111"]
    with db() as session, pytest.raises(StepOutOfOrder) as refused:
        reg.register(session, verify, "attacker", "attacker@example.com", True)
    assert refused.value.code == reg.POSSESSION_REQUIRED
