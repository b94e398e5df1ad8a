"""Staff console: the caller's security answer check, per-account failures/locks/notices, lifting a lock-out."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from backend.identity import verification as v
from backend.storage.db import transaction
from backend.storage.models import AuditEntry, Member, utcnow
from tests.support.staff_seed import ADMIN_EMAIL, create_staff_users
from tests.support.member_rows import ACCOUNT, add_member, add_registration
from tests.support.staff_pages import csrf_token, page_text, sign_in

PAGE = f"/staff/accounts/{ACCOUNT}"


@pytest.fixture
def account(session_factory):
    with transaction(session_factory) as session:
        create_staff_users(session)
    member_id = add_member(session_factory)
    add_registration(session_factory, member_id, status="active")  # security answer "Rex"
    return member_id


def _check(client, answer):
    token = csrf_token(client.get(PAGE).get_data(as_text=True))
    return client.post(f"{PAGE}/answer", data={"answer": answer, "csrf_token": token}, follow_redirects=True)


def test_agent_checks_the_callers_answer_without_seeing_it(client, account, session_factory):
    sign_in(client)
    assert "The answer matches." in page_text(_check(client, "  rex "))
    wrong = _check(client, "Spot")
    assert "The answer does not match." in page_text(wrong)
    assert "Spot" not in wrong.get_data(as_text=True)
    for _ in range(3):
        _check(client, "Spot")
    assert "Too many checks" in page_text(_check(client, "Rex"))  # rate limited, even when right
    with session_factory() as session:
        entries = session.scalars(select(AuditEntry).where(AuditEntry.action == "check_answer")).all()
    assert len(entries) == 6 and not any("Rex" in (e.detail or "") or "Spot" in (e.detail or "") for e in entries)


def test_failures_lockouts_and_lifting_by_an_admin(client, account, session_factory, settings):
    now = utcnow()
    for index in range(v.ACCOUNT_DAILY_LIMIT):
        with session_factory() as session:
            v.remember_origin(session, f"c{index}", "web", f"source{index:04d}")
            session.commit()
            assert v.check_account(session, f"c{index}", ACCOUNT, "Doe", now=now).result == v.MATCH
        with session_factory() as session:
            v.verify_secret(session, settings, f"c{index}", zip_code="11111", now=now)
    sign_in(client)
    page = client.get(PAGE)
    text = page_text(page)
    assert "locked until" in text and "source00" in text and "web" in text
    assert "Lift the lock-out" not in text  # agents cannot
    assert client.post(f"{PAGE}/lift", data={"csrf_token": csrf_token(page.get_data(as_text=True))}).status_code == 403
    client.post("/staff/sign-out", data={"csrf_token": csrf_token(page.get_data(as_text=True))})
    sign_in(client, email=ADMIN_EMAIL)
    page = client.get(PAGE)
    lifted = client.post(f"{PAGE}/lift", data={"csrf_token": csrf_token(page.get_data(as_text=True))},
                         follow_redirects=True)
    assert "not locked" in page_text(lifted)
    with session_factory() as session:
        assert v.check_account(session, "owner", ACCOUNT, "Doe", now=utcnow() + timedelta(seconds=1)).result == v.MATCH
        assert session.scalar(select(AuditEntry).where(AuditEntry.action == "lift_lockout")) is not None


def test_opening_an_account_and_searching_by_account_number_are_audited(app, account, session_factory):
    agent = app.test_client()
    sign_in(agent)
    assert agent.get(PAGE).status_code == 200
    assert agent.get(f"/staff/conversations?account={ACCOUNT}").status_code == 200
    agent.get("/staff/conversations")  # no search: nothing recorded
    with session_factory() as session:
        entries = session.scalars(select(AuditEntry).where(
            AuditEntry.action.in_(("view_account", "search_account"))).order_by(AuditEntry.id)).all()
        assert [(e.action, e.staff.email.split("@")[0]) for e in entries] == [
            ("view_account", "agent"), ("search_account", "agent")]
        assert ACCOUNT in entries[0].detail and entries[1].detail == f"account:{ACCOUNT}"
    admin = app.test_client()
    sign_in(admin, ADMIN_EMAIL)
    text = page_text(admin.get("/staff/audit"))
    assert "Opened an account's security page" in text and "Searched conversations by account number" in text


def test_staff_see_an_account_closed_in_billing_and_its_kept_login(client, account, session_factory):
    sign_in(client)
    assert "In billing open" in page_text(client.get(PAGE))
    with transaction(session_factory) as session:
        session.get(Member, account).closed_at = utcnow()
    text = page_text(client.get(PAGE))
    assert "In billing closed since" in text and "its online login is kept" in text
    assert "Online registration active" in text
