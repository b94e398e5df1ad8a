"""The phone on file, row by row of docs/security.md's decision table, played as the attacker.

The attacker holds the bill (account number, name, ZIP) and chats from the
web; every row must end without a registration unless the phone on file was
proven. Twilio's REST API is the local fake (twilio-python's ``http_client``
hook), so the real Messages, Calls and Verify requests are made and checked.
"""

from __future__ import annotations

import re
from xml.etree import ElementTree

import pytest
from sqlalchemy import select

from backend.identity import possession as p
from backend.accounts import registration as reg
from backend.identity import verification as v
from backend.core.errors import StepOutOfOrder
from backend.storage.models import RegistrationDraft, SecurityEvent, SmsOutbound
from backend.notify.consent import phone_key, set_opted_out
from tests.support.backend_helpers import GARZA, load_members
from tests.support.backend_helpers import verified as verified_steps
from tests.support.fake_twilio import FakeTwilio

PHONE = "+15125550123"
ACCOUNT = "AC" + "1" * 32
FROM = "+15125550000"
SERVICE = "VA" + "2" * 32


@pytest.fixture
def fake():
    twilio = FakeTwilio().start()
    yield twilio
    twilio.stop()


@pytest.fixture
def twilio(settings_for, db_url):
    return settings_for(db_url, twilio_account_sid=ACCOUNT, twilio_auth_token="token",
                        twilio_from_number=FROM, public_url="https://coop.example")


@pytest.fixture
def db(session_factory, twilio):
    load_members(session_factory, twilio, dict(GARZA, phone=PHONE))
    return session_factory


def attacker_verifies(db, settings, conversation="attacker"):
    """Bill data only, from the web chat: the code is still required."""
    assert verified_steps(db, settings, conversation, GARZA).possession == p.CODE_REQUIRED


def send(db, settings, fake, conversation="attacker", language=None):
    with db() as session:
        return p.send_code(session, settings, conversation, language=language, http_client=fake.http_client())


def enter(db, settings, fake, code, conversation="attacker"):
    with db() as session:
        return p.check_code(session, settings, conversation, code, http_client=fake.http_client())


def cannot_register(db, settings, conversation="attacker"):
    with db() as session, pytest.raises(StepOutOfOrder) as refused:
        reg.register(session, settings, conversation, "attacker@example.com", True)
    assert refused.value.code == reg.POSSESSION_REQUIRED


def posts(fake, ending):
    return [r for r in fake.requests if r["path"].endswith(ending)]


def said(call_request) -> str:
    """The words a call's TwiML makes Twilio say."""
    return " ".join(text for text, _voice in voices(call_request))


def voices(call_request) -> list[tuple[str, str]]:
    """Each ``<Say>`` of a call's TwiML: its words and its voice's language."""
    return [(node.text, node.get("language"))
            for node in ElementTree.fromstring(call_request["form"]["Twiml"]).iter("Say")]


def phone_texted_in(db, settings, language):
    """The phone on file once texted the co-op in ``language`` (the web app remembers it per phone)."""
    from backend.notify import conversation_language
    from backend.storage.models import utcnow

    with db() as session:
        conversation_language.remember(session, "sms", phone_key(settings.secret_key, PHONE), language,
                                       explicit=False, now=utcnow())
        session.commit()


def test_reachable_phone_gets_a_text_and_the_attacker_cannot_register(db, twilio, fake):
    attacker_verifies(db, twilio)
    assert send(db, twilio, fake).as_json() == {"result": "code_sent", "phone_masked": "***-***-0123",
                                               "channel": "sms"}
    [text] = posts(fake, "/Messages.json")
    assert text["form"]["To"] == PHONE and re.search(r"\b\d{6}\b", text["form"]["Body"])
    assert enter(db, twilio, fake, "000001").result in (p.MISMATCH, v.LOCKED)
    cannot_register(db, twilio)


def test_opted_out_phone_the_attacker_caused_gets_no_text_until_start(db, twilio, fake):
    key = phone_key(twilio.secret_key, PHONE)
    with db() as session:  # the member, pestered by the attacker's codes, texted STOP
        set_opted_out(session, key, True)
        session.commit()
    attacker_verifies(db, twilio)
    for _ in range(3):  # asking again changes nothing
        assert send(db, twilio, fake).result == p.PHONE_OPTED_OUT
    assert enter(db, twilio, fake, "123456").result == p.EXPIRED  # no code is outstanding
    assert fake.requests == []
    cannot_register(db, twilio)
    with db() as session:
        events = session.scalars(select(SecurityEvent.detail).where(SecurityEvent.kind == "code_not_sent")).all()
    assert events == [p.OPTED_OUT] * 3  # staff see what really happened
    # The member texts START: the next request texts the code again (the draft is re-evaluated).
    with db() as session:
        set_opted_out(session, key, False)
        session.commit()
    assert send(db, twilio, fake).result == p.CODE_SENT
    assert len(posts(fake, "/Messages.json")) == 1
    cannot_register(db, twilio)


def test_the_carriers_opt_out_on_send_is_the_same_row(db, twilio, fake):
    fake.errors[PHONE] = (400, 21610)  # Twilio: the recipient unsubscribed
    attacker_verifies(db, twilio)
    assert send(db, twilio, fake).result == p.PHONE_OPTED_OUT
    cannot_register(db, twilio)
    assert send(db, twilio, fake).result == p.PHONE_OPTED_OUT
    assert len(fake.requests) == 1  # recorded: no second try to an opted-out number


def test_a_draft_marked_undeliverable_by_an_earlier_version_is_asked_for_the_code(db, twilio, fake):
    attacker_verifies(db, twilio)
    with db() as session:
        draft = session.get(RegistrationDraft, "attacker")
        draft.possession = p.UNDELIVERABLE
        session.commit()
    cannot_register(db, twilio)
    with db() as session:
        assert v.verify_secret(session, twilio, "attacker", zip_code=GARZA["zip"]).possession == p.CODE_REQUIRED
    assert send(db, twilio, fake).result == p.CODE_SENT


def test_landline_hears_the_code_in_a_voice_call(db, twilio, fake):
    fake.errors[PHONE] = (400, 21614)  # Twilio: not a mobile number
    attacker_verifies(db, twilio, "owner")
    sent = send(db, twilio, fake, "owner", language="es")
    assert sent.as_json() == {"result": "code_sent", "phone_masked": "***-***-0123", "channel": "call"}
    [call] = posts(fake, "/Calls.json")
    assert call["form"]["To"] == PHONE and call["form"]["From"] == FROM
    words = said(call)
    digits = re.search(r"(\d, \d, \d, \d, \d, \d)", words).group(1).replace(", ", "")
    # Nobody knows the landline's language: Spanish (the asker's), then English (the default),
    # each in its own voice, the whole said twice.
    spanish = ("Le llama Pedernales Electric Cooperative. Su código es " + ", ".join(digits)
               + ". Si usted no se está registrando para el acceso en línea, no comparta este código.")
    english = ("This is Pedernales Electric Cooperative. Your code is " + ", ".join(digits)
               + ". If you are not signing up for online access, do not share this code.")
    assert voices(call) == [(spanish, "es-MX"), (english, "en-US")] * 2
    # The attacker, who did not hear it, gets nowhere; whoever holds the landline does.
    cannot_register(db, twilio, "owner")
    assert enter(db, twilio, fake, digits, "owner").result == p.VERIFIED
    # The landline is remembered: the next code is called at once, no text is tried.
    attacker_verifies(db, twilio)
    assert send(db, twilio, fake).channel == "call"
    assert len(posts(fake, "/Messages.json")) == 1
    cannot_register(db, twilio)


def test_a_landline_without_a_twilio_account_is_called_in_the_outbox(db, settings, session_factory):
    import json
    from pathlib import Path

    with session_factory() as session:
        session.add(SmsOutbound(phone_key=phone_key(settings.secret_key, PHONE), twilio_sid="SM" + "0" * 32,
                                status="undelivered", error_code=p.LANDLINE))
        session.commit()
    attacker_verifies(db, settings)
    with db() as session:
        assert p.send_code(session, settings, "attacker").channel == "call"
    [call] = [json.loads(f.read_text()) for f in Path(settings.outbox_dir).glob("*.json")]
    assert call["kind"] == "call" and call["to"] == PHONE and "Your code is" in call["body"]


@pytest.mark.parametrize("how", ["not a number", "call refused", "no such handset"])
def test_unreachable_phone_sends_the_member_to_member_services(db, twilio, fake, session_factory, how):
    if how == "not a number":
        fake.errors[PHONE] = (400, 21211)
    elif how == "call refused":
        fake.errors[PHONE] = (400, 21614)  # a landline ...
        fake.errors[(PHONE, "call")] = (400, 13224)  # ... whose number Twilio cannot call
    else:
        with session_factory() as session:
            session.add(SmsOutbound(phone_key=phone_key(twilio.secret_key, PHONE), twilio_sid="SM" + "0" * 32,
                                    status="undelivered", error_code=p.NO_SUCH_HANDSET))
            session.commit()
    attacker_verifies(db, twilio)
    assert send(db, twilio, fake).result == p.NO_CHANNEL
    cannot_register(db, twilio)
    asked = len(fake.requests)
    assert send(db, twilio, fake).result == p.NO_CHANNEL  # remembered: Twilio is not asked again
    assert len(fake.requests) == asked
    cannot_register(db, twilio)


def test_a_code_text_twilio_answers_as_failed_is_no_code_sent(db, twilio, fake):
    fake.statuses[PHONE] = "failed"
    attacker_verifies(db, twilio)
    assert send(db, twilio, fake).result == p.CODE_UNAVAILABLE  # never "I texted a code"
    cannot_register(db, twilio)
    fake.statuses.clear()  # Twilio sends again: the member asks again and gets one
    assert send(db, twilio, fake).result == p.CODE_SENT


def test_no_phone_on_file_leaves_the_bill_data(session_factory, twilio, fake):
    load_members(session_factory, twilio, GARZA)
    assert verified_steps(session_factory, twilio, "web1", GARZA).possession == p.NO_PHONE_ON_FILE
    with session_factory() as session:
        assert reg.store_security_answer(session, "web1", 1, "Smith") == reg.STORED
    with session_factory() as session:
        assert reg.register(session, twilio, "web1", "maria@example.com", True).result == reg.CREATED
    assert fake.requests == []


# ------------------------------------------------------------------ Twilio Verify
@pytest.fixture
def verify(settings_for, db_url):
    return settings_for(db_url, twilio_account_sid=ACCOUNT, twilio_auth_token="token", twilio_from_number=FROM,
                        twilio_verify_service_sid=SERVICE, public_url="https://coop.example")


def test_verify_sends_and_checks_the_code(db, verify, fake):
    attacker_verifies(db, verify, "owner")
    assert send(db, verify, fake, "owner", language="es").as_json() == {
        "result": "code_sent", "phone_masked": "***-***-0123", "channel": "sms"}
    [start] = fake.requests
    assert (start["host"], start["path"]) == ("https://verify.twilio.com", f"/v2/Services/{SERVICE}/Verifications")
    assert start["form"] == {"To": PHONE, "Channel": "sms", "Locale": "es"}
    assert start["auth"].startswith(ACCOUNT)
    assert enter(db, verify, fake, "000000", "owner").as_json() == {"result": "mismatch", "attempts_left": 2}
    cannot_register(db, verify, "owner")
    assert enter(db, verify, fake, fake.verify_code, "owner").result == p.VERIFIED
    checks = posts(fake, "/VerificationCheck")
    assert [c["form"] for c in checks] == [{"To": PHONE, "Code": "000000"}, {"To": PHONE, "Code": fake.verify_code}]
    assert all(c["path"] == f"/v2/Services/{SERVICE}/VerificationCheck" for c in checks)
    assert posts(fake, "/Messages.json") == []  # no code of our own


def test_verify_calls_a_landline_and_speaks_english_by_default(db, verify, fake):
    fake.errors[(PHONE, "sms")] = (400, 60205)  # Verify: SMS is not supported by landline
    attacker_verifies(db, verify)
    assert send(db, verify, fake).channel == "call"
    assert [r["form"] for r in fake.requests] == [{"To": PHONE, "Channel": "sms", "Locale": "en"},
                                                  {"To": PHONE, "Channel": "call", "Locale": "en"}]
    cannot_register(db, verify)


def test_verify_limits_and_expiry_are_verifys(db, verify, fake):
    attacker_verifies(db, verify)
    assert send(db, verify, fake).result == p.CODE_SENT
    fake.errors[PHONE] = (404, 20404)  # Verify: no pending verification (expired)
    assert enter(db, verify, fake, fake.verify_code).result == p.EXPIRED
    fake.errors[PHONE] = (429, 60203)  # Verify: max send attempts reached
    assert send(db, verify, fake).result == p.TOO_MANY_CODES
    fake.errors[PHONE] = (400, 21610)  # the phone sent STOP to Verify's sender
    assert send(db, verify, fake).result == p.PHONE_OPTED_OUT
    cannot_register(db, verify)


def test_verify_out_of_reach_settles_nothing(db, verify):
    from tests.support.fake_twilio import _RedirectingHttpClient

    attacker_verifies(db, verify)
    with db() as session:  # nothing listens on port 9: the connection is refused
        result = p.send_code(session, verify, "attacker", http_client=_RedirectingHttpClient("http://127.0.0.1:9"))
    assert result.result == p.CODE_UNAVAILABLE
    cannot_register(db, verify)


def test_the_api_passes_the_members_language_to_the_call(db, settings, session_factory):
    """POST /api/identity/code with "language": a landline hears the code in Spanish (outbox: no Twilio)."""
    import json
    from pathlib import Path

    from backend.api.app import create_app

    with session_factory() as session:
        session.add(SmsOutbound(phone_key=phone_key(settings.secret_key, PHONE), twilio_sid="SM" + "1" * 32,
                                status="undelivered", error_code=p.LANDLINE))
        session.commit()
    attacker_verifies(db, settings, "owner")
    api = create_app(settings)
    answer = api.test_client().post("/api/identity/code", json={"conversation_id": "owner", "language": "es"},
                                    headers={"X-Coopbot-Api-Key": settings.api_key})
    api.extensions["coopbot.engine"].dispose()
    assert answer.get_json() == {"result": "code_sent", "phone_masked": "***-***-0123", "channel": "call"}
    [call] = [json.loads(f.read_text()) for f in Path(settings.outbox_dir).glob("*.json")]
    assert [part["language"] for part in call["parts"]] == ["es", "en"] and call["language"] == "es"
    assert "Su código es" in call["parts"][0]["text"] and "Your code is" in call["parts"][1]["text"]


def test_a_landline_whose_holder_speaks_english_hears_english_only(db, twilio, fake):
    """The stranger asks in Spanish; the landline's holder once texted in English: one language, English."""
    fake.errors[PHONE] = (400, 21614)  # Twilio: not a mobile number
    phone_texted_in(db, twilio, "en")
    attacker_verifies(db, twilio)
    assert send(db, twilio, fake, language="es").channel == "call"
    [call] = posts(fake, "/Calls.json")
    assert [voice for _words, voice in voices(call)] == ["en-US", "en-US"]
    assert said(call).startswith("This is Pedernales Electric Cooperative. Your code is ")


def test_verify_speaks_the_phone_holders_language_not_the_askers(db, verify, fake):
    """Verify's locale: the language the phone on file texts the co-op in, whatever the asker writes."""
    phone_texted_in(db, verify, "en")
    attacker_verifies(db, verify)
    assert send(db, verify, fake, language="es").result == p.CODE_SENT
    phone_texted_in(db, verify, "es")
    attacker_verifies(db, verify, "owner")
    assert send(db, verify, fake, "owner", language="en").result == p.CODE_SENT
    assert [r["form"]["Locale"] for r in posts(fake, "/Verifications")] == ["en", "es"]
