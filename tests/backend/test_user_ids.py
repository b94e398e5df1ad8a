"""User IDs (``COOPBOT_USERNAME=user_id``): the rules, and one live login per ID on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from backend.accounts import online_access as accounts
from backend.accounts import user_ids
from backend.storage.models import ACTIVE, UNSUBSCRIBED, Login
from tests.support.member_rows import add_member, add_registration, link_rows, mint

GOOD = "correct horse battery"


@pytest.mark.parametrize("good", ["jane.doe", "JaneDoe_42", "barn-pump.2", "a1b2c3", "x" * 32, "1000000x"])
def test_ids_within_the_rules(good):
    assert user_ids.problems(good) == []


@pytest.mark.parametrize("bad", ["", "   ", "jd42", "x" * 33, "jane doe", "jané.doe", "jane+doe",
                                 "1001234567", "5125550100", "jane@example.com"])
def test_ids_outside_the_rules(bad):
    assert user_ids.problems(bad)


def test_ids_are_compared_in_lower_case():
    assert user_ids.normalise("  Jane.Doe ") == "jane.doe"


@pytest.fixture
def uid_settings(settings_for, db_url):
    return settings_for(db_url, username="user_id")


def _pending(session_factory, account, email):
    registration_id = add_registration(session_factory, add_member(session_factory, account), email=email)
    return registration_id, mint(session_factory, registration_id)


def _activate(session_factory, settings, token, user_id):
    with session_factory() as db, db.begin():
        return accounts.activate(db, token, GOOD, settings, user_id=user_id).state


def test_two_logins_cannot_hold_one_id_in_any_case(session_factory, uid_settings):
    _first, first_token = _pending(session_factory, "1000000001", "one@example.com")
    second, second_token = _pending(session_factory, "1000000002", "two@example.com")
    assert _activate(session_factory, uid_settings, first_token, "Barn.Pump") == accounts.ACTIVATED
    assert _activate(session_factory, uid_settings, second_token, "BARN.PUMP") == accounts.USER_ID_TAKEN
    assert [row.used_at for row in link_rows(session_factory, second)] == [None]
    with session_factory() as db:
        assert accounts.authenticate(db, "barn.pump", GOOD, by_user_id=True).email == "one@example.com"


def test_the_index_refuses_a_second_live_login_with_the_id(session_factory):
    with session_factory() as db, db.begin():
        db.add(Login(email="one@example.com", user_id="barn.pump", status=ACTIVE))
    with pytest.raises(IntegrityError):
        with session_factory() as db, db.begin():
            db.add(Login(email="two@example.com", user_id="barn.pump", status=ACTIVE))


def test_an_unsubscribed_login_frees_its_id(session_factory):
    with session_factory() as db, db.begin():
        db.add(Login(email="old@example.com", user_id="barn.pump", status=UNSUBSCRIBED))
        db.add(Login(email="new@example.com", user_id="barn.pump", status=ACTIVE))
    with session_factory() as db:
        assert len(db.scalars(select(Login).where(Login.user_id == "barn.pump")).all()) == 2


def test_a_race_lost_at_the_index_answers_taken_and_spends_nothing(session_factory, uid_settings, monkeypatch):
    """Both members passed the check in the same instant: the index decides, the loser's link stays usable."""
    _first, first_token = _pending(session_factory, "1000000001", "one@example.com")
    second, second_token = _pending(session_factory, "1000000002", "two@example.com")
    assert _activate(session_factory, uid_settings, first_token, "barn.pump") == accounts.ACTIVATED
    monkeypatch.setattr(accounts, "user_id_taken", lambda *args: False)  # the check ran before the winner committed
    assert _activate(session_factory, uid_settings, second_token, "barn.pump") == accounts.USER_ID_TAKEN
    assert [row.used_at for row in link_rows(session_factory, second)] == [None]
    with session_factory() as db:
        assert db.scalars(select(Login.status).where(Login.email == "two@example.com")).one() == "pending"
