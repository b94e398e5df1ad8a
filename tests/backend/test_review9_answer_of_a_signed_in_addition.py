"""Review 9: the account a member adds while signed in to a login that a stranger's sign-up made.

The stranger's phone-proven sign-up (their own account) made the login at the member's address; the
member's own sign-up there became a pending addition, which the member's mailbox accepted, and the
member set the login's password with its activation link. An account the member then adds on the
account page stores no answer of its own, and fell back to the login's: the stranger's. The login's
answer now stands for an account only when the sign-up that made the login is the account's own
conversation's or its member's (the same phone on file); else staff read that there is no answer.
Runs on SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import select

from backend.accounts import online_access as accounts
from backend.accounts import registration
from backend.identity import verification
from backend.privacy import tokens
from backend.storage.models import Login, Registration
from tests.backend.test_attack6_answer_of_an_accepted_addition import (
    MEMBER,
    MEMBER_EMAIL,
    MEMBERS_ANSWER,
    STRANGER,
    STRANGERS_ANSWER,
    _check,
    _signs_up,
)
from backend.staff import security as staff_security
from tests.support.backend_helpers import load_members
from tests.support.member_rows import mint
from tests.support.one_time_code import prove_phone

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
