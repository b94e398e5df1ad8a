"""Backend steps the attacker tests share: a stranger's own account signing up again and again from
its own phone, or asking again and again to move its own login to someone else's address, and an
account the strangers' wrong ZIPs locked, asked for a reset through the lock."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from backend.accounts import online_access as accounts, registration
from backend.identity import verification as v
from backend.storage.models import Member, Registration, utcnow
from tests.support.backend_helpers import OBRIEN, load_members
from tests.support.backend_helpers import verified as verified_steps
from tests.support.member_rows import add_registration, mint

# The stranger's own account, with the stranger's own phone on file: their texts prove it.
OWN_PHONE = "+15125550188"
OWN_ACCOUNT = dict(account="1009990001", name="Reyes", zip="78701", phone=OWN_PHONE)
# The address of OBRIEN's active login (``locked_by_strangers``).
OWNER = "obrien@example.com"
# The address of the stranger's own login (``moves_asked_from_own_phone``).
OWN_ADDRESS = "thief@example.net"


def register_as(db, settings, conversation, address, now):
    with db() as session:
        return registration.register(session, settings, conversation, address, True, now=now)


def sign_up_again_from_own_phone(db, settings, addresses):
    """The stranger's own account, from their own phone: "start over" and sign up again, at each of
    ``addresses`` in turn (a minute apart, two hours ago). Returns the outcomes."""
    from backend.notify.consent import phone_key

    load_members(db, settings, OWN_ACCOUNT)
    key = phone_key(settings.secret_key, OWN_PHONE)  # an SMS conversation: its id and source are the phone's
    now = utcnow() - timedelta(hours=2)
    outcomes = []
    for turn, address in enumerate(addresses):
        with db() as session:
            v.forget_conversation(session, key)  # "start over"
            v.remember_origin(session, key, "sms", key)
            session.commit()
        verified_steps(db, settings, key, OWN_ACCOUNT, now=now + timedelta(minutes=turn))
        outcomes.append(register_as(db, settings, key, address, now + timedelta(minutes=turn, seconds=30)))
    return outcomes


def origin(db, conversation, source):
    with db() as session:
        v.remember_origin(session, conversation, "web", source)
        session.commit()


def locked_by_strangers(db, settings):
    """OBRIEN's login, active at OWNER, and five strangers' wrong ZIPs: the account is locked.
    Returns a time ten minutes after the lock."""
    load_members(db, settings, OBRIEN)
    with db() as session:
        member_id = session.scalars(select(Member.id)).one()
    registration_id = add_registration(db, member_id, email=OWNER)
    with db() as session, session.begin():
        accounts.activate(session, mint(db, registration_id), "a long enough password 7", settings)
    now = utcnow() - timedelta(minutes=30)
    for index in range(5):
        conversation = f"chat-stranger-{index}"
        origin(db, conversation, f"network-{index}")
        with db() as session:
            v.check_account(session, conversation, OBRIEN["account"], OBRIEN["name"], now=now, settings=settings)
        with db() as session:
            v.verify_secret(session, settings, conversation, zip_code="11111", now=now)
    return now + timedelta(minutes=10)


def through_the_lock(db, settings, conversation, zip_code, now):
    """Number, name and ``zip_code`` from ``conversation``'s own network, then a reset: (check, reset)."""
    origin(db, conversation, f"network-{conversation}")
    with db() as session:
        v.check_account(session, conversation, OBRIEN["account"], OBRIEN["name"], now=now, settings=settings)
    with db() as session:
        checked = v.verify_secret(session, settings, conversation, zip_code=zip_code, now=now).as_json()
    with db() as session:
        reset = registration.password_reset(session, settings, conversation, now=now)
    return checked, reset


def moves_asked_from_own_phone(db, settings, address, times):
    """The stranger's own account, from their own phone, with an active login of its own at
    ``OWN_ADDRESS``: at each of ``times`` a fresh proof of it and "change my e-mail to ``address``".
    Returns the outcomes."""
    from backend.accounts import email_change
    from backend.notify.consent import phone_key

    load_members(db, settings, OWN_ACCOUNT)
    key = phone_key(settings.secret_key, OWN_PHONE)  # an SMS conversation: its id and source are the phone's
    made = times[0] - timedelta(hours=1)
    with db() as session:
        v.remember_origin(session, key, "sms", key)
        session.commit()
    verified_steps(db, settings, key, OWN_ACCOUNT, now=made)
    register_as(db, settings, key, OWN_ADDRESS, made)
    with db() as session:
        registration_id = session.scalars(
            select(Registration.id).join(Registration.member).where(Member.account_number == OWN_ACCOUNT["account"])
        ).one()
    with db() as session, session.begin():
        accounts.activate(session, mint(db, registration_id), "a long enough password 7", settings)
    outcomes = []
    for when in times:
        with db() as session:
            v.forget_conversation(session, key)  # "start over"
            v.remember_origin(session, key, "sms", key)
            session.commit()
        verified_steps(db, settings, key, OWN_ACCOUNT, now=when)
        with db() as session:
            outcomes.append(email_change.request_from_conversation(session, settings, key, address, now=when))
    return outcomes
