"""Review round 7: the activation mail names the account by ``account_number[-4:]``, also a nine-digit
account number, which may be an SSN (``account_refs.could_be_ssn``). Replies show such a number only
by its last two digits, "never an SSN's last four" (``actions.extract.shown_account``); the new line
"This login is for the account ending in ..." of the activation and add-account mails, and of the
activation page, prints the last four, in a mail to whatever address the caller gave. Nine digits
that start with 000 are no SSN or tax ID (``common.secret_shapes.may_be_tax_id``): named like any
other account number, by the last four."""

from __future__ import annotations

from backend.accounts import registration
from backend.identity import verification
from tests.support.backend_helpers import BRANDT, MULLER, deliver_outcome, load_members, outbox_mails, parts

ADDRESS = "mueller@example.com"


def activation_mail(db, settings, member: dict) -> tuple[str, str]:
    """The text and HTML of the activation mail of ``member`` signed up in one conversation."""
    load_members(db, settings, member)
    with db() as session:
        assert verification.check_account(session, "web-m", member["account"], member["name"],
                                          settings=settings).result == verification.MATCH
    with db() as session:
        assert verification.verify_secret(session, settings, "web-m", zip_code=member["zip"]).result == \
            verification.VERIFIED
    with db() as session:
        assert registration.store_security_answer(session, "web-m", 2, "Fluffy") == registration.STORED
    with db() as session:
        outcome = registration.register(session, settings, "web-m", ADDRESS, True)
    assert outcome.result == registration.CREATED
    deliver_outcome(settings, db, outcome)
    mail = [m for m in outbox_mails(settings.outbox_dir) if m["To"] == ADDRESS][-1]
    return parts(mail)


def test_the_activation_mail_of_a_nine_digit_account_shows_no_more_than_its_last_two_digits(
        session_factory, settings):
    text, html = activation_mail(session_factory, settings, BRANDT)
    assert BRANDT["account"][-4:] not in text and BRANDT["account"][-4:] not in html
    assert f"ending in {BRANDT['account'][-2:]}" in text


def test_nine_digits_that_start_with_000_are_named_like_any_account_number(session_factory, settings):
    text, html = activation_mail(session_factory, settings, MULLER)
    assert f"ending in {MULLER['account'][-4:]}" in text and MULLER["account"][-4:] in html
