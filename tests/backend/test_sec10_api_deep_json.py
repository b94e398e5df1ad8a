"""Attacker: a JSON body nested past the parser's recursion limit to the registration API.

The API answered it 500 (an unhandled ``RecursionError``, its traceback in the log) where any
other malformed body gets 400 ``invalid_json``. Built without Flask's testing mode, as it runs.
"""

from __future__ import annotations

import logging

import pytest

from tests.support.api_calls import HEADERS


@pytest.mark.parametrize("depth", [5_000, 30_000])
def test_deeply_nested_json_is_refused_as_bad_json_and_the_body_is_never_logged(make_app, settings, caplog, depth):
    client = make_app(settings, api=True).test_client()
    deep = '{"conversation_id": "c1", "zip": "78620", "x": ' + "[" * depth + "]" * depth + "}"
    with caplog.at_level(logging.DEBUG):
        answer = client.post("/api/identity/verify", data=deep, content_type="application/json", headers=HEADERS)
    assert answer.status_code == 400
    assert answer.get_json()["error"] == "invalid_json"
    logged = "\n".join(record.getMessage() + (record.exc_text or "") for record in caplog.records)
    assert "[[[" not in logged and "78620" not in logged
    assert not [record for record in caplog.records if record.levelno >= logging.ERROR]


def test_a_hundred_thousand_nested_lists_are_over_the_api_s_size_cap_and_answered_as_json(make_app, settings):
    client = make_app(settings, api=True).test_client()
    deep = "[" * 100_000 + "]" * 100_000
    answer = client.post("/api/identity/verify", data=deep, content_type="application/json", headers=HEADERS)
    assert answer.status_code == 413
    assert answer.get_json()["error"] == "request_entity_too_large"
