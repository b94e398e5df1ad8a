"""Notices to the contact on file (text to the phone, mail to the previous address) and their undo."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from backend.accounts import undo
from backend.accounts import online_access as accounts
from backend.notify import notices
from backend.identity import code_words, possession
from backend.accounts import registration as reg
from backend.identity import verification as v
from backend.storage.models import UNSUBSCRIBED, Login, Notification, Registration, SecurityEvent
from backend.notify import dispatch
from backend.core.config import Settings
from backend.notify.consent import phone_key, set_opted_out
from common.gsm import MAX_SEPTETS, is_gsm7, septets, to_gsm7
from tests.support.one_time_code import GARZA_PHONE as PHONE, GARZA_WITH_PHONE as WITH_PHONE, texts
from tests.support.backend_helpers import GARZA, load_members, outbox_mails, parts
from webhook.sms.keywords import OPT_OUT

ACTIVATE = re.compile(r"/activate/([A-Za-z0-9_-]{40,})")
CANCEL = re.compile(r"/cancel/([A-Za-z0-9_-]{40,})")
LANGUAGES = list(Settings.model_fields["languages"].default)  # every catalog the co-op may offer


@pytest.fixture
def db(session_factory, settings):
    load_members(session_factory, settings, WITH_PHONE)
    return session_factory


def deliver(settings, db, ids):
    return [dispatch.deliver(settings, db, i) for i in ids]


def register_with_code(db, settings, conversation, email):
    with db() as session:
        v.remember_origin(session, conversation, "web", "client-1")
        session.commit()
    with db() as session:
        assert v.check_account(session, conversation, GARZA["account"], "Garza").result == v.MATCH
    with db() as session:
        assert v.verify_secret(session, settings, conversation, zip_code=GARZA["zip"]).result == v.VERIFIED
    with db() as session:
        reg.store_security_answer(session, conversation, 1, "Smith")
    with db() as session:
        assert possession.send_code(session, settings, conversation).result == possession.CODE_SENT
    code = re.search(r"\b(\d{6})\b", texts(settings)[-1]["body"]).group(1)
    with db() as session:
        assert possession.check_code(session, settings, conversation, code).result == possession.VERIFIED
    with db() as session:
        outcome = reg.register(session, settings, conversation, email, True)
    assert outcome.result == reg.CREATED
    deliver(settings, db, outcome.notification_ids)
    return outcome


def activate_last(db, settings):
    token = ACTIVATE.search(parts(outbox_mails(settings.outbox_dir)[-1])[0]).group(1)
    with db() as session:
        result = accounts.activate(session, token, "a long enough passphrase", settings)
        queued = dispatch.pending_for(session, result.registration.id)
        session.commit()
    deliver(settings, db, queued)


def register_on_bill(db, settings, conversation, email):
    """COOPBOT_VERIFY_POLICY=bill: the bill data alone register (no proof of the phone on file)."""
    bill = settings.model_copy(update={"verify_policy": "bill"})
    with db() as session:
        v.remember_origin(session, conversation, "web", "client-2")
        session.commit()
    with db() as session:
        assert v.check_account(session, conversation, GARZA["account"], "Garza").result == v.MATCH
    with db() as session:
        assert v.verify_secret(session, bill, conversation, zip_code=GARZA["zip"]).result == v.VERIFIED
    with db() as session:
        reg.store_security_answer(session, conversation, 1, "Smith")
    with db() as session:
        outcome = reg.register(session, bill, conversation, email, True)
    assert outcome.result == reg.CREATED
    deliver(settings, db, outcome.notification_ids)
    return outcome


def delete_registration(db, settings):
    with db() as session:
        registration = session.scalars(select(Registration).order_by(Registration.id.desc())).first()
        accounts.unsubscribe(session, registration)
        queued = dispatch.pending_for(session, registration.id)
        session.commit()
    deliver(settings, db, queued)


def test_a_phone_proven_registration_is_told_with_a_call_not_a_reply(db, settings):
    register_with_code(db, settings, "web1", "new@example.com")
    notice = texts(settings)[-1]
    assert notice["to"] == PHONE
    assert "link was mailed to n***@e***.com" in notice["body"] and "Not you? Call member services" in notice["body"]
    assert "signed up in the web chat" in notice["body"] and "NOTME" not in notice["body"]
    assert len(notice["body"]) <= 306
    activate_last(db, settings)
    assert "was activated" in texts(settings)[-1]["body"]
    with db() as session:
        kinds = [e.kind for e in session.scalars(select(SecurityEvent).order_by(SecurityEvent.id))]
        # NOTME from the phone on file cannot undo what that phone proved.
        assert undo.revoke_by_reply(session, settings, phone_key(settings.secret_key, PHONE)) is False
    assert notices.REGISTERED in kinds and notices.ACTIVATED in kinds


def test_notme_revokes_a_bill_data_registration_and_the_member_is_told(db, settings):
    register_on_bill(db, settings, "web1", "intruder@example.com")
    assert "Reply NOTME within 3 days" in texts(settings)[-1]["body"]
    activate_last(db, settings)
    with db() as session:
        assert undo.revoke_by_reply(session, settings, phone_key(settings.secret_key, "+15125559999")) is False
        assert undo.revoke_by_reply(session, settings, phone_key(settings.secret_key, PHONE)) is True
        session.commit()
    with db() as session:
        registration = session.scalar(select(Registration))
        assert registration.status == UNSUBSCRIBED and registration.login.password_hash is None
        told = session.scalars(select(Notification).where(Notification.kind == notices.CANCELLED)).all()
    assert [(n.channel, n.to_address) for n in told] == [("email", "intruder@example.com")]
    deliver(settings, db, [n.id for n in told])
    assert "was cancelled" in outbox_mails(settings.outbox_dir)[-1]["Subject"]


def test_only_the_address_just_replaced_gets_a_cancel_link_and_it_spares_phone_proofs(db, settings):
    register_with_code(db, settings, "web1", "maria@example.com")
    activate_last(db, settings)
    delete_registration(db, settings)
    assert "registration of your account was deleted" in texts(settings)[-1]["body"]
    register_on_bill(db, settings, "web2", "intruder@example.com")
    to_previous = [m for m in outbox_mails(settings.outbox_dir) if m["To"] == "maria@example.com"][-1]
    assert "new online registration" in to_previous["Subject"]
    text = parts(to_previous)[0]
    assert "in the web chat" in text
    token = CANCEL.search(text).group(1)
    with db() as session:
        assert accounts.link_state(session, token, "cancel").state == accounts.VALID
        assert undo.revoke_by_link(session, token, settings=settings).state == accounts.VALID
        session.commit()
    with db() as session:
        statuses = [r.status for r in session.scalars(select(Registration).order_by(Registration.id))]
        told = [(n.channel, n.to_address) for n in session.scalars(
            select(Notification).where(Notification.kind == notices.CANCELLED).order_by(Notification.id))]
    assert statuses == [UNSUBSCRIBED, UNSUBSCRIBED]
    assert told == [("email", "intruder@example.com"), ("sms", PHONE)]  # the member hears of it
    # The member registers again, proven by the code: maria@ (replaced, activated, recent) is told
    # but gets no link, and the intruder's address (never activated) gets nothing at all.
    before = len(outbox_mails(settings.outbox_dir))
    register_with_code(db, settings, "web3", "maria.new@example.com")
    mails = outbox_mails(settings.outbox_dir)[before:]
    assert not [m for m in mails if m["To"] == "intruder@example.com"]
    assert not any(CANCEL.search(parts(m)[0]) for m in mails)


def test_an_address_replaced_long_ago_is_told_nothing(db, settings):
    from datetime import timedelta

    register_with_code(db, settings, "web1", "maria@example.com")
    activate_last(db, settings)
    delete_registration(db, settings)
    with db() as session:
        old = session.scalar(select(Registration))
        old.unsubscribed_at -= notices.REPLACED_WITHIN + timedelta(days=1)
        session.commit()
    before = len(outbox_mails(settings.outbox_dir))
    register_on_bill(db, settings, "web2", "new@example.com")
    assert [m["To"] for m in outbox_mails(settings.outbox_dir)[before:]] == ["new@example.com"]


def test_a_notice_to_an_opted_out_phone_is_undeliverable_and_the_next_contact_is_mailed(db, settings):
    register_with_code(db, settings, "web1", "maria@example.com")
    activate_last(db, settings)
    delete_registration(db, settings)
    with db() as session:
        set_opted_out(session, phone_key(settings.secret_key, PHONE), True)
        session.commit()
    sent_texts = len(texts(settings))
    register_on_bill(db, settings, "web2", "intruder@example.com")
    assert len(texts(settings)) == sent_texts  # nothing was texted ...
    with db() as session:
        text_notice = session.scalars(select(Notification).where(
            Notification.kind == notices.REGISTERED, Notification.channel == "sms")
            .order_by(Notification.id.desc())).first()
        assert (text_notice.status, text_notice.last_error) == (dispatch.UNDELIVERABLE, "the phone opted out of texts")
    # ... and the address the registration replaced was mailed (once: it was also told directly).
    to_previous = [m for m in outbox_mails(settings.outbox_dir) if m["To"] == "maria@example.com"
                   and "new online registration" in m["Subject"]]
    assert len(to_previous) == 1


def test_a_notice_text_twilio_answers_as_failed_is_undeliverable_and_the_next_contact_is_mailed(db, settings,
                                                                                                monkeypatch):
    from functools import partial

    from backend.notify import sms
    from tests.support.fake_twilio import FakeTwilio

    register_with_code(db, settings, "web1", "maria@example.com")
    activate_last(db, settings)
    delete_registration(db, settings)
    fake = FakeTwilio().start()
    try:
        fake.statuses[PHONE] = "failed"  # Twilio's answer to the request already says it reached nobody
        monkeypatch.setattr(sms, "send_sms", partial(sms.send_sms, http_client=fake.http_client()))
        twilio = settings.model_copy(update={"twilio_account_sid": "AC" + "1" * 32, "twilio_auth_token": "token",
                                             "twilio_from_number": "+15125550000"})
        register_on_bill(db, twilio, "web2", "intruder@example.com")
        assert [r["form"]["To"] for r in fake.requests] == [PHONE]
    finally:
        fake.stop()
    with db() as session:
        text_notice = session.scalars(select(Notification).where(
            Notification.kind == notices.REGISTERED, Notification.channel == "sms")
            .order_by(Notification.id.desc())).first()
        assert (text_notice.status, text_notice.last_error) == (dispatch.UNDELIVERABLE, "Twilio failed the text")
    to_previous = [m for m in outbox_mails(settings.outbox_dir) if m["To"] == "maria@example.com"
                   and "new online registration" in m["Subject"]]
    assert len(to_previous) == 1


def test_a_lockout_is_told_to_the_phone_and_the_address_on_file(db, settings):
    from backend.api.app import create_app

    api = create_app(settings)
    client = api.test_client()
    register_with_code(db, settings, "web0", "maria@example.com")
    activate_last(db, settings)
    headers = {"X-Coopbot-Api-Key": settings.api_key}
    for index in range(v.ACCOUNT_DAILY_LIMIT):
        body = {"conversation_id": f"bad{index}", "account_number": GARZA["account"], "name": "Garza"}
        assert client.post("/api/identity/account", json=body, headers=headers).status_code == 200
        client.post("/api/identity/verify", json={"conversation_id": f"bad{index}", "zip": "11111"}, headers=headers)
    assert "paused after too many wrong answers" in texts(settings)[-1]["body"]
    mail = outbox_mails(settings.outbox_dir)[-1]
    assert mail["To"] == "maria@example.com" and "paused" in mail["Subject"]
    api.extensions["coopbot.engine"].dispose()


def test_no_text_to_an_opted_out_phone(db, settings):
    with db() as session:
        set_opted_out(session, phone_key(settings.secret_key, PHONE), True)
        session.commit()
    with db() as session:
        v.check_account(session, "w", GARZA["account"], "Garza")
    with db() as session:
        v.verify_secret(session, settings, "w", zip_code=GARZA["zip"])
    with db() as session:
        reg.store_security_answer(session, "w", 1, "Smith")
    with db() as session:
        assert possession.send_code(session, settings, "w").result == possession.PHONE_OPTED_OUT
    assert texts(settings) == []


LONG_FACTS = dict(coop_name="Pedernales Electric Cooperative", support_phone="1-888-554-4732")
LONG_EMAIL = "a-rather-long-name@an-internet-provider.example"
# An opt-out keyword written as one (in capitals, like "reply NOTME"), in any language.
OPT_OUT_WORDS = re.compile(r"(?<!\w)(" + "|".join(sorted(map(re.escape, OPT_OUT), key=len, reverse=True)) + r")(?!\w)")


def _as_sent(body: str) -> str:
    assert is_gsm7(body) and septets(body) <= MAX_SEPTETS, body
    assert not OPT_OUT_WORDS.search(body), f"suggests an opt-out word: {body!r}"
    return body


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("words", list(notices.CHANNEL_WORDS.values()))
@pytest.mark.parametrize("proof", [possession.POLICY_BILL, possession.CODE])
@pytest.mark.parametrize("kind", notices.KINDS)
def test_every_notice_text_is_gsm7_and_two_segments_at_most(settings_for, sqlite_url, kind, proof, words, language):
    settings = settings_for(sqlite_url, **LONG_FACTS)
    registration = Registration(login=Login(email=LONG_EMAIL), possession=proof)
    for about in (registration, None):
        body = _as_sent(notices.sms_body(settings, kind, about, words, language))
        english = notices.sms_body(settings, kind, about, words)
        assert (body != english) == (language != "en"), body  # translated, and English stays English
        if kind not in notices.REVOCABLE or about is None or proof == possession.CODE:
            assert "NOTME" not in body, body  # only a bill-data registration's own notices can be undone by a reply


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_code_text_is_gsm7_and_two_segments_at_most(settings_for, sqlite_url, language):
    settings = settings_for(sqlite_url, **LONG_FACTS)
    body = _as_sent(code_words.text(settings, "123456", possession.CODE_TTL, (language,)))
    english = code_words.text(settings, "123456", possession.CODE_TTL, ("en",))
    assert "123456" in body and (body != english) == (language != "en")


@pytest.mark.parametrize("coop_name", [LONG_FACTS["coop_name"], "North Central Texas Rural Electric Membership "
                                       "Cooperative of the Upper Brazos River Valley Counties"])
@pytest.mark.parametrize("language", [language for language in LANGUAGES if language != "en"])
def test_a_bilingual_code_text_fits_two_segments_with_the_warning_in_each_language(settings_for, sqlite_url,
                                                                                  coop_name, language):
    """Unknown phone language, an asker in another language than the default: both, the asker's first."""
    settings = settings_for(sqlite_url, coop_name=coop_name)
    body = _as_sent(code_words.text(settings, "123456", possession.CODE_TTL, (language, "en")))
    first, second = body.split("\n")[-2:]
    assert body.startswith(f"{coop_name}:\n") and "123456" in first and "123456" in second
    assert "No lo comparta." in first and "Do not share it." in second


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_text_to_the_phone_in_the_catalog_only_loses_accents_when_folded(language):
    """Each catalog translation of a text to the phone keeps every letter as sent: only
    the accents GSM-7 lacks go (docs/languages.md), é and ñ stay."""
    from common import catalogs
    from backend.notify import compose

    sources = [*notices.SMS_TEXTS.values(), notices.REPLY_NOTME, notices.CALL_US, notices.A_NEW_ADDRESS,
               code_words.CODE_TEXT, code_words.CODE_SHORT, code_words.CODE_BRIEF]
    translation = catalogs.translations(compose.TRANSLATIONS, language)
    for source in sources:
        text = translation.gettext(source)
        assert (text != source) == (language != "en"), f"not translated: {source!r}"
        folded = to_gsm7(text)
        assert len(folded) == len(text) and is_gsm7(folded), text
        assert all(kept in folded for kept in "éñ¿" if kept in text), text


def test_a_spanish_notice_keeps_e_acute_and_folds_the_other_accents(settings_for, sqlite_url):
    settings = settings_for(sqlite_url, **LONG_FACTS)
    body = notices.sms_body(settings, notices.PHONE_CHANGED, None, language="es")
    assert body == ("Pedernales Electric Cooperative: se cambio el numero de teléfono registrado de su cuenta. "
                    "¿No fue usted? Llame a servicio a socios al 1-888-554-4732.")


