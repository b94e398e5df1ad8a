"""Attacker: a stranger's phone-proven sign-up makes the login at the member's address first; the
member's own sign-up there becomes a pending addition, which the member's mailbox accepts. The staff
console's caller check for the member's account must not accept the stranger's security answer (it
read the login's, which was the stranger's): each account is checked against its own sign-up's answer.
Runs on SQLite and PostgreSQL (the ``db_url`` fixture)."""

from __future__ import annotations

from sqlalchemy import select

from backend.accounts import online_access as accounts
from backend.accounts import registration
from backend.identity import verification
from backend.privacy import tokens
from backend.staff import security as staff_security
from backend.staff.accounts import create_staff
from backend.storage import pending
from backend.storage.models import ACTIVE, Member, Registration
from tests.support.backend_helpers import load_members
from tests.support.member_rows import mint
from tests.support.one_time_code import GARZA_WITH_PHONE as MEMBER, prove_phone

MEMBER_EMAIL = "maria.garza@example.com"
# The stranger's own account, with the stranger's own phone on file.
STRANGER = dict(account="1009990001", name="Reyes", zip="78701", phone="+15125550188")
STRANGERS_ANSWER, MEMBERS_ANSWER = "Stranger Street", "Fluffy"


def _signs_up(db, settings, conversation: str, who: dict, answer: str):
    """``who``'s number, name and ZIP, the security answer, the phone on file proven by code, then a
    sign-up at MEMBER_EMAIL."""
    with db() as session:
        assert (
            verification.check_account(session, conversation, who["account"], who["name"]).result == verification.MATCH
        )
    with db() as session:
        verification.verify_secret(session, settings, conversation, zip_code=who["zip"])
    with db() as session:
        assert registration.store_security_answer(session, conversation, 2, answer) == registration.STORED
    prove_phone(db, settings, conversation)
    with db() as session:
        assert registration.register(session, settings, conversation, MEMBER_EMAIL, True).result == registration.CREATED


def _check(db, account: str, answer: str) -> str:
    with db() as session:
        staff = create_staff(session, f"agent-{len(answer)}-{account}@coop.example", "a long staff password")
        member = session.scalars(select(Member).where(Member.account_number == account)).one()
        result = staff_security.check_answer(session, staff.id, member, answer)
        session.commit()
        return result


def test_the_member_s_account_accepted_onto_a_stranger_s_login_is_checked_against_the_member_s_answer(
    session_factory, settings
):
    db = session_factory
    load_members(db, settings, MEMBER, STRANGER)
    _signs_up(db, settings, "web-squat", STRANGER, STRANGERS_ANSWER)
    _signs_up(db, settings, "sms-member", MEMBER, MEMBERS_ANSWER)
    with db() as session:
        members = session.scalars(
            select(Registration).join(Registration.member).where(Member.account_number == MEMBER["account"])
        ).one()
        assert pending.is_addition(members)
    # The member's mailbox accepts the addition: the account is active on the stranger's login.
    with db() as session, session.begin():
        assert accounts.confirm_addition(session, settings, mint(db, members.id, tokens.ADD)).state == accounts.VALID
    with db() as session:
        assert session.get(Registration, members.id).status == ACTIVE
    # The caller who knows only the stranger's answer does not pass as the member.
    assert _check(db, MEMBER["account"], STRANGERS_ANSWER) == staff_security.NO_MATCH
    assert _check(db, MEMBER["account"], MEMBERS_ANSWER) == staff_security.MATCH
    # The stranger's own account is still checked against the stranger's own answer.
    assert _check(db, STRANGER["account"], STRANGERS_ANSWER) == staff_security.MATCH
    assert _check(db, STRANGER["account"], MEMBERS_ANSWER) == staff_security.NO_MATCH
