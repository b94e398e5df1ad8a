"""A new e-mail address for a login, asked for in the conversation (goal ``change_email``), against
the real backend API (tests/actions/conftest.py): the account is proven as for a sign-up, the
phone on file included, then the new address gets the account page's confirmation link."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from backend.storage.models import EmailChange, Login
from tests.support.action_conversation import FORM, Conversation, joined, to_the_proof
from tests.support.backend_helpers import outbox_mails, register_in, verified, wait_for
from tests.support.member_rows import give_login
from tests.support.one_time_code import ALVAREZ, add_alvarez, last_code, prove_phone
from datetime import timedelta
from backend.accounts import link_mails
from backend.notify import dispatch
from backend.storage.models import Notification, utcnow

OLD = "alvarez@example.com"


@pytest.fixture
def with_login(backend):
    """Alvarez: a phone on file and an active online login at ``OLD``."""
    give_login(add_alvarez(backend), ALVAREZ["account"], OLD)
    return backend


def mails_to(backend, address: str) -> list:
    return [m for m in outbox_mails(backend.settings.outbox_dir) if m["To"] == address]


def arrived(backend, address: str) -> list:
    """The mails to ``address``: the API delivers them once its answer is sent."""
    return wait_for(lambda: mails_to(backend, address))


def login_emails(backend) -> list[str]:
    with backend.session() as session:
        return list(session.scalars(select(Login.email)))


def proven(chat: Conversation, backend, first: str = "I need to change my email on my online account") -> str:
    replies = chat.start(first, "change_email")
    replies += chat.form_turn("7001112223")
    replies += chat.form_turn("Alvarez")
    replies += chat.form_turn("78660")
    assert chat.slots["requested_slot"] == "one_time_code"
    replies += chat.form_turn(last_code(backend))
    return joined(replies)


def test_the_member_proves_the_account_and_phone_then_the_new_address_gets_the_link(with_login):
    chat = Conversation(channel="web")
    replies = proven(chat, with_login)
    assert "change the e-mail address of your online login" in replies
    assert "texted a 6-digit code" in replies
    assert chat.slots["requested_slot"] == "email"
    assert "new e-mail address for your online login" in replies
    reply = joined(chat.form_turn("it's maria.new@example.org"))
    assert "m***@e***.org" in reply and "spam" in reply and "Confirm" in reply
    assert chat.slots["outcome"] == "email_change_sent" and chat.active_loop is None
    [mail] = arrived(with_login, "maria.new@example.org")
    assert "/email/" in mail.get_body(preferencelist=("plain",)).get_content()
    assert OLD in login_emails(with_login)  # nothing changes until the link is confirmed


def test_in_spanish_the_reply_and_the_mail_are_spanish(with_login):
    chat = Conversation(language="es", channel="sms")
    replies = proven(chat, with_login, "quiero cambiar mi correo")
    assert "Primero necesito confirmar" in replies
    reply = joined(chat.form_turn("nuevo.correo@example.org"))
    assert "n***@e***.org" in reply and "spam" in reply and "Envi" in reply
    [mail] = arrived(with_login, "nuevo.correo@example.org")
    assert mail["Subject"].startswith("Confirme")


def test_a_new_address_given_with_the_request_is_kept_until_the_end(with_login):
    chat = Conversation()
    replies = proven(chat, with_login, "my email changed, the new one is maria.new@example.org")
    assert "m***@e***.org" in replies and chat.slots["outcome"] == "email_change_sent"


def test_an_address_with_a_login_gets_the_same_words(with_login):
    give_login(with_login, "3005551212", "taken@example.org")
    replies = {}
    for address in ("taken@example.org", "freeaddr@example.org"):
        chat = Conversation()
        proven(chat, with_login)
        replies[address] = joined(chat.form_turn(address))
    same = replies["freeaddr@example.org"].replace("freeaddr@", "taken@").replace("f***@", "t***@")
    assert replies["taken@example.org"] == same
    [notice] = arrived(with_login, "taken@example.org")  # told, with no link to confirm
    assert "/email/" not in notice.get_body(preferencelist=("plain",)).get_content()
    assert sorted(login_emails(with_login)) == [OLD, "taken@example.org"]


def test_the_login_s_own_address_is_asked_again(with_login):
    chat = Conversation()
    proven(chat, with_login)
    reply = joined(chat.form_turn(OLD))
    assert "already the address of your online login" in reply
    again = joined(chat.follow_up_form())  # action_complete_flow handed back to the form
    assert chat.slots["requested_slot"] == "email" and chat.active_loop == FORM
    assert "new e-mail address" in again, again
    assert mails_to(with_login, OLD) == []


def test_a_stranger_with_the_bill_but_not_the_phone_cannot_start_it(with_login):
    chat = Conversation()
    chat.start("change my email to thief@example.net", "change_email")
    chat.form_turn("7001112223")
    chat.form_turn("Alvarez")
    reply = joined(chat.form_turn("78660"))
    assert "texted a 6-digit code" in reply and "thief" not in reply
    code = last_code(with_login)
    for guess in [g for g in ("000000", "111111", "222222", "333333") if g != code][:3]:
        reply = joined(chat.form_turn(guess))
    assert chat.slots["requested_slot"] in (None, "one_time_code") and chat.slots["outcome"] != "email_change_sent"
    assert mails_to(with_login, "thief@example.net") == []
    assert login_emails(with_login) == [OLD]
    with with_login.session() as session:
        assert session.scalars(select(EmailChange)).all() == []


def test_an_account_without_a_login_is_offered_a_sign_up(backend):
    chat = Conversation()
    replies = chat.start("new email address", "change_email")
    replies += chat.form_turn("1001234567")
    replies += chat.form_turn("Garza")
    reply = joined(chat.form_turn("78620"))
    assert "no online login yet" in reply and "sign up" in reply
    assert chat.active_loop is None and chat.slots["pending_switch"] == "register"
    chat.user("yes", "affirm")
    events, texts = chat.run("action_side_answer")
    assert chat.slots["goal"] == "register" and any(e.get("event") == "followup" for e in events)


def test_during_a_sign_up_a_different_email_corrects_the_address(backend):
    chat = Conversation()
    to_the_proof(chat)
    assert chat.slots["requested_slot"] == "identity_proof"
    chat.user("actually I want to change my email", "change_email")
    _, said = chat.run("action_start_flow")
    assert said == [] and chat.slots["goal"] == "register"
    reply = joined(chat._form())
    assert chat.slots["email"] is None and chat.slots["requested_slot"] == "email"
    assert "What e-mail address" in reply
    chat.form_turn("garza.other@example.com")
    assert chat.slots["email"] == "garza.other@example.com" and chat.slots["goal"] == "register"


def test_the_request_again_at_the_new_address_step_is_read_as_the_answer(with_login):
    chat = Conversation()
    proven(chat, with_login)
    chat.user("my new email is maria.new@example.org", "change_email")
    _, said = chat.run("action_start_flow")
    assert said == []
    reply = joined(chat._form())
    assert "m***@e***.org" in reply and chat.slots["outcome"] == "email_change_sent"


@pytest.mark.parametrize("text", ["Hi, I have a new email now and want the online login moved to it",
                                  "my email changed", "cambié de correo", "necesito actualizar mi correo"])
def test_the_words_ask_for_the_change_whatever_the_model_read(backend, text):
    chat = Conversation()
    replies = joined(chat.start(text, "register"))
    assert chat.slots["goal"] == "change_email" and "e-mail address of your online login" in replies


@pytest.mark.parametrize("text", ["I want to sign up, my new email is a@example.com", "quiero registrarme con mi correo nuevo",
                                  "sign me up", "my email is a@example.com"])
def test_sign_up_words_stay_a_sign_up(backend, text):
    chat = Conversation()
    chat.start(text, "register")
    assert chat.slots["goal"] == "register"


def test_a_stranger_with_the_bill_of_an_account_without_a_phone_only_reaches_the_owner(backend):
    """The attack of the finding: Garza has no phone on file, so the bill data is the whole proof.
    The stranger's address gets nothing; the login's own address gets a link to approve the move,
    and the reply points whoever lost that mailbox to member services."""
    give_login(backend, "1001234567", "garza@example.com")
    chat = Conversation(channel="web")
    chat.start("Hi, I have a new email now and want the online login moved to it", "register")
    chat.form_turn("1001234567")
    chat.form_turn("Garza")
    chat.form_turn("78620")
    assert chat.slots["requested_slot"] == "email"
    reply = joined(chat.form_turn("stranger@example.org"))
    assert "g***@e***.com" in reply and "link to approve this" in reply and "member services" in reply
    assert "s***@e***.org" not in reply and chat.slots["outcome"] == "email_change_sent"
    [approval] = arrived(backend, "garza@example.com")
    assert "/email/approve/" in approval.get_body(preferencelist=("plain",)).get_content()
    assert mails_to(backend, "stranger@example.org") == []
    assert login_emails(backend) == ["garza@example.com"]


VICTIM_LOGIN = "maria.garza@example.com"


@pytest.mark.parametrize("language, asks, no_login", [
    ("en", "I need to change my email on my online account", "no online login yet"),
    ("es", "quiero cambiar mi correo", "todavía no tiene acceso en línea"),
])
def test_a_stranger_s_pending_addition_to_a_member_s_login_moves_nothing(backend_on_each_database, language,
                                                                          asks, no_login):
    """The attack of a stranger whose own account (Alvarez: their own phone) has no login: they sign it
    up with the member's login address (a pending addition to Garza's login), then, in a new web chat,
    prove it again and ask for a new address. The chat says the account has no login; the stranger's
    address gets nothing, and Garza's login stays where it is."""
    backend = add_alvarez(backend_on_each_database)
    give_login(backend, "1001234567", VICTIM_LOGIN)
    verified(backend.session, backend.settings, "web-join", ALVAREZ)
    prove_phone(backend.session, backend.settings, "web-join")
    assert register_in(backend.session, backend.settings, "web-join", VICTIM_LOGIN).result == "created"
    chat = Conversation(channel="web", language=language)
    proven(chat, backend, asks)
    reply = joined(chat.form_turn("thief@example.net"))
    assert no_login in reply and "t***@e***.net" not in reply
    assert chat.slots["outcome"] == "no_login" and chat.slots["outcome"] != "email_change_sent"
    assert mails_to(backend, "thief@example.net") == []
    assert VICTIM_LOGIN in login_emails(backend) and "thief@example.net" not in login_emails(backend)
    with backend.session() as session:
        assert session.scalars(select(EmailChange)).all() == []


# --- test_review9_email_change_held_later ---
# Review 9: after the conversation's e-mail change was held back by the new address's day, a later
# "send it again" names the address that was held back, never the login's own as if its links were
# spent too (they are not: that address had nothing today). Against the real backend API, on SQLite and
# PostgreSQL.

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
