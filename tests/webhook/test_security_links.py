"""Account protection in the web app: delete/cancel links, chat session throttle, conversation sources."""

from __future__ import annotations

import hashlib
import hmac

import pytest
from sqlalchemy import select

from backend.privacy import tokens
from backend.storage.models import ACTIVE, UNSUBSCRIBED, ConversationSource
from tests.support.fake_rasa import FakeRasa
from tests.support.member_rows import EMAIL, add_member, add_registration, mint, registration, text_of


@pytest.fixture
def active_registration(session_factory):
    return add_registration(session_factory, add_member(session_factory), status=ACTIVE)


@pytest.mark.parametrize("purpose, path, done_words", [
    (tokens.DELETE, "delete", ("Your online registration is deleted", "Su registro en línea está eliminado")),
    (tokens.CANCEL, "cancel", ("The new registration is cancelled", None)),
])
def test_get_shows_post_revokes_once(no_csrf, app, client, session_factory, active_registration, purpose, path,
                                     done_words):
    token = mint(session_factory, active_registration, purpose)
    page = client.get(f"/{path}/{token}")
    assert page.status_code == 200
    assert registration(session_factory, active_registration).status == ACTIVE  # a mail scanner changes nothing
    done = client.post(f"/{path}/{token}")
    assert done.status_code == 200 and done_words[0] in text_of(done)
    assert registration(session_factory, active_registration).status == UNSUBSCRIBED
    # The same browser submitting again (the back button, a double click): what was done, never an error.
    again = client.post(f"/{path}/{token}")
    assert again.status_code == 200 and done_words[0] in text_of(again) and "no longer works" not in text_of(again)
    if done_words[1]:
        spanish = client.post(f"/{path}/{token}?lang=es", headers={"Accept-Language": "es"})
        assert spanish.status_code == 200 and done_words[1] in text_of(spanish)
    # Any other browser: the link is spent, and its page tells nothing more.
    other = app.test_client().post(f"/{path}/{token}")
    assert other.status_code == 410 and "no longer works" in text_of(other)


def test_a_delete_link_is_no_activation_link_and_vice_versa(client, session_factory, active_registration):
    delete_token = mint(session_factory, active_registration, tokens.DELETE)
    activation_token = mint(session_factory, active_registration, tokens.ACTIVATE)
    assert client.get(f"/activate/{delete_token}").status_code == 404
    assert client.get(f"/delete/{activation_token}").status_code == 404
    assert client.get(f"/cancel/{delete_token}").status_code == 404
    assert client.get("/delete/not-a-token").status_code == 404


@pytest.fixture
def chat_client(make_app, db_url):
    rasa = FakeRasa().start()
    app = make_app(db_url, rasa_url=rasa.url, chat_sessions_per_hour=3, trusted_proxies=1)
    app.config.update(TESTING=True)
    yield app, app.test_client()
    rasa.stop()


def _new_session(client, address):
    return client.post("/chat/api/session", headers={"X-Forwarded-For": address})


def test_new_chat_sessions_are_limited_per_client(chat_client):
    _app, client = chat_client
    assert [_new_session(client, "203.0.113.7").status_code for _ in range(4)] == [201, 201, 201, 429]
    refused = _new_session(client, "203.0.113.7")
    assert "Too many new chats" in refused.get_json()["error"]
    # Another client (the proxy's right-most entry) is not affected; a forged left entry does not help.
    assert _new_session(client, "198.51.100.1").status_code == 201
    assert _new_session(client, "198.51.100.9, 203.0.113.7").status_code == 429


def test_the_new_chat_limit_is_shared_by_every_web_worker(make_app, db_url, chat_client):
    """Two web workers (two apps on one database): a client gets 3 new chats in all, not 3 each."""
    _app, first = chat_client
    second = make_app(db_url, chat_sessions_per_hour=3, trusted_proxies=1).test_client()
    opened = [_new_session(client, "203.0.113.9").status_code for client in (first, second, first, second)]
    assert opened == [201, 201, 201, 429]


def test_a_client_over_its_allowance_is_slowed_not_shut_out_for_the_hour(session_factory):
    from datetime import timedelta

    from backend.identity import chat_quota
    from backend.storage import retention
    from backend.storage.models import utcnow

    now = utcnow()
    first = chat_quota.FIRST_DELAY
    with session_factory() as session:
        assert [chat_quota.allow(session, "k" * 32, 2, now=now) for _ in range(3)] == [True, True, False]
        assert chat_quota.admit(session, "k" * 32, 2, now=now) == first
        # Each chat beyond the allowance opens after a delay that doubles, up to five minutes.
        assert chat_quota.allow(session, "k" * 32, 2, now=now + first) is True
        assert chat_quota.admit(session, "k" * 32, 2, now=now + first) == 2 * first
        assert chat_quota.allow(session, "k" * 32, 2, now=now + 3 * first) is True
        assert chat_quota.delay_after(40) == chat_quota.MAX_DELAY
        assert chat_quota.allow(session, "k" * 32, 2, now=now + timedelta(minutes=61)) is True
        session.commit()
        retention.prune(session, now + timedelta(hours=3))
        session.commit()
        assert session.get(chat_quota.ChatQuota, "k" * 32) is None  # forgotten once its hour is over


def test_a_member_behind_an_address_that_asked_for_many_chats_gets_one_within_minutes(chat_client):
    """Twenty empty session requests from a NAT address once blocked every new chat there for an hour."""
    import re

    from backend.identity import chat_quota

    _app, client = chat_client
    for _ in range(20):
        _new_session(client, "203.0.113.50")
    refused = _new_session(client, "203.0.113.50")
    assert refused.status_code == 429
    wait = int(refused.headers["Retry-After"])
    assert 0 < wait <= chat_quota.MAX_DELAY.total_seconds()
    assert "hour" not in refused.get_json()["error"]
    assert re.search(r"try again in (\d+ seconds?|\d+ minutes?)", refused.get_json()["error"])


def test_an_ipv6_client_is_counted_by_its_64_network(chat_client):
    """A new address from the same /64 is the same client; another /64 is another client."""
    _app, client = chat_client
    opened = [_new_session(client, f"2001:db8:5:7::{index:x}").status_code for index in range(1, 5)]
    assert opened == [201, 201, 201, 429]
    assert _new_session(client, "2001:db8:5:7:abcd:ef01:2345:6789").status_code == 429
    assert _new_session(client, "2001:db8:5:8::1").status_code == 201
    # An IPv4 address written as IPv6 is that IPv4 address.
    assert [_new_session(client, "::ffff:198.51.100.77").status_code for _ in range(3)] == [201] * 3
    assert _new_session(client, "198.51.100.77").status_code == 429


def test_each_chat_message_records_its_source(chat_client):
    app, client = chat_client
    token = _new_session(client, "203.0.113.8").get_json()["token"]
    client.post("/chat/api/messages", json={"text": "hi"}, headers={
        "Authorization": f"Bearer {token}", "X-Forwarded-For": "203.0.113.8"})
    with app.extensions["coopbot.sessions"]() as session:
        [row] = session.scalars(select(ConversationSource)).all()
    assert row.channel == "web" and len(row.source_key) == 32 and "203" not in row.source_key


def _notified(factory, phone: str, possession: str | None) -> int:
    """An active registration of a member whose phone on file was texted its notice."""
    from backend.storage.models import Member, Notification, Registration, utcnow

    member_id = add_member(factory)
    registration_id = add_registration(factory, member_id, status=ACTIVE)
    with factory() as session, session.begin():
        session.get(Member, member_id).phone = phone
        session.get(Registration, registration_id).possession = possession
        session.add(Notification(kind="notice_activated", channel="sms", registration_id=registration_id,
                                 to_address=phone, status="sent", created_at=utcnow(), next_attempt_at=utcnow()))
    return registration_id


def test_notme_from_the_phone_on_file_revokes_a_registration_made_on_bill_data(sms_app, texter, fake_rasa):
    from backend.storage.models import Notification

    factory = sms_app.extensions["coopbot.sessions"]
    registration_id = _notified(factory, "+15125550100", "policy_bill")
    fake_rasa.bot = lambda sender, message: ([{"recipient_id": sender, "text": "OK"}], {}, "deny", 0.9)
    # Another phone's NOTME, and the phone on file's plain "no" (an answer to the bot), change nothing.
    assert texter.texts("NOTME", from_="+15125559999") == ["OK"]
    assert texter.texts("no", from_="+15125550100") == ["OK"]
    assert texter.texts("NO", from_="+15125550100") == ["OK"]
    assert registration(factory, registration_id).status == ACTIVE
    replies = texter.texts("NOTME", from_="+15125550100")
    assert "cancelled and signed out" in replies[0]
    assert registration(factory, registration_id).status == UNSUBSCRIBED
    with factory() as session:  # the member is told at the cancelled registration's own address
        told = session.scalars(select(Notification).where(Notification.kind == "notice_cancelled")).all()
    assert [(n.channel, n.to_address, n.status) for n in told] == [("email", EMAIL, "sent")]  # sent at once


def test_notme_never_revokes_a_registration_proven_through_the_phone_on_file(sms_app, texter, fake_rasa):
    factory = sms_app.extensions["coopbot.sessions"]
    registration_id = _notified(factory, "+15125550100", "code")
    fake_rasa.bot = lambda sender, message: ([{"recipient_id": sender, "text": "OK"}], {}, "deny", 0.9)
    assert texter.texts("NOTME", from_="+15125550100") == ["OK"]
    assert registration(factory, registration_id).status == ACTIVE


def test_a_used_link_is_remembered_under_a_key_of_its_own_not_the_cookie_signing_key(
        no_csrf, app, client, session_factory, active_registration):
    """The cookie's contents are readable to its holder: a digest under the key that signs it would
    hand out that key's HMAC of a chosen value. The resubmit still shows what was done."""
    token = mint(session_factory, active_registration, tokens.DELETE)
    assert client.post(f"/delete/{token}").status_code == 200
    with client.session_transaction() as cookie:
        kept = cookie["links_used_here"]
    secret = app.secret_key.encode() if isinstance(app.secret_key, str) else app.secret_key
    assert kept and hmac.new(secret, token.encode(), hashlib.sha256).hexdigest()[:32] not in kept
    again = client.post(f"/delete/{token}")
    assert again.status_code == 200 and "no longer works" not in text_of(again)
