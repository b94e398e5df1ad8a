"""The whole product in real processes, for end-to-end tests and the benchmark.

``Stack`` starts the web app, the registration API process, the action server
and the Rasa server with the commands ``make run`` supervises (``coopbot exec NAME``
through ``scripts/serve-*``), on free loopback ports, against a fresh migrated
SQLite database, a real SMTP server (aiosmtpd) and a temporary outbox.
``Stack(supervised=True)`` starts them exactly as ``make run`` does instead
(``scripts/run``: supervisord, the notification sender, restarts), for the
fault tests. Readiness is polled with deadlines, never slept on.
"""

from __future__ import annotations

import email
import email.policy
import os
import signal
import subprocess
import threading
import time
import uuid
import xml.etree.ElementTree as ET
import xmlrpc.client
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Callable

import httpx
from aiosmtpd.controller import Controller
from supervisor.xmlrpc import SupervisorTransport
from twilio.request_validator import RequestValidator

from backend.core.config import PROJECT_ROOT, Settings, load_settings, replica_urls
from backend.storage.db import make_engine, make_session_factory
from backend.ops.supervisor_console import NAME_WIDTH
from common import local_auth
from tests.support.local_http import free_port

TWILIO_TOKEN = "test-twilio-token"
CO_OP_NUMBER = "+15125550000"
DEFAULT_MEMBERS = Path(__file__).resolve().parents[1] / "e2e" / "members.csv"


def wait_until(check: Callable[[], bool], timeout: float, what: str, interval: float = 0.2) -> None:
    """Poll ``check`` until it is true; fail with ``what`` after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except (httpx.HTTPError, OSError):
            pass
        time.sleep(interval)  # polling interval of a bounded wait, not synchronisation by sleep
    raise TimeoutError(f"timed out after {timeout:.0f}s waiting for {what}")


class SmtpSink:
    """A real SMTP server that keeps every message it receives."""

    def __init__(self) -> None:
        self._messages: list[EmailMessage] = []
        self._cond = threading.Condition()
        self.port = free_port()
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd handler hook
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self._cond:
            self._messages.append(message)
            self._cond.notify_all()
        return "250 OK"

    def start(self) -> None:
        self._controller.start()

    def stop(self) -> None:
        self._controller.stop()

    def messages(self) -> list[EmailMessage]:
        with self._cond:
            return list(self._messages)

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages() if address.lower() in str(m["To"]).lower()]

    def wait_for(self, predicate: Callable[[EmailMessage], bool], timeout: float = 15) -> EmailMessage:
        """The first message matching ``predicate``, waiting for it to arrive."""
        with self._cond:
            found = self._cond.wait_for(
                lambda: next((m for m in self._messages if predicate(m)), None), timeout=timeout
            )
        if found is None:
            raise TimeoutError("no matching mail arrived")
        return found


class Supervisor:
    """The supervisord of a stack started as ``make run`` starts it, through its control socket."""

    def __init__(self, socket_path: Path, run: subprocess.Popen, log: Path) -> None:
        self.run, self.log = run, log
        self.rpc = xmlrpc.client.ServerProxy(
            "http://127.0.0.1", transport=SupervisorTransport(None, None, f"unix://{socket_path}")).supervisor

    def info(self, name: str) -> dict:
        return self.rpc.getProcessInfo(name)

    def running_pid(self, name: str) -> int | None:
        """The process id of ``name`` while supervisord has it RUNNING, else None."""
        info = self.info(name)
        return info["pid"] if info["statename"] == "RUNNING" and info["pid"] else None

    def check_alive(self) -> None:
        if self.run.poll() is not None:
            tail = self.log.read_text(errors="replace")[-3000:] if self.log.exists() else ""
            raise RuntimeError(f"scripts/run (supervisord) exited; console tail:\n{tail}")


@dataclass
class Service:
    name: str
    script: str
    log: Path
    process: subprocess.Popen | None = None
    args: tuple[str, ...] = ()  # a replica's number (scripts/serve-rasa 2)
    # Under supervisord (Stack(supervised=True)): its program name there, and the supervisor.
    program: str = ""
    supervisor: Supervisor | None = None

    def start(self, env: dict[str, str]) -> None:
        if self.supervisor is not None:
            raise RuntimeError("supervisord starts this process (and starts it again when it dies)")
        handle = open(self.log, "ab")
        self.process = subprocess.Popen(
            [str(PROJECT_ROOT / "scripts" / self.script), *self.args],
            cwd=PROJECT_ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        handle.close()

    @property
    def pid(self) -> int | None:
        if self.supervisor is not None:
            return self.supervisor.running_pid(self.program)
        return self.process.pid if self.process and self.process.poll() is None else None

    def kill(self) -> int | None:
        """Kill the process group at once (SIGKILL), as a crash would; the id of the process killed."""
        if self.supervisor is not None:
            pid = self.supervisor.running_pid(self.program)
            if pid is None:
                raise RuntimeError(f"{self.program} is not running under supervisord")
            os.killpg(pid, signal.SIGKILL)  # supervisord gives each process a group of its own
            return pid
        pid = None
        if self.process and self.process.poll() is None:
            pid = self.process.pid
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        self.process = None
        return pid

    @contextmanager
    def frozen(self):
        """The process group stopped (SIGSTOP) inside the block, continued (SIGCONT) after.

        A process that accepts connections but answers nothing, as one starved of CPU
        under load does: a turn that needs it is slow for exactly as long as the block
        lasts, with no sleep and no timing guess.
        """
        pid = self.pid
        if pid is None:
            raise RuntimeError(f"{self.name} is not running")
        os.killpg(pid, signal.SIGSTOP)
        try:
            yield
        finally:
            os.killpg(pid, signal.SIGCONT)

    def wait_restarted(self, old_pid: int, timeout: float = 15) -> float:
        """Seconds until supervisord has this process RUNNING again, as a new process."""
        started = time.monotonic()
        wait_until(lambda: self.pid not in (None, old_pid), timeout, f"supervisord to restart {self.program}")
        return time.monotonic() - started

    def stop(self) -> None:
        if self.supervisor is not None:
            return  # supervisord stops it with the stack
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        self.process = None

    def check_alive(self) -> None:
        if self.supervisor is not None:
            self.supervisor.check_alive()
            return
        if self.process is None or self.process.poll() is not None:
            tail = self.log.read_text(errors="replace")[-3000:] if self.log.exists() else ""
            raise RuntimeError(f"{self.name} exited early; log tail:\n{tail}")


@dataclass
class Stack:
    """Web app + registration API + action server + Rasa server + SMTP sink, as real processes."""

    workdir: Path
    members_csv: Path = DEFAULT_MEMBERS
    extra_env: dict[str, str] = field(default_factory=dict)
    # Rasa server + action server pairs; more than one needs COOPBOT_REDIS_URL in extra_env.
    replicas: int = 1
    # Started as `make run` starts it (scripts/run: supervisord, with the notification sender).
    supervised: bool = False

    def __post_init__(self) -> None:
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.log_dir = self.workdir / "logs"
        self.log_dir.mkdir(exist_ok=True)
        self.smtp = SmtpSink()
        self.web_port, self.rasa_port, self.action_port = free_port(), free_port(), free_port()
        self.api_port = free_port()
        self.api_url = f"http://127.0.0.1:{self.api_port}"
        self.web_url = f"http://127.0.0.1:{self.web_port}"
        self.rasa_url = f"http://127.0.0.1:{self.rasa_port}"
        self.action_url = f"http://127.0.0.1:{self.action_port}"
        self.env = {
            **os.environ,
            "COOPBOT_DATABASE_URL": f"sqlite:///{self.workdir / 'coopbot.db'}",
            "COOPBOT_PUBLIC_URL": self.web_url,
            "COOPBOT_PORT": str(self.web_port),
            "COOPBOT_BIND": "127.0.0.1",
            "COOPBOT_SMTP_URL": f"smtp://127.0.0.1:{self.smtp.port}",
            "COOPBOT_MAIL_FROM": "no-reply@coop.example",
            "COOPBOT_OUTBOX_DIR": str(self.workdir / "outbox"),
            "COOPBOT_VAR_DIR": str(self.workdir / "var"),
            "COOPBOT_RASA_URL": self.rasa_url,
            "COOPBOT_ACTION_SERVER_URL": self.action_url,
            "COOPBOT_API_PORT": str(self.api_port),
            "COOPBOT_BACKEND_URL": self.api_url,
            "COOPBOT_API_KEY": "e2e-api-key-" + uuid.uuid4().hex,
            "COOPBOT_SECRET_KEY": "e2e-secret-" + uuid.uuid4().hex,
            # A leading "-" proves no generated secret can break a command line.
            "COOPBOT_RASA_TOKEN": "-e2e-rasa-" + uuid.uuid4().hex,
            "TWILIO_AUTH_TOKEN": TWILIO_TOKEN,
            "PYTHONUNBUFFERED": "1",
        }
        for name in ("TWILIO_ACCOUNT_SID", "TWILIO_FROM_NUMBER", "COOPBOT_REDIS_URL"):
            self.env.pop(name, None)
        self.env.update(self.extra_env)
        self.settings: Settings = self._settings()
        self.web = Service("web app", "serve-web", self.log_dir / "web.log")
        self.api = Service("registration API", "serve-api", self.log_dir / "api.log")
        self.actions = Service("action server", "serve-actions", self.log_dir / "actions.log")
        self.rasa = Service("rasa server", "serve-rasa", self.log_dir / "rasa.log")
        # Replica 0 is self.rasa / self.actions; the others have ports of their own.
        self.rasa_replicas, self.action_replicas = [self.rasa], [self.actions]
        self.rasa_urls, self.action_urls = [self.rasa_url], [self.action_url]
        # make run's layout: replica i on the first pair's ports + i (backend.core.config.replica_urls).
        layout = (replica_urls(self.rasa_url, self.replicas), replica_urls(self.action_url, self.replicas))
        for index in range(1, self.replicas):
            rasa_url, action_url = ((layout[0][index], layout[1][index]) if self.supervised
                                    else (f"http://127.0.0.1:{free_port()}", f"http://127.0.0.1:{free_port()}"))
            self.rasa_urls.append(rasa_url)
            self.action_urls.append(action_url)
            # scripts/serve-rasa N: replica N of COOPBOT_RASA_URLS (and of the action servers).
            self.action_replicas.append(Service(f"action server {index}", "serve-actions",
                                                self.log_dir / f"actions{index}.log", args=(str(index + 1),)))
            self.rasa_replicas.append(Service(f"rasa server {index}", "serve-rasa", self.log_dir / f"rasa{index}.log",
                                              args=(str(index + 1),)))
        if self.supervised:
            self.env["COOPBOT_RASA_REPLICAS"] = str(self.replicas)
            self.settings = self._settings()
        elif self.replicas > 1:
            self.env["COOPBOT_RASA_URLS"] = ",".join(self.rasa_urls)
            self.env["COOPBOT_ACTION_SERVER_URLS"] = ",".join(self.action_urls)
            self.settings = self._settings()
        self.notify = Service("notification sender", "", self.log_dir / "console.log")
        self.supervisor: Supervisor | None = None
        self.console = self.log_dir / "console.log"
        self._phones = 0
        self._engine = None

    def _settings(self) -> Settings:
        saved = dict(os.environ)
        try:
            os.environ.update(self.env)
            return load_settings()
        finally:
            os.environ.clear()
            os.environ.update(saved)

    # -- lifecycle --------------------------------------------------------------------------
    def coopbot(self, *args: str, input: str | None = None) -> subprocess.CompletedProcess:
        """Run the ``coopbot`` command line against this stack's database."""
        return subprocess.run(
            [str(PROJECT_ROOT / ".venv" / "bin" / "coopbot"), *args],
            cwd=PROJECT_ROOT, env=self.env, input=input, capture_output=True, text=True, timeout=120,
        )

    def import_members(self, members: list[dict]) -> None:
        """Add members (account, name, zip, phone) with ``coopbot members import``, as a co-op does."""
        path = self.workdir / f"members-{uuid.uuid4().hex[:8]}.csv"
        rows = [f"{m['account']},M{index},{m['name']},{m['zip']},,{m.get('phone', '')}"
                for index, m in enumerate(members)]
        path.write_text("account_number,meter_number,last_name_or_business,mailing_zip,tax_id_last4,phone\n"
                        + "\n".join(rows) + "\n")
        result = self.coopbot("members", "import", str(path))
        assert result.returncode == 0, result.stderr

    def start(self) -> "Stack":
        model = PROJECT_ROOT / "models" / "current.tar.gz"
        if not model.exists():
            raise RuntimeError("no trained model at models/current.tar.gz: run `make model`")
        self.smtp.start()
        for args in (("db", "upgrade"), ("members", "import", str(self.members_csv))):
            result = self.coopbot(*args)
            if result.returncode != 0:
                raise RuntimeError(f"coopbot {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        if self.supervised:
            self._start_supervised()
        else:
            self.web.start(self.env)
            self.api.start(self.env)
            for service in self.action_replicas + self.rasa_replicas:
                service.start(self.env)
        # Under supervisord, scripts/run's own steps come first; every process starts at once.
        # In `make test` four workers start stacks and Rasa servers at once on two cores (the
        # e2e files come first), and a web app has been seen to need more than 120 s to answer
        # there: bounded, and generous, as for Rasa below.
        timeout = 240
        self.wait_web(timeout)
        self.wait_api(timeout)
        for index in range(len(self.rasa_replicas)):
            self.wait_actions(timeout, index=index)
        for index in range(len(self.rasa_replicas)):
            self.wait_rasa(timeout=600, index=index)
        return self

    def _start_supervised(self) -> None:
        """``scripts/run`` as ``make run`` runs it: the members are in, so the demo members are not loaded."""
        handle = open(self.console, "ab")  # appended: supervisord reopens the console for its processes
        run = subprocess.Popen([str(PROJECT_ROOT / "scripts" / "run")], cwd=PROJECT_ROOT, env=self.env,
                               stdout=handle, stderr=subprocess.STDOUT, start_new_session=True)
        handle.close()
        self._run = run
        socket_path = self.settings.var_dir / "supervisor.sock"
        wait_until(lambda: run.poll() is None and socket_path.exists() or _exited(run, self.console), 120,
                   "supervisord's control socket")
        self.supervisor = Supervisor(socket_path, run, self.console)
        names = ["rasa", "actions"] if self.replicas == 1 else None
        for index, (rasa, actions) in enumerate(zip(self.rasa_replicas, self.action_replicas), start=1):
            rasa.program, actions.program = names or (f"rasa{index}", f"actions{index}")
        for service, program in ((self.web, "web"), (self.api, "api"), (self.notify, "notify")):
            service.program = program
        for service in (self.web, self.api, self.notify, *self.rasa_replicas, *self.action_replicas):
            service.supervisor, service.log = self.supervisor, self.console

    def __enter__(self) -> "Stack":
        """``with Stack(...) as stack``: started, and stopped again even when starting fails."""
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def stop(self) -> None:
        run = getattr(self, "_run", None)
        if run is not None and run.poll() is None:
            os.killpg(run.pid, signal.SIGTERM)  # supervisord stops every process, then itself
            try:
                run.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(run.pid, signal.SIGKILL)
                run.wait(timeout=10)
        for service in (*self.rasa_replicas, *self.action_replicas, self.api, self.web):
            service.stop()
        self.smtp.stop()
        if self._engine is not None:
            self._engine.dispose()

    def _wait(self, service: Service, check: Callable[[], bool], timeout: float) -> None:
        def alive_and_ready() -> bool:
            service.check_alive()
            return check()

        wait_until(alive_and_ready, timeout, service.name)

    def wait_web(self, timeout: float = 60) -> None:
        self._wait(self.web, lambda: httpx.get(self.web_url + "/terms", timeout=2).status_code < 500, timeout)

    def wait_api(self, timeout: float = 60) -> None:
        self._wait(self.api, lambda: httpx.get(self.api_url + "/healthz", timeout=2).status_code == 200, timeout)

    def stop_api(self) -> None:
        self.api.stop()

    def start_api(self) -> None:
        self.api.start(self.env)
        self.wait_api()

    def wait_actions(self, timeout: float = 60, index: int = 0) -> None:
        url = self.action_urls[index]
        self._wait(self.action_replicas[index],
                   lambda: httpx.get(url + "/health", timeout=2).status_code == 200, timeout)

    def wait_rasa(self, timeout: float = 600, index: int = 0) -> None:
        # Bounded, and generous: several stacks may load their models at once on 2 cores.
        url = self.rasa_urls[index]

        def loaded() -> bool:
            response = httpx.get(url + "/status", params={"token": self.settings.rasa_token}, timeout=2)
            return response.status_code == 200 and bool(response.json().get("model_file"))

        self._wait(self.rasa_replicas[index], loaded, timeout)

    def stop_rasa(self) -> None:
        self.rasa.stop()

    def start_rasa(self) -> None:
        self.rasa.start(self.env)
        self.wait_rasa()

    def stop_actions(self) -> None:
        self.actions.stop()

    def start_actions(self) -> None:
        self.actions.start(self.env)
        self.wait_actions()

    # -- talking to it ----------------------------------------------------------------------
    def new_phone(self) -> str:
        self._phones += 1
        return f"+1512{os.getpid() % 1000:03d}{self._phones:04d}"

    def new_sender(self) -> str:
        return "e2e-" + uuid.uuid4().hex

    def rest(self, sender: str, text: str) -> list[str]:
        """One turn through Rasa's REST channel, with the token the web app sends; the bot's text replies."""
        response = httpx.post(
            self.rasa_url + "/webhooks/rest/webhook", json={"sender": sender, "message": text}, timeout=30,
            headers={local_auth.HEADER: self.settings.rasa_token},
        )
        response.raise_for_status()
        return [item["text"] for item in response.json() if item.get("text")]

    def sms(self, body: str, from_: str | None = None, message_sid: str | None = None,
            num_media: int = 0, signed: bool = True, extra: dict | None = None) -> httpx.Response:
        """POST /sms exactly as Twilio does, signed with the account's auth token."""
        params = {
            "MessageSid": message_sid or "SM" + uuid.uuid4().hex,
            "AccountSid": "AC" + "0" * 32,
            "MessagingServiceSid": "",
            "From": from_ or self.new_phone(),
            "To": CO_OP_NUMBER,
            "Body": body,
            "NumMedia": str(num_media),
            "NumSegments": "1",
            "SmsStatus": "received",
            "ApiVersion": "2010-04-01",
        }
        if num_media:
            params["MediaUrl0"] = "https://api.twilio.com/media/ME0"
            params["MediaContentType0"] = "image/jpeg"
        params.update(extra or {})
        url = self.settings.public_url + "/sms"
        signature = RequestValidator(TWILIO_TOKEN).compute_signature(url, params) if signed else "forged"
        return httpx.post(self.web_url + "/sms", data=params,
                          headers={"X-Twilio-Signature": signature}, timeout=30)

    def sms_texts(self, body: str, from_: str) -> list[str]:
        response = self.sms(body, from_=from_)
        response.raise_for_status()
        return twiml_texts(response.text)

    def session(self):
        if self._engine is None:
            self._engine = make_engine(self.settings.database_url)
        return make_session_factory(self._engine)()

    def logs(self) -> str:
        return "\n".join(p.read_text(errors="replace") for p in sorted(self.log_dir.glob("*.log")))

    def log_of(self, service: Service) -> str:
        """What ``service`` wrote: its own log, or its lines of the console under supervisord."""
        text = service.log.read_text(errors="replace") if service.log.exists() else ""
        if not service.supervisor:
            return text
        prefix = f"{service.program:<{NAME_WIDTH}} | "
        return "\n".join(line[len(prefix):] for line in text.splitlines() if line.startswith(prefix))


def _exited(run: subprocess.Popen, log: Path) -> bool:
    if run.poll() is not None:
        raise RuntimeError(f"scripts/run exited ({run.returncode}):\n{log.read_text(errors='replace')[-3000:]}")
    return False


def twiml_texts(xml: str) -> list[str]:
    """The texts of the ``<Message>`` elements of a TwiML answer, in order."""
    root = ET.fromstring(xml)
    texts = []
    for message in root.iter("Message"):
        body = message.find("Body")
        texts.append((body.text if body is not None else message.text) or "")
    return texts
