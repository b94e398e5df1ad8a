"""One master secret, one key per purpose: HKDF, separation, rotation of the session key, upgrades."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import select

from backend.core import keys
from backend.privacy.hashing import identity_hash, identity_hash_matches, keyed_hash
from backend.accounts.members_import import HEADER, import_members
from backend.storage.models import Member
from backend.notify.sms import OPTED_OUT, send_sms
from backend.notify.consent import _legacy_phone_key, phone_key, set_opted_out
from tests.support.backend_helpers import GARZA, load_members
from tests.support.api_calls import HEADERS


def test_hkdf_matches_rfc_5869_test_case_1():
    okm = keys.hkdf_sha256(bytes.fromhex("0b" * 22), bytes.fromhex("f0f1f2f3f4f5f6f7f8f9"), 42,
                           salt=bytes.fromhex("000102030405060708090a0b0c"))
    assert okm.hex() == ("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf"
                         "34007208d5b887185865")


def test_every_purpose_has_its_own_key_and_none_is_the_master():
    derived = {purpose: keys.derive("master", purpose) for purpose in keys.PURPOSES}
    assert len(set(derived.values())) == len(keys.PURPOSES)
    assert "master" not in derived.values()
    assert keys.derive("other master", keys.SESSION) != derived[keys.SESSION]
    with pytest.raises(ValueError):
        keys.derive("", keys.SESSION)


def test_settings_derive_the_session_key_unless_it_is_set(settings_for, sqlite_url, monkeypatch):
    derived = settings_for(sqlite_url)
    assert derived.session_key == keys.derive("test-secret-key", keys.SESSION)
    monkeypatch.setenv("COOPBOT_SESSION_KEY", "rotated-session-key")
    assert settings_for(sqlite_url).session_key == "rotated-session-key"


def test_rotating_the_session_key_keeps_zip_checks_and_ends_sessions(settings_for, db_url, session_factory):
    from backend.api.app import create_app as create_api_app
    from webhook import create_app

    before = settings_for(db_url)
    load_members(session_factory, before, GARZA)
    after = settings_for(db_url, session_key="a-new-session-key")

    old_app, new_app, api_app = create_app(before), create_app(after), create_api_app(after)
    try:
        old_client, new_client, api = old_app.test_client(), new_app.test_client(), api_app.test_client()
        token = old_client.post("/chat/api/session").get_json()["token"]
        refused = new_client.post("/chat/api/messages", json={"text": "hi"},
                                  headers={"Authorization": f"Bearer {token}"})
        assert refused.status_code == 401  # the old signature is no longer good

        body = {"conversation_id": "c1", "account_number": GARZA["account"], "name": GARZA["name"]}
        assert api.post("/api/identity/account", json=body, headers=HEADERS).get_json()["result"] == "match"
        verified = api.post("/api/identity/verify", json={"conversation_id": "c1", "zip": GARZA["zip"]},
                                   headers=HEADERS)
        assert verified.get_json()["result"] == "verified"
    finally:
        old_app.extensions["coopbot.engine"].dispose()
        new_app.extensions["coopbot.engine"].dispose()
        api_app.extensions["coopbot.engine"].dispose()


def test_stored_hashes_use_the_identity_key_not_the_master(settings, session_factory):
    load_members(session_factory, settings, GARZA)
    with session_factory() as session:
        member = session.scalars(select(Member)).one()
    assert member.mailing_zip_hash == identity_hash(settings.secret_key, GARZA["zip"], member.secret_salt)
    assert member.mailing_zip_hash != keyed_hash(settings.secret_key, GARZA["zip"], member.secret_salt)
    assert phone_key(settings.secret_key, "+15125550100") != keyed_hash(settings.secret_key, "+15125550100")[:32]


def test_rows_hashed_with_the_master_still_verify_until_the_next_import(settings, session_factory):
    load_members(session_factory, settings, GARZA)
    with session_factory() as session:
        member = session.scalars(select(Member)).one()
        member.mailing_zip_hash = keyed_hash(settings.secret_key, GARZA["zip"], member.secret_salt)  # legacy row
        session.commit()
        assert identity_hash_matches(settings.secret_key, GARZA["zip"], member.secret_salt, member.mailing_zip_hash)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerow([GARZA["account"], "M0", GARZA["name"], GARZA["zip"], GARZA["last4"], ""])
    buffer.seek(0)
    report = import_members(session_factory, buffer, settings.secret_key)
    assert report.ok
    with session_factory() as session:
        member = session.scalars(select(Member)).one()
    assert member.mailing_zip_hash == identity_hash(settings.secret_key, GARZA["zip"], member.secret_salt)


def test_a_stop_recorded_under_the_earlier_pseudonym_is_kept(settings_for, db_url, session_factory):
    current = settings_for(db_url, twilio_account_sid="AC" + "0" * 32, twilio_auth_token="t",
                           twilio_from_number="+15125550000")
    with session_factory() as session:
        set_opted_out(session, _legacy_phone_key(current.secret_key, "+15125550123"), True)
        session.commit()
        assert send_sms(current, session, "(512) 555-0123", "hello").status == OPTED_OUT


def test_the_one_time_code_is_hashed_with_its_own_key_not_the_master(settings_for, sqlite_url):
    from backend.identity import possession

    settings = settings_for(sqlite_url)
    stored = possession._code_hash(settings, "conv-1", "123456")
    assert stored == keyed_hash(keys.derive(settings.secret_key, keys.ONE_TIME_CODE), "123456",
                                "one-time-code:conv-1")
    assert stored != keyed_hash(settings.secret_key, "123456", "one-time-code:conv-1")


def test_the_web_client_pseudonym_uses_its_own_key_not_the_master(settings_for, sqlite_url):
    from werkzeug.test import EnvironBuilder
    from flask import Request

    from webhook.client_ip import source_key

    settings = settings_for(sqlite_url)
    request = Request(EnvironBuilder(environ_base={"REMOTE_ADDR": "198.51.100.7"}).get_environ())
    pseudonym = source_key(settings.secret_key, request, 0)
    assert pseudonym == keyed_hash(keys.derive(settings.secret_key, keys.WEB_CLIENT), "198.51.100.7",
                                   salt="web-client:")[:32]
    assert pseudonym != keyed_hash(settings.secret_key, "198.51.100.7", salt="web-client:")[:32]
