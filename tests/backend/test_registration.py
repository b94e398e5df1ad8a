"""Registration services: register, idempotency, already registered, address in use,
resend, password reset, unsubscribe and register again, and concurrent registration."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from backend.accounts import online_access as accounts
from backend.accounts import registration as reg
from backend.identity import verification as v
from backend.core.errors import BadInput, StepOutOfOrder
from backend.storage.models import ACTIVE, PENDING, UNSUBSCRIBED, LinkToken, Notification, Registration, utcnow
from backend.notify import dispatch
from tests.support.backend_helpers import (
    GARZA,
    GARZA_RANCH,
    OBRIEN,
    all_at_once,
    load_members,
    outbox_mails,
    parts,
)

LINK = re.compile(r"/activate/([A-Za-z0-9_-]{40,})")
ADD_LINK = re.compile(r"/add/([A-Za-z0-9_-]{40,})")


@pytest.fixture
def db(session_factory, settings):
    load_members(session_factory, settings, GARZA, GARZA_RANCH, OBRIEN)
    return session_factory


def verified(db, settings, conversation, member=GARZA, answer="Fluffy", now=None):
    """Take ``conversation`` through both verification steps and the security answer."""
    with db() as session:
        assert v.check_account(session, conversation, member["account"], member["name"], now=now).result == v.MATCH
    with db() as session:
        assert v.verify_secret(session, settings, conversation, zip_code=member["zip"], now=now).result == v.VERIFIED
    with db() as session:
        assert reg.store_security_answer(session, conversation, 2, answer, now=now) == reg.STORED


def register(db, settings, conversation, email, now=None):
    with db() as session:
        return reg.register(session, settings, conversation, email, True, now=now)


def deliver(db, settings, outcome):
    return [dispatch.deliver(settings, db, notification_id) for notification_id in outcome.notification_ids]


def registrations(db):
    with db() as session:
        return list(session.scalars(select(Registration).order_by(Registration.id)))


def notifications(db):
    with db() as session:
        return list(session.scalars(select(Notification).order_by(Notification.id)))


def activate_from_last_mail(db, settings, password="correct horse battery"):
    text, _html = parts(outbox_mails(settings.outbox_dir)[-1])
    token = LINK.search(text).group(1)
    with db() as session:
        result = accounts.activate(session, token, password, settings)
        session.commit()
    assert result.state == accounts.ACTIVATED
    return token


def test_register_creates_a_pending_registration_and_mails_the_link(db, settings):
    verified(db, settings, "c1")
    outcome = register(db, settings, "c1", "  Maria.Garza@Example.COM ")
    assert outcome.as_json() == {"result": "created", "email_masked": "m***@e***.com"}
    [row] = registrations(db)
    assert (row.email, row.status, row.login.security_question, row.terms_version, row.conversation_id) == (
        "maria.garza@example.com", PENDING, 2, settings.terms_version, "c1")
    assert row.terms_accepted_at is not None and row.paperless_billing is False
    [note] = notifications(db)
    assert (note.kind, note.to_address, note.status) == ("activation", "maria.garza@example.com", "pending")
    assert deliver(db, settings, outcome) == [True]
    [mail] = outbox_mails(settings.outbox_dir)
    assert mail["To"] == "maria.garza@example.com"
    activate_from_last_mail(db, settings)
    assert registrations(db)[0].status == ACTIVE


def test_register_is_idempotent_per_conversation(db, settings):
    verified(db, settings, "c1")
    first = register(db, settings, "c1", "maria@example.com")
    again = register(db, settings, "c1", "MARIA@example.com")
    assert again.as_json() == first.as_json()
    assert again.notification_ids == []
    assert len(registrations(db)) == 1 and len(notifications(db)) == 1


def test_a_pending_registration_may_correct_its_address(db, settings):
    verified(db, settings, "c1")
    deliver(db, settings, register(db, settings, "c1", "maria@exmaple.com"))
    corrected = register(db, settings, "c1", "maria@example.com")
    assert corrected.result == reg.CREATED and corrected.email_masked == "m***@e***.com"
    deliver(db, settings, corrected)
    [row] = registrations(db)
    assert row.email == "maria@example.com"
    first_mail, second_mail = outbox_mails(settings.outbox_dir)
    old_token = LINK.search(parts(first_mail)[0]).group(1)
    with db() as session:
        assert accounts.activation_page_state(session, old_token).state == accounts.EXPIRED
    assert second_mail["To"] == "maria@example.com"
    activate_from_last_mail(db, settings)


def test_register_needs_verification_answer_terms_and_a_valid_address(db, settings):
    with db() as session:
        with pytest.raises(StepOutOfOrder) as not_verified:
            reg.register(session, settings, "nobody", "a@example.com", True)
    assert not_verified.value.code == "not_verified"
    with db() as session:
        v.check_account(session, "c1", GARZA["account"], "Garza")
    with db() as session:
        v.verify_secret(session, settings, "c1", zip_code=GARZA["zip"])
    with db() as session, pytest.raises(StepOutOfOrder) as no_answer:
        reg.register(session, settings, "c1", "a@example.com", True)
    assert no_answer.value.code == "security_answer_required"
    with db() as session:
        assert reg.store_security_answer(session, "c1", 1, " a ") == reg.TOO_SHORT
        assert reg.store_security_answer(session, "c1", 1, "Ortiz") == reg.STORED
        with pytest.raises(BadInput):
            reg.store_security_answer(session, "c1", 4, "Ortiz")
        with pytest.raises(BadInput):
            reg.register(session, settings, "c1", "a@example.com", False)
        with pytest.raises(BadInput) as bad_address:
            reg.register(session, settings, "c1", "maria at example", True)
    assert bad_address.value.code == "invalid_email"
    assert registrations(db) == []


def test_already_registered_mails_a_reset_link_to_the_address_on_file(db, settings):
    verified(db, settings, "c1")
    deliver(db, settings, register(db, settings, "c1", "maria@example.com"))
    activate_from_last_mail(db, settings)

    verified(db, settings, "c2")
    outcome = register(db, settings, "c2", "someone.else@example.org")
    assert outcome.as_json() == {"result": "already_registered", "email_masked": "m***@e***.com",
                                 "link": "password_reset"}
    deliver(db, settings, outcome)
    [registration] = registrations(db)  # never a second registration
    assert registration.email == "maria@example.com"
    reset_mail = outbox_mails(settings.outbox_dir)[-1]
    assert reset_mail["To"] == "maria@example.com"
    assert "Reset your" in reset_mail["Subject"]
    token = LINK.search(parts(reset_mail)[0]).group(1)
    with db() as session:
        row = session.scalars(select(LinkToken).where(LinkToken.purpose == "reset")).one()
        assert row.expires_at - row.created_at <= timedelta(hours=settings.reset_ttl_hours, seconds=5)
        assert accounts.activation_page_state(session, token).state == accounts.VALID
    # Asking again at once sends no second mail.
    again = register(db, settings, "c2", "someone.else@example.org")
    assert again.result == reg.ALREADY_REGISTERED and again.notification_ids == []


def test_an_address_another_login_uses_is_answered_like_a_new_one(db, settings):
    """No oracle: the answer is the same whether or not the address has a login; the login's
    address is offered the proven account as an addition, and nothing already there changes."""
    verified(db, settings, "c1")
    deliver(db, settings, register(db, settings, "c1", "shared@example.com"))
    activate_from_last_mail(db, settings)
    verified(db, settings, "c2", member=GARZA_RANCH)
    taken = register(db, settings, "c2", "Shared@Example.com")
    verified(db, settings, "c3", member=OBRIEN)
    fresh = register(db, settings, "c3", "sherry@example.com")
    assert taken.as_json() == {"result": "created", "email_masked": "s***@e***.com"} == fresh.as_json()
    assert len(taken.notification_ids) == 1
    deliver(db, settings, taken)
    mail = outbox_mails(settings.outbox_dir)[-1]
    text = " ".join(parts(mail)[0].split())
    assert mail["To"] == "shared@example.com"
    assert "asked to add it to the online login" in text and ADD_LINK.search(text)
    house, ranch, _ = registrations(db)
    assert (house.status, ranch.status, ranch.login_id) == (ACTIVE, PENDING, house.login_id)
    assert house.login.password_hash  # the login keeps its password, its account and its address
    # Asking for the mail again answers like a pending registration (the offer goes again, once).
    with db() as session:
        assert reg.resend(session, settings, "c2").as_json() == {"result": "sent", "email_masked": "s***@e***.com"}
    with db() as session:
        assert reg.resend(session, settings, "c2").result == reg.ALREADY_RESENT
    # Asking again at once mails nobody a second time; another address withdraws the offer.
    assert register(db, settings, "c2", "shared@example.com").notification_ids == []
    assert register(db, settings, "c2", "ranch@example.com").result == reg.CREATED
    rows = registrations(db)
    assert [(r.email, r.status) for r in rows] == [
        ("shared@example.com", ACTIVE), ("shared@example.com", UNSUBSCRIBED), ("sherry@example.com", PENDING),
        ("ranch@example.com", PENDING)]
    with db() as session:
        login = session.get(Registration, rows[0].id).login
        assert login.status == ACTIVE and [r.id for r in login.live_registrations()] == [rows[0].id]


def _proven_without_an_answer(db, settings, conversation, member):
    """``conversation`` proves ``member`` (name and ZIP) and stores no security answer."""
    with db() as session:
        v.check_account(session, conversation, member["account"], member["name"])
    with db() as session:
        v.verify_secret(session, settings, conversation, zip_code=member["zip"])


def test_a_second_account_joins_the_login_made_here_without_a_new_security_answer(db, settings):
    """docs/contract.md section 6: the login's question and answer stand; the conversation that signed
    it up adds another account to it without a new one (its draft was reset by the new flow)."""
    verified(db, settings, "c1")
    deliver(db, settings, register(db, settings, "c1", "g@example.com"))
    with db() as session:
        login = session.scalar(select(Registration)).login
        kept = (login.id, login.security_question, login.security_answer_hash)
        v.forget_conversation(session, "c1")  # a new flow starts: the draft (and its answer) is gone
    _proven_without_an_answer(db, settings, "c1", GARZA_RANCH)
    added = register(db, settings, "c1", "G@example.com")
    assert (added.result, added.link) == (reg.CREATED, dispatch.ADD_ACCOUNT)
    house, ranch = registrations(db)
    assert ranch.login_id == house.login_id and ranch.status == PENDING
    with db() as session:
        login = session.get(Registration, house.id).login
        assert (login.id, login.security_question, login.security_answer_hash) == kept
    # Any other conversation, or another address, still needs its own answer (no oracle).
    _proven_without_an_answer(db, settings, "c2", OBRIEN)
    with db() as session:
        v.forget_conversation(session, "c1")
    _proven_without_an_answer(db, settings, "c1", OBRIEN)
    for conversation, address in (("c2", "g@example.com"), ("c1", "new@example.com")):
        with db() as session, pytest.raises(StepOutOfOrder) as no_answer:
            reg.register(session, settings, conversation, address, True)
        assert no_answer.value.code == "security_answer_required"


def test_the_login_s_address_adds_the_offered_account_once(db, settings):
    verified(db, settings, "c1")
    deliver(db, settings, register(db, settings, "c1", "shared@example.com"))
    activate_from_last_mail(db, settings)
    verified(db, settings, "c2", member=GARZA_RANCH)
    deliver(db, settings, register(db, settings, "c2", "shared@example.com"))
    token = ADD_LINK.search(parts(outbox_mails(settings.outbox_dir)[-1])[0]).group(1)
    with db() as session:
        # The offer cannot set a password: it is not an activation link.
        assert accounts.activation_page_state(session, token).state == accounts.UNKNOWN
        assert accounts.confirm_addition(session, settings, token).state == accounts.VALID
        session.commit()
    with db() as session:
        assert accounts.confirm_addition(session, settings, token).state == accounts.USED
    house, ranch = registrations(db)
    assert ranch.status == ACTIVE and ranch.login_id == house.login_id and house.status == ACTIVE
    with db() as session:
        login = accounts.authenticate(session, "shared@example.com", "correct horse battery")
        assert [r.member.account_number for r in login.live_registrations()] == [
            GARZA["account"], GARZA_RANCH["account"]]
    # Registering the ranch again now answers "already registered" with a reset link to the login.
    verified(db, settings, "c3", member=GARZA_RANCH)
    again = register(db, settings, "c3", "other@example.com")
    assert again.as_json() == {"result": "already_registered", "email_masked": "s***@e***.com",
                               "link": "password_reset"}


def test_resend_once_then_already_resent_and_already_active(db, settings):
    with db() as session:
        assert reg.resend(session, settings, "c1").result == reg.NOT_REGISTERED
    verified(db, settings, "c1")
    deliver(db, settings, register(db, settings, "c1", "maria@example.com"))
    with db() as session:
        first = reg.resend(session, settings, "c1")
    assert first.as_json() == {"result": "sent", "email_masked": "m***@e***.com"}
    deliver(db, settings, first)
    with db() as session:
        assert reg.resend(session, settings, "c1").result == reg.ALREADY_RESENT
    assert len(outbox_mails(settings.outbox_dir)) == 2
    activate_from_last_mail(db, settings)  # the resent link works
    with db() as session:
        assert reg.resend(session, settings, "c1").result == reg.ALREADY_ACTIVE


def test_password_reset_needs_verification_and_a_registration(db, settings):
    with db() as session, pytest.raises(StepOutOfOrder):
        reg.password_reset(session, settings, "c1")
    verified(db, settings, "c1")
    with db() as session:
        assert reg.password_reset(session, settings, "c1").result == reg.NOT_REGISTERED
    deliver(db, settings, register(db, settings, "c1", "maria@example.com"))
    activate_from_last_mail(db, settings)
    with db() as session:
        outcome = reg.password_reset(session, settings, "c1")
    assert outcome.result == reg.SENT and len(outcome.notification_ids) == 1
    deliver(db, settings, outcome)
    assert outbox_mails(settings.outbox_dir)[-1]["Subject"].startswith("Reset your")
    activate_from_last_mail(db, settings, password="another good passphrase")


DELETE_LINK = re.compile(r"/delete/([A-Za-z0-9_-]{40,})")


def test_unsubscribe_then_register_again(db, settings):
    verified(db, settings, "c1")
    deliver(db, settings, register(db, settings, "c1", "maria@example.com"))
    activate_from_last_mail(db, settings)
    with db() as session:
        outcome = reg.unsubscribe(session, settings, "c1")
    # Bill data alone deletes nothing: the address on file gets a confirmation link.
    assert outcome.as_json() == {"result": "confirmation_sent", "email_masked": "m***@e***.com"}
    assert deliver(db, settings, outcome) == [True]
    mail = outbox_mails(settings.outbox_dir)[-1]
    assert mail["To"] == "maria@example.com" and "Confirm deleting" in mail["Subject"]
    assert [r.status for r in registrations(db)] == [ACTIVE]
    token = DELETE_LINK.search(parts(mail)[0]).group(1)
    with db() as session:
        # The delete link cannot set a password, and reading it changes nothing.
        assert accounts.activation_page_state(session, token).state == accounts.UNKNOWN
        assert accounts.link_state(session, token, "delete").state == accounts.VALID
        deleted = accounts.delete_by_link(session, token)
        assert deleted.state == accounts.VALID
        queued = dispatch.pending_for(session, deleted.registration.id)
        session.commit()
    assert [dispatch.deliver(settings, db, n) for n in queued] == [False, True]
    kinds = [(n.kind, n.status) for n in notifications(db)]
    assert ("activated", "cancelled") in kinds and kinds[-1] == ("unsubscribed", "sent")
    assert "deleted" in outbox_mails(settings.outbox_dir)[-1]["Subject"]
    with db() as session:
        # Single use.
        assert accounts.delete_by_link(session, token).state != accounts.VALID
        assert reg.unsubscribe(session, settings, "c1").result == reg.NOT_REGISTERED
    [old] = registrations(db)
    assert old.status == UNSUBSCRIBED and old.login.password_hash is None

    # The same member registers again later, same address, new conversation.
    verified(db, settings, "c2", answer="Rex")
    again = register(db, settings, "c2", "maria@example.com")
    assert again.result == reg.CREATED
    deliver(db, settings, again)
    old, new = registrations(db)
    assert (old.status, new.status, new.email) == (UNSUBSCRIBED, PENDING, "maria@example.com")
    activate_from_last_mail(db, settings)


def _race(db, settings, calls):
    """Run ``register`` calls in threads released at the same instant; return their outcomes."""
    def register(index):
        conversation, email = calls[index]
        with db() as session:
            return conversation, reg.register(session, settings, conversation, email, True)

    return dict(all_at_once(len(calls), register))


def test_concurrent_registration_of_one_account_makes_exactly_one(db, settings):
    verified(db, settings, "c1")
    verified(db, settings, "c2")
    outcomes = _race(db, settings, [("c1", "first@example.com"), ("c2", "second@example.com")])
    assert sorted(o.result for o in outcomes.values()) == [reg.ALREADY_REGISTERED, reg.CREATED]
    [live] = registrations(db)
    winner = next(c for c, o in outcomes.items() if o.result == reg.CREATED)
    assert live.conversation_id == winner
    # One activation mail only: the loser's answer points at the winner's address.
    assert len(notifications(db)) == 1


def test_concurrent_use_of_one_address_by_two_accounts(db, settings):
    verified(db, settings, "c1", member=GARZA)
    verified(db, settings, "c2", member=OBRIEN)
    outcomes = _race(db, settings, [("c1", "family@example.com"), ("c2", "family@example.com")])
    assert [o.result for o in outcomes.values()] == [reg.CREATED, reg.CREATED]  # the same answer to both
    # One login for the address: the later account is offered to it as an addition, once.
    first, second = registrations(db)
    assert first.login_id == second.login_id and (first.status, second.status) == (PENDING, PENDING)
    assert [n.kind for n in notifications(db)].count(dispatch.ADD_ACCOUNT) == 1


def test_expired_verification_cannot_register(db, settings):
    start = utcnow() - v.VERIFIED_FOR - timedelta(minutes=1)
    verified(db, settings, "c1", now=start)
    with db() as session, pytest.raises(StepOutOfOrder):
        reg.register(session, settings, "c1", "maria@example.com", True)
    with db() as session:
        assert session.scalar(select(func.count()).select_from(Registration)) == 0


def test_an_active_registration_is_not_moved_to_another_address(db, settings):
    verified(db, settings, "c1")
    deliver(db, settings, register(db, settings, "c1", "maria@example.com"))
    activate_from_last_mail(db, settings)
    outcome = register(db, settings, "c1", "new.address@example.com")
    assert outcome.as_json() == {"result": "already_registered", "email_masked": "m***@e***.com",
                                 "link": "password_reset"}
    deliver(db, settings, outcome)
    assert outbox_mails(settings.outbox_dir)[-1]["To"] == "maria@example.com"
    assert [r.email for r in registrations(db)] == ["maria@example.com"]
