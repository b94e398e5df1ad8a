"""Backend fixtures: a real SMTP server (aiosmtpd) on a free loopback port, and cheaper argon2.

Argon2 stays the real algorithm in tests, with the smallest cost parameters:
production's defaults (64 MiB, 3 passes) make each hash take ~50-500 ms,
and these tests hash hundreds of answers and passwords. Hashes carry their
parameters, so verification works the same.
"""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher

from backend import hashing
from tests.support.backend_helpers import SmtpServer


@pytest.fixture(autouse=True)
def cheap_argon2(monkeypatch):
    cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(hashing, "_hasher", cheap)
    monkeypatch.setattr(hashing, "_answer_hasher", cheap)


@pytest.fixture
def smtp_server():
    server = SmtpServer().start()
    yield server
    server.stop()
