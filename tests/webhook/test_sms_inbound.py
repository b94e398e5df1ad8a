"""POST /sms: signatures, idempotency, carrier keywords, throttling, media, and the relay to Rasa."""

from __future__ import annotations

import re
import threading
import time

import pytest

from sqlalchemy import select, text

from backend.storage.models import Base, SmsOptOut
from common.gsm import to_gsm7, turn_segments
from tests.support.sms import PUBLIC_URL, TWILIO_TOKEN, Texter, conversations, inbound_rows, transcript
from tests.support.sms_replies import EXPLANATION, PHONE, QUESTION, bot_replies
from webhook.relay import TROUBLE
from webhook.sms_simulator import message_texts, signed_form

# --- who may post ---------------------------------------------------------------------------------

def test_refuses_every_request_with_503_when_no_auth_token_is_configured(make_app, db_url, fake_rasa):
    app = make_app(db_url, twilio_auth_token=None, rasa_url=fake_rasa.url)
    response = Texter(app.test_client()).post("hello", from_=PHONE)
    assert response.status_code == 503
    assert b"TWILIO_AUTH_TOKEN" in response.data
    assert inbound_rows(app) == []
    assert fake_rasa.received == []


def test_missing_signature_gets_403_and_changes_nothing(sms_app, sms_client, fake_rasa):
    form, _ = signed_form(TWILIO_TOKEN, PUBLIC_URL, "hello", from_=PHONE)
    response = sms_client.post("/sms", data=form)
    assert response.status_code == 403
    assert inbound_rows(sms_app) == [] and conversations(sms_app) == []
    assert fake_rasa.received == []


def test_signature_made_with_another_token_gets_403(sms_app, sms_client, fake_rasa):
    response = Texter(sms_client, token="not-the-token").post("hello", from_=PHONE)
    assert response.status_code == 403
    assert inbound_rows(sms_app) == [] and fake_rasa.received == []


def test_tampered_body_gets_403(sms_app, sms_client, fake_rasa):
    form, headers = signed_form(TWILIO_TOKEN, PUBLIC_URL, "hello", from_=PHONE)
    form["Body"] = "STOP"
    assert sms_client.post("/sms", data=form, headers=headers).status_code == 403
    assert inbound_rows(sms_app) == []


def test_signature_is_checked_against_the_public_url_not_the_internal_one(sms_app, sms_client, fake_rasa):
    # The test client's request.url is http://localhost/sms (as behind a TLS-terminating
    # proxy); Twilio signed https://coop.example/sms. Only the public form is valid.
    signed_internally = Texter(sms_client, public_url="http://localhost").post("hello", from_=PHONE)
    assert signed_internally.status_code == 403
    assert Texter(sms_client).post("hello", from_=PHONE).status_code == 200


def test_query_string_is_part_of_the_signed_url(sms_app, sms_client, fake_rasa):
    texter = Texter(sms_client)
    assert texter.post("hello", from_=PHONE, path="/sms?site=main").status_code == 200
    form, headers = signed_form(TWILIO_TOKEN, PUBLIC_URL, "hello", from_=PHONE, path="/sms?site=main")
    assert sms_client.post("/sms?site=other", data=form, headers=headers).status_code == 403


def test_sha256_signatures_are_accepted_when_twilio_says_so(sms_client, fake_rasa):
    from twilio.request_validator import RequestValidator

    form, _ = signed_form(TWILIO_TOKEN, PUBLIC_URL, "hello", from_=PHONE)
    signature = RequestValidator(TWILIO_TOKEN).compute_signature(PUBLIC_URL + "/sms", form, "HMAC_SHA256")
    headers = {"X-Twilio-Signature": signature,
               "X-Twilio-Webhooks-Signature-Settings": "key=KS1,algorithm=HMAC_SHA256"}
    assert sms_client.post("/sms", data=form, headers=headers).status_code == 200


# --- the relay ------------------------------------------------------------------------------------

def test_a_message_is_relayed_to_rasa_and_every_reply_comes_back_in_order(sms_app, texter, fake_rasa):
    fake_rasa.bot = bot_replies("Hi! I can help you sign up.", "What is your account number?")
    assert texter.texts("I want to register", from_=PHONE) == [
        "Hi! I can help you sign up.", "What is your account number?"]
    [sent] = fake_rasa.received
    assert sent["message"] == "I want to register"
    assert sent["metadata"] == {"channel": "sms", "language": "en"}
    # Rasa knows the member by a pseudonym, never by the phone number.
    assert re.fullmatch(r"[0-9a-f]{32}", sent["sender"])
    assert "5550177" not in sent["sender"]


# An answer to a side question of two segments, then the pending question of one: 3 segments texted apart.


def test_an_explanation_and_the_question_after_it_are_texted_as_one_text_of_two_segments(texter, fake_rasa):
    """Texted apart the turn would cost 2 + 1 segments; as one text it costs two, its words unchanged."""
    from common.gsm import segments
    fake_rasa.bot = bot_replies(EXPLANATION, QUESTION)
    assert segments(EXPLANATION) + segments(QUESTION) == 3
    [sent] = texter.texts("why do you need my zip?", from_=PHONE)
    assert sent == f"{EXPLANATION}\n{QUESTION}" and segments(sent) == 2


def test_the_same_number_keeps_its_pseudonym_and_numbers_differ(texter, fake_rasa):
    texter.texts("one", from_=PHONE)
    texter.texts("two", from_=PHONE)
    texter.texts("three", from_="+15125550178")
    senders = [r["sender"] for r in fake_rasa.received]
    assert senders[0] == senders[1] != senders[2]


def test_twiml_escapes_reply_text(texter, fake_rasa):
    fake_rasa.bot = bot_replies("Terms & Conditions <here>")
    assert texter.texts("hi", from_=PHONE) == ["Terms & Conditions <here>"]


def test_a_retried_message_sid_is_processed_once_and_answered_the_same(sms_app, texter, fake_rasa):
    fake_rasa.bot = bot_replies("What is your account number?")
    first = texter.post("register", from_=PHONE, message_sid="SM" + "a" * 32)
    fake_rasa.bot = bot_replies("Something else entirely")
    again = texter.post("register", from_=PHONE, message_sid="SM" + "a" * 32)
    assert first.status_code == again.status_code == 200
    assert again.data == first.data
    assert message_texts(again.get_data(as_text=True)) == ["What is your account number?"]
    assert len(fake_rasa.received) == 1
    assert [m for m in transcript(sms_app) if m[0] == "in"] == [("in", "register")]


def test_a_duplicate_arriving_while_the_first_is_processed_waits_for_its_answer(sms_app, fake_rasa):
    fake_rasa.bot = bot_replies("Slow answer")
    fake_rasa.delay = 1.0
    sid = "SM" + "b" * 32
    results = {}

    def deliver(name):
        results[name] = Texter(sms_app.test_client()).post("hello", from_=PHONE, message_sid=sid)

    first = threading.Thread(target=deliver, args=("first",))
    first.start()
    deadline = time.monotonic() + 10
    while not fake_rasa.received and time.monotonic() < deadline:
        time.sleep(0.02)  # poll until the first delivery reached Rasa
    assert fake_rasa.received, "first delivery never reached Rasa"
    deliver("second")
    first.join(timeout=15)
    assert message_texts(results["first"].get_data(as_text=True)) == ["Slow answer"]
    assert results["second"].data == results["first"].data
    assert len(fake_rasa.received) == 1


# --- Rasa or the action server in trouble -----------------------------------------------------------

def test_rasa_down_gets_a_polite_reply_and_the_message_is_still_recorded(sms_app, texter, fake_rasa):
    fake_rasa.stop()
    assert texter.texts("my account is 1001234567", from_=PHONE) == [TROUBLE]
    assert transcript(sms_app) == [("in", "my account is 1001234567"), ("out", TROUBLE)]


def test_rasa_error_gets_a_polite_reply(texter, fake_rasa):
    fake_rasa.fail_status = 500
    assert texter.texts("hello", from_=PHONE) == [TROUBLE]


def test_action_server_failure_shows_as_no_reply_and_gets_a_polite_reply(texter, fake_rasa):
    fake_rasa.bot = bot_replies()  # Rasa answers, but with nothing: its action failed
    assert texter.texts("hello", from_=PHONE) == [TROUBLE]


def test_slow_rasa_is_cut_short_so_twilio_gets_an_answer_in_time(texter, fake_rasa, monkeypatch):
    import webhook.rasa_client as rasa_client

    monkeypatch.setattr(rasa_client, "MESSAGE_TIMEOUT", 0.5)
    fake_rasa.delay = 3
    started = time.monotonic()
    assert texter.texts("hello", from_=PHONE) == [TROUBLE]
    assert time.monotonic() - started < 2.5


def test_the_conversation_continues_after_rasa_is_back(sms_app, texter, fake_rasa):
    fake_rasa.bot = bot_replies("What is your last name?", slots={"requested_slot": "member_name"})
    texter.texts("1001234567", from_=PHONE)
    fake_rasa.fail_status = 503
    assert texter.texts("Garza", from_=PHONE) == [TROUBLE]
    fake_rasa.fail_status = None
    fake_rasa.bot = bot_replies("Thanks. What is your e-mail address?", slots={"requested_slot": "email"})
    assert texter.texts("Garza", from_=PHONE) == ["Thanks. What is your e-mail address?"]
    [conversation] = conversations(sms_app)
    assert conversation.step_reached == "email"
    assert conversation.message_count == 6


# --- carrier keywords -------------------------------------------------------------------------------

OPT_OUT_SPELLINGS = ["STOP", "stop", " Stop! ", "STOPALL", "unsubscribe", "Cancel", "END", "quit.", "REVOKE",
                     "optout"]


def test_opt_out_words_opt_the_number_out_with_one_confirmation(sms_app, texter, fake_rasa):
    for n, word in enumerate(OPT_OUT_SPELLINGS):
        [confirmation] = texter.texts(word, from_=f"+1512555{n:04d}")
        assert "unsubscribed" in confirmation and "START" in confirmation, word
    assert fake_rasa.received == []
    with sms_app.extensions["coopbot.sessions"]() as session:
        rows = session.scalars(select(SmsOptOut)).all()
        assert len(rows) == len(OPT_OUT_SPELLINGS) and all(row.opted_out for row in rows)
    assert {c.outcome for c in conversations(sms_app)} == {"opted_out"}


def test_after_stop_there_is_silence_until_start(sms_app, texter, fake_rasa):
    fake_rasa.bot = bot_replies("Welcome back")
    texter.texts("STOP", from_=PHONE)
    assert texter.texts("hello?", from_=PHONE) == []
    assert texter.texts("STOP", from_=PHONE) == []  # no second confirmation
    assert texter.texts("HELP", from_=PHONE) == []
    assert fake_rasa.received == []
    [resubscribed] = texter.texts("start", from_=PHONE)
    assert "resubscribed" in resubscribed and "STOP" in resubscribed
    assert texter.texts("hello again", from_=PHONE) == ["Welcome back"]
    assert [r["message"] for r in fake_rasa.received] == ["hello again"]


# STOP sent by mistake in the middle of a sign-up, then START; INICIAR after PARAR in a Spanish one (a
# play-test: three texts): what the member sent, the pending step and its question, the assistant's
# welcome back, and the words of the carrier's confirmation.
RESUMED_SIGN_UPS = {
    "en": ("I want to sign up", "STOP", "START", "email", "What e-mail address should we use?",
           "Welcome back! Let's continue where you left off.", ("resubscribed", "STOP")),
    "es": ("quiero registrarme", "PARAR", "INICIAR", "identity_proof",
           "Envíe el código postal de su factura o los últimos 4 del Seguro Social o ID fiscal.",
           "Sigamos donde se quedó.", ("Volvi", "PARAR")),
}


@pytest.mark.parametrize("language", RESUMED_SIGN_UPS)
def test_start_in_the_middle_of_a_sign_up_goes_on_with_the_pending_question(texter, fake_rasa, language):
    """The carrier's confirmation, then the assistant's welcome back with the question the member was at
    (Rasa is greeted, saying why), texted together as one turn within two segments."""
    sign_up, stop, start, step, question, welcome, confirmed = RESUMED_SIGN_UPS[language]
    fake_rasa.bot = bot_replies(question, slots={"requested_slot": step})
    texter.texts(sign_up, from_=PHONE)
    texter.texts(stop, from_=PHONE)
    fake_rasa.bot = bot_replies(welcome, question)
    turn = texter.texts(start, from_=PHONE)
    confirmation, welcomed, asked = "\n".join(turn).split("\n")  # one turn, texted together
    assert all(word in confirmation for word in confirmed), turn
    assert welcomed == to_gsm7(welcome) and asked == to_gsm7(question), turn  # accents off in SMS
    assert turn_segments(turn) <= 2 and len(turn) <= 2, turn
    greeting = fake_rasa.received[-1]
    assert greeting["message"] == "/greet" and greeting["metadata"]["texts_back_on"] is True


def test_start_with_no_sign_up_under_way_is_only_the_confirmation(texter, fake_rasa):
    fake_rasa.bot = bot_replies("You are all set.", slots={"requested_slot": None})
    texter.texts("hello", from_=PHONE)
    texter.texts("STOP", from_=PHONE)
    [confirmation] = texter.texts("START", from_=PHONE)
    assert "resubscribed" in confirmation
    assert [r["message"] for r in fake_rasa.received] == ["hello"]


def test_unstop_and_yes_also_resubscribe(texter, fake_rasa):
    for n, word in enumerate(["UNSTOP", "yes"]):
        texter.texts("STOP", from_=f"+1512555{n:04d}")
        [text] = texter.texts(word, from_=f"+1512555{n:04d}")
        assert "resubscribed" in text


def test_yes_from_a_subscribed_number_is_an_answer_for_the_bot(texter, fake_rasa):
    fake_rasa.bot = bot_replies("Thanks for accepting the terms.")
    assert texter.texts("Yes", from_=PHONE) == ["Thanks for accepting the terms."]


def test_opt_out_words_inside_a_sentence_are_not_keywords(texter, fake_rasa):
    fake_rasa.bot = bot_replies("OK")
    assert texter.texts("please don't stop", from_=PHONE) == ["OK"]
    assert texter.texts("stop the registration please", from_=PHONE) == ["OK"]


def test_opting_out_one_number_leaves_others_alone(texter, fake_rasa):
    fake_rasa.bot = bot_replies("Hi")
    texter.texts("STOP", from_=PHONE)
    assert texter.texts("hello", from_="+15125550178") == ["Hi"]


def test_help_names_the_coop_its_support_line_rates_and_how_to_stop(sms_settings, texter, fake_rasa):
    for word in ["HELP", "help", "Info?"]:
        [answer] = texter.texts(word, from_=PHONE)
        assert sms_settings.coop_name in answer
        assert sms_settings.support_phone in answer
        assert "Msg & data rates may apply" in answer
        assert "Reply STOP to opt out" in answer
        assert len(answer) <= 306
    assert fake_rasa.received == []


# --- media, empty, throttling ------------------------------------------------------------------------

def test_a_picture_gets_a_polite_text_only_reply(texter, fake_rasa):
    [answer] = texter.texts("", from_=PHONE, num_media=1,
                            extra={"MediaUrl0": "https://api.twilio.com/x.jpg", "MediaContentType0": "image/jpeg"})
    assert "only read text" in answer
    assert fake_rasa.received == []


def test_an_empty_message_gets_a_polite_reply(texter, fake_rasa):
    [answer] = texter.texts("   ", from_=PHONE)
    assert "did not get any text" in answer
    assert fake_rasa.received == []


def test_a_flooding_number_gets_one_notice_then_silence_and_others_are_unaffected(sms_app, texter, fake_rasa):
    sms_app.config["SMS_RATE_LIMIT_PER_MINUTE"] = 3
    fake_rasa.bot = bot_replies("ok")
    answers = [texter.texts(f"message {n}", from_=PHONE) for n in range(6)]
    assert answers[:3] == [["ok"]] * 3
    assert len(answers[3]) == 1 and "wait a minute" in answers[3][0]
    assert answers[4:] == [[], []]
    assert len(fake_rasa.received) == 3
    assert texter.texts("hello", from_="+15125550178") == ["ok"]
    # STOP still works while throttled.
    assert "unsubscribed" in texter.texts("STOP", from_=PHONE)[0]


def test_missing_fields_get_400_not_a_crash(sms_client):
    from twilio.request_validator import RequestValidator

    form = {"Body": "hi"}
    signature = RequestValidator(TWILIO_TOKEN).compute_signature(PUBLIC_URL + "/sms", form)
    response = sms_client.post("/sms", data=form, headers={"X-Twilio-Signature": signature})
    assert response.status_code == 400


# --- what is stored -----------------------------------------------------------------------------------

def _all_stored_text(app) -> str:
    chunks = []
    with app.extensions["coopbot.sessions"]() as session:
        for table in Base.metadata.sorted_tables:
            for row in session.execute(text(f'SELECT * FROM "{table.name}"')):
                chunks.extend(str(value) for value in row)
    return "\n".join(chunks)


def test_the_phone_number_is_stored_nowhere_only_masked(sms_app, texter, fake_rasa):
    fake_rasa.bot = bot_replies("ok")
    texter.texts("hello", from_=PHONE)
    texter.texts("STOP", from_=PHONE)
    stored = _all_stored_text(sms_app)
    assert "5550177" not in stored
    assert "***-***-0177" in stored
    [conversation] = conversations(sms_app)
    assert conversation.sender_masked == "***-***-0177"
    assert conversation.channel == "sms"


def test_a_message_the_dialogue_marks_secret_is_stored_as_redacted(sms_app, texter, fake_rasa):
    fake_rasa.bot = bot_replies("Thanks, that matches.", slots={"_secret": True, "requested_slot": "email"})
    texter.texts("my favourite teacher was Mrs Lopez", from_=PHONE)
    assert transcript(sms_app) == [("in", "[redacted]"), ("out", "Thanks, that matches.")]
    assert "Lopez" not in _all_stored_text(sms_app)


def test_the_turn_summary_in_rasa_s_answer_is_used_without_reading_the_tracker(sms_app, texter, fake_rasa):
    from backend.storage.models import TranscriptMessage

    fake_rasa.summarise = True
    fake_rasa.bot = bot_replies("What is your e-mail?", slots={"_secret": True, "requested_slot": "email"},
                                intent="inform", confidence=0.81)
    assert texter.texts("78620", from_=PHONE) == ["What is your e-mail?"]
    fake_rasa.bot = bot_replies("Thanks.", slots={"requested_slot": "identity_proof"}, intent="inform")
    assert texter.texts("my name is Pat", from_=PHONE) == ["Thanks."]
    assert fake_rasa.tracker_reads == 0
    assert [m for m in transcript(sms_app) if m[0] == "in"] == [("in", "[redacted]"), ("in", "my name is Pat")]
    with sms_app.extensions["coopbot.sessions"]() as session:
        rows = session.scalars(select(TranscriptMessage).where(TranscriptMessage.direction == "in")
                               .order_by(TranscriptMessage.id)).all()
        assert [(r.intent, r.confidence, r.step) for r in rows] == [("inform", 0.81, None), ("inform", 0.93, "email")]


def test_a_turn_rasa_could_not_store_gets_the_polite_reply_and_keeps_the_step(sms_app, texter, fake_rasa):
    fake_rasa.summarise = True
    fake_rasa.bot = bot_replies("What is your e-mail?", slots={"requested_slot": "email"})
    texter.texts("Garza", from_=PHONE)
    # Redis stopped mid-turn: Rasa answers from memory, but the stored conversation did not move on.
    fake_rasa.unsaved = True
    fake_rasa.bot = bot_replies("Send the ZIP code or last 4.", slots={"requested_slot": "identity_proof"})
    assert texter.texts("pat@example.com", from_=PHONE) == [TROUBLE]
    [conversation] = conversations(sms_app)
    assert conversation.last_step == "email"  # the member's resent answer lands on the same step


def test_a_message_answering_the_security_answer_is_redacted_even_if_not_marked(sms_app, texter, fake_rasa):
    fake_rasa.bot = bot_replies("What was your first pet's name?", slots={"requested_slot": "security_answer"})
    texter.texts("2", from_=PHONE)
    fake_rasa.bot = bot_replies("Thanks.", slots={"requested_slot": "terms_accepted"})
    texter.texts("it is Pecan Street", from_=PHONE)
    assert [m for m in transcript(sms_app) if m[0] == "in"] == [("in", "2"), ("in", "[redacted]")]


@pytest.mark.parametrize("step", ["identity_proof", "one_time_code"])
@pytest.mark.parametrize(("text", "kept"), [
    ("Why the ZIP code though? Anyone can look up my ZIP.", "Why the ZIP code though? Anyone can look up my ZIP."),
    ("¿por qué el código? no me llegó", "¿por qué el código? no me llegó"),
    ("it's 78 620 I think", "it's [redacted] I think"),
    ("seventy-eight six twenty", "[redacted]-[redacted] [redacted] [redacted]"),
    ("setenta y ocho, seis, veinte", "[redacted] y [redacted], [redacted], [redacted]"),
    ("el código es ٦٧٤١٨٦", "el código es [redacted]"),
])
def test_a_message_the_dialogue_read_no_digits_from_at_a_digit_step_keeps_its_words_and_loses_every_number(
        sms_app, texter, fake_rasa, step, text, kept):
    # Staff read what a member asked at the ZIP or code step; no way of writing a number stays.
    fake_rasa.bot = bot_replies("Send the ZIP code or last 4.", slots={"requested_slot": step})
    texter.texts("Garza", from_=PHONE)
    fake_rasa.bot = bot_replies("It is the ZIP on your bill.", slots={"requested_slot": step})
    texter.texts(text, from_=PHONE)
    assert [m for m in transcript(sms_app) if m[0] == "in"] == [("in", "Garza"), ("in", kept)]


def test_a_message_at_a_digit_step_is_dropped_whole_when_rasa_could_not_say(sms_app, texter, fake_rasa):
    fake_rasa.bot = bot_replies("Send the ZIP code or last 4.", slots={"requested_slot": "identity_proof"})
    texter.texts("Garza", from_=PHONE)
    fake_rasa.token = "a-different-token"  # the tracker and status calls now fail: no slots
    fake_rasa.bot = bot_replies("Thanks.")
    texter.texts("it is Pecan Street", from_=PHONE)
    assert [m for m in transcript(sms_app) if m[0] == "in"] == [("in", "Garza"), ("in", "[redacted]")]


def test_when_the_tracker_cannot_be_read_the_replies_still_reach_the_member(sms_app, texter, fake_rasa):
    fake_rasa.bot = bot_replies("Hello!")
    fake_rasa.token = "a-different-token"  # the tracker and status calls now fail
    assert texter.texts("hi", from_=PHONE) == ["Hello!"]
    assert transcript(sms_app) == [("in", "hi"), ("out", "Hello!")]


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_channel_s_own_replies_fit_two_gsm7_segments(sms_settings, language):
    from common.gsm import MAX_SEPTETS, texted_septets
    from webhook.catalog import offer_line
    from webhook.channel_text import as_sent
    from webhook.sms import texts

    gsm7 = set("@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZ"
               "ÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà")
    for reply in (texts.help_text(sms_settings, language), texts.opted_out(sms_settings, language),
                  texts.opted_in(sms_settings, language), texts.revoked(sms_settings, language),
                  *(texts.in_language(language, constant) for constant in (texts.MEDIA, texts.EMPTY, texts.THROTTLED, TROUBLE)),
                  offer_line(language)):
        assert texted_septets(reply) <= MAX_SEPTETS, reply  # never cut when texted
        assert set(as_sent("sms", reply)) <= gsm7, reply
