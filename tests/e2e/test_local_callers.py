"""A process on the host, without the secrets of ``var/``, against the real stack (default phone policy).

Found by an attacker test: a local process took the conversation id of a
member who had once texted from the phone on file (the phone pseudonym, from
Redis or a log line) and posted the registration's answers to Rasa's REST
channel as that sender, then forged trackers straight to the action server:
"You are registered!" with no code, since the backend took the conversation
for an SMS from the phone on file. Every hop now asks for its secret
(common/local_auth.py); the member's own texts, through the web app, still
register the account, which proves the web app -> Rasa -> action server path
carries the secrets.
"""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from backend.core import keys
from backend.storage.models import Member, Registration
from common import local_auth
from tests.support.sms_registration import sender_of, slots
from tests.support.stack import Stack

pytestmark = pytest.mark.e2e

VICTIM = {"account": "8104440001", "name": "Whitfield", "zip": "78640", "phone": "+15125550191"}
MEMBER = {"account": "8104440002", "name": "Okafor", "zip": "78641", "phone": "+15125550192"}
ATTACKER_EMAIL = "local.process@example.net"


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    with Stack(tmp_path_factory.mktemp("local-callers"), extra_env={"COOPBOT_VERIFY_POLICY": "phone"}) as instance:
        instance.import_members([VICTIM, MEMBER])
        yield instance


def registrations(stack, account: str) -> list[Registration]:
    with stack.session() as session:
        member = session.scalar(select(Member).where(Member.account_number == account))
        return list(session.scalars(select(Registration).where(Registration.member_id == member.id)))


def test_a_local_process_cannot_post_as_the_phone_on_file(stack):
    stack.sms_texts("hello", VICTIM["phone"])  # the member once texted from the phone on file
    sender = sender_of(stack, VICTIM["phone"])
    before = slots(stack, sender)
    for text in ("sign up", VICTIM["account"], VICTIM["name"], ATTACKER_EMAIL, VICTIM["zip"], "2", "Bello", "yes"):
        for headers in ({}, {local_auth.HEADER: "guess"}):
            answer = httpx.post(stack.rasa_url + "/webhooks/rest/webhook", headers=headers, timeout=30,
                                json={"sender": sender, "message": text})
            assert (answer.status_code, answer.content) == (403, b""), text
    assert slots(stack, sender) == before  # nothing reached the dialogue
    assert registrations(stack, VICTIM["account"]) == []
    assert stack.smtp.to(ATTACKER_EMAIL) == []


@pytest.mark.parametrize("action", ["validate_registration_form", "action_complete_flow"])
def test_a_local_process_cannot_run_actions_on_a_forged_tracker(stack, action):
    sender = sender_of(stack, VICTIM["phone"])
    forged = {"next_action": action, "sender_id": sender, "version": "3.6.0", "domain": {},
              "tracker": {"sender_id": sender, "latest_message": {"text": "yes", "intent": {"name": "affirm"}},
                          "slots": {"account_number": VICTIM["account"], "member_name": VICTIM["name"],
                                    "email": ATTACKER_EMAIL, "identity_proof": VICTIM["zip"],
                                    "terms_accepted": True, "requested_slot": "terms_accepted"},
                          "events": [], "active_loop": {"name": "registration_form"}}}
    for headers in ({}, {local_auth.HEADER: stack.settings.rasa_token}):  # the Rasa token is not this hop's
        answer = httpx.post(stack.action_url + "/webhook", json=forged, headers=headers, timeout=30)
        assert (answer.status_code, answer.content) == (403, b"")
    assert registrations(stack, VICTIM["account"]) == []


def test_the_member_s_own_texts_still_register_through_every_hop(stack):
    phone = MEMBER["phone"]
    for text in ("I want to register", MEMBER["account"], MEMBER["name"], "okafor@example.com", MEMBER["zip"], "2"):
        stack.sms_texts(text, phone)
    stack.sms_texts("Bello", phone)
    assert "spam" in " ".join(stack.sms_texts("yes", phone)).lower()
    assert [r.status for r in registrations(stack, MEMBER["account"])] == ["pending"]
    assert stack.smtp.wait_for(lambda m: "okafor@example.com" in str(m["To"]), timeout=30)


def test_no_command_line_on_the_host_holds_a_token(stack):
    """``ps -eo args`` shows every user's command lines; the tokens travel in environments (owner-only)."""
    secrets = (stack.settings.rasa_token, keys.action_server_token(stack.settings.rasa_token),
               stack.settings.api_key, stack.settings.secret_key)
    rasa_pid = stack.rasa.pid
    assert rasa_pid is not None
    lines = {}
    for path in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            lines[path.parent.name] = path.read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue  # ended meanwhile
    assert "bot.serve run" in lines[str(rasa_pid)] and "--enable-api" in lines[str(rasa_pid)]
    for pid, line in lines.items():
        for secret in secrets:
            assert secret not in line, f"a secret on the command line of process {pid}"
