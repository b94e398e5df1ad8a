"""Possession of the phone on file (COOPBOT_VERIFY_POLICY=phone): one-time codes and SMS from that phone."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from backend.identity import possession as p
from backend.accounts import registration as reg
from backend.identity import verification as v
from backend.core.errors import StepOutOfOrder
from backend.storage.models import RegistrationDraft, VerificationAttempt, utcnow
from backend.notify.consent import phone_key, set_opted_out
from tests.support.one_time_code import GARZA_PHONE as PHONE, GARZA_WITH_PHONE as WITH_PHONE, texts
from tests.support.backend_helpers import GARZA, OBRIEN, load_members
from tests.support.backend_helpers import verified as verified_steps



@pytest.fixture
def db(session_factory, settings):
    load_members(session_factory, settings, WITH_PHONE, OBRIEN)
    return session_factory


def code_in(text: dict) -> str:
    return re.search(r"\b(\d{6})\b", text["body"]).group(1)


def verified(db, settings, conversation, member=WITH_PHONE, now=None):
    return verified_steps(db, settings, conversation, member, now=now)


def register(db, settings, conversation, email="maria@example.com"):
    with db() as session:
        return reg.register(session, settings, conversation, email, True)


def send(db, settings, conversation, now=None, **kwargs):
    with db() as session:
        return p.send_code(session, settings, conversation, now=now, **kwargs)


def enter(db, settings, conversation, code, now=None):
    with db() as session:
        return p.check_code(session, settings, conversation, code, now=now)


def lock_garza(db, settings, now) -> None:
    """Spend Garza's daily budget of wrong secrets from other conversations."""
    for index in range(v.ACCOUNT_DAILY_LIMIT):
        with db() as session:
            v.check_account(session, f"bad{index}", GARZA["account"], "Garza", now=now)
        with db() as session:
            v.verify_secret(session, settings, f"bad{index}", zip_code="11111", now=now)


def test_a_code_to_the_phone_on_file_is_needed_before_registering(db, settings):
    assert verified(db, settings, "web1").possession == p.CODE_REQUIRED
    with pytest.raises(StepOutOfOrder) as refused:
        register(db, settings, "web1")
    assert refused.value.code == reg.POSSESSION_REQUIRED
    sent = send(db, settings, "web1")
    assert sent.as_json() == {"result": "code_sent", "phone_masked": "***-***-0123", "channel": "sms"}
    [text] = texts(settings)
    assert text["to"] == PHONE and "code" in text["body"]
    code = code_in(text)
    with db() as session:
        draft = session.get(RegistrationDraft, "web1")
        assert code not in (draft.code_hash or "") and len(draft.code_hash) == 64  # hashed at rest
    wrong = "000000" if code != "000000" else "111111"
    assert enter(db, settings, "web1", wrong).as_json() == {"result": "mismatch", "attempts_left": 2}
    assert enter(db, settings, "web1", code).result == p.VERIFIED
    assert register(db, settings, "web1").result == reg.CREATED


def test_a_code_expires_after_ten_minutes_and_three_tries(db, settings):
    now = utcnow()
    verified(db, settings, "web1", now=now)
    send(db, settings, "web1", now=now)
    code = code_in(texts(settings)[-1])
    assert enter(db, settings, "web1", code, now=now + p.CODE_TTL + timedelta(seconds=1)).result == p.EXPIRED
    later = now + timedelta(minutes=11)
    send(db, settings, "web1", now=later)
    code = code_in(texts(settings)[-1])
    first, second, third = [wrong for wrong in ("000000", "111111", "222222", "333333") if wrong != code][:3]
    assert enter(db, settings, "web1", first, now=later).attempts_left == 2
    assert enter(db, settings, "web1", second, now=later).attempts_left == 1
    # The third wrong try also locks the conversation (3 failures): the code is void either way.
    assert enter(db, settings, "web1", third, now=later).result in (p.MISMATCH, v.LOCKED)
    assert enter(db, settings, "web1", code, now=later + timedelta(hours=2)).result == p.EXPIRED


def test_codes_per_conversation_are_limited(db, settings):
    now = utcnow()
    verified(db, settings, "web1", now=now)
    results = [send(db, settings, "web1", now=now + timedelta(minutes=minute)).result for minute in range(5)]
    assert results == [p.CODE_SENT] * p.MAX_SENDS + [p.TOO_MANY_CODES] * 2
    assert len(texts(settings)) == p.MAX_SENDS


def test_codes_per_account_are_limited_per_day_not_only_per_hour(db, settings):
    """A stranger with the bill asks for codes all day from fresh conversations (attacker's test)."""
    start = utcnow()

    def ask(index: int, at) -> str:
        conversation = f"bill-holder-{index}"
        verified(db, settings, conversation, now=at)
        return send(db, settings, conversation, now=at).result

    asked = 0
    for hour in range(p.MAX_SENDS_PER_MEMBER_PER_DAY // p.MAX_SENDS_PER_MEMBER):
        for minute in range(p.MAX_SENDS_PER_MEMBER):
            assert ask(asked, start + timedelta(hours=hour, minutes=minute)) == p.CODE_SENT
            asked += 1
    assert asked == p.MAX_SENDS_PER_MEMBER_PER_DAY == 10
    # Later hours: the hourly window is empty again, but the day's codes are spent.
    for hour in (3, 12, 23):
        assert ask(asked, start + timedelta(hours=hour, minutes=30)) == p.TOO_MANY_CODES
        asked += 1
    assert len(texts(settings)) == p.MAX_SENDS_PER_MEMBER_PER_DAY
    # The window rolls: 24 hours after the first codes, codes go out again.
    assert ask(asked, start + timedelta(hours=24, minutes=10)) == p.CODE_SENT
    assert len(texts(settings)) == p.MAX_SENDS_PER_MEMBER_PER_DAY + 1


def test_an_sms_from_the_phone_on_file_is_proof(db, settings):
    conversation = phone_key(settings.secret_key, PHONE)
    with db() as session:
        v.remember_origin(session, conversation, "sms", conversation)
        session.commit()
    assert verified(db, settings, conversation).possession == p.SMS
    assert register(db, settings, conversation).result == reg.CREATED
    assert texts(settings) == []


def test_an_sms_from_another_phone_needs_the_code(db, settings):
    other = phone_key(settings.secret_key, "+15125559999")
    with db() as session:
        v.remember_origin(session, other, "sms", other)
        session.commit()
    assert verified(db, settings, other).possession == p.CODE_REQUIRED


def test_an_opted_out_phone_gets_no_text_and_the_bill_data_never_suffice(db, settings):
    """The attacker made the member text STOP: no code goes out, and nothing is registered on bill data."""
    with db() as session:
        set_opted_out(session, phone_key(settings.secret_key, PHONE), True)
        session.commit()
    verified(db, settings, "web1")
    assert send(db, settings, "web1").as_json() == {"result": p.PHONE_OPTED_OUT, "phone_masked": "***-***-0123"}
    assert texts(settings) == []
    with pytest.raises(StepOutOfOrder) as refused:
        register(db, settings, "web1")
    assert refused.value.code == reg.POSSESSION_REQUIRED

    # O'Brien has no phone on file: nothing to prove, the bill data stands.
    verified(db, settings, "web2", member=dict(OBRIEN))
    assert send(db, settings, "web2").result == p.NO_PHONE_ON_FILE


def test_twilio_out_of_reach_settles_nothing(db, settings):
    verified(db, settings, "web1")

    def twilio_down(*_args, **_kwargs):
        raise ConnectionError("api.twilio.com unreachable")

    assert send(db, settings, "web1", sender=twilio_down).result == p.CODE_UNAVAILABLE
    with pytest.raises(StepOutOfOrder):
        register(db, settings, "web1")
    assert send(db, settings, "web1").result == p.CODE_SENT  # Twilio is back: the code goes out


def test_bill_policy_needs_no_code(db, settings_for, settings):
    bill = settings_for(settings.database_url, verify_policy="bill")
    assert verified(db, bill, "web1").possession == p.NOT_REQUIRED
    assert register(db, bill, "web1").result == reg.CREATED


def test_a_right_code_clears_the_wrong_guesses_counted_so_far(db, settings):
    now = utcnow()
    for index in range(v.ACCOUNT_DAILY_LIMIT - 1):
        with db() as session:
            v.check_account(session, f"bad{index}", GARZA["account"], "Garza", now=now)
        with db() as session:
            assert v.verify_secret(session, settings, f"bad{index}", zip_code="11111", now=now).result == v.MISMATCH
    verified(db, settings, "owner", now=now)
    assert send(db, settings, "owner", now=now).result == p.CODE_SENT
    assert enter(db, settings, "owner", code_in(texts(settings)[-1]), now=now).result == p.VERIFIED
    # Five more wrong guesses are needed to lock the account now, not one.
    for index in range(v.ACCOUNT_DAILY_LIMIT - 1):
        with db() as session:
            v.check_account(session, f"more{index}", GARZA["account"], "Garza", now=now)
        with db() as session:
            assert v.verify_secret(session, settings, f"more{index}", zip_code="11111", now=now).result == v.MISMATCH


def test_a_locked_account_texts_no_code_and_hears_no_code(db, settings):
    """After five wrong ZIPs a new chat that matches the name gets no code texted, and a code
    already texted to an earlier conversation is no longer heard (no guesses, no texts)."""
    now = utcnow()
    verified(db, settings, "early", now=now)
    assert send(db, settings, "early", now=now).result == p.CODE_SENT
    code = code_in(texts(settings)[-1])
    lock_garza(db, settings, now)
    sent_before = len(texts(settings))
    with db() as session:
        told = v.check_account(session, "owner", GARZA["account"], "Garza", now=now)
    assert (told.result, told.lock_scope, told.unlock) == (v.LOCKED, v.ACCOUNT_SCOPE, v.UNLOCK_MEMBER_SERVICES)
    # The locked check keeps the matched number and name for a link to the address on file only
    # (verification.links_through_the_lock): no code is texted for it.
    asked = send(db, settings, "owner", now=now)
    assert (asked.result, asked.lock_scope) == (p.LOCKED, v.ACCOUNT_SCOPE)
    refused = send(db, settings, "early", now=now + timedelta(minutes=1))
    assert (refused.result, refused.lock_scope) == (p.LOCKED, v.ACCOUNT_SCOPE)
    # Even the right code is not evaluated, and nothing is counted.
    with db() as session:
        attempts = session.scalar(select(func.count()).select_from(VerificationAttempt))
    assert enter(db, settings, "early", code, now=now).result == p.LOCKED
    with db() as session:
        assert session.scalar(select(func.count()).select_from(VerificationAttempt)) == attempts
        assert session.get(RegistrationDraft, "early").possession is None
    assert len(texts(settings)) == sent_before
