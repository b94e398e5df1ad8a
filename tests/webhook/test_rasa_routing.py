"""Sticky routing over several Rasa replicas (fake Rasa servers on real sockets).

Every message of a sender goes to one replica chosen by rendezvous hashing of
the sender pseudonym; when that replica cannot have taken the message, it is
resent to the sender's next replica and the member sees an ordinary reply; a
replica that took the message and is merely slow is never bypassed, so no
sender's messages are ever processed by two replicas at once.
"""

from __future__ import annotations

import threading
import time
from collections import Counter, defaultdict

import pytest

from tests.support.fake_rasa import FakeActionServer, FakeApi, FakeRasa
from tests.support.sms import Texter, transcript
from webhook import rasa_client
from webhook.relay import TROUBLE
from webhook.rasa_client import RasaClient, RasaUnavailable, rendezvous_order

TOKEN = "test-rasa-token"


@pytest.fixture
def replicas():
    fakes = [FakeRasa(TOKEN).start() for _ in range(3)]
    yield fakes
    for fake in fakes:
        try:
            fake.stop()
        except OSError:
            pass


def served_by(fakes, sender) -> list[int]:
    return [index for index, fake in enumerate(fakes) for _ in fake.messages_from(sender)]


def test_rendezvous_order_is_stable_and_losing_a_replica_moves_only_its_senders():
    urls = [f"http://10.0.0.{i}:5005" for i in range(1, 5)]
    senders = [f"sender-{i}" for i in range(400)]
    first = {s: rendezvous_order(s, urls)[0] for s in senders}
    assert first == {s: rendezvous_order(s, list(reversed(urls)))[0] for s in senders}  # order-independent
    assert min(Counter(first.values()).values()) > 60  # spread over all four
    without = {s: rendezvous_order(s, urls[1:])[0] for s in senders}
    moved = {s for s in senders if first[s] != without[s]}
    assert moved == {s for s in senders if first[s] == urls[0]}
    # Each moved sender goes to its own second choice.
    assert all(without[s] == rendezvous_order(s, urls)[1] for s in moved)


def test_every_message_of_a_sender_goes_to_its_one_replica(replicas):
    client = RasaClient([fake.url for fake in replicas], TOKEN)
    senders = [f"pseudonym-{i}" for i in range(45)]
    for turn in range(3):
        for sender in senders:
            assert client.send(sender, f"message {turn}")
    for sender in senders:
        used = set(served_by(replicas, sender))
        expected = [fake.url for fake in replicas].index(client.replicas_for(sender)[0])
        assert used == {expected}
    assert all(len(fake.received) >= 15 for fake in replicas)  # each replica carries its share
    assert client.tracker(senders[0]).intent == "greet"  # read from the sender's replica


def test_a_refused_replica_sends_the_message_to_the_senders_next_one(replicas):
    client = RasaClient([fake.url for fake in replicas], TOKEN)
    down = replicas[0]
    senders = [s for s in (f"p-{i}" for i in range(60)) if client.replicas_for(s)[0] == down.url][:5]
    down.stop()
    for sender in senders:
        assert client.send(sender, "hello")[0]["text"].startswith("You said")
        second = [fake.url for fake in replicas].index(client.replicas_for(sender)[1])
        assert served_by(replicas, sender) == [second]


def test_a_replica_dying_mid_message_is_bypassed_and_the_member_sees_nothing(make_app, sqlite_url):
    first, second = FakeRasa(TOKEN).start(), FakeRasa(TOKEN).start()
    api, actions = FakeApi().start(), FakeActionServer().start()
    from webhook import metrics

    app = make_app(sqlite_url, twilio_auth_token="tok", public_url="https://coop.example",
                   rasa_urls=(first.url, second.url), action_server_urls=(actions.url, actions.url),
                   backend_url=api.url)
    app.config.update(TESTING=True)
    texter = Texter(app.test_client(), token="tok", public_url="https://coop.example")
    try:
        first.drop = True   # takes the message, then dies without answering
        before = metrics.FAILOVERS._value.get()
        phones = [f"+1512555{i:04d}" for i in range(12)]
        replies = [texter.texts("I want to sign up", from_=phone) for phone in phones]
        assert all(reply and reply[0].startswith("You said") for reply in replies)
        assert TROUBLE not in str(replies)
        # Every member whose replica was the dying one was answered by the other one.
        assert len(second.received) == len(phones)
        moved = len(first.received)
        assert moved > 0 and metrics.FAILOVERS._value.get() - before == moved
        assert TROUBLE not in str(transcript(app))
    finally:
        for server in (first, second, api, actions):
            server.stop()


def test_a_slow_replica_is_not_bypassed(replicas, monkeypatch):
    """It may still be processing the turn: sending it elsewhere would run the sender twice at once."""
    monkeypatch.setattr(rasa_client, "MESSAGE_TIMEOUT", 0.3)
    client = RasaClient([fake.url for fake in replicas], TOKEN)
    sender = "slow-sender"
    slow = next(fake for fake in replicas if fake.url == client.replicas_for(sender)[0])
    slow.delay = 1.0  # simulates a slow Rasa
    with pytest.raises(RasaUnavailable):
        client.send(sender, "hello")
    assert served_by(replicas, sender) == [replicas.index(slow)]


def test_no_sender_is_processed_by_two_replicas_at_once_even_when_one_dies(replicas):
    client = RasaClient([fake.url for fake in replicas], TOKEN)
    active: dict[str, set[int]] = defaultdict(set)
    overlaps: list[tuple[str, set[int]]] = []
    guard = threading.Lock()

    def bot_of(index):
        def bot(sender, text):
            with guard:
                if active[sender]:
                    overlaps.append((sender, set(active[sender]) | {index}))
                active[sender].add(index)
            time.sleep(0.01)  # the turn's processing time, so that turns could overlap
            with guard:
                active[sender].discard(index)
            return [{"text": f"ok {text}"}], {}, "inform", 0.9
        return bot

    for index, fake in enumerate(replicas):
        fake.bot = bot_of(index)
    senders = [f"member-{i}" for i in range(12)]
    errors: list[Exception] = []
    half_done = threading.Barrier(len(senders) * 2 + 1)

    def member(sender, lane):
        try:
            for turn in range(6):
                if turn == 3:
                    half_done.wait(timeout=30)
                    half_done.wait(timeout=30)  # the replica is gone now
                client.send(sender, f"{lane}-{turn}")
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=member, args=(s, lane)) for s in senders for lane in "ab"]
    for thread in threads:
        thread.start()
    half_done.wait(timeout=30)
    replicas[1].stop()  # a replica dies mid-run
    half_done.wait(timeout=30)
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    assert not overlaps
    for sender in senders:
        texts = [t for fake in replicas for t in fake.messages_from(sender)]
        assert sorted(texts) == sorted(f"{lane}-{turn}" for lane in "ab" for turn in range(6))  # none lost or doubled


def test_every_message_carries_the_token_the_rest_channel_asks_for(replicas):
    RasaClient([fake.url for fake in replicas], TOKEN).send("pseudonym-token", "hello")
    assert sum(len(fake.messages_from("pseudonym-token")) for fake in replicas) == 1
    with pytest.raises(RasaUnavailable, match="403"):
        RasaClient([fake.url for fake in replicas], "not-the-token").send("pseudonym-token", "hello")
    assert sum(fake.refused for fake in replicas) == 1
    assert sum(len(fake.messages_from("pseudonym-token")) for fake in replicas) == 1
