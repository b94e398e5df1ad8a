"""``make bench``: how fast is a registration turn, where does its time go, and does it hold at 32 members?

Three phases, one stack, one run:

1. one member at a time (``--serial``, default 3 registrations per path, over
   signed ``/sms`` and straight to Rasa's REST channel), plus Rasa's NLU alone
   (``/model/parse`` with the same texts): the single-member latency;
2. ``--members`` (default 8) at once, four rounds as described below;
3. ``--big-members`` (default 32; 0 skips) at once, one round per path: every
   registration must complete without a "we're having trouble" reply.

Every process of the stack measures its own part of each turn (``COOPBOT_TIMING=1``):
the web app answers with a ``Server-Timing`` header (its own time, the wait for
Rasa, and the stages Rasa reported), Rasa's REST answer carries the same stages
in its turn summary (NLU, policy predictions, action-server calls, tracker
store; bot/stage_timing.py), and the action server logs each backend API call. The
bench prints the per-stage breakdown of a turn, the targets of issue 11 with
the measured value beside each, and the member messages and SMS segments per
completed registration (median), per language: every second member
(``--spanish-every``) writes in Spanish (over ``/sms`` the web app detects it;
straight to Rasa the bench sends the language as the web app would).

In phase 2, N simulated members (``--members``, default 8) register at the same time, each
through a complete registration, one signed ``POST /sms`` per turn (signed
with twilio's ``RequestValidator`` exactly as Twilio signs). N other members
do the same turns straight through Rasa's REST channel
(``/webhooks/rest/webhook``), bypassing the web app. Each path runs twice, in
the order SMS, REST, REST, SMS, with fresh members every round. For both paths
the bench reports p50 / p95 / p99 per-turn latency and messages per second;
the ratio of the two is the web app's overhead (signature check, idempotency
and opt-out rows, transcript writing, the tracker read).

The simulated member answers what the bot asks: after each turn it reads the
form's ``requested_slot`` (outside the timed request) from what the turn
itself reported: the turn summary in Rasa's REST answer, or, over ``/sms``,
the step the web app recorded for the conversation in its database. Nothing
re-reads Rasa's tracker, which would load Rasa with work no member causes.

By default the bench starts its own stack (``tests/support/stack.py``: the real web
app, action server and Rasa server on free loopback ports, a fresh SQLite
database, an SMTP sink) and imports a generated CSV of 4 x N test members into
it. ``--url`` uses a running stack instead (settings from the environment, as
``make run`` reads them; the generated members are imported into its database
with ``coopbot members import``). Loopback only, bounded in members, turns and
time. Results (generated, not versioned): ``var/bench/bench.json`` and the
Markdown tables ``var/bench/bench.md``.
"""
from __future__ import annotations

import argparse
import csv
import ipaddress
import json
import math
import os
import platform
import random
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit

import httpx
from sqlalchemy import select
from twilio.request_validator import RequestValidator

from common import local_auth
from common.gsm import septets, to_gsm7
from backend.core.config import PROJECT_ROOT, load_settings
from backend.storage.db import make_engine
from backend.storage.models import Conversation
from backend.notify.consent import phone_key
from webhook.relay import TROUBLE
from webhook.sms_simulator import message_texts as twiml_texts

MAX_MEMBERS = 64
# Each path runs twice, in the order A B B A: a machine that gets faster or slower
# during the run (warm caches, a growing database, other load) favours neither.
SCHEDULE = ("sms", "rasa_rest", "rasa_rest", "sms")
BIG_SCHEDULE = ("sms", "rasa_rest")
MAX_TURNS = 14              # a registration takes about 8; more means the member is stuck
REQUEST_TIMEOUT = 30.0
TWILIO_LIMIT_SECONDS = 15.0  # Twilio gives up on a webhook after 15 s
CO_OP_NUMBER = "+15125550000"
LAST_NAMES = ["Alvarez", "Baker", "Castillo", "Dawson", "Edwards", "Flores", "Graham", "Hughes",
              "Ibarra", "Jenkins", "Keller", "Lawson", "Medina", "Nolan", "Ortega", "Porter"]
SECURITY_ANSWER = "Bluebonnet Creek"
TURN_KEY = "coopbot_turn"
# Cost per registration today (issue 11): keep at most these.
BASELINE_MESSAGES, BASELINE_SEGMENTS = 8, 14


@dataclass
class Member:
    account_number: str
    meter_number: str
    last_name: str
    zip_code: str
    last4: str
    email: str
    phone: str
    language: str = "en"  # the language the member writes in (answer_for)


@dataclass
class Turn:
    """One timed member message: latency, replies and the stages the stack reported."""

    seconds: float
    replies: list[str]
    stages: dict[str, float] = field(default_factory=dict)
    step: str | None = None  # the question this message answered (None: the opening message)


@dataclass
class Outcome:
    """What one simulated member went through."""

    turns: list[Turn] = field(default_factory=list)
    completed: bool = False
    error: str | None = None
    language: str = "en"

    @property
    def latencies(self) -> list[float]:
        return [t.seconds for t in self.turns]


# ---------------------------------------------------------------------------- members
def generate_members(count: int, run_id: str, spanish_every: int = 0) -> list[Member]:
    """Members no other run has: account numbers carry a random prefix of this run.

    ``spanish_every``: every n-th member writes in Spanish (0: none)."""
    rng = random.Random(run_id)
    prefix = f"7{rng.randrange(10**5):05d}"
    return [
        Member(
            account_number=f"{prefix}{i:04d}",
            meter_number=f"B{rng.randrange(10**6):06d}",
            last_name=LAST_NAMES[i % len(LAST_NAMES)],
            zip_code=f"78{rng.randrange(600, 800):03d}",
            last4=f"{rng.randrange(10**4):04d}",
            email=f"bench.{run_id}.{i}@example.com",
            phone=f"+1512{2 + i % 8}{i:06d}",
            language="es" if spanish_every and i % spanish_every == spanish_every - 1 else "en",
        )
        for i in range(count)
    ]


def write_members_csv(members: list[Member], path: Path) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["account_number", "meter_number", "last_name_or_business", "mailing_zip",
                         "tax_id_last4", "phone"])
        for m in members:
            writer.writerow([m.account_number, m.meter_number, m.last_name, m.zip_code, m.last4, ""])
    return path


# What a Spanish-speaking member types where the answer has words (the rest is the same).
SPANISH_ANSWERS = {None: "Hola, quiero registrarme en línea", "terms_accepted": "sí, acepto"}


def answer_for(step: str | None, member: Member, turn: int) -> str | None:
    """What a member types when the bot asks for ``step`` (None: nothing asked yet)."""
    if member.language == "es" and step in SPANISH_ANSWERS:
        return SPANISH_ANSWERS[step] if step is not None or turn == 0 else None
    if step is None:
        return "I want to sign up for online access" if turn == 0 else None
    return {
        "account_number": member.account_number,
        "member_name": member.last_name,
        "email": member.email,
        "identity_proof": member.zip_code,
        "security_question": "1",
        "security_answer": SECURITY_ANSWER,
        "terms_accepted": "yes",
    }.get(step)


def sms_segments(text: str) -> int:
    """Billed SMS segments of one reply (GSM-7: 160 septets alone, 153 per part when split)."""
    count = septets(to_gsm7(text))
    return 1 if count <= 160 else math.ceil(count / 153)


# ---------------------------------------------------------------------------- the two paths
_SERVER_TIMING = re.compile(r"\s*([\w.-]+)\s*;\s*dur=([0-9.]+)")


def server_timing(header: str | None) -> dict[str, float]:
    """``app;dur=1.2, rasa;dur=0.8`` -> {"app": 1.2, "rasa": 0.8}."""
    figures = {}
    for part in (header or "").split(","):
        match = _SERVER_TIMING.match(part)
        if match:
            figures[match.group(1)] = float(match.group(2))
    return figures


def rasa_stages(timing: dict) -> dict[str, float]:
    """Rasa's turn figures (bot/stage_timing.py: ``nlu_ms``, ``policy_n`` ...) named as in Server-Timing."""
    return {key.removesuffix("_ms"): float(value) for key, value in (timing or {}).items()}


class Target:
    """The stack under test: where to post, how to sign, and where a turn's outcome is read."""

    def __init__(self, web_url: str, rasa_url: str, public_url: str, twilio_token: str,
                 rasa_token: str, secret_key: str, database_url: str, concurrency: int):
        self.web_url, self.rasa_url, self.public_url = web_url, rasa_url, public_url
        self.validator = RequestValidator(twilio_token)
        self.rasa_token = rasa_token
        self.secret_key = secret_key
        self.engine = make_engine(database_url)
        self.http = httpx.Client(
            timeout=REQUEST_TIMEOUT,
            limits=httpx.Limits(max_connections=concurrency * 2 + 4, max_keepalive_connections=concurrency * 2 + 4),
        )
        self._summaries: dict[str, dict] = {}
        self._lock = threading.Lock()

    def sms_turn(self, member: Member, text: str) -> Turn:
        form = {
            "MessageSid": "SM" + secrets.token_hex(16),
            "AccountSid": "AC" + "0" * 32,
            "From": member.phone,
            "To": CO_OP_NUMBER,
            "Body": text,
            "NumMedia": "0",
            "NumSegments": "1",
            "SmsStatus": "received",
            "ApiVersion": "2010-04-01",
        }
        signature = self.validator.compute_signature(self.public_url + "/sms", form)
        started = time.perf_counter()
        response = self.http.post(self.web_url + "/sms", data=form, headers={"X-Twilio-Signature": signature})
        seconds = time.perf_counter() - started
        response.raise_for_status()
        return Turn(seconds, twiml_texts(response.text), server_timing(response.headers.get("Server-Timing")))

    def rest_turn(self, sender: str, text: str, language: str = "en") -> Turn:
        """One turn straight to Rasa, with the metadata the web app would send (its language)."""
        started = time.perf_counter()
        response = self.http.post(self.rasa_url + "/webhooks/rest/webhook",
                                  headers={local_auth.HEADER: self.rasa_token},  # as the web app sends it
                                  json={"sender": sender, "message": text,
                                        "metadata": {"channel": "web", "language": language}})
        seconds = time.perf_counter() - started
        response.raise_for_status()
        messages = response.json()
        summary = next((m["custom"][TURN_KEY] for m in reversed(messages)
                        if isinstance(m.get("custom"), dict) and TURN_KEY in m["custom"]), None)
        with self._lock:
            self._summaries[sender] = summary or {}
        replies = [item.get("text") or "" for item in messages if item.get("text") or item.get("buttons")]
        return Turn(seconds, replies, rasa_stages((summary or {}).get("timing")))

    def rest_state(self, sender: str) -> tuple[str | None, str | None]:
        """(requested_slot, outcome) after the latest REST turn, from the turn summary Rasa answered with."""
        with self._lock:
            slots = (self._summaries.get(sender) or {}).get("slots") or {}
        return slots.get("requested_slot"), slots.get("outcome")

    def sms_state(self, sender: str) -> tuple[str | None, str | None]:
        """(step, outcome) the web app recorded for this member's SMS conversation."""
        with self.engine.connect() as connection:
            row = connection.execute(
                select(Conversation.last_step, Conversation.outcome)
                .where(Conversation.channel == "sms", Conversation.sender_key == sender)
                .order_by(Conversation.id.desc()).limit(1)
            ).first()
        return (row[0], row[1]) if row else (None, None)

    def parse_seconds(self, text: str) -> float:
        """Rasa's NLU alone: one ``/model/parse`` round trip."""
        started = time.perf_counter()
        response = self.http.post(self.rasa_url + "/model/parse", params={"token": self.rasa_token},
                                  json={"text": text})
        seconds = time.perf_counter() - started
        response.raise_for_status()
        return seconds

    def close(self) -> None:
        self.http.close()
        self.engine.dispose()


VERBOSE = False


def run_member(member: Member, send, state, deadline: float) -> Outcome:
    """One member's whole registration; ``send(text)`` is one timed turn, ``state()`` its result."""
    outcome = Outcome(language=member.language)
    step: str | None = None
    repeats = 0
    replies: list[str] = []
    try:
        for turn_number in range(MAX_TURNS):
            text = answer_for(step, member, turn_number)
            if text is None:
                outcome.error = f"stuck: the bot asked for nothing known (step {step!r}); last reply: {' / '.join(replies)!r}"
                return outcome
            if time.monotonic() > deadline:
                outcome.error = "time limit reached"
                return outcome
            turn = send(text)
            turn.step = step
            outcome.turns.append(turn)
            replies = turn.replies
            new_step, result = state()
            if VERBOSE:
                print(f"bench: {member.account_number} [{step}] {text!r} -> {replies!r} -> {new_step}", flush=True)
            if result == "registered":
                outcome.completed = True
                return outcome
            repeats = repeats + 1 if new_step == step else 0
            if repeats >= 2:
                outcome.error = f"stuck: asked for {step} three times; last reply: {' / '.join(replies)!r}"
                return outcome
            step = new_step
        outcome.error = f"not registered after {MAX_TURNS} turns; last reply: {' / '.join(replies)!r}"
    except httpx.HTTPError as exc:
        outcome.error = f"{exc.__class__.__name__}: {exc}"
    return outcome


@dataclass
class Round:
    phase: str
    path: str
    outcomes: list[Outcome]
    seconds: float
    action_log: str = ""  # what the action server logged while this round ran


class LogTail:
    """The lines a log file gains between two reads: each round's share of the action server's log.

    The action server logs an action and each backend call before it answers
    Rasa, so by the time a round's last member has their reply, every line of
    that round is in the file: the stage figures of a phase come from that
    phase's own calls, not from a mean over the whole run.
    """

    def __init__(self, path: Path | None):
        self.path = path
        self.offset = self._size()

    def _size(self) -> int:
        return self.path.stat().st_size if self.path and self.path.exists() else 0

    def read(self) -> str:
        if not self.path or not self.path.exists():
            return ""
        with self.path.open("rb") as handle:
            handle.seek(self.offset)
            data = handle.read()
        self.offset += len(data)
        return data.decode(errors="replace")


def one_member(path: str, member: Member, target: Target, deadline: float) -> Outcome:
    if path == "sms":
        sender = phone_key(target.secret_key, member.phone)
        return run_member(member, lambda text: target.sms_turn(member, text),
                          lambda: target.sms_state(sender), deadline)
    sender = f"bench-rest-{member.account_number}"
    return run_member(member, lambda text: target.rest_turn(sender, text, member.language),
                      lambda: target.rest_state(sender), deadline)


def run_round(phase: str, path: str, members: list[Member], target: Target, deadline: float,
              at_once: bool = True, action_log: Path | None = None) -> Round:
    """``members`` register through one path ("sms" or "rasa_rest"), all at once or one after another."""
    how = "at once" if at_once else "one at a time"
    print(f"bench: {phase}: {path}: {len(members)} members registering {how} ...", flush=True)
    tail = LogTail(action_log)
    started = time.perf_counter()
    if at_once:
        with ThreadPoolExecutor(max_workers=len(members)) as pool:
            outcomes = list(pool.map(lambda m: one_member(path, m, target, deadline), members))
    else:
        outcomes = [one_member(path, m, target, deadline) for m in members]
    for error in sorted({o.error for o in outcomes if o.error}):
        print(f"bench: {phase}: {path}: {error}", file=sys.stderr, flush=True)
    seconds = time.perf_counter() - started
    return Round(phase, path, outcomes, seconds, tail.read())


def summarise(phase: str, path: str, rounds: list[Round]) -> dict:
    """One path's figures over a phase's rounds: messages/s is turns over the time its rounds took."""
    outcomes = [o for r in rounds if r.path == path and r.phase == phase for o in r.outcomes]
    seconds = sum(r.seconds for r in rounds if r.path == path and r.phase == phase)
    turns = [t for o in outcomes for t in o.turns]
    completed = [o for o in outcomes if o.completed]
    log = "".join(r.action_log for r in rounds if r.path == path and r.phase == phase)
    return {
        "path": path,
        "members": len(outcomes),
        "completed": len(completed),
        "turns": len(turns),
        "seconds": round(seconds, 3),
        "messages_per_second": round(len(turns) / seconds, 2) if seconds else 0.0,
        "latency_ms": percentiles([t.seconds for t in turns]),
        "over_twilio_limit": sum(t.seconds > TWILIO_LIMIT_SECONDS for t in turns),
        "trouble_replies": sum(reply == TROUBLE for t in turns for reply in t.replies),
        "messages_per_registration": median([len(o.turns) for o in completed]),
        "segments_per_registration": median([sum(sms_segments(r) for t in o.turns for r in t.replies)
                                             for o in completed]),
        # Per language the members wrote in (tests/bench.py --spanish-every; docs/languages.md).
        "segments_per_registration_by_language": {
            language: median([sum(sms_segments(r) for t in o.turns for r in t.replies)
                              for o in completed if o.language == language])
            for language in sorted({o.language for o in completed})},
        "messages_per_registration_by_language": {
            language: median([len(o.turns) for o in completed if o.language == language])
            for language in sorted({o.language for o in completed})},
        "max_segments_per_reply": max((sms_segments(r) for t in turns for r in t.replies), default=None),
        "stages_ms": stage_means(turns),
        # The action server's own figures, from its log lines of these rounds only.
        "backend_api": per_turn(backend_api_calls(log), len(turns)),
        "action_code": per_turn(action_runs(log), len(turns)),
        "p50_ms_by_step": {str(step): percentiles([t.seconds for t in turns if t.step == step])["p50"]
                           for step in dict.fromkeys(t.step for t in turns)},
        "errors": sorted({o.error for o in outcomes if o.error}),
    }


def stage_means(turns: list[Turn]) -> dict:
    """Mean per turn of every stage the stack reported (ms; ``*_n`` are counts per turn)."""
    if not turns:
        return {}
    names = sorted({name for t in turns for name in t.stages})
    means = {name: round(sum(t.stages.get(name, 0.0) for t in turns) / len(turns), 2) for name in names}
    means["reported_turns"] = sum(bool(t.stages) for t in turns)
    return means


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def percentiles(values: list[float]) -> dict:
    if not values:
        return {"p50": None, "p95": None, "p99": None, "mean": None, "max": None}
    ms = sorted(v * 1000 for v in values)
    cuts = statistics.quantiles(ms, n=100, method="inclusive") if len(ms) > 1 else [ms[0]] * 99
    return {"p50": round(cuts[49], 1), "p95": round(cuts[94], 1), "p99": round(cuts[98], 1),
            "mean": round(statistics.fmean(ms), 1), "max": round(ms[-1], 1)}


def ratio(a, b):
    return round(a / b, 2) if a and b else None


_BACKEND_LINE = re.compile(r"coopbot-timing backend_api (\w+) (\S+) ([0-9.]+) ms")
_ACTION_LINE = re.compile(r"coopbot-timing action (\S+) ([0-9.]+) ms")


def backend_api_calls(log_text: str) -> list[float]:
    """Round trips (ms) of the action server's backend API calls, from its log."""
    return [float(m.group(3)) for m in _BACKEND_LINE.finditer(log_text)]


def action_runs(log_text: str) -> list[float]:
    """Time (ms) each action ran inside the action server (backend API calls included), from its log."""
    return [float(m.group(2)) for m in _ACTION_LINE.finditer(log_text)]


def per_turn(values: list[float], turns: int) -> dict:
    return {
        "calls": len(values),
        "per_call_ms": percentiles([ms / 1000 for ms in values]),
        "ms_per_turn": round(sum(values) / turns, 2) if values and turns else None,
        "calls_per_turn": round(len(values) / turns, 2) if values and turns else None,
    }


# ---------------------------------------------------------------------------- reporting
def breakdown(phase: dict) -> list[tuple]:
    """(stage, ms per turn, note) rows of one path of one phase; the stages add up to the turn.

    Rasa and the web app report per turn; the action server's own figures come
    from its log lines written during this phase's rounds of this path.
    """
    backend_ms_per_turn, backend_calls_per_turn = phase["backend_api"]["ms_per_turn"], phase["backend_api"]["calls_per_turn"]
    code_ms_per_turn = phase["action_code"]["ms_per_turn"]
    st = phase["stages_ms"]
    if not st or not st.get("reported_turns"):
        return []
    turn = st.get("turn")
    rows = []
    if "app" in st:
        rows.append(("web app (signature, idempotency, opt-out, transcript)",
                     round(st["app"] - st.get("rasa", 0.0), 2), "app time minus the wait for Rasa"))
        rows.append(("HTTP to Rasa and back", round(st.get("rasa", 0.0) - (turn or 0.0), 2),
                     "Rasa round trip minus Rasa's own handling"))
    if "tracker" in st:
        rows.append(("relay reading the tracker back", st["tracker"], "should be 0: the turn summary says it all"))
    rows.append(("NLU (parse)", st.get("nlu"), f"{st.get('nlu_n', 0):.2f} parses per turn"))
    rows.append(("policy predictions", st.get("policy"), f"{st.get('policy_n', 0):.2f} predictions per turn"))
    actions = st.get("actions")
    if actions is not None and code_ms_per_turn is not None:
        backend_ms = backend_ms_per_turn or 0.0
        rows.append(("Rasa <-> action server (HTTP, JSON of tracker)", round(actions - code_ms_per_turn, 2),
                     f"{st.get('actions_n', 0):.2f} action calls per turn; Rasa's round trip minus the action's run"))
        rows.append(("action code (rasa-sdk + actions/)", round(code_ms_per_turn - backend_ms, 2),
                     "from the action server's log"))
        rows.append(("backend API (round trip from the action server)", backend_ms_per_turn,
                     f"{backend_calls_per_turn or 0:.2f} API calls per turn"))
    elif actions is not None and backend_ms_per_turn is not None:
        rows.append(("action server (own work + HTTP)", round(actions - backend_ms_per_turn, 2),
                     f"{st.get('actions_n', 0):.2f} action calls per turn"))
        rows.append(("backend API (round trip from the action server)", backend_ms_per_turn,
                     f"{backend_calls_per_turn or 0:.2f} API calls per turn"))
    else:
        rows.append(("action server incl. backend API", actions, f"{st.get('actions_n', 0):.2f} action calls per turn"))
    rows.append(("tracker store (read + redact + save)", st.get("store"), f"{st.get('store_n', 0):.2f} store calls per turn"))
    if turn is not None:
        known = sum(st.get(k, 0.0) for k in ("nlu", "policy", "actions", "store"))
        rows.append(("Rasa other (lock, events, channel)", round(turn - known, 2), "Rasa's turn minus the stages above"))
    return rows


def fmt(value, unit: str = "") -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float):
        value = round(value, 1)
    return f"{value}{unit}"


def targets(result: dict) -> list[tuple[str, str, str, str]]:
    """(what, measured, target, met?) for every row of issue 11's table."""
    serial, load, big = result["serial"], result["load"], result.get("big")
    rows = []

    def verdict(ok):
        return "n/a" if ok is None else ("yes" if ok else "NO")

    s = serial["sms"]["latency_ms"]
    rows.append(("one member at a time, turn over signed /sms, p50 / p95",
                 f"{fmt(s['p50'])} / {fmt(s['p95'])} ms", "p95 <= 150 ms",
                 verdict(s["p95"] is not None and s["p95"] <= 150)))
    r = serial["rasa_rest"]["latency_ms"]
    rows.append(("same turns straight to Rasa's REST channel, p50 / p95", f"{fmt(r['p50'])} / {fmt(r['p95'])} ms",
                 "-", "-"))
    rows.append(("Rasa NLU parse alone (/model/parse), p50", f"{fmt(result['nlu_parse_ms']['p50'])} ms", "-", "-"))
    tracker_turns = sum(p["stages_ms"].get("tracker", 0) > 0 for p in (serial["sms"], load["sms"]))
    sms_stages = load["sms"]["stages_ms"]
    reported = sms_stages.get("reported_turns", 0)
    rows.append(("the relay's tracker fetch", "none per turn" if reported and not tracker_turns and "tracker" not in sms_stages
                 else f"{fmt(sms_stages.get('tracker'))} ms per turn", "none per turn",
                 verdict(bool(reported) and "tracker" not in sms_stages) if reported else "n/a"))
    actions = serial["rasa_rest"]["stages_ms"]
    per_call = (actions.get("actions", 0) / actions["actions_n"]) if actions.get("actions_n") else None
    rows.append(("one action-server call (round trip from Rasa, mean)", f"{fmt(per_call)} ms", "-", "-"))
    l = load["sms"]
    rows.append((f"{result['members']} members at once, /sms: msg/s, p50, p95",
                 f"{l['messages_per_second']} msg/s, {fmt(l['latency_ms']['p50'])} / {fmt(l['latency_ms']['p95'])} ms",
                 ">= 20 msg/s, p95 <= 1000 ms",
                 verdict(l["latency_ms"]["p95"] is not None and l["messages_per_second"] >= 20
                         and l["latency_ms"]["p95"] <= 1000)))
    if big:
        for path, label in (("sms", "/sms"), ("rasa_rest", "REST")):
            b = big[path]
            ok = (b["completed"] == b["members"] and not b["trouble_replies"]
                  and b["latency_ms"]["p95"] is not None and b["latency_ms"]["p95"] <= 2000)
            rows.append((f"{result['big_members']} members at once, {label}: completed, trouble replies, p95",
                         f"{b['completed']} of {b['members']}, {b['trouble_replies']} trouble, "
                         f"p95 {fmt(b['latency_ms']['p95'])} ms",
                         "all complete, no trouble reply, p95 <= 2000 ms", verdict(ok)))
    start = result.get("stack_start_seconds")
    rows.append(("stack start to ready (model cached; `make run` is timed by scripts/time-start)",
                 f"{fmt(start)} s", "<= 45 s", verdict(start is not None and start <= 45)))
    rows.append(("training the model", "not measured by the bench (scripts/train-model)", "<= 2 min", "n/a"))
    sms = load["sms"]
    rows.append(("member messages per completed registration (median)", fmt(sms["messages_per_registration"]),
                 f"<= {BASELINE_MESSAGES}", verdict(sms["messages_per_registration"] is not None
                                                    and sms["messages_per_registration"] <= BASELINE_MESSAGES)))
    rows.append(("SMS segments per completed registration (median)", fmt(sms["segments_per_registration"]),
                 f"<= {BASELINE_SEGMENTS}", verdict(sms["segments_per_registration"] is not None
                                                    and sms["segments_per_registration"] <= BASELINE_SEGMENTS)))
    by_language = sms.get("segments_per_registration_by_language") or {}
    english, spanish = by_language.get("en"), by_language.get("es")
    rows.append(("SMS segments per registration, English / Spanish (median)", f"{fmt(english)} / {fmt(spanish)}",
                 "Spanish <= 1.3 x English", verdict(None if english is None or spanish is None
                                                     else spanish <= 1.3 * english)))
    rows.append(("segments of the longest reply", fmt(sms["max_segments_per_reply"]), "<= 2",
                 verdict(sms["max_segments_per_reply"] is not None and sms["max_segments_per_reply"] <= 2)))
    return rows


def write_results(result: dict, out_dir: Path) -> str:
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "bench.json").write_text(json.dumps(result, indent=2) + "\n")

    def row(label, phase):
        lat = phase["latency_ms"]
        return (f"| {label} | {phase['completed']}/{phase['members']} | {phase['turns']} | "
                f"{lat['p50']} | {lat['p95']} | {lat['p99']} | {phase['messages_per_second']} |")

    machine = result["machine"]
    lines = [
        f"Benchmark of {result['finished_at'][:19].replace('T', ' ')} UTC on {machine['cpus']} CPU cores, "
        f"Python {machine['python']} ({machine['platform']}). Latency is per turn (one member message and "
        "the bot's answer).",
        "",
        "### Targets (issue 11)",
        "",
        "| what | measured | target | met |",
        "|---|---|---|---|",
        *[f"| {a} | {b} | {c} | {d} |" for a, b, c, d in targets(result)],
        "",
        "### Latency and throughput",
        "",
        "| phase / path | registrations completed | turns | p50 ms | p95 ms | p99 ms | messages/s |",
        "|------|------------------------:|------:|-------:|-------:|-------:|-----------:|",
    ]
    phases = [("serial", "one at a time"), ("load", f"{result['members']} at once")]
    if result.get("big"):
        phases.append(("big", f"{result['big_members']} at once"))
    for key, label in phases:
        lines.append(row(f"{label}, signed `POST /sms`", result[key]["sms"]))
        lines.append(row(f"{label}, Rasa REST channel", result[key]["rasa_rest"]))
    over = result["overhead"]
    lines += [f"| {result['members']} at once, ratio /sms : REST | | | {over['p50_ratio']} | {over['p95_ratio']} | "
              f"{over['p99_ratio']} | {over['throughput_ratio']} |", ""]
    by_step = result["serial"]["sms"]["p50_ms_by_step"]
    if by_step:
        lines += ["### One member at a time, signed `/sms`: p50 ms by the question answered", "",
                  "| " + " | ".join(by_step) + " |", "|" + "---:|" * len(by_step),
                  "| " + " | ".join(fmt(v) for v in by_step.values()) + " |", ""]
    backend = result["backend_api"]
    for key, label in phases:
        rows = breakdown(result[key]["sms"])
        if not rows:
            continue
        lat = result[key]["sms"]["latency_ms"]
        lines += [f"### Where a turn's time goes: {label}, signed `/sms` (mean ms per turn; turn mean {lat['mean']} ms)",
                  "", "| stage | ms per turn | note |", "|---|---:|---|",
                  *[f"| {stage} | {fmt(ms)} | {note} |" for stage, ms, note in rows], ""]
    if backend["calls"]:
        lines += [f"Backend API calls from the action server: {backend['calls']} in the run, per call "
                  f"p50 {backend['per_call_ms']['p50']} ms, p95 {backend['per_call_ms']['p95']} ms.", ""]
    code = result["action_code"]
    if code["calls"]:
        lines += [f"Actions run by the action server: {code['calls']} in the run, each (backend calls included) "
                  f"p50 {code['per_call_ms']['p50']} ms, p95 {code['per_call_ms']['p95']} ms.", ""]
    if result["activation_mails_received"] is not None:
        lines += [f"Activation mails received by the SMTP sink: {result['activation_mails_received']} "
                  f"of {result['registrations_completed']} completed registrations.", ""]
    text = "\n".join(lines)
    (out_dir / "bench.md").write_text(text)
    return text


# ---------------------------------------------------------------------------- main
def is_loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tests.bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=8, help="concurrent simulated members (default 8)")
    parser.add_argument("--big-members", type=int, default=32,
                        help="members at once in the last phase (default 32; 0 skips it)")
    parser.add_argument("--serial", type=int, default=3,
                        help="registrations one at a time per path in the first phase (default 3)")
    parser.add_argument("--url", help="use the web app running at this loopback URL instead of starting a stack")
    parser.add_argument("--max-seconds", type=float, default=120.0,
                        help="time limit of each round (default 120)")
    parser.add_argument("--spanish-every", type=int, default=2,
                        help="every n-th member writes in Spanish (default 2: half of them; 0: none)")
    parser.add_argument("--verbose", action="store_true", help="print every turn (test data only)")
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "var" / "bench",
                        help="folder for bench.json/bench.md (default var/bench)")
    args = parser.parse_args(argv)
    for name in ("members", "big_members", "serial"):
        value = getattr(args, name)
        if not (0 if name == "big_members" else 1) <= value <= MAX_MEMBERS:
            parser.error(f"--{name.replace('_', '-')} must be between 1 and {MAX_MEMBERS}")
    return args


def import_members(csv_path: Path) -> None:
    result = subprocess.run([str(PROJECT_ROOT / ".venv" / "bin" / "coopbot"), "members", "import", str(csv_path)],
                            cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        raise SystemExit(f"bench: importing the test members failed:\n{result.stdout}\n{result.stderr}")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    global VERBOSE
    VERBOSE = args.verbose
    run_id = secrets.token_hex(3)
    serial_count = 2 * args.serial
    load_count = len(SCHEDULE) * args.members
    big_count = len(BIG_SCHEDULE) * args.big_members
    members = generate_members(serial_count + load_count + big_count, run_id, args.spanish_every)
    serial_members = members[:serial_count]
    load_members = members[serial_count:serial_count + load_count]
    big_members = members[serial_count + load_count:]
    stack = None
    workdir = Path(tempfile.mkdtemp(prefix="coopbot-bench-"))
    csv_path = write_members_csv(members, workdir / "members.csv")
    stack_start = None
    try:
        if args.url:
            settings = load_settings()
            web_url = args.url.rstrip("/")
            if not settings.twilio_auth_token:
                raise SystemExit("bench: --url needs TWILIO_AUTH_TOKEN (the token the web app checks signatures with)")
            import_members(csv_path)
            target_args = dict(web_url=web_url, rasa_url=settings.rasa_url, public_url=settings.public_url,
                               twilio_token=settings.twilio_auth_token, rasa_token=settings.rasa_token,
                               secret_key=settings.secret_key, database_url=settings.database_url)
        else:
            from tests.support.stack import TWILIO_TOKEN, Stack

            print("bench: starting the web app, the action server and the Rasa server ...", flush=True)
            stack = Stack(workdir / "stack", members_csv=csv_path, extra_env={"COOPBOT_TIMING": "1"})
            started = time.perf_counter()
            stack.start()
            stack_start = round(time.perf_counter() - started, 1)
            settings = stack.settings
            target_args = dict(web_url=stack.web_url, rasa_url=stack.rasa_url, public_url=settings.public_url,
                               twilio_token=TWILIO_TOKEN, rasa_token=settings.rasa_token,
                               secret_key=settings.secret_key, database_url=settings.database_url)
        for url in (target_args["web_url"], target_args["rasa_url"]):
            if not is_loopback(url):
                raise SystemExit(f"bench: {url} is not a loopback address; the bench only loads this machine")

        target = Target(**target_args, concurrency=max(args.members, args.big_members))
        action_log_path = stack.log_dir / "actions.log" if stack else None
        # Warm both paths once (first-message costs, connection pools), untimed.
        target.rest_turn(f"bench-warmup-{run_id}", "hello")
        target.sms_turn(Member("0", "0", "Warmup", "00000", "0000", "", f"+1512555{random.randrange(10**4):04d}"),
                        "hello")

        started_at = datetime.now(timezone.utc).isoformat()
        rounds = []
        half = args.serial
        for path, group in (("sms", serial_members[:half]), ("rasa_rest", serial_members[half:])):
            rounds.append(run_round("serial", path, group, target, time.monotonic() + args.max_seconds,
                                    at_once=False, action_log=action_log_path))
        texts = [answer_for(step, m, 0) for m in serial_members[:half]
                 for step in (None, "account_number", "member_name", "email", "identity_proof",
                              "security_question", "security_answer", "terms_accepted")]
        parse_times = [target.parse_seconds(text) for text in texts]
        for i, path in enumerate(SCHEDULE):
            rounds.append(run_round("load", path, load_members[i * args.members:(i + 1) * args.members], target,
                                    time.monotonic() + args.max_seconds, action_log=action_log_path))
        for i, path in enumerate(BIG_SCHEDULE if args.big_members else ()):
            rounds.append(run_round("big", path, big_members[i * args.big_members:(i + 1) * args.big_members],
                                    target, time.monotonic() + args.max_seconds, action_log=action_log_path))
        target.close()
        mails = None
        if stack:
            # Mail goes out after each last answer: give the last ones a bounded moment.
            from tests.support.stack import wait_until

            expected = sum(o.completed for r in rounds for o in r.outcomes)
            try:
                wait_until(lambda: len(stack.smtp.messages()) >= expected, 20, "the activation mails")
            except TimeoutError:
                pass  # reported below as mails received of registrations completed
            mails = len(stack.smtp.messages())
        action_log = (stack.log_dir / "actions.log").read_text(errors="replace") if stack else ""
    finally:
        if stack is not None:
            stack.stop()

    phases = {}
    for phase in ("serial", "load", "big"):
        if any(r.phase == phase for r in rounds):
            phases[phase] = {path: summarise(phase, path, rounds) for path in ("sms", "rasa_rest")}
    all_turns = sum(len(o.turns) for r in rounds for o in r.outcomes) + 2  # + the two warm-up turns
    api_calls = backend_api_calls(action_log)
    runs = action_runs(action_log)
    sms, rest = phases["load"]["sms"], phases["load"]["rasa_rest"]
    completed = sum(p[path]["completed"] for p in phases.values() for path in ("sms", "rasa_rest"))
    result = {
        "started_at": started_at,
        "finished_at": datetime.now(timezone.utc).isoformat(),
        "members": args.members,
        "big_members": args.big_members,
        "serial_registrations_per_path": args.serial,
        "schedule": list(SCHEDULE),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "stack_start_seconds": stack_start,
        "nlu_parse_ms": percentiles(parse_times),
        **phases,
        "backend_api": per_turn(api_calls, all_turns),
        "action_code": per_turn(runs, all_turns),
        "registrations_completed": completed,
        "activation_mails_received": mails,
        "overhead": {
            "p50_ratio": ratio(sms["latency_ms"]["p50"], rest["latency_ms"]["p50"]),
            "p95_ratio": ratio(sms["latency_ms"]["p95"], rest["latency_ms"]["p95"]),
            "p99_ratio": ratio(sms["latency_ms"]["p99"], rest["latency_ms"]["p99"]),
            "throughput_ratio": ratio(sms["messages_per_second"], rest["messages_per_second"]),
        },
    }
    print(write_results(result, args.out), flush=True)
    print(f"bench: results in {args.out / 'bench.json'} and {args.out / 'bench.md'}", flush=True)
    complete = all(p[path]["completed"] == p[path]["members"] for p in phases.values() for path in ("sms", "rasa_rest"))
    if not complete:
        print("bench: not every simulated member completed the registration (see the errors above)",
              file=sys.stderr)
    return 0 if complete else 1


if __name__ == "__main__":
    sys.exit(main())
