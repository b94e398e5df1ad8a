"""backend.notify.sms: outbound texts through twilio's Client (against a local fake API) or the outbox."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select
from twilio.base.exceptions import TwilioRestException

from backend.storage.models import SmsOptOut, SmsOutbound
from backend.notify.sms import FAILED, OPTED_OUT, OUTBOX, SENT, send_sms
from backend.notify.consent import phone_key, set_opted_out
from tests.support.fake_twilio import FakeTwilio

ACCOUNT = "AC" + "1" * 32
TOKEN = "twilio-auth-token"
FROM = "+15125550000"
TO = "+15125550123"


@pytest.fixture
def fake_twilio():
    fake = FakeTwilio().start()
    yield fake
    fake.stop()


@pytest.fixture
def twilio_settings(settings_for, db_url):
    return settings_for(db_url, twilio_account_sid=ACCOUNT, twilio_auth_token=TOKEN,
                        twilio_from_number=FROM, public_url="https://coop.example")


def test_a_text_goes_through_twilio_with_a_status_callback(twilio_settings, session_factory, fake_twilio):
    with session_factory() as session:
        result = send_sms(twilio_settings, session, "(512) 555-0123", "Your link is on its way.",
                          http_client=fake_twilio.http_client())
        session.commit()
        assert result.status == SENT and result.twilio_sid.startswith("SM")
        [request] = fake_twilio.requests
        assert request["method"] == "POST"
        assert request["path"] == f"/2010-04-01/Accounts/{ACCOUNT}/Messages.json"
        assert request["auth"] == f"{ACCOUNT}:{TOKEN}"
        assert request["form"] == {"To": TO, "From": FROM, "Body": "Your link is on its way.",
                                   "StatusCallback": "https://coop.example/sms/status"}
        [row] = session.scalars(select(SmsOutbound)).all()
        assert row.twilio_sid == result.twilio_sid and row.status == "queued"
        assert row.phone_key == phone_key(twilio_settings.secret_key, TO)


def test_an_opted_out_number_is_never_texted(twilio_settings, session_factory, fake_twilio):
    with session_factory() as session:
        set_opted_out(session, phone_key(twilio_settings.secret_key, TO), True)
        session.commit()
        result = send_sms(twilio_settings, session, TO, "hello", http_client=fake_twilio.http_client())
        assert result.status == OPTED_OUT
        assert fake_twilio.requests == []
        assert session.scalars(select(SmsOutbound)).all() == []


def test_twilio_saying_the_number_unsubscribed_records_the_opt_out(twilio_settings, session_factory, fake_twilio):
    fake_twilio.errors[TO] = (400, 21610)
    with session_factory() as session:
        assert send_sms(twilio_settings, session, TO, "hi", http_client=fake_twilio.http_client()).status == OPTED_OUT
        session.commit()
        [row] = session.scalars(select(SmsOptOut)).all()
        assert row.opted_out is True
        send_sms(twilio_settings, session, TO, "again", http_client=fake_twilio.http_client())
        assert len(fake_twilio.requests) == 1


def test_a_text_twilio_answers_as_failed_is_no_sent_text(twilio_settings, session_factory, fake_twilio):
    fake_twilio.statuses[TO] = "failed"
    with session_factory() as session:
        result = send_sms(twilio_settings, session, TO, "hi", http_client=fake_twilio.http_client())
        session.commit()
        assert result.status == FAILED
        [row] = session.scalars(select(SmsOutbound)).all()
        # Its callback finds it recorded; Twilio's reason is kept (30006: a landline, which is then called).
        assert (row.twilio_sid, row.status, row.error_code) == (result.twilio_sid, "failed", "30006")


def test_other_twilio_errors_are_raised_for_the_retry_logic(twilio_settings, session_factory, fake_twilio):
    fake_twilio.errors[TO] = (400, 21211)
    with session_factory() as session:
        with pytest.raises(TwilioRestException) as raised:
            send_sms(twilio_settings, session, TO, "hi", http_client=fake_twilio.http_client())
        assert raised.value.code == 21211
        assert session.scalars(select(SmsOutbound)).all() == []


def test_without_a_twilio_account_the_text_goes_to_the_outbox(settings_for, db_url, fake_twilio):
    from backend.storage.db import make_engine, make_session_factory

    settings = settings_for(db_url, twilio_account_sid=None, twilio_auth_token=None, twilio_from_number=None)
    engine = make_engine(settings.database_url)
    with make_session_factory(engine)() as session:
        result = send_sms(settings, session, "5125550123", "Hello from the co-op",
                          http_client=fake_twilio.http_client())
        session.commit()
        assert result.status == OUTBOX
        assert result.path.parent == settings.outbox_dir and result.path.suffix == ".json"
        payload = json.loads(result.path.read_text())
        assert payload["to"] == TO and payload["body"] == "Hello from the co-op"
        assert fake_twilio.requests == []
        [row] = session.scalars(select(SmsOutbound)).all()
        assert row.status == "outbox" and row.twilio_sid is None
    engine.dispose()
