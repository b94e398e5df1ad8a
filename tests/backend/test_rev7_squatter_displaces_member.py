"""Review round 7: the rule that lets a phone-proven sign-up replace a never-activated login made by
another person's account (``registration._takes_over``, ``_give_way``) works both ways.

The member signs up first, from their own phone, with their own address: a pending login made with
the member's account, its activation mail on the way. The stranger (their own account, their own
phone) then signs up with the member's address. Nothing in ``_takes_over`` looks at who proved what
of the login it withdraws: the member's pending sign-up is withdrawn, its link stops working, and
nobody tells the member (no text to the phone on file, no mail but the stranger's activation, which
names the stranger's account). Repeated whenever the member signs up again, each remake also spends
one of the address's five mails of the day, after which the member's own sign-up is refused for the
day. Before this round the stranger's account became a pending addition the member's address could
refuse."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from backend.accounts import registration
from backend.storage.models import LIVE_STATUSES, Member, Registration
from tests.support.backend_helpers import load_members
from tests.support.backend_helpers import verified as verified_steps
from tests.support.one_time_code import GARZA_WITH_PHONE as MEMBER, prove_phone

MEMBER_EMAIL = "maria.garza@example.com"
STRANGER = dict(account="1009990001", name="Reyes", zip="78701", phone="+15125550188")


@pytest.mark.xfail(strict=True, reason="a stranger's phone-proven sign-up with the member's address silently "
                                        "withdraws the member's own phone-proven pending sign-up")
def test_a_stranger_s_sign_up_with_the_member_s_address_leaves_the_member_s_own_pending_sign_up_live(
        session_factory, settings):
    db = session_factory
    load_members(db, settings, MEMBER, STRANGER)
    verified_steps(db, settings, "sms-member", MEMBER)
    prove_phone(db, settings, "sms-member")
    with db() as session:
        assert registration.register(session, settings, "sms-member", MEMBER_EMAIL, True).result == registration.CREATED
    verified_steps(db, settings, "web-squat", STRANGER)
    prove_phone(db, settings, "web-squat")
    with db() as session:
        registration.register(session, settings, "web-squat", MEMBER_EMAIL, True)
    with db() as session:
        members = session.scalars(select(Registration).join(Registration.member)
                                  .where(Member.account_number == MEMBER["account"])).one()
        assert members.status in LIVE_STATUSES and members.login.email == MEMBER_EMAIL, members.status
