"""Two real Rasa replicas on a Redis of the test's own: one is killed mid-registration.

The web app routes each member to one replica (rendezvous hashing of the
sender pseudonym). Rasa's tracker and lock stores live in Redis, so when the
member's replica dies, the next message goes to the other replica, which
continues the conversation where it was: the member sees no failure, the
registration completes, no message is lost or answered twice.
"""

from __future__ import annotations

import httpx
import pytest
import redis

from tests.support.stack import Stack
from tests.support.sms_registration import answers_for, sender_of, slots, steps_until_registered
from tests.support.own_services import RedisServer
from webhook.relay import TROUBLE
from webhook.rasa_client import rendezvous_order

pytestmark = pytest.mark.e2e

MEMBER = {"account": "3005551212", "name": "O'Brien-Smith", "zip": "78701"}
EMAIL = "replica.member@example.com"


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory):
    if not RedisServer.available():
        pytest.fail("redis-server not found: apt-get install redis-server")
    server = RedisServer(tmp_path_factory.mktemp("redis")).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def stack2(tmp_path_factory, redis_server):
    with Stack(tmp_path_factory.mktemp("stack2"), replicas=2,
               # Possession of the phone on file is tested in test_security.py.
               extra_env={"COOPBOT_REDIS_URL": redis_server.url, "COOPBOT_VERIFY_POLICY": "bill"}) as instance:
        yield instance


def live_replica(stack) -> str:
    """The URL of a Rasa replica still running (an earlier test killed one)."""
    return next(url for url, service in zip(stack.rasa_urls, stack.rasa_replicas) if service.process)


def test_health_lists_both_replicas(stack2):
    body = httpx.get(stack2.web_url + "/healthz", timeout=10).json()
    assert body["status"] == "ok"
    assert [r["rasa"] for r in body["replicas"]] == stack2.rasa_urls


def test_killing_the_members_replica_mid_registration_goes_unnoticed(stack2, redis_server):
    # A member whose replica is replica 0, the one that will be killed.
    phone = next(p for p in (stack2.new_phone() for _ in range(64))
                 if rendezvous_order(sender_of(stack2, p), stack2.rasa_urls)[0] == stack2.rasa_urls[0])
    sender = sender_of(stack2, phone)
    survivor = stack2.rasa_urls[1]
    answers = answers_for(MEMBER, EMAIL)
    turns = [stack2.sms_texts("I want to sign up for online access", phone)]
    sent = 1
    killed_at = None
    # Both replicas read the conversation from Redis: the survivor is asked throughout.
    for step in steps_until_registered(stack2, sender, answers, 20, survivor):
        if killed_at is None and step == "identity_proof":
            stack2.rasa_replicas[0].kill()  # the member's replica crashes between two messages
            killed_at = len(turns)
        turns.append(stack2.sms_texts(answers[step], phone))
        sent += 1
    assert killed_at is not None
    for replies in turns:
        assert replies and TROUBLE not in " ".join(replies)
    stack2.smtp.wait_for(lambda m: EMAIL in str(m["To"]), timeout=30)
    assert len([m for m in stack2.smtp.messages() if EMAIL in str(m["To"])]) == 1

    # Every message reached Rasa once: the stored conversation has each of them once, in order.
    response = httpx.get(f"{survivor}/conversations/{sender}/tracker",
                         params={"token": stack2.settings.rasa_token}, timeout=10)
    users = [e for e in response.json()["events"] if e["event"] == "user"]
    assert len(users) == sent
    # The conversation lives in the test's Redis, under coopbot's prefix.
    keys = redis.Redis.from_url(redis_server.url).keys("*")
    assert any(sender.encode() in key for key in keys)

    body = httpx.get(stack2.web_url + "/healthz", timeout=10).json()
    assert body["status"] == "degraded" and [r["rasa_status"] for r in body["replicas"]] == ["down", "ok"]

    # /metrics adds up the gunicorn workers: every turn counted, the failovers too.
    metrics = {line.split(" ")[0]: float(line.split(" ")[1])
               for line in httpx.get(stack2.web_url + "/metrics", timeout=10).text.splitlines()
               if line and not line.startswith("#")}
    assert metrics['coopbot_messages_total{channel="sms"}'] >= sent
    assert metrics['coopbot_turn_seconds_count{channel="sms",stage="rasa"}'] >= sent
    assert metrics["coopbot_rasa_failovers_total"] >= 1


def test_redis_restarted_gives_the_polite_reply_then_the_member_continues(stack2, redis_server):
    member = {"account": "1001234567", "name": "Garza", "zip": "78620"}
    email = "redis.member@example.com"
    phone = stack2.new_phone()
    sender = sender_of(stack2, phone)
    live = live_replica(stack2)
    answers = answers_for(member, email)
    stack2.sms_texts("I want to sign up for online access", phone)
    step = slots(stack2, sender, live).get("requested_slot")
    assert step == "account_number"
    stack2.sms_texts(answers[step], phone)
    step = slots(stack2, sender, live).get("requested_slot")

    redis_server.stop()
    try:
        during = stack2.sms_texts(answers[step], phone)
        assert during == [TROUBLE]
    finally:
        redis_server.start()  # same data folder: the conversations are still there

    # The member resends the answer and goes on from the same step.
    for _ in range(12):
        replies = stack2.sms_texts(answers[step], phone)
        assert TROUBLE not in " ".join(replies)
        state = slots(stack2, sender, live)
        if state.get("outcome") == "registered":
            break
        step = state.get("requested_slot")
        assert step in answers
    assert slots(stack2, sender, live).get("outcome") == "registered"
    stack2.smtp.wait_for(lambda m: email in str(m["To"]), timeout=30)


def test_nine_digits_that_may_be_an_ssn_are_not_in_redis_and_a_nine_digit_account_registers(stack2, redis_server):
    """On Redis too (docs/security.md): SSNs typed for the account number as one run and as 3-3-3
    leave nothing in the stored conversation, and a member whose account number has nine digits
    registers by SMS."""
    from tests.support.at_rest import files_text, holds_digits, redis_strings

    member = {"account": "204567891", "name": "Ochoa", "zip": "78701"}
    email = "ochoa.redis@example.com"
    stack2.import_members([member])
    phone = stack2.new_phone()
    sender = sender_of(stack2, phone)
    live = live_replica(stack2)
    stack2.sms_texts("I want to sign up for online access", phone)
    assert "ending in 94" in " ".join(stack2.sms_texts("731552094", phone))
    assert "could not match account ending in 94" in " ".join(stack2.sms_texts("Ochoa", phone))
    assert "ending in 10" in " ".join(stack2.sms_texts("986-543-210", phone))
    assert "ending in 91" in " ".join(stack2.sms_texts(member["account"], phone))
    answers = answers_for(member, email)
    for step in steps_until_registered(stack2, sender, answers, 12, live):
        assert TROUBLE not in " ".join(stack2.sms_texts(answers[step], phone))
    stack2.smtp.wait_for(lambda m: email in str(m["To"]), timeout=30)

    stored = redis_strings(redis.Redis.from_url(redis_server.url), sender)  # the conversation is there ...
    files = files_text(path for path in redis_server.folder.rglob("*"))
    for digits in ("731552094", "986543210"):  # ... and the nine digits are not, in any grouping
        assert not holds_digits(stored, digits) and not holds_digits(files, digits), digits


def test_the_security_answer_typed_at_other_steps_is_nowhere_in_clear(stack2, redis_server):
    """docs/security.md, "The security answer at another step": over SMS, with the conversation in
    Redis, the member types the answer at the e-mail address (before it is asked) and again at the
    Terms. Neither Redis (values and files), the transcript as staff read it nor the logs hold it."""
    from backend.storage.models import Conversation, TranscriptMessage
    from sqlalchemy import select
    from tests.support.at_rest import files_text, redis_strings
    from tests.support.backend_helpers import wait_for

    member = {"account": "7301234567", "name": "Quillen", "zip": "78702"}
    email = "quillen.redis@example.com"
    stack2.import_members([member])
    phone = stack2.new_phone()
    sender = sender_of(stack2, phone)
    live = live_replica(stack2)
    answers = {**answers_for(member, email), "security_question": "2", "security_answer": "Biscuit"}
    elsewhere = {"email": "sorry, biscuit is barking at the mailman",
                 "terms_accepted": "what do the terms say? Biscuit wants to know"}
    stack2.sms_texts("I want to sign up for online access", phone)
    for step in steps_until_registered(stack2, sender, answers, 16, live):
        replies = " ".join(stack2.sms_texts(elsewhere.pop(step, None) or answers[step], phone))
        assert TROUBLE not in replies and "biscuit" not in replies.lower()
    assert elsewhere == {}

    client = redis.Redis.from_url(redis_server.url)
    stored = redis_strings(client, sender)
    assert "Quillen" in stored and "biscuit" not in stored.lower()
    # The earlier message was stored in clear, then redacted: Redis rewrites its append-only file.
    wait_for(lambda: not any(client.info("persistence")[flag]
                             for flag in ("aof_rewrite_in_progress", "aof_rewrite_scheduled")), timeout=60)
    assert "biscuit" not in files_text(path for path in redis_server.folder.rglob("*")).lower()
    with stack2.session() as session:
        conversation = session.scalars(select(Conversation).where(Conversation.sender_key == sender)).one()
        lines = list(session.scalars(select(TranscriptMessage.text).where(
            TranscriptMessage.conversation_id == conversation.id, TranscriptMessage.direction == "in")))
    assert "Quillen" in lines and not [line for line in lines if "biscuit" in line.lower()]
    assert lines.count("[redacted]") >= 4  # the ZIP, the answer, and the answer typed twice elsewhere
    assert "biscuit" not in stack2.logs().lower()
