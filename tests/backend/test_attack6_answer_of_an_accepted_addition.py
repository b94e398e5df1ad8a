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
from backend.storage.models import Login

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


# --- test_review9_answer_of_a_signed_in_addition ---
# Review 9: the account a member adds while signed in to a login that a stranger's sign-up made.
#
# The stranger's phone-proven sign-up (their own account) made the login at the member's address; the
# member's own sign-up there became a pending addition, which the member's mailbox accepted, and the
# member set the login's password with its activation link. An account the member then adds on the
# account page stores no answer of its own, and fell back to the login's: the stranger's. The login's
# answer now stands for an account only when the sign-up that made the login is the account's own
# conversation's or its member's (the same phone on file); else staff read that there is no answer.
# Runs on SQLite and PostgreSQL.

# The member's barn: another account with the member's phone on file.
BARN = dict(MEMBER, account="1007770001", zip=MEMBER["zip"])


def _adds_signed_in(db, settings, conversation: str, who: dict, login_id: int) -> int:
    """The account page's "Add another account": ``who`` proven with the phone, offered to the login,
    and the offer accepted from the login's mailbox. Returns the registration's id."""
    with db() as session:
        assert (
            verification.check_account(session, conversation, who["account"], who["name"]).result == verification.MATCH
        )
    with db() as session:
        verification.verify_secret(session, settings, conversation, zip_code=who["zip"])
    prove_phone(db, settings, conversation)
    with db() as session:
        registration.add_to_login(session, settings, conversation, login_id)
    with db() as session:
        added = session.scalars(select(Registration).where(Registration.conversation_id == conversation)).one()
    with db() as session, session.begin():
        assert accounts.confirm_addition(session, settings, mint(db, added.id, tokens.ADD)).state == accounts.VALID
    return added.id


def _login_id(db) -> int:
    with db() as session:
        return session.scalars(select(Login.id).where(Login.email == MEMBER_EMAIL)).one()


def test_an_account_added_signed_in_to_a_stranger_made_login_does_not_take_the_stranger_s_answer(
    session_factory, settings
):
    db = session_factory
    load_members(db, settings, MEMBER, STRANGER, BARN)
    _signs_up(db, settings, "web-squat", STRANGER, STRANGERS_ANSWER)
    _signs_up(db, settings, "sms-member", MEMBER, MEMBERS_ANSWER)
    _adds_signed_in(db, settings, "web-account-add", BARN, _login_id(db))
    assert _check(db, BARN["account"], STRANGERS_ANSWER) == staff_security.NO_ANSWER  # was a match


def test_an_account_added_signed_in_to_the_member_s_own_login_takes_the_login_s_answer(session_factory, settings):
    db = session_factory
    load_members(db, settings, MEMBER, BARN)
    _signs_up(db, settings, "sms-member", MEMBER, MEMBERS_ANSWER)
    _adds_signed_in(db, settings, "web-account-add", BARN, _login_id(db))
    assert _check(db, BARN["account"], MEMBERS_ANSWER) == staff_security.MATCH
    assert _check(db, BARN["account"], STRANGERS_ANSWER) == staff_security.NO_MATCH
