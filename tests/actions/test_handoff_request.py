"""Asking for a person: queued for staff during staffed hours, told when they are back outside them.

The action runs against the real backend API (tests/actions/conftest.py); the staffed
hours are built around the real clock (the API reads it), so "always open" is every
day all day and "closed" is a window on another weekday.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from backend.staff import handoffs
from tests.support.action_conversation import FORM, Conversation

ALWAYS = "Mon-Sun 00:00-24:00 America/Chicago"
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def closed_today() -> tuple[str, str]:
    """Staffed hours that are not now (two days from today, Chicago time), and that day's name in English."""
    day = (datetime.now(ZoneInfo("America/Chicago")) + timedelta(days=2)).weekday()
    names = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
    return f"{DAYS[day]} 07:00-21:00 America/Chicago", names[day]


def open_handoffs(backend):
    with backend.session() as session:
        return [(h.channel, h.sender_key, h.step, h.language) for h in handoffs.queue(session)]


def test_during_staffed_hours_the_member_in_the_form_is_queued_with_their_step(backend_with):
    backend = backend_with(staffed_hours=ALWAYS)
    chat = Conversation(language="es", channel="sms")
    chat.start("quiero registrarme")
    chat.form_turn("1001234567")
    assert chat.slots["requested_slot"] == "member_name"
    chat.user("quiero hablar con una persona", "human")
    _, texts = chat.run("action_human")
    assert "Una persona de servicio al socio le responderá aquí en breve" in texts[0]
    assert backend.settings.support_phone in texts[0]
    assert chat.active_loop == FORM and chat.slots["account_number"] == "1001234567"
    assert open_handoffs(backend) == [("sms", chat.sender, "member_name", "es")]


def test_outside_staffed_hours_an_sms_stays_queued_and_a_web_chat_is_told_when_staff_are_back(backend_with):
    hours, day = closed_today()
    backend = backend_with(staffed_hours=hours)
    sms = Conversation(channel="sms")
    sms.user("can I talk to a person", "human")
    _, texts = sms.run("action_human")
    assert f"Our staff are back {day} at 07:00: a person will answer you here then" in texts[0]
    web = Conversation(channel="web")
    web.user("can I talk to a person", "human")
    _, texts = web.run("action_human")
    assert f"Our staff are back {day} at 07:00. You can call" in texts[0]
    assert backend.settings.support_phone in texts[0]
    assert [channel for channel, *_ in open_handoffs(backend)] == ["sms"]


def test_without_staffed_hours_the_member_gets_the_number_and_nothing_is_queued(backend):
    chat = Conversation(channel="web")
    chat.user("can I talk to a person", "human")
    _, texts = chat.run("action_human")
    assert texts[0].startswith("To talk to a person, call")
    assert open_handoffs(backend) == []
