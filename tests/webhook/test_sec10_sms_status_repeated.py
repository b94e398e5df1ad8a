"""Attacker/Twilio retries: the same signed "failed"/"undelivered" status callback delivered again.

Twilio retries a status callback it got no answer to, so one message's failure can arrive
twice, even at once. Its effects (the carrier opt-out of error 21610, the mail to the next
contact for a notice text that bounced) belong to the message's first failure: a repeat
re-opted-out a member who had texted START since, and two deliveries at once queued the
fallback mail twice (PostgreSQL).
"""

from __future__ import annotations

import threading

import requests
from sqlalchemy import select

from backend.notify import consent as sms_consent
from backend.storage.models import Notification, SmsOptOut, SmsOutbound
from tests.support.live import live_server
from tests.support.sms import bounced_notice, signed_status, status_callback

SID = "SM" + "d" * 32
KEY = "k" * 32
PHONE = "+15125550123"


def callback(client, status: str, **extra):
    return status_callback(client, status, sid=SID, **extra)


def test_a_repeated_21610_failure_does_not_opt_out_a_member_who_texted_start_since(sms_app, sms_client):
    factory = sms_app.extensions["coopbot.sessions"]
    with factory() as session, session.begin():
        session.add(SmsOutbound(phone_key=KEY, twilio_sid=SID, status="queued"))
    assert callback(sms_client, "failed", ErrorCode="21610").status_code == 204
    with factory() as session, session.begin():
        assert session.get(SmsOptOut, KEY).opted_out is True
        sms_consent.set_opted_out(session, KEY, False)  # the member texts START
    assert callback(sms_client, "failed", ErrorCode="21610").status_code == 204  # Twilio's retry
    with factory() as session:
        assert session.get(SmsOptOut, KEY).opted_out is False


def test_the_same_failure_delivered_many_times_at_once_mails_the_next_contact_once(sms_app):
    factory = sms_app.extensions["coopbot.sessions"]
    bounced_notice(factory, sid=SID, phone=PHONE, phone_key=KEY)
    form, headers = signed_status(SID, "undelivered", ErrorCode="30006")
    copies = 6
    ready = threading.Barrier(copies)
    answers: list[int] = []

    with live_server(sms_app) as url:
        def deliver():
            with requests.Session() as http:
                ready.wait()
                answers.append(http.post(url + "/sms/status", data=form, headers=headers, timeout=30).status_code)

        threads = [threading.Thread(target=deliver) for _ in range(copies)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert answers == [204] * copies
    with factory() as session:
        mails = session.scalars(select(Notification).where(Notification.channel == "email")).all()
    assert [mail.to_address for mail in mails] == ["before@example.com"]


def test_a_late_delivered_between_two_copies_of_a_failure_does_not_make_the_second_a_first(sms_app, sms_client):
    factory = sms_app.extensions["coopbot.sessions"]
    bounced_notice(factory, sid=SID, phone=PHONE, phone_key=KEY)
    callback(sms_client, "undelivered", ErrorCode="30006")
    callback(sms_client, "delivered")
    callback(sms_client, "undelivered", ErrorCode="30006")
    with factory() as session:
        mails = session.scalars(select(Notification).where(Notification.channel == "email")).all()
        assert session.scalars(select(SmsOutbound)).one().status == "undelivered"
    assert [mail.to_address for mail in mails] == ["before@example.com"]
