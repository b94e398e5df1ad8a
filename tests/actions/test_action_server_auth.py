"""The action server (``python -m actions.serve``, a real process) runs actions only for Rasa.

A local process that forged a tracker (a member's phone pseudonym as sender,
the answers of a registration) and posted it to the action server got the
account registered. Every call but ``/health`` must now carry the
action-server token Rasa sends (bot/endpoints.yml, common/local_auth.py).
"""

from __future__ import annotations

import os
import subprocess
import sys

import httpx
import pytest

from backend.core.config import PROJECT_ROOT
from common import local_auth
from tests.support.stack import free_port, wait_until

TOKEN = "action-token-" + "7" * 20
# What the attacker posted: a registration form's validation for a conversation it does not own.
FORGED_CALL = {
    "next_action": "validate_registration_form",
    "sender_id": "the-phone-pseudonym-of-a-member",
    "version": "3.6.0",
    "tracker": {"sender_id": "the-phone-pseudonym-of-a-member", "slots": {"requested_slot": "terms_accepted"},
                "latest_message": {"text": "yes", "intent": {"name": "affirm"}}, "events": [],
                "active_loop": {"name": "registration_form"}},
    "domain": {},
}


def _environment(**extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items()
           if key not in ("COOPBOT_ACTION_TOKEN", "COOPBOT_API_KEY", "COOPBOT_BACKEND_URL")}
    # Nothing listens there: no call in these tests may reach the registration API.
    return {**env, "COOPBOT_BACKEND_URL": f"http://127.0.0.1:{free_port()}", "COOPBOT_API_KEY": "k",
            "PYTHONUNBUFFERED": "1", **extra}


@pytest.fixture(scope="module")
def action_server(tmp_path_factory):
    port = free_port()
    log = tmp_path_factory.mktemp("actions") / "actions.log"
    with open(log, "wb") as handle:
        process = subprocess.Popen([sys.executable, "-m", "actions.serve", "--port", str(port)],
                                   cwd=PROJECT_ROOT, env=_environment(COOPBOT_ACTION_TOKEN=TOKEN), stdout=handle,
                                   stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        def up() -> bool:
            assert process.poll() is None, log.read_text()[-2000:]
            return httpx.get(url + "/health", timeout=2).status_code == 200

        wait_until(up, 60, "the action server")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.mark.parametrize("headers", [{}, {local_auth.HEADER: "guess"}, {local_auth.HEADER: ""},
                                     {"Authorization": f"Bearer {TOKEN}"}],
                         ids=["no token", "wrong token", "empty token", "token in another header"])
def test_a_forged_action_call_without_the_token_is_refused_with_no_detail(action_server, headers):
    answer = httpx.post(action_server + "/webhook", json=FORGED_CALL, headers=headers, timeout=10)
    assert (answer.status_code, answer.content) == (403, b"")
    listed = httpx.get(action_server + "/actions", headers=headers, timeout=10)
    assert (listed.status_code, listed.content) == (403, b"")


def test_the_token_in_the_url_is_not_enough(action_server):
    # Rasa's ``token`` endpoint setting sends it as a query parameter (logged by proxies and access logs).
    answer = httpx.post(action_server + "/webhook", params={"token": TOKEN}, json=FORGED_CALL, timeout=10)
    assert answer.status_code == 403


def test_rasa_s_calls_with_the_token_reach_the_actions(action_server):
    headers = {local_auth.HEADER: TOKEN}
    listed = httpx.get(action_server + "/actions", headers=headers, timeout=10)
    assert listed.status_code == 200
    assert "validate_registration_form" in {item["name"] for item in listed.json()}
    unknown = httpx.post(action_server + "/webhook", headers=headers, timeout=10,
                         json={**FORGED_CALL, "next_action": "action_that_does_not_exist"})
    assert unknown.status_code == 404  # past the guard: the executor itself answered


def test_health_stays_open_for_the_web_app_s_healthz(action_server):
    assert httpx.get(action_server + "/health", timeout=10).json() == {"status": "ok"}


def test_an_action_server_without_its_token_does_not_start():
    result = subprocess.run([sys.executable, "-m", "actions.serve", "--port", str(free_port())],
                            cwd=PROJECT_ROOT, env=_environment(), capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "COOPBOT_ACTION_TOKEN is not set" in result.stderr
