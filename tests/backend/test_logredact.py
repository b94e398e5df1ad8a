"""Log lines keep what operators need (ports, status codes) and still hide member data."""

from __future__ import annotations

import logging

import pytest

from common import logredact
from common.redaction import redact_log


@pytest.mark.parametrize("line", [
    '10.1.2.3 "POST /login" 401 19 2345ms',  # a failed sign-in: status, size and duration stay
    '127.0.0.1 "POST /api/identity/verify" 200 5123 12ms',
    '127.0.0.1 - - [05/Dec/2026 17:37:23] "POST /login HTTP/1.1" 401 -',
    "rasa unavailable: HTTPConnectionPool(host='127.0.0.1', port=5005): Max retries exceeded",
    "backend http://127.0.0.1:8001/api/config answered 503",
    "redis://localhost:6379/0 is down",
    "replica http://rasa-2.internal:5006 not ready: status 503",
    "sign-in refused: status=401",
])
def test_ports_and_status_codes_are_kept(line):
    assert redact_log(line) == line


def test_member_data_in_the_same_line_is_still_hidden():
    line = ('10.1.2.3 "GET /activate/Zq8xY2v9Lk3mN4pQ7rS1tU0w" 404 12 3ms member wrote zip 78620, '
            "ssn 123 456 78 9 and pat@example.com from 512-555-0100 via http://127.0.0.1:8000")
    redacted = redact_log(line)
    assert '"GET /activate/[redacted]" 404 12 3ms' in redacted
    for secret in ("Zq8xY2v9Lk3mN4pQ7rS1tU0w", "78620", "123 456 78 9", "pat@example.com", "555-0100"):
        assert secret not in redacted
    assert "p***@e***.com" in redacted and "***-***-0100" in redacted and "127.0.0.1:8000" in redacted


def test_a_log_record_keeps_its_port_and_status(caplog):
    logredact.install()
    with caplog.at_level(logging.INFO):
        logging.getLogger("webhook.health").warning("action server %s answered %s", "http://127.0.0.1:5055", 503)
    assert "http://127.0.0.1:5055 answered 503" in caplog.text
