"""The action server and Rasa read their few settings from the variables ``coopbot exec`` gives them."""

from __future__ import annotations

import ast

import pytest

from actions import settings
from backend.core.config import PROJECT_ROOT


def test_neither_actions_nor_bot_reads_the_backend_settings():
    for folder in ("actions", "bot"):
        for path in (PROJECT_ROOT / folder).glob("*.py"):
            tree = ast.parse(path.read_text())
            imported = [node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
            imported += [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names]
            assert not [name for name in imported if name and name.startswith("backend.core.config")], path


def test_a_missing_variable_names_itself_and_the_command_that_sets_it(monkeypatch):
    monkeypatch.delenv("COOPBOT_BACKEND_URL", raising=False)
    with pytest.raises(settings.NotConfigured, match="COOPBOT_BACKEND_URL is not set: .*`coopbot exec actions`"):
        settings.backend_url()
    monkeypatch.setenv("COOPBOT_BACKEND_URL", "http://127.0.0.1:8101/")
    monkeypatch.setenv("COOPBOT_API_KEY", "the-key")
    assert (settings.backend_url(), settings.api_key()) == ("http://127.0.0.1:8101", "the-key")


def test_timing_is_on_only_when_coopbot_exec_says_1(monkeypatch):
    monkeypatch.delenv("COOPBOT_TIMING", raising=False)
    assert settings.timing() is False
    monkeypatch.setenv("COOPBOT_TIMING", "1")
    assert settings.timing() is True
