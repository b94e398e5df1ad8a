"""COOPBOT_TIMING=1 (``make bench``): the web app says where a turn's time went, in a Server-Timing header."""

from __future__ import annotations

import re

import pytest

from tests.support.sms import PUBLIC_URL, TWILIO_TOKEN
from tests.support.sms_replies import PHONE, bot_replies
from webhook.sms_simulator import signed_form


def _figures(header: str) -> dict[str, float]:
    return {m.group(1): float(m.group(2)) for m in re.finditer(r"([\w.-]+);dur=([0-9.]+)", header)}


@pytest.fixture
def timed_app(sms_settings):
    from webhook import create_app

    app = create_app(sms_settings.model_copy(update={"timing": True}))
    yield app
    app.extensions["coopbot.engine"].dispose()


def _post(app, body: str):
    form, headers = signed_form(TWILIO_TOKEN, PUBLIC_URL, body, from_=PHONE)
    return app.test_client().post("/sms", data=form, headers=headers)


def test_an_sms_answer_reports_the_app_the_wait_for_rasa_and_rasa_s_stages(timed_app, fake_rasa):
    fake_rasa.summarise = True
    fake_rasa.summary_timing = {"nlu_ms": 9.5, "policy_ms": 4.0, "policy_n": 2, "turn_ms": 30.0}
    fake_rasa.bot = bot_replies("Hello!")
    response = _post(timed_app, "hi")
    assert response.status_code == 200
    figures = _figures(response.headers["Server-Timing"])
    assert figures["app"] >= figures["rasa"] > 0
    assert figures["nlu"] == 9.5 and figures["policy_n"] == 2.0 and figures["turn"] == 30.0
    assert "tracker" not in figures  # the summary said it all: no tracker read
    assert "hi" not in response.headers["Server-Timing"]


def test_without_a_summary_the_tracker_read_is_reported(timed_app, fake_rasa):
    fake_rasa.bot = bot_replies("Hello!")
    figures = _figures(_post(timed_app, "hi").headers["Server-Timing"])
    assert figures["tracker"] > 0 and fake_rasa.tracker_reads == 1


def test_no_header_unless_timing_is_on(sms_app, fake_rasa):
    fake_rasa.bot = bot_replies("Hello!")
    assert "Server-Timing" not in _post(sms_app, "hi").headers
