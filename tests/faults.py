"""``make bench-faults``: registrations under load while a part of the deployment fails.

Each scenario starts its own stack exactly as ``make run`` starts it
(``scripts/run``: supervisord restarts a process that dies; ``tests/support/stack.py``,
``Stack(supervised=True)``) with its own ``redis-server`` on a free port
(``tests/support/own_services.py``), runs N simulated members registering at
once over signed ``POST /sms`` (the bench's members, ``tests/bench.py``),
injects one fault once the run is under way, and reports what the members saw.
Only the servers started here are ever stopped.

- ``replica``: two Rasa replicas; replica 2 is killed (SIGKILL) a third into
  the run, and supervisord starts it again. Expected: every registration
  completes, one activation mail per member, turns slower only around the kill.
- ``redis``: Redis is stopped for ``--outage`` seconds, then restarted on its
  data. Expected: members get the polite "try again" reply meanwhile, and
  continue where they were afterwards (their answers are resent).
- ``api``: the registration API process is killed (SIGKILL); supervisord
  starts it again (``restart_seconds``: until it answers). Expected: the
  polite reply meanwhile, then completion.
- ``actions``: the action server is killed (SIGKILL); as for ``api``.
- ``postgres``: the web app and the API on a PostgreSQL cluster of the
  scenario's own (``initdb``), restarted ("fast" stop, then start). Expected:
  no 500, no lost transcript turn, the pools reconnect by themselves.
- ``compare``: the same load with 1 and with 2 Rasa replicas, side by side,
  with each process's CPU seconds and resident memory.

Every scenario checks, and fails (exit status 1, the reason under "Errors")
unless: every member completed; each has exactly one registration and one
activation mail; every message answered normally has its transcript turn
stored, none twice; the web app never answered 5xx and the API never 500 (503
is its "database away" answer); web and API ``/healthz`` are 200 afterwards.

Results: ``var/faults/faults.json`` and ``var/faults/faults.md`` (not tracked).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from backend.core.config import PROJECT_ROOT
from backend.storage.models import Conversation, Registration, TranscriptMessage
from backend.storage.models import Member as DbMember
from backend.notify.consent import phone_key
from tests.bench import Member, Target, answer_for, generate_members, write_members_csv
from tests.support.stack import TWILIO_TOKEN, Stack, wait_until
from tests.support.own_services import PostgresCluster, RedisServer
from webhook.rasa_client import rendezvous_order

MAX_TURNS = 30
SCENARIOS = ["replica", "redis", "api", "actions", "postgres", "compare"]
TROUBLE_WORDS = ("having trouble", "cannot reach our sign-up system")
STATE_READS = 120  # bounded retries of a state read while the database is away


@dataclass
class Member_Run:
    latencies: list[tuple[float, float]] = field(default_factory=list)  # (started at, seconds)
    answered: int = 0  # messages answered normally (the bot went on)
    trouble: int = 0  # messages answered with the polite "try again" reply (then resent)
    trouble_kinds: dict[str, int] = field(default_factory=dict)  # "web app" / "action server" -> count
    http_errors: dict[int, int] = field(default_factory=dict)  # web app status >= 500 -> count (then resent)
    completed: bool = False
    error: str | None = None


def _is_trouble(replies: list[str]) -> bool:
    text = " ".join(replies).lower()
    return any(word in text for word in TROUBLE_WORDS)


class Load:
    """N members registering at once; a member who gets the polite reply waits, then resends its answer.

    A member's next question is read from what the web app recorded for its
    conversation (the bench's ``sms_state``), never from Rasa's tracker: that
    read would itself fail, or answer an empty tracker, while Redis is down.
    """

    def __init__(self, stack: Stack, members: list[Member], rasa_url: str, deadline: float):
        self.stack = stack
        self.members = members
        self.deadline = deadline
        self.target = Target(stack.web_url, rasa_url, stack.settings.public_url, TWILIO_TOKEN,
                             stack.settings.rasa_token, stack.settings.secret_key, stack.settings.database_url,
                             concurrency=len(members))
        self.turns = 0
        self.lock = threading.Lock()
        self.healthy = threading.Event()
        self.healthy.set()
        self.t0 = time.monotonic()

    def _state(self, sender: str) -> tuple[str | None, str | None]:
        for _ in range(STATE_READS):
            try:
                return self.target.sms_state(sender)
            except OperationalError:
                # The database is away (the postgres scenario): read again once it is back.
                self.healthy.wait(timeout=120)
                time.sleep(0.5)  # bounded retry interval while the pool reconnects
        raise RuntimeError("conversation state unreadable")

    def member(self, member: Member) -> Member_Run:
        run = Member_Run()
        sender = phone_key(self.stack.settings.secret_key, member.phone)
        step = None
        try:
            for _ in range(MAX_TURNS):
                if time.monotonic() > self.deadline:
                    break
                text = answer_for(step, member, run.answered)  # a message that got the polite reply is resent
                if text is None:
                    run.error = f"stuck at {step!r}"
                    return run
                started = time.monotonic()
                try:
                    replies = self.target.sms_turn(member, text).replies
                except httpx.HTTPStatusError as exc:
                    status = exc.response.status_code
                    run.http_errors[status] = run.http_errors.get(status, 0) + 1
                    self.healthy.wait(timeout=120)
                    continue  # what Twilio would show the member: nothing; the member resends
                finally:
                    with self.lock:
                        self.turns += 1
                run.latencies.append((started - self.t0, time.monotonic() - started))
                if _is_trouble(replies):
                    run.trouble += 1
                    kind = "web app" if "having trouble" in " ".join(replies).lower() else "action server"
                    run.trouble_kinds[kind] = run.trouble_kinds.get(kind, 0) + 1
                    self.healthy.wait(timeout=120)
                    continue  # resend the same answer once the fault is over
                run.answered += 1
                step, outcome = self._state(sender)
                if outcome == "registered":
                    run.completed = True
                    return run
            run.error = "not registered in time"
        except Exception as exc:  # noqa: BLE001 - reported
            run.error = f"{exc.__class__.__name__}: {exc}"
        return run

    def run(self, fault=None) -> list[Member_Run]:
        try:
            with ThreadPoolExecutor(max_workers=len(self.members) + 1) as pool:
                futures = [pool.submit(self.member, m) for m in self.members]
                injected = pool.submit(fault, self) if fault is not None else None
                runs = [f.result() for f in futures]
                if injected is not None:
                    injected.result()  # a fault that could not be injected (or undone) fails the scenario
                return runs
        finally:
            self.target.close()


def _metric(stack: Stack, name: str) -> float:
    text = httpx.get(stack.web_url + "/metrics", timeout=10).text
    return sum(float(line.split()[-1]) for line in text.splitlines() if line.startswith(name))


def _mails_per_member(stack: Stack, members: list[Member], completed: int) -> list[int]:
    """Activation mails per member, once every completed member's mail has arrived (bounded wait)."""
    def count() -> list[int]:
        mails = stack.smtp.messages()
        return [sum(1 for m in mails if member.email in str(m["To"])) for member in members]

    try:
        wait_until(lambda: sum(1 for n in count() if n) >= completed, timeout=60, what="the activation mails")
    except TimeoutError:
        pass  # reported below as members without their mail
    return count()


def _transcripts(stack: Stack, members: list[Member]) -> list[tuple[int, int]]:
    """Per member, the stored member turns: (answered normally, answered with the polite reply).

    A stored turn is a member message ("in") and the replies stored after it;
    the polite reply is recognised by its words, as the member recognises it.
    """
    counts = []
    with stack.session() as session:
        for member in members:
            sender = phone_key(stack.settings.secret_key, member.phone)
            rows = session.execute(
                select(TranscriptMessage.direction, TranscriptMessage.text)
                .join(Conversation, TranscriptMessage.conversation_id == Conversation.id)
                .where(Conversation.channel == "sms", Conversation.sender_key == sender)
                .order_by(TranscriptMessage.id)
            ).all()
            normal = trouble = 0
            for index, (direction, _) in enumerate(rows):
                if direction != "in":
                    continue
                replies = [text for d, text in rows[index + 1:index + 4] if d == "out"]
                if replies and _is_trouble(replies[:1]):
                    trouble += 1
                else:
                    normal += 1
            counts.append((normal, trouble))
    return counts


def _registrations(stack: Stack, members: list[Member]) -> list[int]:
    """Registrations per member in the database (exactly one expected)."""
    with stack.session() as session:
        return [session.scalar(
            select(func.count()).select_from(Registration).join(DbMember, Registration.member_id == DbMember.id)
            .where(DbMember.account_number == member.account_number)) or 0 for member in members]


_ACCESS_STATUS = re.compile(r'" (\d{3}) ')


def _api_server_errors(stack: Stack) -> dict[int, int]:
    """Answers of the registration API with a 5xx status, by status (its access log: method, path, status)."""
    text = stack.log_of(stack.api)
    found: dict[int, int] = {}
    for match in _ACCESS_STATUS.finditer(text):
        status = int(match.group(1))
        if status >= 500:
            found[status] = found.get(status, 0) + 1
    return found


def _healthy(stack: Stack) -> dict:
    """``/healthz`` of the web app and of the API after the run (polled: a pool may still be reconnecting)."""
    found = {}
    for name, url in (("web", stack.web_url), ("api", stack.api_url)):
        try:
            wait_until(lambda: httpx.get(url + "/healthz", timeout=5).status_code == 200, timeout=60,
                       what=f"{name} /healthz")
            found[name] = "ok"
        except TimeoutError:
            try:
                response = httpx.get(url + "/healthz", timeout=5)
                found[name] = f"{response.status_code} {response.text[:200]}"
            except httpx.HTTPError as exc:
                found[name] = f"unreachable: {exc.__class__.__name__}"
    return found


def _summary(name: str, stack: Stack, runs: list[Member_Run], members: list[Member], seconds: float,
             fault_at: float | None = None, **extra) -> dict:
    latencies = [s for r in runs for _, s in r.latencies]
    around = [s for r in runs for at, s in r.latencies if fault_at is not None and at >= fault_at - 1]
    completed = sum(r.completed for r in runs)
    per_member = _mails_per_member(stack, members, completed)
    registrations = _registrations(stack, members)
    stored = _transcripts(stack, members)
    lost = sum(max(0, run.answered - normal) for run, (normal, _) in zip(runs, stored))
    doubled = sum(max(0, normal - run.answered) + max(0, trouble - run.trouble)
                  for run, (normal, trouble) in zip(runs, stored))
    web_errors: dict[int, int] = {}
    for run in runs:
        for status, count in run.http_errors.items():
            web_errors[status] = web_errors.get(status, 0) + count
    api_errors = _api_server_errors(stack)
    health = _healthy(stack)
    ms = lambda values, q: round(1000 * statistics.quantiles(values, n=100)[q - 1]) if len(values) > 1 else None
    failures = []
    if completed != len(members):
        failures.append(f"{len(members) - completed} of {len(members)} members did not complete")
    if any(n != 1 for n in per_member):
        failures.append(f"activation mails per member {per_member} (exactly one each expected)")
    if any(n != 1 for n in registrations):
        failures.append(f"registrations per member {registrations} (exactly one each expected)")
    if lost or doubled:
        failures.append(f"transcript: {lost} answered turn(s) not stored, {doubled} stored twice")
    if web_errors:
        failures.append(f"web app answered {web_errors} (status: count)")
    if api_errors.get(500):
        # 503 is the API's own "database away, try again" answer; a 500 is a failure.
        failures.append(f"registration API answered {api_errors} (status: count)")
    if any(state != "ok" for state in health.values()):
        failures.append(f"/healthz after the run: {health}")
    return {
        "scenario": name,
        "members": len(members),
        "completed": completed,
        "trouble_replies": sum(r.trouble for r in runs),
        "trouble_from": {kind: sum(r.trouble_kinds.get(kind, 0) for r in runs)
                         for kind in sorted({k for r in runs for k in r.trouble_kinds})},
        "members_with_one_mail": sum(1 for n in per_member if n == 1),
        "members_with_two_or_more_mails": sum(1 for n in per_member if n > 1),
        "members_with_one_registration": sum(1 for n in registrations if n == 1),
        "turns_answered": sum(r.answered for r in runs),
        "turns_stored": sum(normal for normal, _ in stored),
        "trouble_turns_stored": sum(trouble for _, trouble in stored),
        "web_5xx": sum(web_errors.values()),
        "api_500": api_errors.get(500, 0),
        "api_503": api_errors.get(503, 0),
        "healthz_after": health,
        "turns": len(latencies),
        "seconds": round(seconds, 1),
        "messages_per_second": round(len(latencies) / seconds, 2) if seconds else None,
        "p50_ms": ms(latencies, 50), "p95_ms": ms(latencies, 95),
        "max_ms": round(1000 * max(latencies)) if latencies else None,
        "max_ms_after_fault": round(1000 * max(around)) if around else None,
        "errors": sorted({r.error for r in runs if r.error}) + failures,
        "ok": not failures and not any(r.error for r in runs),
        **extra,
    }


def _processes(stack: Stack) -> dict:
    """CPU seconds and resident MB of each service's process group (from /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    services = {"web": stack.web, "api": stack.api, "notify": stack.notify}
    for index, (rasa, actions) in enumerate(zip(stack.rasa_replicas, stack.action_replicas)):
        services[f"rasa{index}"], services[f"actions{index}"] = rasa, actions
    found = {}
    for name, service in services.items():
        if service.pid is None:
            continue
        group = os.getpgid(service.pid)
        cpu = rss = 0.0
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                if int(stat[2]) != group:
                    continue
                cpu += (int(stat[11]) + int(stat[12])) / tick
                rss += int(stat[21]) * os.sysconf("SC_PAGE_SIZE") / 2**20
            except (OSError, IndexError, ValueError):
                continue
        found[name] = {"cpu_s": round(cpu, 1), "rss_mb": round(rss)}
    return found


def _stack(workdir: Path, members: list[Member], redis_url: str, replicas: int, balance: bool = False,
           database_url: str | None = None):
    """A started stack with ``members`` imported; ``balance``: keep as many members per replica (half and half)."""
    workdir.mkdir(parents=True, exist_ok=True)
    csv_path = workdir / "members.csv"
    env = {"COOPBOT_REDIS_URL": redis_url, "COOPBOT_VERIFY_POLICY": "bill"}
    if database_url:
        env["COOPBOT_DATABASE_URL"] = database_url
    stack = Stack(workdir / "stack", members_csv=csv_path, replicas=replicas, extra_env=env, supervised=True)
    if balance:
        wanted = len(members) // 6
        groups = [[m for m in members if first_replica(stack, m) == index] for index in range(replicas)]
        chosen = [group[i] for i in range(len(members)) for group in groups if i < len(group)]
        members[:] = chosen[:wanted]
    write_members_csv(members, csv_path)
    try:
        return stack.start()
    except BaseException:
        stack.stop()
        raise


def first_replica(stack: Stack, member: Member) -> int:
    sender = phone_key(stack.settings.secret_key, member.phone)
    return stack.rasa_urls.index(rendezvous_order(sender, stack.rasa_urls)[0])


def _wait_turns(load: Load, count: int) -> None:
    wait_until(lambda: load.turns >= count, timeout=600, what=f"{count} turns")


def _outage(load: Load, fault_at: list[float], third: int, down, up, seconds: float) -> None:
    """A third into the run: ``down()``, ``seconds`` of outage, ``up()``; members wait while it lasts."""
    _wait_turns(load, third)
    load.healthy.clear()
    try:
        fault_at.append(time.monotonic() - load.t0)
        down()
        time.sleep(seconds)  # the outage itself (a supervisor's restart delay), not synchronisation
        up()
    finally:
        load.healthy.set()


def scenario(name: str, args, workdir: Path) -> dict | list[dict]:
    members = generate_members(args.members, secrets.token_hex(3))
    redis_server = RedisServer(workdir / f"redis-{name}").start()
    cluster: PostgresCluster | None = None
    stacks: list[Stack] = []
    try:
        if name == "compare":
            results = []
            for replicas in (1, 2):
                batch = generate_members(args.members, secrets.token_hex(3))
                stack = _stack(workdir / f"compare{replicas}", batch, redis_server.url, replicas)
                stacks.append(stack)
                load = Load(stack, batch, stack.rasa_url, time.monotonic() + args.max_seconds)
                started = time.monotonic()
                runs = load.run()
                results.append(_summary(f"{replicas} replica(s)", stack, runs, batch, time.monotonic() - started,
                                        processes=_processes(stack)))
                stacks.remove(stack)
                stack.stop()
            return results
        replicas = 2 if name == "replica" else 1
        if name == "replica":
            members = generate_members(args.members * 6, secrets.token_hex(3))
        database_url = None
        if name == "postgres":
            cluster = PostgresCluster().init().start()
            cluster.create_database()
            database_url = cluster.url
        stack = _stack(workdir / name, members, redis_server.url, replicas, balance=name == "replica",
                       database_url=database_url)
        stacks.append(stack)
        survivor = stack.rasa_urls[0]
        load = Load(stack, members, survivor, time.monotonic() + args.max_seconds)
        fault_at: list[float] = []
        restart_seconds: list[float] = []
        third = args.members * 8 // 3

        def kill_replica(load: Load) -> None:
            _wait_turns(load, third)
            fault_at.append(time.monotonic() - load.t0)
            stack.rasa_replicas[1].kill()

        def restart_redis(load: Load) -> None:
            _outage(load, fault_at, third, redis_server.stop, redis_server.start, args.outage)

        def crash(service, wait_ready):
            """``service`` killed (SIGKILL); supervisord starts it again; the outage lasts until it answers."""
            def fault(load: Load) -> None:
                killed: list[int] = []
                started = time.monotonic()
                _outage(load, fault_at, third, lambda: killed.append(service.kill()),
                        lambda: (service.wait_restarted(killed[0]), wait_ready()), 0)
                restart_seconds.append(round(time.monotonic() - started, 1))
            return fault

        restart_api = crash(stack.api, stack.wait_api)
        restart_actions = crash(stack.actions, stack.wait_actions)

        def restart_postgres(load: Load) -> None:
            # A restart ("fast" stop: every session is cut, then start at once), as an
            # operator's restart or a failover does; its length is measured, not chosen.
            started = time.monotonic()
            _outage(load, fault_at, third, cluster.stop, cluster.start, 0)
            restart_seconds.append(round(time.monotonic() - started, 1))

        fault = {"replica": kill_replica, "redis": restart_redis, "api": restart_api,
                 "actions": restart_actions, "postgres": restart_postgres}[name]
        started = time.monotonic()
        runs = load.run(fault)
        seconds = time.monotonic() - started
        failovers = _metric(stack, "coopbot_rasa_failovers_total")
        extra = {}
        if name == "replica":
            extra["members_on_killed_replica"] = sum(1 for m in members if first_replica(stack, m) == 1)
        if restart_seconds:
            extra["restart_seconds"] = restart_seconds[0]
        return _summary(name, stack, runs, members, seconds,
                        fault_at=fault_at[0] if fault_at else None, rasa_failovers=failovers, **extra)
    finally:
        for stack in stacks:
            stack.stop()
        redis_server.stop()
        if cluster is not None:
            cluster.remove()


def write(results: list[dict], out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "faults.json").write_text(json.dumps(results, indent=2) + "\n")
    columns = ["scenario", "members", "completed", "trouble_replies", "members_with_one_mail",
               "members_with_one_registration", "turns_answered", "turns_stored", "web_5xx", "api_500", "turns",
               "messages_per_second", "p50_ms", "p95_ms", "max_ms", "max_ms_after_fault"]
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    for result in results:
        lines.append("| " + " | ".join(str(result.get(c, "")) for c in columns) + " |")
    for result in results:
        if result.get("processes"):
            lines.append("")
            lines.append(f"Processes, {result['scenario']}: " + ", ".join(
                f"{name} {p['cpu_s']} CPU s / {p['rss_mb']} MB" for name, p in result["processes"].items()))
        if result.get("errors"):
            lines.append(f"Errors, {result['scenario']}: " + "; ".join(result["errors"]))
    (out / "faults.md").write_text("\n".join(lines) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=8)
    parser.add_argument("--scenario", action="append", choices=SCENARIOS)
    parser.add_argument("--outage", type=float, default=10.0, help="seconds Redis stays down (the redis scenario)")
    parser.add_argument("--max-seconds", type=float, default=600)
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "var" / "faults")
    args = parser.parse_args(argv)
    # Stopped from outside: unwind, so every server started here is stopped too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if not RedisServer.available():
        raise SystemExit("faults: redis-server not found")
    if "postgres" in (args.scenario or SCENARIOS) and not PostgresCluster.available():
        raise SystemExit("faults: PostgreSQL binaries (initdb) not found under /usr/lib/postgresql")
    args.members = max(1, min(args.members, 32))
    workdir = Path(tempfile.mkdtemp(prefix="coopbot-faults-"))
    results: list[dict] = []
    try:
        for name in args.scenario or SCENARIOS:
            print(f"faults: {name} ...", flush=True)
            try:
                outcome = scenario(name, args, workdir)
            except Exception as exc:  # noqa: BLE001 - a scenario that cannot run is a failed scenario
                outcome = {"scenario": name, "members": args.members, "completed": 0, "ok": False,
                           "errors": [f"{exc.__class__.__name__}: {exc}"]}
            results.extend(outcome if isinstance(outcome, list) else [outcome])
            write(results, args.out)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print((args.out / "faults.md").read_text(), flush=True)
    failed = [r["scenario"] for r in results if not r["ok"]]
    if failed:
        print(f"faults: FAILED: {', '.join(failed)} (see Errors above)", file=sys.stderr, flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
