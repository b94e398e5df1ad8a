"""Shared fixtures: settings in a temporary folder, migrated SQLite or PostgreSQL databases,
a real SMTP server and cheaper argon2.

PostgreSQL tests use a database of their own (``coopbot_test_<random>``), created
on the server named by ``COOPBOT_TEST_POSTGRES_URL`` and dropped afterwards.
Without a reachable server they skip with the reason, unless
``COOPBOT_REQUIRE_POSTGRES=1`` (CI), where they fail.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from hypothesis import settings as hypothesis_settings
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from backend.privacy import hashing
from backend.core.config import load_settings
from backend.storage.db import make_engine, make_session_factory
from backend.storage.migrate import upgrade
from backend.storage.models import Base
from tests.support.postgres import own_database, postgres_unavailable as _postgres_unavailable
from tests.support.api_calls import TEST_API_KEY
from tests.support.backend_helpers import SmtpServer

# Property tests draw the same examples on every run (derandomize): CI never fails on an
# example met by chance. Set COOPBOT_HYPOTHESIS=explore to draw new ones locally.
hypothesis_settings.register_profile("repeatable", derandomize=True, database=None)
hypothesis_settings.register_profile("explore", max_examples=500)
hypothesis_settings.load_profile(
    "explore" if os.environ.get("COOPBOT_HYPOTHESIS") == "explore" else "repeatable")



def pytest_collection_modifyitems(items):
    """Order the files for ``--dist loadfile --no-loadscope-reorder`` (scripts/test): longest first.

    xdist hands out whole files, in this order. First come the files whose tests share a
    module-scoped fixture: it is expensive on purpose (a Rasa subprocess loading the model
    twice, the end-to-end stack, a browser) and runs while the other worker deals with
    everything else; dealt last, as xdist's own order (most tests first) did, the whole
    run waited for it; those under tests/e2e/ (Rasa itself) come first among them. Then the
    other files, most tests first, so the last ones handed out are short. The order of
    tests within a file is kept.
    """
    def shares_a_module_fixture(item) -> bool:
        info = getattr(item, "_fixtureinfo", None)
        defs = info.name2fixturedefs.values() if info else ()
        return any(d.scope in ("module", "class", "package") for chain in defs for d in chain)

    files: dict[str, list] = {}
    for item in items:
        files.setdefault(item.nodeid.split("::")[0], []).append(item)
    heavy = {path for path, tests in files.items() if any(map(shares_a_module_fixture, tests))}
    order = sorted(files, key=lambda path: (path not in heavy, not path.startswith("tests/e2e/"),
                                           -len(files[path])))
    items[:] = [item for path in order for item in files[path]]


@pytest.fixture(autouse=True)
def cheap_argon2(monkeypatch):
    """Argon2 stays the real algorithm in tests, with the smallest cost parameters.

    Production's parameters (64 MiB and 3 passes for passwords, 19 MiB and 2 for
    security answers) make each hash take 50-500 ms, and the tests hash and verify
    hundreds of passwords and answers (staff sign-ins, member pages, the action
    tests' live backend). Hashes carry their parameters, so verifying works the same;
    tests/backend/test_passwords.py checks the production parameters themselves.
    Servers the end-to-end tests start in processes of their own keep production's.
    """
    cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(hashing, "_hasher", cheap)
    monkeypatch.setattr(hashing, "_answer_hasher", cheap)




@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    """A migrated SQLite file, copied for each test (migrating once is faster)."""
    path = tmp_path_factory.mktemp("sqlite-template") / "template.db"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def postgres_url():
    """A migrated PostgreSQL database of this test session's own."""
    reason = _postgres_unavailable()
    if reason:
        if os.environ.get("COOPBOT_REQUIRE_POSTGRES") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    with own_database("coopbot_test") as url:
        upgrade(url)
        yield url


def _truncate_all(url: str, tries: int = 3) -> None:
    """Empty every table after a test. A background thread of the test's own servers (the mail sender)
    may still be reading when the test ends; PostgreSQL then ends the TRUNCATE as a deadlock's victim,
    and the reader is done by the time the statement is given again."""
    engine = make_engine(url)
    names = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    try:
        for attempt in range(tries):
            try:
                with engine.begin() as conn:
                    conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
                return
            except OperationalError as error:
                if "deadlock detected" not in str(error.orig) or attempt == tries - 1:
                    raise
    finally:
        engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request, tmp_path, sqlite_template):
    """A freshly migrated, empty database: each test runs once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        path = tmp_path / "coopbot.db"
        shutil.copy(sqlite_template, path)
        yield f"sqlite:///{path}"
    else:
        url = request.getfixturevalue("postgres_url")
        yield url
        _truncate_all(url)


@pytest.fixture
def sqlite_url(tmp_path, sqlite_template):
    """A freshly migrated SQLite database, for tests that need not run on both."""
    path = tmp_path / "coopbot.db"
    shutil.copy(sqlite_template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def settings_for(tmp_path, monkeypatch):
    """Build settings for a database URL with every path and secret inside ``tmp_path``."""
    monkeypatch.setenv("COOPBOT_VAR_DIR", str(tmp_path / "var"))

    def build(database_url: str, **overrides):
        values = dict(
            database_url=database_url,
            outbox_dir=tmp_path / "outbox",
            api_key=TEST_API_KEY,
            secret_key="test-secret-key",
            rasa_token="test-rasa-token",
            public_url="http://coopbot.test",
        )
        values.update(overrides)
        return load_settings(**values)

    return build


@pytest.fixture
def settings(settings_for, db_url):
    return settings_for(db_url)


@pytest.fixture
def session_factory(settings):
    engine = make_engine(settings.database_url)
    yield make_session_factory(engine)
    engine.dispose()


@pytest.fixture
def make_app(settings_for):
    """The tests' one app factory: ``make_app(settings_or_database_url, api=False, **overrides)``.

    Builds the public web app (``webhook.create_app``) or, with ``api=True``, the
    registration API's own app (``backend.api.app.create_app``) from a Settings
    object or from a database URL plus setting overrides (``testing=True``: Flask's
    testing mode), and disposes every database engine it made once the test is over.
    """
    from backend.api.app import create_app as create_api_app
    from backend.core.config import Settings
    from webhook import create_app as create_web_app

    built = []

    def build(settings_or_url, *, api: bool = False, testing: bool = False, **overrides):
        settings = (settings_or_url if isinstance(settings_or_url, Settings)
                    else settings_for(settings_or_url, **overrides))
        app = (create_api_app if api else create_web_app)(settings)
        app.config.update(TESTING=testing)
        built.append(app)
        return app

    yield build
    for app in built:
        app.extensions["coopbot.engine"].dispose()


@pytest.fixture
def app(make_app, settings):
    return make_app(settings, testing=True)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def smtp_server():
    """A real SMTP server (aiosmtpd) on a free loopback port; what it received is in ``.inbox``."""
    server = SmtpServer().start()
    yield server
    server.stop()


CHROMIUM = os.environ.get("COOPBOT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser():
    """Headless Debian Chromium driven by Playwright (no browser download).

    Module-scoped: Playwright's sync API keeps an asyncio loop running in the
    main thread while it is open, which would break later tests that call
    ``asyncio.run`` (the action tests) in the same pytest process.
    """
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install chromium")
    from playwright.sync_api import expect, sync_playwright

    # An assertion waits as long as a page action does (15 s): on loaded CI cores a
    # reply can take seconds. Tests that claim a latency pass their own timeout.
    expect.set_options(timeout=15_000)
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    """A fresh browser context (cookies, storage) and page per test."""
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
