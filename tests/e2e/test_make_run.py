"""The stack exactly as ``make run`` starts it (scripts/run: supervisord, two Rasa replicas on Redis).

A process of it is killed (SIGKILL, as a crash) while a member is registering
by SMS: one Rasa replica, the registration API, the notification sender. Each
time the others keep serving and are not restarted, the member completes the
registration and gets the activation mail once, and supervisord has the killed
process running again within seconds.
"""

from __future__ import annotations

import httpx
import pytest

from tests.support.stack import Stack, wait_until
from tests.support.sms_registration import answers_for, sender_of
from tests.support.own_services import RedisServer
from webhook.relay import TROUBLE
from webhook.rasa_client import rendezvous_order

# Two Rasa replicas, their action servers and supervisord start on the 2 cores while the
# other workers run their own stacks: the start alone can take minutes there, so the first
# test (which pays for the module's stack) gets the stack's own bounded wait (600 s) and more.
pytestmark = [pytest.mark.e2e, pytest.mark.timeout(900)]

RESTART_SECONDS = 15  # supervisord starts a dead process again at once; this bounds a loaded machine


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    if not RedisServer.available():
        pytest.fail("redis-server not found: apt-get install redis-server")
    redis_server = RedisServer(tmp_path_factory.mktemp("redis")).start()
    try:
        with Stack(tmp_path_factory.mktemp("make-run"), replicas=2, supervised=True,
                   extra_env={"COOPBOT_REDIS_URL": redis_server.url, "COOPBOT_VERIFY_POLICY": "bill"}) as stack:
            yield stack
    finally:
        redis_server.stop()


def _slots(stack: Stack, sender: str) -> dict:
    """The member's conversation, read from whichever replica answers (both read it from Redis)."""
    for url in stack.rasa_urls:
        try:
            response = httpx.get(f"{url}/conversations/{sender}/tracker",
                                 params={"include_events": "NONE", "token": stack.settings.rasa_token}, timeout=10)
        except httpx.HTTPError:
            continue
        if response.status_code == 200:
            return response.json().get("slots") or {}
    raise AssertionError("no Rasa replica answers")


def _register(stack: Stack, phone: str, member: dict, email: str, fault_at: str, fault) -> list[list[str]]:
    """Text through a whole registration; ``fault()`` runs once, when the bot asks for ``fault_at``.

    A message answered with a "try again" reply is sent again, as a member would: once the
    stack serves again (a member does not resend twenty times a second while a process restarts).
    """
    sender = sender_of(stack, phone)
    answers = answers_for(member, email)
    turns = [stack.sms_texts("I want to sign up for online access", phone)]
    faulted = False
    previous = None
    for _ in range(30):
        state = _slots(stack, sender)
        if state.get("outcome") == "registered":
            assert faulted
            return turns
        step = state.get("requested_slot")
        assert step in answers, f"unexpected step {step!r}; last replies: {turns[-1]}"
        if step == fault_at and not faulted:
            fault()
            faulted = True
        elif step == previous:
            _wait_serving(stack)
        previous = step
        turns.append(stack.sms_texts(answers[step], phone))
    raise AssertionError(f"not registered; last replies: {turns[-1]}")


def _wait_serving(stack: Stack) -> None:
    """Until the API and every Rasa replica answer their health checks again."""
    stack.wait_api(timeout=RESTART_SECONDS * 4)
    for index in range(len(stack.rasa_urls)):
        stack.wait_rasa(index=index)


def _others_untouched(stack: Stack, before: dict[str, int], killed: str) -> None:
    """Every process but the killed one still runs as the same process: nothing else went down with it."""
    for name, pid in before.items():
        if name != killed:
            assert stack.supervisor.running_pid(name) == pid, f"{name} was restarted too"


def _pids(stack: Stack) -> dict[str, int]:
    return {info["name"]: info["pid"] for info in stack.supervisor.rpc.getAllProcessInfo()
            if info["statename"] == "RUNNING"}


def test_make_run_supervises_every_process(made):
    programs = {info["name"]: info["statename"] for info in made.supervisor.rpc.getAllProcessInfo()}
    assert programs == {name: "RUNNING" for name in
                        ("web", "api", "notify", "actions1", "rasa1", "actions2", "rasa2", "console")}
    # The console shows each process's lines under its name.
    wait_until(lambda: "rasa2" in made.console.read_text(errors="replace"), 30, "rasa2's lines on the console")
    assert made.log_of(made.api).count('"GET /healthz" 200') >= 1


def test_a_killed_rasa_replica_is_restarted_and_its_members_complete_on_the_other(made):
    member = {"account": "3005551212", "name": "O'Brien-Smith", "zip": "78701"}
    email = "made.replica@example.com"
    # A member whose replica is the one that will be killed.
    phone = next(p for p in (made.new_phone() for _ in range(64))
                 if rendezvous_order(sender_of(made, p), made.rasa_urls)[0] == made.rasa_urls[0])
    before = _pids(made)
    killed: list[int] = []
    turns = _register(made, phone, member, email, "identity_proof",
                      lambda: killed.append(made.rasa_replicas[0].kill()))
    for replies in turns:
        assert replies and TROUBLE not in " ".join(replies)
    assert made.rasa_replicas[0].wait_restarted(killed[0], RESTART_SECONDS) < RESTART_SECONDS
    _others_untouched(made, before, "rasa1")
    made.smtp.wait_for(lambda m: email in str(m["To"]), timeout=30)
    assert len(made.smtp.to(email)) == 1
    made.wait_rasa(index=0)  # the restarted replica loads the model and serves again


def test_a_killed_api_is_restarted_and_the_member_in_flight_completes(made):
    member = {"account": "1001234567", "name": "Garza", "zip": "78620"}
    email = "made.api@example.com"
    before = _pids(made)
    killed: list[int] = []
    turns = _register(made, made.new_phone(), member, email, "identity_proof",
                      lambda: killed.append(made.api.kill()))
    # While the API was away the member got at most the action server's polite reply; the web
    # app and Rasa answered every message.
    for replies in turns:
        assert replies and TROUBLE not in " ".join(replies)
    assert made.api.wait_restarted(killed[0], RESTART_SECONDS) < RESTART_SECONDS
    _others_untouched(made, before, "api")
    made.wait_api()
    made.smtp.wait_for(lambda m: email in str(m["To"]), timeout=30)
    assert len(made.smtp.to(email)) == 1


def test_a_killed_notification_sender_is_restarted_and_the_mail_still_goes_out(made):
    member = {"account": "6001112223", "name": "Peterson", "zip": "78610"}
    email = "made.notify@example.com"
    before = _pids(made)
    killed: list[int] = []
    _register(made, made.new_phone(), member, email, "terms_accepted", lambda: killed.append(made.notify.kill()))
    assert made.notify.wait_restarted(killed[0], RESTART_SECONDS) < RESTART_SECONDS
    _others_untouched(made, before, "notify")
    made.smtp.wait_for(lambda m: email in str(m["To"]), timeout=60)
    assert len(made.smtp.to(email)) == 1
    assert httpx.get(made.web_url + "/healthz", timeout=10).status_code == 200
