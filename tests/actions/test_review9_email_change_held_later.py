"""Review 9: after the conversation's e-mail change was held back by the new address's day, a later
"send it again" names the address that was held back, never the login's own as if its links were
spent too (they are not: that address had nothing today). Against the real backend API, on SQLite and
PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

from backend.accounts import link_mails
from backend.notify import dispatch
from backend.storage.models import Notification, utcnow
from tests.support.action_conversation import Conversation, joined
from tests.support.member_rows import give_login
from tests.support.one_time_code import ALVAREZ, add_alvarez
from tests.actions.test_change_email import OLD, arrived, proven

NEW = "maria.new@example.org"


def _spend_the_address_s_day(backend, address: str) -> None:
    """``address`` was mailed its day's worth (a stranger's sign-ups to it), over an hour ago."""
    earlier = utcnow() - timedelta(hours=2)
    with backend.session() as session, session.begin():
        for index in range(link_mails.DAILY_ADDRESS_MAILS):
            session.add(
                Notification(
                    kind=dispatch.ACTIVATION,
                    channel="email",
                    to_address=address,
                    status=dispatch.SENT,
                    address_key=link_mails.address_key(backend.settings, address),
                    created_at=earlier + timedelta(minutes=index),
                    next_attempt_at=earlier,
                )
            )


def test_a_resend_after_the_new_address_s_day_held_the_change_back_names_that_address(backend_on_each_database):
    backend = backend_on_each_database
    give_login(add_alvarez(backend), ALVAREZ["account"], OLD)
    _spend_the_address_s_day(backend, NEW)
    chat = Conversation(channel="web")
    proven(chat, backend)
    held = joined(chat.form_turn(NEW))
    assert "No more links go to the e-mail address at m***@e***.org today" in held, held
    later = joined(chat.message("can you send it again?", "email_not_received", action="action_resend_email"))
    assert "a***@e***.com" not in later, later
    assert "No more links go to the e-mail address at m***@e***.org today" in later, later


def test_a_member_who_asks_another_new_address_minutes_later_gets_its_link(backend_on_each_database):
    """The member's phone-proven change to one address, then (a typo seen) to another, minutes later:
    the second was answered "I sent a link to ..." and nothing went (one request mailed per login per
    10 minutes), so the member waited for a mail that never came. Now a repeat of the login's latest
    request is held back, as on the account page; another address is mailed (the day's bounds stay)."""
    backend = backend_on_each_database
    give_login(add_alvarez(backend), ALVAREZ["account"], OLD)
    first = Conversation(channel="web")
    proven(first, backend)
    joined(first.form_turn("maria.nwe@example.org"))
    arrived(backend, "maria.nwe@example.org")
    second = Conversation(channel="web")
    proven(second, backend)
    reply = joined(second.form_turn(NEW))
    assert "m***@e***.org" in reply and "Confirm" in reply, reply
    [mail] = arrived(backend, NEW)
    assert "/email/" in mail.get_body(preferencelist=("plain",)).get_content()
