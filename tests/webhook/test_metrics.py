"""GET /metrics (Prometheus): only for loopback or allowed addresses; turns, channels, queue depth."""

from __future__ import annotations

import io
import json
import logging
import re

from prometheus_client.parser import text_string_to_metric_families

from backend.privacy.logs import JsonFormatter, configure_logging
from tests.support.notifications import queue_activation
from backend.storage.db import make_engine, make_session_factory


def samples(text: str) -> dict[tuple[str, tuple], float]:
    found = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


def scrape(client, **environ) -> tuple[int, str]:
    response = client.get("/metrics", environ_base={"REMOTE_ADDR": "127.0.0.1", **environ})
    return response.status_code, response.get_data(as_text=True)


def test_a_member_turn_is_counted_and_timed_per_stage(sms_client, texter):
    _, before = scrape(sms_client)
    texter.texts("hello")
    status, after = scrape(sms_client)
    assert status == 200
    old, new = samples(before), samples(after)

    def delta(name, **labels):
        key = (name, tuple(sorted(labels.items())))
        return new.get(key, 0) - old.get(key, 0)

    assert delta("coopbot_messages_total", channel="sms") == 1
    assert delta("coopbot_turn_seconds_count", stage="web", channel="sms") == 1
    assert delta("coopbot_turn_seconds_count", stage="rasa", channel="sms") == 1
    assert new[("coopbot_turn_seconds_sum", (("channel", "sms"), ("stage", "web")))] >= \
        new[("coopbot_turn_seconds_sum", (("channel", "sms"), ("stage", "rasa")))]


def test_queue_depth_and_registrations_come_from_the_database(sms_client, sms_settings):
    factory = make_session_factory(make_engine(sms_settings.database_url))
    queue_activation(sms_settings, factory)  # a registration whose mail is still waiting
    found = samples(scrape(sms_client)[1])
    assert found[("coopbot_notifications_waiting", (("channel", "email"), ("status", "pending")))] == 1
    assert found[("coopbot_notifications_waiting", (("channel", "sms"), ("status", "pending")))] == 0
    assert found[("coopbot_registrations", (("status", "pending"),))] == 1
    assert found[("coopbot_registrations_created_24h", ())] == 1
    for name in ("coopbot_verification_failures_24h", "coopbot_lockouts_active", "coopbot_lockouts_24h"):
        assert (name, ()) in found


def test_no_personal_data_in_the_metrics(sms_client, texter):
    texter.texts("my zip is 78620", from_="+15125550199")
    text = scrape(sms_client)[1]
    assert "78620" not in text and "5550199" not in text and "@" not in text


def test_only_loopback_may_read_them(sms_client):
    assert scrape(sms_client)[0] == 200
    assert scrape(sms_client, REMOTE_ADDR="::1")[0] == 200
    assert scrape(sms_client, REMOTE_ADDR="203.0.113.9")[0] == 404
    # Through a reverse proxy on the same host, the request is from outside.
    assert sms_client.get("/metrics", environ_base={"REMOTE_ADDR": "127.0.0.1"},
                          headers={"X-Forwarded-For": "203.0.113.9"}).status_code == 404


def test_an_operator_may_allow_a_scraper(make_app, sqlite_url):
    app = make_app(sqlite_url, metrics_allow=("10.1.0.0/16", "192.0.2.7", "not-an-ip"))
    client = app.test_client()
    assert scrape(client, REMOTE_ADDR="10.1.200.3")[0] == 200
    assert scrape(client, REMOTE_ADDR="192.0.2.7")[0] == 200
    assert scrape(client, REMOTE_ADDR="192.0.2.8")[0] == 404


def test_json_logs_carry_no_secret():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("coopbot.test.json")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        logger.warning("member %s said zip %s, ssn %s, link %s", "maria@example.com", "78620", "123-45-6789",
                       "https://coop.example/activate/" + "Ab3" * 15)
        try:
            raise ValueError("last four 4321 rejected")
        except ValueError:
            logger.exception("check failed for 512-555-0199")
    finally:
        logger.removeHandler(handler)
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert [line["level"] for line in lines] == ["WARNING", "ERROR"]
    assert lines[1]["error"].startswith("ValueError")
    text = stream.getvalue()
    for secret in ("78620", "123-45-6789", "Ab3Ab3Ab3", "4321", "maria@", "512-555"):
        assert secret not in text
    assert re.search(r"m\*+@", text) and "[redacted]" in text


def test_json_format_is_switched_on_by_the_setting(settings_for, sqlite_url):
    root = logging.getLogger()
    saved = list(root.handlers), [h.formatter for h in root.handlers], root.level
    try:
        configure_logging(settings_for(sqlite_url, log_format="json"))
        assert any(isinstance(h.formatter, JsonFormatter) for h in root.handlers)
    finally:
        for handler in list(root.handlers):
            if handler not in saved[0]:
                root.removeHandler(handler)
        for handler, formatter in zip(saved[0], saved[1]):
            handler.setFormatter(formatter)
        root.setLevel(saved[2])


def test_process_metrics_still_answer_when_the_database_is_down(make_app, tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'missing' / 'no.db'}")
    status, text = scrape(app.test_client())
    assert status == 200 and "coopbot_turn_seconds" in text and "coopbot_notifications_waiting" not in text
