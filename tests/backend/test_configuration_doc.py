"""docs/configuration.md lists exactly the settings of ``Settings``, with their defaults and choices."""

from __future__ import annotations

import re

from backend.core.config import PROJECT_ROOT, Settings, literal_choices, variable_name

DOC = PROJECT_ROOT / "docs" / "configuration.md"


def documented() -> dict[str, tuple[str, str]]:
    """The rows of the doc's "Settings" table: variable -> (default cell, meaning cell)."""
    section = DOC.read_text().split("\n## Settings\n", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        match = re.fullmatch(r"\| `([A-Z0-9_]+)` \| (.*?) \| (.*) \|", line)
        if match:
            assert match.group(1) not in rows, f"{match.group(1)} is documented twice"
            rows[match.group(1)] = (match.group(2), match.group(3))
    return rows


def shown(value) -> str:
    """A default as an operator would write it in the environment."""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, tuple):
        return ",".join(str(item) for item in value)
    return str(value)


def test_every_setting_is_documented_and_nothing_else():
    variables = {variable_name(name) for name in Settings.model_fields}
    rows = documented()
    assert sorted(set(rows) - variables) == [], "documented, but not a setting"
    assert sorted(variables - set(rows)) == [], "settings missing from docs/configuration.md"


def test_each_documented_default_is_the_setting_s_default():
    rows = documented()
    for name, field in Settings.model_fields.items():
        default, _ = rows[variable_name(name)]
        if field.default in (None, "", ()):
            assert default.startswith("unset"), f"{variable_name(name)}: default is unset, doc says {default}"
        else:
            assert default == f"`{shown(field.default)}`", f"{variable_name(name)}: default {field.default!r}"


def test_each_policy_documents_every_choice():
    rows = documented()
    for name in Settings.model_fields:
        choices = literal_choices(Settings, name)
        if choices:
            _, meaning = rows[variable_name(name)]
            assert all(f"`{choice}`" in meaning for choice in choices), (variable_name(name), choices)
