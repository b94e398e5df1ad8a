"""Adding an account to a login, played by a stranger who holds the member's bill.

The stranger has an online login of their own (for their own account) and the
member's bill (account number, name, ZIP). Adding the member's account to the
stranger's login runs the very steps of a first registration, so it needs the
same proofs, the phone on file included, spends the same guessing budget, and
the member's phone on file is told; the reply never says whether an address has a login.
"""

from __future__ import annotations


import pytest
from sqlalchemy import select

from backend.accounts import online_access as accounts
from backend.accounts import registration as reg
from backend.core.errors import StepOutOfOrder
from backend.identity import possession as p
from backend.identity import verification as v
from backend.notify import dispatch
from backend.storage.models import ACTIVE, Registration, utcnow
from tests.support.backend_helpers import OBRIEN, load_members, outbox_mails, parts
from tests.support.backend_helpers import verified as verified_steps
from tests.support.backend_helpers import (ADD_LINK, LOGIN_PASSWORD as PASSWORD,
                                           deliver_outcome as deliver, own_active_login,
                                           register_in as register)
from tests.support.one_time_code import GARZA_PHONE as PHONE, GARZA_WITH_PHONE, guess_the_code_away, prove_phone
from tests.support.one_time_code import texts

MEMBER = GARZA_WITH_PHONE                  # the victim: a phone on file
STRANGER = OBRIEN                          # the attacker's own account
STRANGER_EMAIL = "stranger@example.com"




@pytest.fixture
def db(session_factory, settings):
    """The stranger already has an active login for their own account."""
    load_members(session_factory, settings, MEMBER, STRANGER)
    own_active_login(session_factory, settings, STRANGER, STRANGER_EMAIL)
    return session_factory


def member_registrations(db):
    with db() as session:
        return session.scalars(select(Registration).join(Registration.member)
                               .where(Registration.member.has(account_number=MEMBER["account"]))).all()


def test_the_bill_alone_does_not_add_the_account_to_the_stranger_s_login(db, settings):
    result = verified_steps(db, settings, "web-stranger", MEMBER)
    assert result.possession == p.CODE_REQUIRED  # the phone on file must be proven, as for a first login
    with pytest.raises(StepOutOfOrder) as refused:
        register(db, settings, "web-stranger", STRANGER_EMAIL)
    assert refused.value.code == reg.POSSESSION_REQUIRED
    # Guessing the one-time code spends its small budget, then the code is gone.
    guess_the_code_away(db, settings, "web-stranger")
    with pytest.raises(StepOutOfOrder):
        register(db, settings, "web-stranger", STRANGER_EMAIL)
    assert member_registrations(db) == []
    with db() as session:
        login = accounts.authenticate(session, STRANGER_EMAIL, PASSWORD)
        assert [r.member.account_number for r in login.live_registrations()] == [STRANGER["account"]]


def test_wrong_proofs_while_adding_spend_the_account_s_own_budget(db, settings):
    now = utcnow()
    for index in range(v.ACCOUNT_DAILY_LIMIT):
        with db() as session:
            assert v.check_account(session, f"guess{index}", MEMBER["account"], MEMBER["name"], now=now).result == v.MATCH
        with db() as session:
            v.verify_secret(session, settings, f"guess{index}", zip_code="11111", now=now)
    # The member's account is now locked for everyone: the right ZIP proves nothing today.
    with db() as session:
        checked = v.check_account(session, "late", MEMBER["account"], MEMBER["name"], now=now)
    assert checked.result != v.MATCH
    with pytest.raises(StepOutOfOrder):
        register(db, settings, "late", STRANGER_EMAIL)
    assert member_registrations(db) == []


def test_a_proven_addition_waits_for_the_login_s_mailbox_and_the_phone_on_file_is_told(db, settings):
    """Even with every proof, the account joins a login only when that login's address confirms it,
    and the member's phone on file hears of the request and of the addition."""
    verified_steps(db, settings, "web-member", MEMBER)
    prove_phone(db, settings, "web-member")
    outcome = register(db, settings, "web-member", STRANGER_EMAIL)
    assert outcome.as_json() == {"result": "created", "email_masked": "s***@e***.com"}
    deliver(settings, db, outcome)
    [pending] = member_registrations(db)
    assert pending.status == "pending"
    told = texts(settings)[-1]
    assert told["to"] == PHONE and "s***@e***.com" in told["body"]
    offer = outbox_mails(settings.outbox_dir)[-1]
    assert offer["To"] == STRANGER_EMAIL
    token = ADD_LINK.search(parts(offer)[0]).group(1)
    with db() as session:
        assert accounts.confirm_addition(session, settings, token).state == accounts.VALID
        queued = dispatch.pending_for(session, pending.id)
        session.commit()
    for notification_id in queued:
        dispatch.deliver(settings, db, notification_id)
    [added] = member_registrations(db)
    assert added.status == ACTIVE
    assert texts(settings)[-1]["to"] == PHONE and "activated" in texts(settings)[-1]["body"]
