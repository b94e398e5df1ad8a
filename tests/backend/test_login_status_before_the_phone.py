"""Under ``COOPBOT_VERIFY_POLICY=phone``, a stranger holding the bill of an account with a phone on
file asks for a password reset or the deletion link before proving that phone: the answer is the
same whether the account has no online login, a pending one or an active one, and names no
address (``registration.IF_REGISTERED``); the mail still goes, to the address on file only."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from backend.accounts import registration
from backend.identity import possession
from backend.storage.models import ACTIVE, PENDING, Member
from tests.support.backend_helpers import load_members, outbox_mails
from tests.support.backend_helpers import verified as verified_steps
from tests.support.member_rows import add_registration
from tests.support.one_time_code import GARZA_WITH_PHONE as MEMBER, prove_phone, texted_code

ON_FILE = "garza.on.file@example.com"


def _ask(db, settings, conversation, step):
    with db() as session:
        outcome = step(session, settings, conversation)
    return outcome.as_json(), outcome.notification_ids


@pytest.mark.parametrize("step", [registration.password_reset, registration.unsubscribe])
def test_the_answer_before_the_phone_is_the_same_for_no_login_a_pending_one_and_an_active_one(
        session_factory, settings, step):
    db = session_factory
    load_members(db, settings, MEMBER)
    with db() as session:
        member_id = session.scalars(select(Member.id)).one()
    answers, mailed = [], []
    for index, status in enumerate((None, PENDING, ACTIVE)):
        if status is not None:
            with db() as session, session.begin():  # the account's earlier login, if any, is gone
                for row in session.scalars(select(registration.Registration)):
                    row.status = registration.GONE
            add_registration(db, member_id, email=f"{index}-{ON_FILE}", status=status)
        conversation = f"web-stranger-{index}"
        assert verified_steps(db, settings, conversation, MEMBER).possession == possession.CODE_REQUIRED
        answer, ids = _ask(db, settings, conversation, step)
        answers.append(answer)
        mailed.append(bool(ids))
    assert answers == [{"result": registration.IF_REGISTERED}] * 3
    assert mailed == [False, True, True]  # the mails still go, to the address on file only
    assert {m["To"] for m in outbox_mails(settings.outbox_dir)} <= {f"1-{ON_FILE}", f"2-{ON_FILE}"}


def test_once_the_phone_is_proven_the_answer_says_what_was_mailed_and_where(session_factory, settings):
    db = session_factory
    load_members(db, settings, MEMBER)
    with db() as session:
        member_id = session.scalars(select(Member.id)).one()
    add_registration(db, member_id, email=ON_FILE, status=ACTIVE)
    verified_steps(db, settings, "sms-member", MEMBER)
    prove_phone(db, settings, "sms-member")
    answer, ids = _ask(db, settings, "sms-member", registration.password_reset)
    assert answer == {"result": registration.SENT, "email_masked": "g***@e***.com", "link": "password_reset"}
    assert ids


def test_the_identity_check_tells_an_active_login_only_once_the_code_proves_the_phone(session_factory, settings):
    """Sign-up on the bill from another phone: ``verified`` says "none" and names no address for an
    active login, exactly as for no login; the code's ``verified`` then tells it."""
    db = session_factory
    load_members(db, settings, MEMBER)
    with db() as session:
        member_id = session.scalars(select(Member.id)).one()
    add_registration(db, member_id, email=ON_FILE, status=ACTIVE)
    checked = verified_steps(db, settings, "web-stranger", MEMBER)
    assert (checked.possession, checked.registration_status, checked.email_masked) == (
        possession.CODE_REQUIRED, "none", None)
    with db() as session:
        assert possession.send_code(session, settings, "web-stranger").result == possession.CODE_SENT
    with db() as session:
        told = possession.check_code(session, settings, "web-stranger", texted_code(settings))
    assert told.as_json() == {"result": possession.VERIFIED, "registration_status": ACTIVE,
                              "email_masked": "g***@e***.com"}
