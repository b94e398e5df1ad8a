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

import re
from datetime import timedelta

from sqlalchemy import select

from backend.accounts import link_mails, registration
from backend.accounts import online_access as accounts
from backend.notify import dispatch
from backend.storage.models import ACTIVE, LIVE_STATUSES, PENDING, Login, Member, Registration, utcnow
from tests.support.backend_helpers import load_members, outbox_mails, parts
from tests.support.backend_helpers import verified as verified_steps
from tests.support.one_time_code import GARZA_WITH_PHONE as MEMBER, prove_phone

MEMBER_EMAIL = "maria.garza@example.com"
STRANGER = dict(account="1009990001", name="Reyes", zip="78701", phone="+15125550188")


def _signs_up(db, settings, conversation, member):
    """``member`` proves their account and its phone in ``conversation`` and signs up with the member's
    address; the mails and texts are delivered. Returns the answer."""
    verified_steps(db, settings, conversation, member)
    prove_phone(db, settings, conversation)
    with db() as session:
        outcome = registration.register(session, settings, conversation, MEMBER_EMAIL, True)
    dispatch.deliver_after_commit(settings, db, outcome.notification_ids)
    return outcome


def test_a_stranger_s_sign_up_with_the_member_s_address_leaves_the_member_s_own_pending_sign_up_live(
        session_factory, settings):
    db = session_factory
    load_members(db, settings, MEMBER, STRANGER)
    assert _signs_up(db, settings, "sms-member", MEMBER).result == registration.CREATED
    _signs_up(db, settings, "web-squat", STRANGER)
    with db() as session:
        members = session.scalars(select(Registration).join(Registration.member)
                                  .where(Member.account_number == MEMBER["account"])).one()
        assert members.status in LIVE_STATUSES and members.login.email == MEMBER_EMAIL, members.status


def test_the_member_s_mailed_link_still_activates_after_the_stranger_signs_up_with_the_address_again_and_again(
        session_factory, settings):
    """The stranger repeats the sign-up with the member's address from new conversations, as many times as
    the address has mails in a day: the activation link already in the member's mailbox still works,
    the login it activates is the member's, and the stranger's account is only an addition its address
    was offered (and never took)."""
    db = session_factory
    load_members(db, settings, MEMBER, STRANGER)
    _signs_up(db, settings, "sms-member", MEMBER)
    [link] = [found.group(1) for m in outbox_mails(settings.outbox_dir) if m["To"] == MEMBER_EMAIL
              for found in [re.search(r"/activate/([A-Za-z0-9_-]{40,})", parts(m)[0])] if found]
    for attempt in range(link_mails.DAILY_ADDRESS_MAILS):
        _signs_up(db, settings, f"web-squat-{attempt}", STRANGER)
    # The member asks for their link again: it is mailed (the stranger's rounds spent nothing of theirs).
    with db() as session:
        later = utcnow() + registration.LINK_MAIL_GUARD + timedelta(minutes=1)
        assert registration.password_reset(session, settings, "sms-member", later).link == dispatch.ACTIVATION
    with db() as session, session.begin():
        assert accounts.activate(session, link, "a long enough password 7", settings).state == accounts.ACTIVATED
    with db() as session:
        login = session.scalars(select(Login).where(Login.email == MEMBER_EMAIL, Login.status == ACTIVE)).one()
        assert [(r.member.account_number, r.status) for r in login.live_registrations()] == [
            (MEMBER["account"], ACTIVE), (STRANGER["account"], PENDING)]
