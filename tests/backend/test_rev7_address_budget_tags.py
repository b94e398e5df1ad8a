"""Review round 7: the per-address budget counts an address as typed (``link_mails.address_key``:
stripped and lower-cased), so one mailbox under many spellings has many budgets: "victim+1@gmail.com",
"victim+2@gmail.com" ... all reach victim@gmail.com. The loop the budget was made for (sign up again
from one's own phone: the pending login is remade, its address mailed an activation and the address
before it a "replaced" notice) floods that one mailbox again, without bound, with a new tag each time."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from backend.accounts import link_mails, registration
from backend.storage.models import ACTIVE, Member, Notification, utcnow
from tests.support.attacker_steps import OWN_ACCOUNT, register_as, sign_up_again_from_own_phone
from tests.support.backend_helpers import GARZA, load_members
from tests.support.backend_helpers import verified as verified_steps
from tests.support.member_rows import add_registration
from tests.support.one_time_code import prove_phone

MAILBOX = "victim@gmail.com"


def test_signing_up_again_with_tagged_spellings_of_one_mailbox_does_not_flood_it(session_factory, settings):
    db = session_factory
    sign_up_again_from_own_phone(db, settings, [f"victim+{turn}@gmail.com" for turn in range(12)])
    with db() as session:
        mailed = session.scalar(select(func.count(Notification.id)).where(
            Notification.to_address.like("victim+%@gmail.com")))
    assert mailed <= link_mails.DAILY_ADDRESS_MAILS, (mailed, MAILBOX)


def test_one_account_signing_up_again_at_a_catch_all_domain_makes_only_the_day_s_new_logins(
        session_factory, settings):
    """A catch-all domain is one mailbox under endless names, which no spelling rule can see:
    one account makes at most ``DAILY_NEW_LOGINS`` brand-new logins a day, then hears the plain
    "no link went out today" answer."""
    db = session_factory
    outcomes = sign_up_again_from_own_phone(db, settings, [f"box{turn}@catchall.example" for turn in range(8)])
    with db() as session:
        activations = session.scalar(select(func.count(Notification.id)).where(
            Notification.to_address.like("box%@catchall.example"), Notification.kind == "activation"))
    assert activations == link_mails.DAILY_NEW_LOGINS, activations
    assert [outcome.link for outcome in outcomes[link_mails.DAILY_NEW_LOGINS:]] == \
        [registration.LINKS_STOPPED] * (8 - link_mails.DAILY_NEW_LOGINS)


def test_a_bill_holder_s_new_logins_do_not_spend_the_member_s_own_sign_up_from_their_phone(
        session_factory, settings, settings_for):
    """The new-login cap has two budgets, as a login's link mails do: a stranger on bill data alone
    (policy ``bill``) who remakes a pending login at ever new addresses spends only their own."""
    bill = settings_for(settings.database_url, verify_policy="bill")
    db = session_factory
    load_members(db, bill, OWN_ACCOUNT, GARZA)
    with db() as session:
        member_id = session.scalars(select(Member.id).where(Member.account_number == GARZA["account"])).one()
    add_registration(db, member_id, email="target@example.com", status=ACTIVE)
    now = utcnow() - timedelta(hours=3)
    verified_steps(db, bill, "web-stranger", OWN_ACCOUNT, now=now)
    for turn in range(2 * link_mails.DAILY_NEW_LOGINS):
        register_as(db, bill, "web-stranger", f"box{turn}@catchall.example", now + timedelta(minutes=2 * turn))
        register_as(db, bill, "web-stranger", "target@example.com", now + timedelta(minutes=2 * turn + 1))
    verified_steps(db, bill, "web-member", OWN_ACCOUNT, now=now + timedelta(hours=1))
    prove_phone(db, bill, "web-member")
    outcome = register_as(db, bill, "web-member", "reyes@example.com", now + timedelta(hours=1, minutes=1))
    assert outcome.link != registration.LINKS_STOPPED and outcome.notification_ids
