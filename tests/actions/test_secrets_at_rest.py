"""Secrets typed anywhere in whole conversations never come to rest anywhere (hypothesis).

Each example is one registration driven through the real actions (rasa-sdk's executor)
against the real backend API on a live socket, on SQLite and on PostgreSQL, with Rasa's
slot extraction played as Rasa plays it (a ``from_text`` mapping copies the message into
the slot being asked for). The co-op accepts the meter number besides the ZIP and the
SSN/TIN last four, and some members prove the account with it, spelled as on the bill or
not. At random steps the member sends a whole SSN in a random
grouping and spelling, a new security answer inside a correction, or the texted one-time
code while the e-mail address is asked; when the account number is asked, nine digits
written as an account number (one run or 3-3-3), which may as well be an SSN. Every turn is then stored by the real tracker
store (bot/tracker_store.py, in the Rasa environment) on SQLite and on Redis, and recorded
by the web app's relay (``webhook.relay``) as the web app records it.

Afterwards everything at rest is scanned for every secret (every member's meter number
too, typed or not: the member file holds it): every column of every table
of the app database, the tracker store's rows and files (SQLite with its WAL, Redis's
append-only file), the log records of the run (and the Rasa process's output), the
outbox, and every reply of the bot. Fixed seed, bounded examples (docs/security.md).

The backend delivers what a step queued after its answer has gone (``call_on_close``), on the
server's thread, while the next conversation goes on: a run's "registered" text to its phone on
file may land in the outbox after the next run's code. So the code is looked up among the texts
to the run's own phone, and the scans wait until every delivery has finished.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import re
import string
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, assume, given, settings, strategies as st
from sqlalchemy import and_, func, or_, select

from actions import backend_client
from common import logredact
from backend.storage.db import make_engine, make_session_factory
from backend.core.clock import utcnow
from backend.notify.dispatch import QUEUED, SENDING
from backend.storage.models import Base, Notification, Registration
from backend.privacy.hashing import verify_answer
from common.secret_shapes import NOT_SSN_GROUPINGS
from tests.support.action_conversation import RasaLikeConversation
from tests.support.rasa_env import RASA_PYTHON, ROOT
from tests.support.api_calls import TEST_API_KEY
from tests.support.at_rest import holds_meter, sqlite_strings, store_turns, strings_in
from tests.support.backend_helpers import load_members, wait_for
from tests.support.live import live_server
from tests.support.own_services import RedisServer
from webhook.relay import Reply, _record
from webhook.rasa_client import TrackerView

EXAMPLES = int(os.environ.get("SECRETS_AT_REST_EXAMPLES", "8"))
ZIP = "78620"
NAME = "Testerman"

# --- what a member sends -------------------------------------------------------------------
SEPARATORS = [" ", "-", ".", " - ", "  ", "/"]
LEADS = ["", "my ssn is ", "its ", "acct ", "social ", "ok "]
CORRECTIONS = ["change my answer to {}", "wait, my pet's name is actually {}", "oops the answer should be {}",
               "new answer: {}"]
answer_word = st.text(alphabet=string.ascii_lowercase, min_size=5, max_size=9).map(lambda s: "Qz" + s)
# Meter numbers: two letters that are no hex digit (a hash never holds them), five digits.
METER_LETTERS = ["KW", "PX", "RT", "MZ", "GH"]


@st.composite
def meter_proof(draw) -> tuple[str, str]:
    """(the member file's meter number, the message that proves the account with it)."""
    letters, digits = draw(st.sampled_from(METER_LETTERS)), draw(st.text(alphabet="0123456789", min_size=5,
                                                                           max_size=5))
    assume(digits != ZIP)
    lead = draw(st.sampled_from(["", "meter ", "my meter number is ", "medidor "]))
    # Alone, only the compact form: "kw 40771" alone is a ZIP where the co-op takes ZIPs too.
    spelled = draw(st.sampled_from(["{}{}", "{}-{}"] if lead else ["{}{}"])).format(letters, digits)
    return letters + digits, lead + draw(st.sampled_from([spelled, spelled.lower()]))


@st.composite
def ssn_message(draw) -> tuple[str, str]:
    """Nine digits in a grouping common.secret_shapes reads as an SSN, with words around them."""
    digits = draw(st.text(alphabet="0123456789", min_size=9, max_size=9))
    cuts = sorted(draw(st.sets(st.integers(1, 8), min_size=1, max_size=8)))
    groups = [digits[a:b] for a, b in zip([0, *cuts], [*cuts, 9])]
    assume(tuple(map(len, groups)) not in NOT_SSN_GROUPINGS)
    return digits, draw(st.sampled_from(LEADS)) + draw(st.sampled_from(SEPARATORS)).join(groups)


@st.composite
def nine_digit_account_message(draw) -> tuple[str, str]:
    """Nine digits as an account number is written (one run or 3-3-3): an SSN or an account, nobody can tell."""
    digits = draw(st.text(alphabet="0123456789", min_size=9, max_size=9))
    assume(not digits.startswith("81"))  # not one of this run's members
    assume(not digits[5:].startswith("00"))  # its last four are not a phone on file's (this run's end in 00xx)
    groups = draw(st.sampled_from([[digits], [digits[:3], digits[3:6], digits[6:]]]))
    return digits, draw(st.sampled_from(["", "acct ", "its "])) + draw(st.sampled_from([" ", "-"])).join(groups)


@dataclass
class Script:
    phone: bool
    answer: str
    ssns: list[tuple[int, tuple[str, str]]]  # (before which step, (digits, message))
    nine_at_account: tuple[str, str] | None  # (digits, message) sent when the account number is asked
    correction: tuple[str, str] | None  # (phrasing, new answer)
    code_spelling: str
    meter: tuple[str, str]  # (the member's meter number, a message proving the account with it)
    by_meter: bool = False  # the proof given is the meter number, not the ZIP (every other run)


@st.composite
def scripts(draw) -> Script:
    return Script(
        phone=draw(st.booleans()),
        answer=draw(answer_word),
        ssns=draw(st.lists(st.tuples(st.integers(0, 5), ssn_message()), max_size=2)),
        nine_at_account=draw(st.none() | nine_digit_account_message()),
        correction=draw(st.none() | st.tuples(st.sampled_from(CORRECTIONS), answer_word)),
        code_spelling=draw(st.sampled_from(["{}{}", "{} {}", "{}-{}"])),
        meter=draw(meter_proof()),
    )


@dataclass
class Run:
    sender: str
    script: Script
    texts: list[str] = field(default_factory=list)
    replies: list[str] = field(default_factory=list)
    code: str | None = None
    turns: list[dict] = field(default_factory=list)

    def secrets(self) -> list[tuple[str, str]]:
        """(kind, value): "digits" anywhere in a string's digits, "number" standing alone, "word",
        "tail" the last four of nine digits typed for the account number (an SSN's, perhaps)."""
        found = [("digits", digits) for _, (digits, _) in self.script.ssns]
        if self.script.nine_at_account:
            found.append(("digits", self.script.nine_at_account[0]))
            found.append(("tail", self.script.nine_at_account[0][-4:]))
        found += [("word", self.script.answer), ("number", ZIP), ("meter", self.script.meter[0])]
        if self.script.correction:
            found.append(("word", self.script.correction[1]))
        if self.code:
            found.append(("code", self.code))
        return found


def drive(run: Run, index: int, outbox: Path) -> None:
    account = f"81{index:08d}"
    script = run.script
    chat = RasaLikeConversation(run.sender)
    if script.phone:
        # Named in the first message, in its words: "... last name Testerman meter KW-40771".
        proof = f"meter {script.meter[1].split()[-1]}" if script.by_meter else f"zip {ZIP}"
        steps = [f"sign up acct {account} last name {NAME} {proof}", "CODE", f"m{index}@example.com", "2",
                 script.answer]
    else:
        steps = ["sign up", account, NAME, f"m{index}@example.com", script.meter[1] if script.by_meter else ZIP,
                 "2", script.answer]
    if script.correction:
        steps.append(script.correction[0].format(script.correction[1]))
    steps.append("yes")
    planned = [(step, None) for step in steps]
    for position, (digits, message) in sorted(script.ssns, reverse=True):
        planned.insert(1 + min(position, len(steps) - 2), (message, digits))
    if script.nine_at_account and not script.phone:
        # Right after "sign up": read as an account number (no member has it), then the real one.
        planned.insert(1, (script.nine_at_account[1], script.nine_at_account[0]))
    def transcript() -> str:
        return "\n".join(f"> {turn['text']}\n" + "\n".join(f"< {reply}" for reply in turn["replies"])
                         for turn in chat.turns)

    for text, _ in planned:
        if text == "CODE":
            assert list(outbox.glob("*.json")), transcript()
            run.code = latest_code(outbox, index)
            assert chat.slots["requested_slot"] == "one_time_code"  # the code is asked alone once sent
            text = script.code_spelling.format(run.code[:3], run.code[3:])
        run.texts.append(text)
        run.replies += chat.say(text)
    run.turns = chat.turns
    assert chat.slots["outcome"] == "registered", transcript()


def latest_code(outbox: Path, index: int) -> str:
    """The code in the newest text to this run's phone on file. Not the newest text of all: an
    earlier run's notice to its own phone may be written later, after its answer has gone."""
    phone = f"+1512555{index:04d}"
    texts = [json.loads(path.read_text()) for path in sorted(outbox.glob("*.json"))]
    codes = [found.group(1) for text in texts if text["to"] == phone
             for found in [re.search(r"\b(\d{6})\b", text["body"])] if found]
    assert codes, f"no code texted to {phone}: {[text['to'] for text in texts]}"
    return codes[-1]


def deliveries_done(session_factory) -> bool:
    """Has the backend finished every delivery it began after an answer (none claimed, none due)?"""
    with session_factory() as session:
        return not session.scalar(select(func.count()).select_from(Notification).where(or_(
            Notification.status == SENDING,
            and_(Notification.status == QUEUED, Notification.next_attempt_at <= utcnow()))))


_HEX_RUN = re.compile(r"[0-9a-f]{16,}")


def leaks(secrets: list[tuple[str, str]], texts: list[str], *, codes: bool = True,
          tails: bool = True) -> list[tuple[str, str]]:
    """The secrets found in ``texts``. ``tails``: look for the "tail" ones too (standing alone,
    keyed hashes left out), where the dialogue's own words go: replies, tracker, transcripts."""
    found = []
    for text in texts:
        digits, lowered = re.sub(r"\D", "", text), text.lower()
        for kind, value in secrets:
            if kind == "tail":
                if tails and re.search(rf"(?<!\d){value}(?!\d)", _HEX_RUN.sub(" ", text)):
                    found.append((value, text[:300]))
            elif kind == "digits" and value in digits:
                found.append((value, text[:300]))
            elif kind == "word" and value.lower() in lowered:
                found.append((value, text[:300]))
            elif kind == "meter" and holds_meter(text, value):
                found.append((value, text[:300]))
            elif kind == "number" or (kind == "code" and codes):
                if re.search(rf"(?<!\d){value}(?!\d)", text):
                    found.append((value, text[:300]))
    return found


def raw_leaks(secrets: list[tuple[str, str]], spelled: list[str], folder: Path) -> list[tuple[str, str]]:
    """The bytes of every file under ``folder``: no spelled SSN and no answer, whatever the format."""
    needles = [s.encode() for s in spelled] + [v.lower().encode() for k, v in secrets if k in ("word", "meter")]
    return [(needle.decode(), str(path)) for path in folder.rglob("*") if path.is_file()
            for needle in needles if needle in path.read_bytes().lower()]


def app_database_strings(database_url: str) -> list[str]:
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            return [s for table in Base.metadata.sorted_tables for row in connection.execute(select(table))
                    for value in row for s in strings_in(value)]
    finally:
        engine.dispose()


def test_the_code_is_read_from_the_texts_to_the_runs_own_phone(tmp_path):
    """The order in which the server thread wrote them does not matter: the notice of run 2,
    written after run 3's code, holds no code of run 3's."""
    from backend.notify.outbox import write_json

    write_json(tmp_path, {"to": "+15125550003", "body": "Your coopbot code is 482913. It expires in 10 minutes."})
    write_json(tmp_path, {"to": "+15125550002", "body": "Online access was requested for account 8100000002 "
                                                          "(ref 551200)."})
    assert latest_code(tmp_path, 3) == "482913"


# --- the property ------------------------------------------------------------------------------------
@pytest.fixture
def live_backend(settings_for, db_url):
    settings = settings_for(db_url, proofs="zip,ssn,meter")
    engine = make_engine(settings.database_url)
    from backend.api.app import create_app

    app = create_app(settings)
    with live_server(app) as url:
        backend_client.set_client(backend_client.BackendClient(url, TEST_API_KEY))
        try:
            yield settings, make_session_factory(engine)
        finally:
            backend_client.set_client(None)
            app.extensions["coopbot.engine"].dispose()
            engine.dispose()


# The live backend's server threads use Python's global random while hypothesis draws the
# next script; hypothesis notices the global state move and warns, though no strategy used it.
@pytest.mark.filterwarnings("ignore:Do not use the `random` module inside strategies")
def test_no_secret_typed_anywhere_comes_to_rest_anywhere(live_backend, make_app, tmp_path, caplog):
    if not RASA_PYTHON.exists():
        pytest.fail("the Rasa environment .venv-rasa is missing: run make envs")
    if not RedisServer.available():
        pytest.fail("redis-server is missing")
    config, session_factory = live_backend
    assert config.proofs == ("zip", "ssn", "meter")
    logredact.install()  # as every process of the stack does
    outbox = Path(config.outbox_dir)
    runs: list[Run] = []
    caplog.set_level(logging.INFO)

    # No shrinking: a failing example is reported as drawn, with its whole conversation.
    @settings(max_examples=EXAMPLES, derandomize=True, database=None, deadline=None, phases=[Phase.generate],
               suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
    @given(script=scripts())
    def converse(script):
        index = len(runs)
        script = dataclasses.replace(script, by_meter=index % 2 == 1)
        if index == 0 and not (script.nine_at_account and not script.phone):
            # Every run covers nine digits at the account step without a phone on file (the case
            # where they are an account's and an SSN's at once), whatever was drawn.
            script = dataclasses.replace(script, phone=False,
                                         nine_at_account=script.nine_at_account or ("314159265", "acct 314-159-265"))
        load_members(session_factory, config, dict(account=f"81{index:08d}", name=NAME, zip=ZIP, last4="2468",
                                                      phone=f"+1512555{index:04d}" if script.phone else "",
                                                      meter=script.meter[0]))
        run = Run(f"prop-{index}", script)
        runs.append(run)
        drive(run, index, outbox)

    converse()
    wait_for(lambda: deliveries_done(session_factory), timeout=60)  # the last run's mail and text
    assert len(runs) == EXAMPLES and any(r.script.ssns for r in runs) and any(r.script.correction for r in runs)
    assert any(r.code for r in runs)
    assert any(r.script.nine_at_account and not r.script.phone for r in runs)
    assert {(r.script.by_meter, r.script.phone) for r in runs} >= {(True, True), (True, False)}

    # The Rasa tracker store: SQLite, then Redis.
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TF_CPP_MIN_LOG_LEVEL": "3",
           "COOPBOT_TRACKER_DB": str(tmp_path / "tracker" / "rasa_tracker.db")}
    env.pop("COOPBOT_REDIS_URL", None)
    (tmp_path / "tracker").mkdir()
    conversations = [(run.sender, run.turns) for run in runs]
    summaries, stored_sqlite, rasa_log = store_turns(conversations, env)
    redis = RedisServer(tmp_path / "redis").start()
    try:
        _, stored_redis, rasa_log_redis = store_turns(conversations, {**env, "COOPBOT_REDIS_URL": redis.url})
    finally:
        redis.stop()

    # The web app's relay records each turn with what the tracker store reported of it.
    app = make_app(config)
    with app.app_context():
        for run in runs:
            for index, turn in enumerate(run.turns):
                summary = summaries[f"{run.sender}/{index}"] or {}
                view = TrackerView(intent=summary.get("intent"), confidence=summary.get("confidence"),
                                   message_id=summary.get("message_id"), slots=summary.get("slots") or {})
                _record("web", run.sender, "web", turn["text"], [Reply(text) for text in turn["replies"]], view)

    # A corrected answer is the one kept (hashed).
    with session_factory() as session:
        for index, run in enumerate(runs):
            registration = session.scalars(select(Registration).where(Registration.conversation_id == run.sender)).one()
            expected = run.script.correction[1] if run.script.correction else run.script.answer
            assert verify_answer(registration.login.security_answer_hash, expected), run.texts

    # Everything at rest, and every reply.
    secrets = [secret for run in runs for secret in run.secrets()]
    spelled = [message for run in runs for _, (_, message) in run.script.ssns if len(message) > 9]
    spelled += [run.script.nine_at_account[1] for run in runs if run.script.nine_at_account]
    spelled += [run.script.meter[1].lower() for run in runs if run.script.by_meter]
    outbox_texts = [path.read_text(errors="replace") for path in outbox.rglob("*") if path.is_file()]
    places = {
        "replies": leaks(secrets, [reply for run in runs for reply in run.replies]),
        "app database": leaks(secrets, app_database_strings(config.database_url)),
        "tracker store (SQLite rows)": leaks(secrets, sqlite_strings(tmp_path / "tracker" / "rasa_tracker.db")),
        "tracker store (as read back)": leaks(secrets, strings_in(stored_sqlite) + strings_in(stored_redis)),
        "tracker store (files)": raw_leaks(secrets, spelled, tmp_path / "tracker")
        + raw_leaks(secrets, spelled, tmp_path / "redis"),
        # Log lines carry source line numbers: four digits standing alone by chance.
        "logs": leaks(secrets, caplog.text.splitlines() + (rasa_log + rasa_log_redis).splitlines(), tails=False),
        # The code is texted to the phone on file: the outbox holds it by design, nothing else
        # (mails carry dates: four digits standing alone).
        "outbox": leaks(secrets, outbox_texts, codes=False, tails=False),
    }
    assert {place: found for place, found in places.items() if found} == {}

