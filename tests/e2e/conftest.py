"""The ``stack`` fixture: the real web app, action server and Rasa server.

One stack per test module, so modules never see one another's members or
conversations (each start costs about half a minute, mostly Rasa loading).
"""

from __future__ import annotations

import pytest

from tests.support.stack import Stack


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    # The dialogue tests register members with a phone on file from other channels:
    # they run with the bill-data policy; tests/e2e/test_security.py runs the default.
    with Stack(tmp_path_factory.mktemp("stack"), extra_env={"COOPBOT_VERIFY_POLICY": "bill"}) as instance:
        yield instance


def pytest_collection_modifyitems(items):
    for item in items:
        if "stack" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.e2e)
