"""Input cannot hurt: one cleaning at the edge, caps, NUL on PostgreSQL, linear-time regexes.

Every channel (SMS, web chat, web forms, the member CSV) cleans text once with
``common.textinput``; what is stored and what Rasa sees has no control
characters and is Unicode-normalised. Every regular expression that reads
member text handles a megabyte in well under 100 ms.
"""

from __future__ import annotations

import io
import re
import time

import pytest
from sqlalchemy import select

from backend import staff
from common import redaction
from backend.privacy import transcripts
from backend.accounts.members_import import import_members
from backend.privacy.hashing import identity_hash
from backend.storage.models import Member, TranscriptMessage
from common.textinput import SMS_MAX_LENGTH, clean_form_value, clean_member_text, clean_text
from tests.support.sms import transcript
from webhook.member.account import SIGN_IN_FAILED
from webhook.staff import formatting as present

MEGABYTE = 1_000_000
FAST = 0.1  # seconds: "well under 100 ms" is checked as the best of three runs under 100 ms


def best_time(function, *args) -> float:
    """CPU seconds of this thread for one call, best of five: what the code costs, not how
    busy the machine is (other test workers may share the cores)."""
    best = float("inf")
    for _ in range(5):
        start = time.thread_time()
        function(*args)
        best = min(best, time.thread_time() - start)
    return best


# ------------------------------------------------------------------ the cleaning function
def test_clean_text_drops_nul_and_control_characters_but_keeps_lines():
    assert clean_text("a\x00b\x07c\x1bd\x7fe\x85f") == "abcdef"
    assert clean_text("one\r\ntwo\rthree\tfour") == "one\ntwo\nthree\tfour"


def test_clean_text_drops_lone_surrogates_and_bidi_overrides():
    assert clean_text("ab\ud800cd") == "abcd"
    assert clean_text("pay \u202eevil\u202c now") == "pay evil now"
    assert clean_text("\ufeffaccount_number") == "account_number"


def test_member_text_is_nfkc_so_full_width_digits_are_digits():
    assert clean_member_text("\uff17\uff18\uff16\uff12\uff10") == "78620"
    assert clean_member_text("e\u0301") == "\u00e9"  # decomposed accent composed
    assert clean_member_text("\ufb01sh") == "fish"  # ligature


def test_form_values_keep_their_look_but_are_composed():
    assert clean_form_value("Mu\u0308ller\x00") == "M\u00fcller"
    assert clean_form_value("\uff21") == "\uff21"  # NFC: full-width letters stay as typed


def test_caps_apply_after_cleaning():
    assert len(clean_member_text("x" * 200_000, max_length=SMS_MAX_LENGTH)) == SMS_MAX_LENGTH
    assert clean_member_text("\x00" * 10 + "hi", max_length=5) == "hi"


# ------------------------------------------------------------------ linear time on a megabyte
ADVERSARIAL = ["a", "a.", "a@", "1", "1-", "1 ", "-", "[", "[a", "(", "+1", "aA1", " ", "/activate/", "a***"]


@pytest.mark.parametrize("unit", ADVERSARIAL)
def test_redaction_handles_a_megabyte_fast(unit):
    text = unit * (MEGABYTE // len(unit))
    assert best_time(redaction.redact, text) < FAST
    assert best_time(redaction.redact_reply, text, ("1-888-554-4732",)) < FAST


@pytest.mark.parametrize("unit", ADVERSARIAL)
def test_cleaning_staff_views_and_export_handle_a_megabyte_fast(unit):
    text = unit * (MEGABYTE // len(unit))
    assert best_time(clean_member_text, text) < FAST
    assert best_time(present.segments, text[:200_000]) < FAST  # stored text is at most a few thousand
    assert best_time(staff.is_exportable, text[:200_000]) < FAST


@pytest.mark.parametrize("unit", ["a", "a.", "1-", "-", "+1", "[", "a***", "a@"])
def test_the_redaction_pattern_itself_is_linear(unit):
    """Ten times the text must cost about ten times as much (quadratic: a hundred times)."""
    patterns = [redaction._PATTERN, redaction._INNER, present._MARKS, staff._ANNOTATION]
    for pattern in patterns:
        small = unit * (20_000 // len(unit))
        large = unit * (200_000 // len(unit))
        t_small = max(best_time(pattern.sub, "", small), 1e-4)
        t_large = best_time(pattern.sub, "", large)
        # Quadratic time (the patterns before this fix) takes a minute or more on the large text;
        # linear time well under a second even on a busy machine, where small timings are noisy.
        assert t_large < 30 * t_small or t_large < 1.0, (pattern.pattern[:40], t_small, t_large)


def test_the_dialogue_s_text_parser_is_fast_on_the_longest_message():
    from actions import extract

    for unit in ADVERSARIAL + ["a at ", "1."]:
        text = (unit * (SMS_MAX_LENGTH // len(unit)))[:SMS_MAX_LENGTH]
        for requested in (None, "email", "member_name", "account_number", "security_answer"):
            # The whole parsing pipeline (about 20 regular expressions), not one of them: 2x the budget.
            assert best_time(extract.parse, text, requested) < 2 * FAST, (unit, requested)


def test_a_long_text_is_cut_without_leaving_part_of_a_number():
    text = "word " * 799 + "123 45 6789 and more words " * 10
    stored = redaction.redact(text)
    assert stored.endswith(redaction.CUT)
    assert len(stored) <= redaction.MAX_LENGTH + len(redaction.CUT)
    assert not re.search(r"\d", stored)


# ------------------------------------------------------------------ NUL reaches no database
def test_a_transcript_turn_with_nul_is_stored_on_sqlite_and_postgresql(session_factory):
    with session_factory() as session:
        transcripts.record_turn(
            session, channel="web", sender_key="k" * 32, sender_masked="web k", member_text="hi\x00 there\x00",
            secret=False, replies=["Hello\x00!"], intent="greet", confidence=0.9, slots={},
        )
        session.commit()
        texts = [m.text for m in session.scalars(select(TranscriptMessage).order_by(TranscriptMessage.id))]
    assert texts == ["hi there", "Hello!"]


# ------------------------------------------------------------------ the SMS channel
def test_a_huge_signed_sms_is_answered_and_capped(texter, fake_rasa, sms_app):
    started = time.perf_counter()
    replies = texter.texts("hello " + "x" * 200_000)
    assert time.perf_counter() - started < 5  # a worker is not tied up (was: killed)
    assert replies == [f"You said something ({SMS_MAX_LENGTH} characters)."]
    assert [len(m) for m in fake_rasa.messages_from(fake_rasa.received[0]["sender"])] == [SMS_MAX_LENGTH]


def test_an_sms_with_control_characters_reaches_rasa_clean(texter, fake_rasa, sms_app):
    replies = texter.texts("hel\x00lo\u202e \uff11\uff10\uff10\uff11\uff12\uff13\uff14\uff15\uff16\uff17")
    assert len(replies) == 1
    assert fake_rasa.received[0]["message"] == "hello 1001234567"
    assert ("in", "hello 1001234567") in transcript(sms_app)


# Rasa's intent-injection syntax, and a stray slash before an answer (phone keyboards).
INJECTIONS = [
    ("/register", "register"),
    ('/inform{"account_number":"1001234567"}', 'inform{"account_number":"1001234567"}'),
    ("  /session_start", "session_start"),
    ("// /restart", "restart"),
    ("/78642", "78642"),
]


@pytest.mark.parametrize("text, to_rasa", INJECTIONS)
def test_an_sms_cannot_inject_an_intent_into_rasa(texter, fake_rasa, sms_app, text, to_rasa):
    texter.texts(text)
    assert fake_rasa.received[0]["message"] == to_rasa


def test_an_sms_of_only_slashes_reaches_rasa_as_the_greeting(texter, fake_rasa, sms_app):
    texter.texts(" / ")
    assert fake_rasa.received[0]["message"] == "/greet"  # the relay's own, answered with the pending question


# ------------------------------------------------------------------ the web chat
@pytest.fixture
def chat_client(make_app, db_url, fake_rasa):
    app = make_app(db_url, rasa_url=fake_rasa.url)
    app.config.update(TESTING=True)
    yield app.test_client(), app


def _chat(client, text):
    token = client.post("/chat/api/session").get_json()["token"]
    return client.post("/chat/api/messages", json={"text": text}, headers={"Authorization": f"Bearer {token}"})


def test_a_chat_message_with_nul_is_answered_and_recorded(chat_client, fake_rasa):
    client, app = chat_client
    response = _chat(client, "my name is\u0000 Garza\u0000")
    assert response.status_code == 200
    assert fake_rasa.received[0]["message"] == "my name is Garza"
    with app.extensions["coopbot.sessions"]() as session:
        texts = [m.text for m in session.scalars(select(TranscriptMessage).order_by(TranscriptMessage.id))]
    assert texts[0] == "my name is Garza"
    assert len(texts) == 2


@pytest.mark.parametrize("text, to_rasa", INJECTIONS)
def test_a_chat_message_cannot_inject_an_intent_into_rasa(chat_client, fake_rasa, text, to_rasa):
    client, _ = chat_client
    assert _chat(client, text).status_code == 200
    assert fake_rasa.received[0]["message"] == to_rasa


def test_a_language_request_cannot_carry_an_injected_intent(chat_client, fake_rasa):
    client, _ = chat_client
    assert _chat(client, "en español por favor. /register").status_code == 200
    assert not fake_rasa.received[0]["message"].startswith("/register")


def test_a_chat_message_of_only_control_characters_is_empty(chat_client, fake_rasa):
    client, _ = chat_client
    response = _chat(client, "\x00\x01\u202e")
    assert response.status_code == 400
    assert fake_rasa.received == []


def test_a_megabyte_chat_message_is_refused_fast(chat_client, fake_rasa):
    client, _ = chat_client
    token = client.post("/chat/api/session").get_json()["token"]
    started = time.perf_counter()
    response = client.post("/chat/api/messages", json={"text": "a." * 400_000},
                           headers={"Authorization": f"Bearer {token}"})
    assert time.perf_counter() - started < 1
    assert response.status_code == 400
    assert "too long" in response.get_json()["error"]
    assert fake_rasa.received == []


# ------------------------------------------------------------------ web forms
def test_form_fields_are_cleaned_but_passwords_are_not(app):
    from flask import request

    with app.test_request_context("/login", method="POST",
                                  data={"email": "jane\x00@example.com", "password": "pa\x00ss\u202e"}):
        assert request.form["email"] == "jane@example.com"
        assert request.form["password"] == "pa\x00ss\u202e"
        assert request.raw_form["email"] == "jane\x00@example.com"


def test_member_sign_in_with_nul_in_the_address_is_a_normal_refusal(app):
    app.config.update(WTF_CSRF_ENABLED=False)
    response = app.test_client().post("/login", data={"email": "a\x00@example.com", "password": "x\x00"})
    # The cleaned address is a well-formed one, so the form is valid and the sign-in fails as any wrong one.
    assert response.status_code == 401
    assert str(SIGN_IN_FAILED) in response.get_data(as_text=True)


# ------------------------------------------------------------------ the member CSV
def test_csv_cells_are_cleaned_before_validation(session_factory):
    csv_text = (
        "\ufeffaccount_number,meter_number,last_name_or_business,mailing_zip,tax_id_last4,phone\n"
        "\uff11\uff10\uff10\uff11\uff12\uff13\uff14\uff15\uff16\uff17,PE1\x00,Gar\x00za\u202e,78620,4321,\n"
    )
    report = import_members(session_factory, io.StringIO(csv_text), "test-secret-key")
    assert report.rejected == []
    with session_factory() as session:
        member = session.scalars(select(Member)).one()
    assert member.account_number == "1001234567"
    assert member.last_name_or_business == "Garza"
    assert member.meter_hash == identity_hash("test-secret-key", "PE1", member.secret_salt)


def test_json_nested_past_the_parser_s_limit_is_refused_as_bad_json_not_a_500(make_app, db_url):
    """Attacker round atk5: a megabyte of "[" to the chat was a 500 with a long traceback in the log."""
    client = make_app(db_url).test_client()
    token = client.post("/chat/api/session").get_json()["token"]
    deep = "[" * 100_000 + "]" * 100_000
    answer = client.post("/chat/api/messages", data=deep, content_type="application/json",
                         headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 400
    assert answer.get_json() == {"error": 'Send JSON like {"text": "your message"}.'}
