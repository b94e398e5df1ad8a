"""Backend fixtures: a real SMTP server (aiosmtpd) on a free loopback port."""

from __future__ import annotations

import pytest

from tests.support.backend_helpers import SmtpServer


@pytest.fixture
def smtp_server():
    server = SmtpServer().start()
    yield server
    server.stop()
