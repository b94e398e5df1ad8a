"""``make bench-faults``: registrations under load while a part of the deployment fails.

Each scenario starts its own stack (``tests/e2e/stack.py``) with its own
``redis-server`` on a free port (``tests/support/own_services.py``), runs N simulated
members registering at once over signed ``POST /sms`` (the bench's members,
``tests/bench.py``), injects one fault once the run is under way, and reports
what the members saw. Only the servers started here are ever stopped.

- ``replica``: two Rasa replicas; replica 1 is killed (SIGKILL) a third into
  the run. Expected: every registration completes, no "trouble" reply, one
  activation mail per member, turns slower only around the kill.
- ``redis``: Redis is stopped for ``--outage`` seconds, then restarted on its
  data. Expected: members get the polite "try again" reply meanwhile, and
  continue where they were afterwards (their answers are resent).
- ``api``: the registration API process is killed, then restarted (as a
  supervisor would). Expected: the polite reply meanwhile, then completion.
- ``compare``: the same load with 1 and with 2 Rasa replicas, side by side,
  with each process's CPU seconds and resident memory.

Results: ``var/faults/faults.json`` and ``var/faults/faults.md`` (not tracked).
"""

from __future__ import annotations

import argparse
import json
import os
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

from backend.config import PROJECT_ROOT
from backend.sms_consent import phone_key
from tests.bench import Member, Target, answer_for, generate_members, write_members_csv
from tests.e2e.stack import TWILIO_TOKEN, Stack, wait_until
from tests.support.own_services import RedisServer
from webhook.rasa_client import rendezvous_order

MAX_TURNS = 30
TROUBLE_WORDS = ("having trouble", "cannot reach our sign-up system")


@dataclass
class Member_Run:
    latencies: list[tuple[float, float]] = field(default_factory=list)  # (started at, seconds)
    trouble: int = 0
    completed: bool = False
    error: str | None = None


def _is_trouble(replies: list[str]) -> bool:
    text = " ".join(replies).lower()
    return any(word in text for word in TROUBLE_WORDS)


class Load:
    """N members registering at once; a member who gets the polite reply waits, then resends its answer."""

    def __init__(self, stack: Stack, members: list[Member], rasa_url: str, deadline: float):
        self.stack = stack
        self.members = members
        self.deadline = deadline
        self.target = Target(stack.web_url, rasa_url, stack.settings.public_url, TWILIO_TOKEN,
                             stack.settings.rasa_token, stack.settings.secret_key, concurrency=len(members))
        self.turns = 0
        self.lock = threading.Lock()
        self.healthy = threading.Event()
        self.healthy.set()
        self.t0 = time.monotonic()

    def _slots(self, sender: str) -> dict:
        for _ in range(60):
            try:
                return self.target.slots(sender)
            except httpx.HTTPError:
                self.healthy.wait(timeout=60)
                time.sleep(0.5)  # the fault is over: give the server a moment (bounded retries)
        raise RuntimeError("tracker unreadable")

    def member(self, member: Member) -> Member_Run:
        run = Member_Run()
        sender = phone_key(self.stack.settings.secret_key, member.phone)
        step, turn, answered = None, 0, 0
        try:
            while turn < MAX_TURNS and time.monotonic() < self.deadline:
                text = answer_for(step, member, answered)  # a message that got the polite reply is resent
                if text is None:
                    run.error = f"stuck at {step!r}"
                    return run
                started = time.monotonic()
                replies = self.target.sms_turn(member, text)
                run.latencies.append((started - self.t0, time.monotonic() - started))
                turn += 1
                with self.lock:
                    self.turns += 1
                if _is_trouble(replies):
                    run.trouble += 1
                    self.healthy.wait(timeout=120)
                    continue  # resend the same answer once the fault is over
                answered += 1
                slots = self._slots(sender)
                for _ in range(20):
                    if slots.get("requested_slot") or slots.get("outcome") or self.healthy.is_set():
                        break
                    # Read while Redis is down: Rasa's fail-safe store answers an empty tracker.
                    self.healthy.wait(timeout=60)
                    slots = self._slots(sender)
                if slots.get("outcome") == "registered":
                    run.completed = True
                    return run
                step = slots.get("requested_slot")
            run.error = "not registered in time"
        except Exception as exc:  # noqa: BLE001 - reported
            run.error = f"{exc.__class__.__name__}: {exc}"
        return run

    def run(self, fault=None) -> list[Member_Run]:
        with ThreadPoolExecutor(max_workers=len(self.members) + 1) as pool:
            futures = [pool.submit(self.member, m) for m in self.members]
            if fault is not None:
                pool.submit(fault, self)
            return [f.result() for f in futures]


def _metric(stack: Stack, name: str) -> float:
    text = httpx.get(stack.web_url + "/metrics", timeout=10).text
    return sum(float(line.split()[-1]) for line in text.splitlines() if line.startswith(name))


def _summary(name: str, stack: Stack, runs: list[Member_Run], members: list[Member], seconds: float,
             fault_at: float | None = None, **extra) -> dict:
    latencies = [s for r in runs for _, s in r.latencies]
    around = [s for r in runs for at, s in r.latencies if fault_at is not None and at >= fault_at - 1]
    mails = stack.smtp.messages()
    per_member = [sum(1 for m in mails if member.email in str(m["To"])) for member in members]
    ms = lambda values, q: round(1000 * statistics.quantiles(values, n=100)[q - 1]) if len(values) > 1 else None
    return {
        "scenario": name,
        "members": len(members),
        "completed": sum(r.completed for r in runs),
        "trouble_replies": sum(r.trouble for r in runs),
        "members_with_one_mail": sum(1 for n in per_member if n == 1),
        "members_with_two_or_more_mails": sum(1 for n in per_member if n > 1),
        "turns": len(latencies),
        "seconds": round(seconds, 1),
        "messages_per_second": round(len(latencies) / seconds, 2) if seconds else None,
        "p50_ms": ms(latencies, 50), "p95_ms": ms(latencies, 95),
        "max_ms": round(1000 * max(latencies)) if latencies else None,
        "max_ms_after_fault": round(1000 * max(around)) if around else None,
        "errors": sorted({r.error for r in runs if r.error}),
        **extra,
    }


def _processes(stack: Stack) -> dict:
    """CPU seconds and resident MB of each service's process group (from /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    services = {"web": stack.web, "api": stack.api}
    for index, (rasa, actions) in enumerate(zip(stack.rasa_replicas, stack.action_replicas)):
        services[f"rasa{index}"], services[f"actions{index}"] = rasa, actions
    found = {}
    for name, service in services.items():
        if service.process is None:
            continue
        group = os.getpgid(service.process.pid)
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


def _stack(workdir: Path, members: list[Member], redis_url: str, replicas: int, balance: bool = False):
    """A started stack with ``members`` imported; ``balance``: keep as many members per replica (half and half)."""
    workdir.mkdir(parents=True, exist_ok=True)
    csv_path = workdir / "members.csv"
    stack = Stack(workdir / "stack", members_csv=csv_path, replicas=replicas,
                  extra_env={"COOPBOT_REDIS_URL": redis_url, "COOPBOT_VERIFY_POLICY": "bill"})
    if balance:
        wanted = len(members) // 6
        groups = [[m for m in members if first_replica(stack, m) == index] for index in range(replicas)]
        chosen = [group[i] for i in range(len(members)) for group in groups if i < len(group)]
        members[:] = chosen[:wanted]
    write_members_csv(members, csv_path)
    return stack.start()


def first_replica(stack: Stack, member: Member) -> int:
    sender = phone_key(stack.settings.secret_key, member.phone)
    return stack.rasa_urls.index(rendezvous_order(sender, stack.rasa_urls)[0])


def _wait_turns(load: Load, count: int) -> None:
    wait_until(lambda: load.turns >= count, timeout=600, what=f"{count} turns")


def scenario(name: str, args, workdir: Path) -> dict | list[dict]:
    members = generate_members(args.members, secrets.token_hex(3))
    redis_server = RedisServer(workdir / f"redis-{name}").start()
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
        stack = _stack(workdir / name, members, redis_server.url, replicas, balance=name == "replica")
        stacks.append(stack)
        survivor = stack.rasa_urls[0]
        load = Load(stack, members, survivor, time.monotonic() + args.max_seconds)
        fault_at: list[float] = []
        third = args.members * 8 // 3

        def kill_replica(load: Load) -> None:
            _wait_turns(load, third)
            fault_at.append(time.monotonic() - load.t0)
            stack.rasa_replicas[1].kill()

        def restart_redis(load: Load) -> None:
            _wait_turns(load, third)
            load.healthy.clear()
            fault_at.append(time.monotonic() - load.t0)
            redis_server.stop()
            time.sleep(args.outage)  # the outage itself
            redis_server.start()
            load.healthy.set()

        def restart_api(load: Load) -> None:
            _wait_turns(load, third)
            load.healthy.clear()
            fault_at.append(time.monotonic() - load.t0)
            stack.api.kill()
            time.sleep(args.outage)  # the supervisor's restart delay
            stack.start_api()
            load.healthy.set()

        fault = {"replica": kill_replica, "redis": restart_redis, "api": restart_api}[name]
        started = time.monotonic()
        runs = load.run(fault)
        failovers = _metric(stack, "coopbot_rasa_failovers_total")
        extra = {}
        if name == "replica":
            extra["members_on_killed_replica"] = sum(1 for m in members if first_replica(stack, m) == 1)
        return _summary(name, stack, runs, members, time.monotonic() - started,
                        fault_at=fault_at[0] if fault_at else None, rasa_failovers=failovers, **extra)
    finally:
        for stack in stacks:
            stack.stop()
        redis_server.stop()


def write(results: list[dict], out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "faults.json").write_text(json.dumps(results, indent=2) + "\n")
    columns = ["scenario", "members", "completed", "trouble_replies", "members_with_one_mail",
               "members_with_two_or_more_mails", "turns", "messages_per_second", "p50_ms", "p95_ms", "max_ms",
               "max_ms_after_fault"]
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
    parser.add_argument("--scenario", action="append", choices=["replica", "redis", "api", "compare"])
    parser.add_argument("--outage", type=float, default=10.0, help="seconds a restarted server stays down")
    parser.add_argument("--max-seconds", type=float, default=600)
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "var" / "faults")
    args = parser.parse_args(argv)
    # Stopped from outside: unwind, so every server started here is stopped too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if not RedisServer.available():
        raise SystemExit("faults: redis-server not found")
    args.members = max(1, min(args.members, 32))
    workdir = Path(tempfile.mkdtemp(prefix="coopbot-faults-"))
    results: list[dict] = []
    try:
        for name in args.scenario or ["replica", "redis", "api", "compare"]:
            print(f"faults: {name} ...", flush=True)
            outcome = scenario(name, args, workdir)
            results.extend(outcome if isinstance(outcome, list) else [outcome])
            write(results, args.out)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print((args.out / "faults.md").read_text(), flush=True)
    ok = all(r["completed"] == r["members"] for r in results)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
