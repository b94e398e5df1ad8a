"""Property-based tests (hypothesis): no secret survives into a transcript, a log line,
the NLU export or the Rasa tracker store.

Secrets are generated in every common spelling (an SSN as nine digits, with
dashes, spaces or dots, in groups of 3-2-4 or 3-3-3, in any other grouping, or one digit at a time;
ZIP and ZIP+4; the last four; a ZIP or last four grouped with a comma, in another script's digits or
read out in English or Spanish words; link tokens bare or in a link) and put in
random text. The filler never contains digits, so any digit left in the
output would be part of the secret.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import re
import subprocess
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from backend import staff
from common import logredact
from backend.privacy import transcripts
from backend.storage.models import TranscriptMessage
from common.redaction import REDACTED, redact, redact_log, redact_reply

ROOT = Path(__file__).resolve().parents[2]
RASA_PYTHON = ROOT / ".venv-rasa" / "bin" / "python"

FILLER_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ .,:;!?()'\"-+/@#&\n\u00e9\u00fc"
filler = st.text(alphabet=FILLER_ALPHABET, max_size=40)
boundary = st.sampled_from([" ", ", ", ": ", "\n", " (", " is ", ". "])
end_boundary = st.sampled_from(["", " ", ".", ",", ")", "!", "\n", " thanks"])
digits = st.text(alphabet="0123456789", min_size=1, max_size=1)


def _digits(n):
    return st.text(alphabet="0123456789", min_size=n, max_size=n)


@st.composite
def ssn(draw):
    d = draw(_digits(9))
    assume(not d.startswith("000"))  # no SSN or tax ID starts with 000 (common.secret_shapes.may_be_tax_id)
    sep = draw(st.sampled_from(["-", " ", ".", ""]))
    style = draw(st.sampled_from(["324", "333", "single", "any"]))
    if style == "any":
        # Any other grouping (3-3-2-1, 2-7, 4-4-1, ...): common.secret_shapes reads it as an SSN.
        cuts = sorted(draw(st.sets(st.integers(1, 8), min_size=1, max_size=8)))
        groups = [d[a:b] for a, b in zip([0, *cuts], [*cuts, 9])]
        assume(tuple(map(len, groups)) not in ((3, 3, 3), (5, 4), (4, 5)))
        spelled = (sep or " ").join(groups)
    elif style == "324":
        spelled = sep.join([d[:3], d[3:5], d[5:]])
    elif style == "333":
        spelled = (sep or "-").join([d[:3], d[3:6], d[6:]])
    else:
        spelled = (sep or " ").join(d)
    return d, spelled


@st.composite
def zip_code(draw):
    d = draw(_digits(5))
    if draw(st.booleans()):
        plus4 = draw(_digits(4))
        return d, d + draw(st.sampled_from(["-", " "])) + plus4
    return d, d


@st.composite
def last4(draw):
    d = draw(_digits(4))
    return d, d


# Digits as a member may also write them: in another script (Arabic-Indic, Persian, full-width,
# Devanagari), or read out one by one in English or Spanish words.
OTHER_SCRIPTS = ("\u0660", "\u06f0", "\uff10", "\u0966")
DIGIT_WORDS = {"en": "zero one two three four five six seven eight nine".split(),
               "es": "cero uno dos tres cuatro cinco seis siete ocho nueve".split()}
WORDS_TO_DIGITS = {word: str(digit) for words in DIGIT_WORDS.values() for digit, word in enumerate(words)}


@st.composite
def zip_or_last4_otherwise(draw):
    """A ZIP or last 4 grouped with a comma ("78,620", "4,321"), in another script's digits, or
    read out in words ("seven, eight, six, two, zero", "siete ocho seis dos cero")."""
    d = draw(st.one_of(_digits(5), _digits(4)))
    style = draw(st.sampled_from(["comma", "script", "words"]))
    if style == "comma":
        return d, d[:-3] + "," + d[-3:]
    if style == "script":
        zero = ord(draw(st.sampled_from(OTHER_SCRIPTS)))
        return d, "".join(chr(zero + int(c)) for c in d)
    words = DIGIT_WORDS[draw(st.sampled_from(["en", "es"]))]
    spelled = [draw(st.sampled_from([words[int(c)], words[int(c)].capitalize(), c])) for c in d]
    assume(not all(c.isdigit() for c in spelled))
    return d, draw(st.sampled_from([" ", ", ", "-"])).join(spelled)


@st.composite
def secret_in_text(draw):
    kind = draw(st.sampled_from([ssn, zip_code, last4, zip_or_last4_otherwise]))
    secret_digits, spelled = draw(kind())
    text = draw(filler) + draw(boundary) + spelled + draw(end_boundary) + draw(filler)
    return secret_digits, text


@st.composite
def link_token(draw):
    raw = draw(st.binary(min_size=16, max_size=32))
    token = base64.urlsafe_b64encode(raw).decode().rstrip("=")
    # A random string is recognised by mixing letters with digits (or cases, when long).
    assume(any(c.isdigit() for c in token) or (len(token) >= 32 and token.lower() != token != token.upper()))
    return token


def only_digits(text: str) -> str:
    """The digits ``text`` holds, digit words read and every script's digits as ASCII digits."""
    text = re.sub(r"[^\W\d_]+", lambda word: WORDS_TO_DIGITS.get(word.group().lower(), word.group()), text)
    return "".join(str(unicodedata.decimal(c)) for c in re.sub(r"\D", "", text))


def strings_in(value) -> list[str]:
    """Every string (keys included) inside a decoded JSON value."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (k, *strings_in(v))]
    if isinstance(value, list):
        return [s for item in value for s in strings_in(item)]
    return []


PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(secret_in_text())
def test_no_ssn_zip_or_last4_survives_redaction(case):
    secret_digits, text = case
    for redacted in (redact(text), redact_log(text), redact_reply(text, ("1-888-554-4732",))):
        assert secret_digits not in only_digits(redacted), (text, redacted)


@PROPERTY
@given(filler, link_token(), st.sampled_from(["/activate/", "/reset/", " ", "token="]), end_boundary)
def test_no_link_token_survives_redaction(before, token, lead, after):
    text = before + " https://coop.example" * (lead.startswith("/")) + lead + token + after
    for redacted in (redact(text), redact_log(text)):
        assert token not in redacted, (text, redacted)


@PROPERTY
@given(secret_in_text())
def test_a_redacted_message_never_trains_the_model_with_a_secret(case):
    secret_digits, text = case
    stored = redact(text)
    if staff.is_exportable(stored):
        assert secret_digits not in only_digits(staff.training_text(stored))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=secret_in_text(), answer=st.text(min_size=1, max_size=30))
def test_transcripts_keep_no_secret(session_factory, case, answer):
    """A message with a secret is redacted; one that answers a secret question is dropped whole."""
    secret_digits, text = case
    with session_factory() as session:
        conversation = transcripts.record_turn(
            session, channel="web", sender_key="s" * 32, sender_masked="web s", member_text=text,
            secret=False, replies=[f"You said {text}"], intent="inform", confidence=0.9, slots={},
        )
        transcripts.record_turn(
            session, channel="web", sender_key="s" * 32, sender_masked="web s", member_text=answer,
            secret=True, replies=["Saved."], intent="no_bill", confidence=0.97, slots={},
        )
        session.flush()
        stored = [m.text for m in session.query(TranscriptMessage).filter_by(conversation_id=conversation.id)]
        session.rollback()
    assert all(secret_digits not in only_digits(t) for t in stored), stored
    assert stored[2] == REDACTED


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=secret_in_text(), token=link_token())
def test_log_lines_carry_no_secret(caplog, case, token):
    secret_digits, text = case
    logredact.install()
    logger = logging.getLogger("webhook.relay")
    caplog.clear()
    with caplog.at_level(logging.INFO):
        logger.warning("member wrote %s via /activate/%s", text, token)
        try:
            raise ValueError(f"bad value {text!r}")
        except ValueError:
            logger.exception("failed")
    logged = caplog.text
    assert secret_digits not in only_digits(logged.replace("webhook/conversation", "")), logged
    assert token not in logged


def test_the_log_filter_keeps_ordinary_lines_readable(caplog):
    logredact.install()
    with caplog.at_level(logging.INFO):
        logging.getLogger("webhook.sms.routes").warning("throttling an SMS sender: more than %d messages", 20)
    assert "more than 20 messages" in caplog.text


# ------------------------------------------------------------------ the Rasa tracker store
TRACKER_SCRIPT = r'''
import asyncio, json, sys
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, ActiveLoop, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity
from bot.tracker_store import RedactingTrackerStore

cases = json.loads(sys.stdin.read())
domain = Domain.load("bot/domain.yml")
store = RedactingTrackerStore(domain)

async def main():
    out = []
    for index, case in enumerate(cases):
        sender = f"conv{index}"
        events = [
            ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen"),
            UserUttered("1001234567", {"name": "inform", "confidence": 0.9}, message_id="m1"),
            SlotSet("account_number", "1001234567"),
            ActionExecuted("registration_form"), ActiveLoop("registration_form"),
            SlotSet("requested_slot", case["slot"]),
            ActionExecuted("action_listen"),
            UserUttered(case["text"], {"name": case["intent"], "confidence": 0.97},
                        [{"entity": "zip_code", "value": case["text"], "start": 0, "end": len(case["text"])}],
                        message_id="m2"),
            ActionExecuted("action_extract_slots"),
            SlotSet(case["slot"], case["text"]),
            ActionExecuted("registration_form"),
            SlotSet(case["slot"], "verified" if case["slot"] == "identity_proof" else "stored"),
            SlotSet("redact_message_id", "m2"),
        ]
        tracker = DialogueStateTracker.from_events(sender, events, slots=domain.slots)
        await store.save(tracker)
        stored = await RedactingTrackerStore(domain).retrieve(sender)
        out.append(json.dumps(stored.current_state(EventVerbosity.ALL)))
    print(json.dumps(out))

asyncio.run(main())
'''


@pytest.fixture(scope="module")
def tracker_cases():
    """Cases drawn by hypothesis, then stored by the real tracker store in one Rasa process."""
    cases = []

    @settings(max_examples=40, database=None, deadline=None)
    @given(case=secret_in_text(), answer=st.text(alphabet=FILLER_ALPHABET, min_size=3, max_size=30),
           intent=st.sampled_from(["inform", "no_bill", "greet", "nlu_fallback", "deny"]))
    def draw(case, answer, intent):
        secret_digits, text = case
        cases.append({"slot": "identity_proof", "text": text, "secret": secret_digits, "intent": intent})
        assume(answer.strip() and answer.strip() not in ("[redacted]", "verified", "stored"))
        cases.append({"slot": "security_answer", "text": "ans " + answer, "secret": "ans " + answer,
                      "intent": intent})

    draw()
    return cases


def test_the_tracker_store_keeps_no_marked_secret(tracker_cases, tmp_path):
    if not RASA_PYTHON.exists():
        pytest.fail("the Rasa environment .venv-rasa is missing: run make envs")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TF_CPP_MIN_LOG_LEVEL": "3",
           "COOPBOT_TRACKER_DB": str(tmp_path / "tracker.db")}
    env.pop("COOPBOT_REDIS_URL", None)
    result = subprocess.run([str(RASA_PYTHON), "-c", TRACKER_SCRIPT], cwd=ROOT, env=env, input=json.dumps(tracker_cases),
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    dumps = json.loads(result.stdout.strip().splitlines()[-1])
    raw = (tmp_path / "tracker.db").read_bytes()
    for case, dump in zip(tracker_cases, dumps):
        if case["slot"] == "identity_proof":
            # Each stored string on its own (the secret may be spaced or dashed inside one);
            # across fields, timestamps and ids could spell any 4 or 5 digits by chance.
            for text in strings_in(json.loads(dump)):
                assert case["secret"] not in only_digits(text.replace("1001234567", "")), case
        else:
            assert json.dumps(case["secret"])[1:-1] not in dump, case
            assert case["secret"].encode() not in raw


# ------------------------------------------------------------------ bot replies
def test_bot_replies_keep_the_coop_number_and_the_masked_address_readable(session_factory):
    replies = [
        "For your security, online sign-up for this account is locked after too many tries. "
        "Please call member services at 1-888-554-4732 (7 a.m. to 9 p.m. Monday through Friday).",
        "I sent an activation link to j***@e***.com. It should arrive in a few minutes from "
        "no-reply@coop.example; check your spam or junk folder too.",
        "Got it, I will use jane.doe@example.com.",
        "We will text you at (512) 555-0100.",
    ]
    with session_factory() as session:
        conversation = transcripts.record_turn(
            session, channel="web", sender_key="r" * 32, sender_masked="web r", member_text="hi",
            secret=False, replies=replies, intent="greet", confidence=0.9, slots={},
            public=("1-888-554-4732", "no-reply@coop.example"),
        )
        session.flush()
        stored = [m.text for m in session.query(TranscriptMessage)
                  .filter_by(conversation_id=conversation.id, direction="out").order_by(TranscriptMessage.id)]
        session.rollback()
    assert "call member services at 1-888-554-4732" in stored[0]
    assert "j***@e***.com" in stored[1] and "no-reply@coop.example" in stored[1]
    assert "jane.doe@example.com" not in stored[2] and "j***@e***.com" in stored[2]
    assert "555-0100" not in stored[3] and "***-***-0100" in stored[3]


def test_the_relay_passes_the_coop_s_own_number_and_sender(app):
    with app.app_context():
        assert transcripts.public_values(app.config["COOPBOT"]) == ("1-888-554-4732", "no-reply@localhost")
