"""COOPBOT_PROOFS: the meter number as a proof, and a proof the co-op does not accept refused."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from backend.accounts import registration as reg
from backend.core.errors import BadInput
from backend.identity import verification as v
from backend.storage.models import VerificationAttempt
from tests.support.api_calls import HEADERS
from tests.support.backend_helpers import GARZA, load_members

PEC_GARZA = dict(GARZA, meter="AB12345")


@pytest.fixture
def pec(settings_for, db_url):
    """A PEC-style co-op: the meter number is the only proof after number and name."""
    return settings_for(db_url, proofs="meter", verify_policy="bill")


@pytest.fixture
def db(session_factory, settings):
    load_members(session_factory, settings, PEC_GARZA)
    return session_factory


def prove(db, settings, conversation, now=None, **proof):
    with db() as session:
        assert v.check_account(session, conversation, GARZA["account"], "Garza", now=now).result == v.MATCH
    with db() as session:
        return v.verify_secret(session, settings, conversation, now=now, **proof)


def wrong_secrets(db) -> int:
    with db() as session:
        return session.scalar(select(func.count()).select_from(VerificationAttempt).where(
            VerificationAttempt.step == v.SECRET_STEP, VerificationAttempt.succeeded.is_(False)))


@pytest.mark.parametrize("typed", ["AB12345", "ab12345", "AB-12 345", " ab 12-345 "])
def test_the_meter_number_as_printed_proves_the_account_whatever_its_spacing_and_case(db, pec, typed):
    result = prove(db, pec, "pec1", meter_number=typed)
    assert result.result == v.VERIFIED
    with db() as session:
        assert v.is_verified(v.get_draft(session, "pec1"))


def test_a_wrong_meter_number_is_a_mismatch_counted_like_a_wrong_zip(db, pec):
    result = prove(db, pec, "pec1", meter_number="AB12346")
    assert result.result == v.MISMATCH
    assert result.attempts_left == v.CONVERSATION_FAILURE_LIMIT - 1
    assert wrong_secrets(db) == 1
    with db() as session:
        assert not v.is_verified(v.get_draft(session, "pec1"))


def test_wrong_meter_numbers_spend_the_account_s_daily_budget(db, pec):
    for index in range(v.ACCOUNT_DAILY_LIMIT):
        with db() as session:  # guessers on as many networks: only the account's budget binds
            v.remember_origin(session, f"guess{index}", "web", f"network{index}")
            session.commit()
        result = prove(db, pec, f"guess{index}", meter_number=f"ZZ{index}")
        if index < v.ACCOUNT_DAILY_LIMIT - 1:
            assert result.result == v.MISMATCH
    # The guess that spends the budget locks the account, as the same number of wrong ZIPs would.
    assert (result.result, result.lock_scope) == (v.LOCKED, v.ACCOUNT_SCOPE)
    assert wrong_secrets(db) == v.ACCOUNT_DAILY_LIMIT
    # The account is locked, as after as many wrong ZIPs: not even the right meter number is heard.
    with db() as session:
        locked = v.check_account(session, "late", GARZA["account"], "Garza")
    assert (locked.result, locked.lock_scope) == (v.LOCKED, v.ACCOUNT_SCOPE)


@pytest.mark.parametrize("typed", ["AB*12", "A" * 13, "---"])
def test_something_that_is_no_meter_number_is_bad_input_and_not_a_guess(db, pec, typed):
    with pytest.raises(BadInput) as refused:
        prove(db, pec, "pec1", meter_number=typed)
    assert refused.value.code == "invalid_meter_number"
    assert wrong_secrets(db) == 0


def test_a_proof_the_co_op_does_not_accept_is_refused_before_anything_is_checked(db, pec):
    with pytest.raises(BadInput) as refused:
        prove(db, pec, "pec1", zip_code=GARZA["zip"])
    assert refused.value.code == "proof_not_accepted"
    assert wrong_secrets(db) == 0
    with db() as session:
        assert not v.is_verified(v.get_draft(session, "pec1"))


def test_the_meter_number_is_refused_where_the_co_op_accepts_zip_and_ssn(db, settings):
    assert settings.proofs == ("zip", "ssn")
    with pytest.raises(BadInput) as refused:
        prove(db, settings, "c1", meter_number=PEC_GARZA["meter"])
    assert refused.value.code == "proof_not_accepted"
    assert prove(db, settings, "c2", zip_code=GARZA["zip"]).result == v.VERIFIED


def test_the_config_tells_the_conversation_which_proofs_the_co_op_accepts(pec, settings):
    assert reg.public_config(pec)["proofs"] == ["meter"]
    assert reg.public_config(settings)["proofs"] == ["zip", "ssn"]


def test_the_api_takes_the_meter_number_and_says_which_proofs_it_accepts(make_app, pec, session_factory):
    load_members(session_factory, pec, dict(GARZA, meter="AB12345", account="1007654321"))
    client = make_app(pec, api=True, testing=True).test_client()

    def call(method, path, json=None):
        with client.open(f"/api{path}", method=method, json=json, headers=HEADERS) as response:
            return response.status_code, response.get_json()

    assert call("GET", "/config")[1]["proofs"] == ["meter"]
    account = {"conversation_id": "c1", "account_number": "1007654321", "name": "Garza"}
    assert call("POST", "/identity/account", account)[1]["result"] == "match"
    status, body = call("POST", "/identity/verify", {"conversation_id": "c1", "zip": GARZA["zip"]})
    assert (status, body["error"]) == (400, "proof_not_accepted")
    status, body = call("POST", "/identity/verify", {"conversation_id": "c1", "meter_number": "ab-12345"})
    assert (status, body["result"]) == (200, "verified")


def test_the_member_file_s_meter_number_is_kept_only_as_a_keyed_hash_of_its_normalised_form(
        session_factory, pec):
    """Written "xq-70 918" in the file: stored hashed, proven as printed, unchanged when re-written."""
    import io

    from backend.accounts.members_import import HEADER, import_members
    from backend.storage.models import Base
    from tests.support.at_rest import app_database_text

    def load(meter: str):
        text = ",".join(HEADER) + f"\n{GARZA['account']},{meter},Garza,{GARZA['zip']},{GARZA['last4']},\n"
        return import_members(session_factory, io.StringIO(text), pec.secret_key)

    assert load("xq-70 918").inserted == 1
    with session_factory() as session:
        stored = app_database_text(session, Base).upper()
    assert "XQ" not in stored and "70918" not in stored and "70 918" not in stored
    assert prove(session_factory, pec, "c1", meter_number="XQ70918").result == v.VERIFIED
    # Another spelling of the same meter changes nothing; a new meter replaces the old one.
    report = load("XQ70918")
    assert (report.unchanged, report.updated) == (1, 0)
    report = load("CD-99")
    assert (report.unchanged, report.updated) == (0, 1)
    assert prove(session_factory, pec, "c2", meter_number="XQ70918").result == v.MISMATCH
    assert prove(session_factory, pec, "c3", meter_number="cd99").result == v.VERIFIED
