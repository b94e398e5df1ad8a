"""``make bench``: how fast is a registration turn, and what does the web app add to Rasa?

N simulated members (``--members``, default 8) register at the same time, each
through a complete registration, one signed ``POST /sms`` per turn (signed
with twilio's ``RequestValidator`` exactly as Twilio signs). N other members
do the same turns straight through Rasa's REST channel
(``/webhooks/rest/webhook``), bypassing the web app. Each path runs twice, in
the order SMS, REST, REST, SMS, with fresh members every round. For both paths
the bench reports p50 / p95 / p99 per-turn latency and messages per second;
the ratio of the two is the web app's overhead (signature check, idempotency
and opt-out rows, transcript writing, the tracker read).

The simulated member answers what the bot asks: after each turn it reads the
form's ``requested_slot`` from Rasa's tracker (outside the timed request), so
the script follows the dialogue rather than a fixed order.

By default the bench starts its own stack (``tests/e2e/stack.py``: the real web
app, action server and Rasa server on free loopback ports, a fresh SQLite
database, an SMTP sink) and imports a generated CSV of 4 x N test members into
it. ``--url`` uses a running stack instead (settings from the environment, as
``make run`` reads them; the generated members are imported into its database
with ``coopbot members import``). Loopback only, bounded in members, turns and
time. Results: ``results/bench.json`` and the Markdown table ``results/bench.md``.
"""
from __future__ import annotations

import argparse
import csv
import ipaddress
import json
import os
import platform
import random
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import quote, urlsplit

import httpx
from twilio.request_validator import RequestValidator

from backend.config import PROJECT_ROOT, load_settings
from backend.sms_consent import phone_key
from webhook.sms_simulator import message_texts as twiml_texts

MAX_MEMBERS = 64
# Each path runs twice, in the order A B B A: a machine that gets faster or slower
# during the run (warm caches, a growing database, other load) favours neither.
SCHEDULE = ("sms", "rasa_rest", "rasa_rest", "sms")
MAX_TURNS = 14              # a registration takes about 8; more means the member is stuck
REQUEST_TIMEOUT = 30.0
CO_OP_NUMBER = "+15125550000"
LAST_NAMES = ["Alvarez", "Baker", "Castillo", "Dawson", "Edwards", "Flores", "Graham", "Hughes",
              "Ibarra", "Jenkins", "Keller", "Lawson", "Medina", "Nolan", "Ortega", "Porter"]
SECURITY_ANSWER = "Bluebonnet Creek"


@dataclass
class Member:
    account_number: str
    meter_number: str
    last_name: str
    zip_code: str
    last4: str
    email: str
    phone: str


@dataclass
class Outcome:
    """What one simulated member went through."""

    latencies: list[float] = field(default_factory=list)
    completed: bool = False
    error: str | None = None


# ---------------------------------------------------------------------------- members
def generate_members(count: int, run_id: str) -> list[Member]:
    """Members no other run has: account numbers carry a random prefix of this run."""
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
            phone=f"+1512{rng.randrange(2, 10)}{rng.randrange(10**6):06d}",
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


def answer_for(step: str | None, member: Member, turn: int) -> str | None:
    """What a member types when the bot asks for ``step`` (None: nothing asked yet)."""
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


# ---------------------------------------------------------------------------- the two paths
class Target:
    """The stack under test: where to post, how to sign, and how to read Rasa's tracker."""

    def __init__(self, web_url: str, rasa_url: str, public_url: str, twilio_token: str,
                 rasa_token: str, secret_key: str, concurrency: int):
        self.web_url, self.rasa_url, self.public_url = web_url, rasa_url, public_url
        self.validator = RequestValidator(twilio_token)
        self.rasa_token = rasa_token
        self.secret_key = secret_key
        self.http = httpx.Client(
            timeout=REQUEST_TIMEOUT,
            limits=httpx.Limits(max_connections=concurrency * 2, max_keepalive_connections=concurrency * 2),
        )

    def sms_turn(self, member: Member, text: str) -> list[str]:
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
        response = self.http.post(self.web_url + "/sms", data=form, headers={"X-Twilio-Signature": signature})
        response.raise_for_status()
        return twiml_texts(response.text)

    def rest_turn(self, sender: str, text: str) -> list[str]:
        response = self.http.post(self.rasa_url + "/webhooks/rest/webhook",
                                  json={"sender": sender, "message": text})
        response.raise_for_status()
        return [item.get("text") or "" for item in response.json()]

    def slots(self, sender: str) -> dict:
        response = self.http.get(
            f"{self.rasa_url}/conversations/{quote(sender, safe='')}/tracker",
            params={"include_events": "NONE", "token": self.rasa_token},
        )
        response.raise_for_status()
        return response.json().get("slots") or {}


VERBOSE = False


def run_member(member: Member, send, sender: str, target: Target, deadline: float) -> Outcome:
    """One member's whole registration; ``send(text)`` is one timed turn."""
    outcome = Outcome()
    step: str | None = None
    repeats = 0
    replies: list[str] = []
    try:
        for turn in range(MAX_TURNS):
            text = answer_for(step, member, turn)
            if text is None:
                outcome.error = f"stuck: the bot asked for nothing known (step {step!r}); last reply: {' / '.join(replies)!r}"
                return outcome
            if time.monotonic() > deadline:
                outcome.error = "time limit reached"
                return outcome
            started = time.perf_counter()
            replies = send(text)
            outcome.latencies.append(time.perf_counter() - started)
            slots = target.slots(sender)
            if VERBOSE:
                print(f"bench: {sender[:12]} [{step}] {text!r} -> {replies!r} -> {slots.get('requested_slot')}",
                      flush=True)
            if slots.get("outcome") == "registered":
                outcome.completed = True
                return outcome
            new_step = slots.get("requested_slot")
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
    path: str
    outcomes: list[Outcome]
    seconds: float


def run_round(path: str, members: list[Member], target: Target, deadline: float) -> Round:
    """All ``members`` register at once through one path ("sms" or "rasa_rest")."""

    def one(member: Member) -> Outcome:
        if path == "sms":
            sender = phone_key(target.secret_key, member.phone)
            return run_member(member, lambda text: target.sms_turn(member, text), sender, target, deadline)
        sender = f"bench-rest-{member.account_number}"
        return run_member(member, lambda text: target.rest_turn(sender, text), sender, target, deadline)

    print(f"bench: {path}: {len(members)} members registering at once ...", flush=True)
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=len(members)) as pool:
        outcomes = list(pool.map(one, members))
    for error in sorted({o.error for o in outcomes if o.error}):
        print(f"bench: {path}: {error}", file=sys.stderr, flush=True)
    return Round(path, outcomes, time.perf_counter() - started)


def summarise(path: str, rounds: list[Round]) -> dict:
    """One path's figures over its rounds: messages/s is turns over the time its rounds took."""
    outcomes = [o for r in rounds if r.path == path for o in r.outcomes]
    seconds = sum(r.seconds for r in rounds if r.path == path)
    latencies = [x for o in outcomes for x in o.latencies]
    return {
        "path": path,
        "members": len(outcomes),
        "completed": sum(o.completed for o in outcomes),
        "turns": len(latencies),
        "seconds": round(seconds, 3),
        "messages_per_second": round(len(latencies) / seconds, 2) if seconds else 0.0,
        "latency_ms": percentiles(latencies),
        "errors": sorted({o.error for o in outcomes if o.error}),
    }


def percentiles(values: list[float]) -> dict:
    if not values:
        return {"p50": None, "p95": None, "p99": None, "mean": None, "max": None}
    ms = sorted(v * 1000 for v in values)
    cuts = statistics.quantiles(ms, n=100, method="inclusive") if len(ms) > 1 else [ms[0]] * 99
    return {"p50": round(cuts[49], 1), "p95": round(cuts[94], 1), "p99": round(cuts[98], 1),
            "mean": round(statistics.fmean(ms), 1), "max": round(ms[-1], 1)}


def ratio(a, b):
    return round(a / b, 2) if a and b else None


# ---------------------------------------------------------------------------- reporting
def write_results(result: dict, out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "bench.json").write_text(json.dumps(result, indent=2) + "\n")
    sms, rest, over = result["sms"], result["rasa_rest"], result["overhead"]

    def row(label, phase):
        lat = phase["latency_ms"]
        return (f"| {label} | {phase['completed']}/{phase['members']} | {phase['turns']} | "
                f"{lat['p50']} | {lat['p95']} | {lat['p99']} | {phase['messages_per_second']} |")

    machine = result["machine"]
    lines = [
        f"Benchmark of {result['finished_at'][:19].replace('T', ' ')} UTC: {result['members']} simulated members "
        f"registering at once, four rounds ({', '.join(result['schedule'])}), fresh members each round; "
        f"{machine['cpus']} CPU cores, Python {machine['python']} ({machine['platform']}). "
        "Latency is per turn (one member message and the bot's answer).",
        "",
        "| path | registrations completed | turns | p50 ms | p95 ms | p99 ms | messages/s |",
        "|------|------------------------:|------:|-------:|-------:|-------:|-----------:|",
        row("signed `POST /sms` (web app + Rasa + actions + backend)", sms),
        row("Rasa REST channel directly (Rasa + actions + backend)", rest),
        f"| ratio /sms : REST (web app overhead) | | | {over['p50_ratio']} | {over['p95_ratio']} | "
        f"{over['p99_ratio']} | {over['throughput_ratio']} |",
        "",
    ]
    if result["activation_mails_received"] is not None:
        lines += [f"Activation mails received by the SMTP sink: {result['activation_mails_received']} "
                  f"of {sms['members'] + rest['members']} registrations.", ""]
    (out_dir / "bench.md").write_text("\n".join(lines))


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
    parser.add_argument("--url", help="use the web app running at this loopback URL instead of starting a stack")
    parser.add_argument("--max-seconds", type=float, default=120.0,
                        help="time limit of each of the four rounds (default 120)")
    parser.add_argument("--verbose", action="store_true", help="print every turn (test data only)")
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "results", help="folder for bench.json/bench.md")
    args = parser.parse_args(argv)
    if not 1 <= args.members <= MAX_MEMBERS:
        parser.error(f"--members must be between 1 and {MAX_MEMBERS}")
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
    members = generate_members(len(SCHEDULE) * args.members, run_id)
    stack = None
    workdir = Path(tempfile.mkdtemp(prefix="coopbot-bench-"))
    csv_path = write_members_csv(members, workdir / "members.csv")
    try:
        if args.url:
            settings = load_settings()
            web_url = args.url.rstrip("/")
            if not settings.twilio_auth_token:
                raise SystemExit("bench: --url needs TWILIO_AUTH_TOKEN (the token the web app checks signatures with)")
            import_members(csv_path)
            target_args = dict(web_url=web_url, rasa_url=settings.rasa_url, public_url=settings.public_url,
                               twilio_token=settings.twilio_auth_token, rasa_token=settings.rasa_token,
                               secret_key=settings.secret_key)
        else:
            from tests.e2e.stack import TWILIO_TOKEN, Stack

            print("bench: starting the web app, the action server and the Rasa server ...", flush=True)
            stack = Stack(workdir / "stack", members_csv=csv_path).start()
            settings = stack.settings
            target_args = dict(web_url=stack.web_url, rasa_url=stack.rasa_url, public_url=settings.public_url,
                               twilio_token=TWILIO_TOKEN, rasa_token=settings.rasa_token,
                               secret_key=settings.secret_key)
        for url in (target_args["web_url"], target_args["rasa_url"]):
            if not is_loopback(url):
                raise SystemExit(f"bench: {url} is not a loopback address; the bench only loads this machine")

        target = Target(**target_args, concurrency=args.members)
        # Warm both paths once (first-message costs, connection pools), untimed.
        target.rest_turn(f"bench-warmup-{run_id}", "hello")
        target.sms_turn(Member("0", "0", "Warmup", "00000", "0000", "", f"+1512555{random.randrange(10**4):04d}"),
                        "hello")

        started_at = datetime.now(timezone.utc).isoformat()
        rounds = [
            run_round(path, members[i * args.members:(i + 1) * args.members], target,
                      time.monotonic() + args.max_seconds)
            for i, path in enumerate(SCHEDULE)
        ]
        sms, rest = summarise("sms", rounds), summarise("rasa_rest", rounds)
        mails = len(stack.smtp.messages()) if stack else None
    finally:
        if stack is not None:
            stack.stop()

    result = {
        "started_at": started_at,
        "finished_at": datetime.now(timezone.utc).isoformat(),
        "members": args.members,
        "schedule": list(SCHEDULE),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "sms": sms,
        "rasa_rest": rest,
        "activation_mails_received": mails,
        "overhead": {
            "p50_ratio": ratio(sms["latency_ms"]["p50"], rest["latency_ms"]["p50"]),
            "p95_ratio": ratio(sms["latency_ms"]["p95"], rest["latency_ms"]["p95"]),
            "p99_ratio": ratio(sms["latency_ms"]["p99"], rest["latency_ms"]["p99"]),
            "throughput_ratio": ratio(sms["messages_per_second"], rest["messages_per_second"]),
        },
    }
    write_results(result, args.out)
    print((args.out / "bench.md").read_text(), flush=True)
    print(f"bench: results in {args.out / 'bench.json'} and {args.out / 'bench.md'}", flush=True)
    complete = sms["completed"] == sms["members"] and rest["completed"] == rest["members"]
    if not complete:
        print("bench: not every simulated member completed the registration (see the errors above)",
              file=sys.stderr)
    return 0 if complete else 1


if __name__ == "__main__":
    sys.exit(main())
