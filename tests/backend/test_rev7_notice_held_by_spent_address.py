"""Review round 7: the address budget silences the one notice a member of an account with no phone
on file gets when a bill holder registers the account at another address.

``link_mails.count_for_address(..., hold_spent=True)`` drops every notice to an address whose five
mails of the day are spent, ``notices.link_mailed`` included: the mail to the address a new
registration replaced, which carries the "Not you?" cancel link. A stranger spends that address
first with their own account and their own phone (sign up with it, then again from another chat:
the pending login is remade, each time mailing it an activation and a "replaced" notice, three
sign-ups in all), then registers the member's account at their own address on bill data alone.
For an account with no phone on file that notice is the member's only warning and only undo."""

from __future__ import annotations

import re

from sqlalchemy import select

from backend.accounts import online_access as accounts
from backend.notify import dispatch
from backend.storage.models import Member, Registration
from tests.support.backend_helpers import GARZA, deliver_outcome, load_members, outbox_mails, own_active_login
from tests.support.backend_helpers import parts, register_in, verified
from tests.support.one_time_code import prove_phone

MEMBER_EMAIL = "maria@example.com"
INTRUDER = "intruder@example.net"
STRANGER = dict(account="1009990001", name="Reyes", zip="78701", phone="+15125550188")
CANCEL = re.compile(r"/cancel/([A-Za-z0-9_-]{40,})")


def test_the_replaced_address_hears_of_a_bill_data_registration_even_after_a_stranger_spent_its_day(
        session_factory, settings):
    db = session_factory
    load_members(db, settings, GARZA, STRANGER)
    # The member's login at MEMBER_EMAIL, activated, then deleted: MEMBER_EMAIL is the contact to tell.
    own_active_login(db, settings, GARZA, MEMBER_EMAIL, conversation="member")
    with db() as session:
        registration = session.scalars(select(Registration).join(Registration.member)
                                       .where(Member.account_number == GARZA["account"])).one()
        accounts.unsubscribe(session, registration)
        queued = dispatch.pending_for(session, registration.id)
        session.commit()
    for notification_id in queued:
        dispatch.deliver(settings, db, notification_id)
    # The stranger's own account, their own phone, signs up with the member's address three times.
    for index in range(3):
        conversation = f"web-spend-{index}"
        verified(db, settings, conversation, STRANGER)
        prove_phone(db, settings, conversation)
        deliver_outcome(settings, db, register_in(db, settings, conversation, MEMBER_EMAIL))
    before = len(outbox_mails(settings.outbox_dir))
    # Then the member's bill: the account (no phone on file) is registered at the stranger's address.
    verified(db, settings, "web-intruder", GARZA)
    deliver_outcome(settings, db, register_in(db, settings, "web-intruder", INTRUDER))
    to_member = [m for m in outbox_mails(settings.outbox_dir)[before:] if m["To"] == MEMBER_EMAIL]
    assert any(CANCEL.search(parts(mail)[0]) for mail in to_member), [m["Subject"] for m in to_member]
