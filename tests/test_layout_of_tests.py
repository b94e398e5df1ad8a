"""Where test code lives: helpers in tests/support, fixtures in conftest.py, tests in test_*.py.

A test module that imports another test module (or a conftest) runs that module's
import-time code, ties the two together, and hides a helper where nobody looks
for it. Helpers shared by tests are modules of tests/support; only the
``make`` entry points (``make bench``, ``make bench-faults``, ``make bench-import``) stand beside the tests.
"""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent
SUPPORT = "tests.support"
# The benchmark commands (Makefile: bench, bench-faults, bench-import); faults reuses the bench's members.
ENTRY_POINTS = {"tests.bench": set(), "tests.faults": {"tests.bench"}, "tests.bench_import": set()}


def module_name(path: Path) -> str:
    parts = path.relative_to(TESTS.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_test_modules(path: Path, source: str | None = None) -> set[str]:
    """Every module of the tests package that ``path`` imports, wherever the import statement is."""
    module = module_name(path)
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    tree = ast.parse(path.read_text() if source is None else source, filename=str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            whole_package = not node.module or base == "tests"
            names = [f"{base}.{alias.name}" for alias in node.names] if whole_package else [base]
        else:
            continue
        found |= {name for name in names if name == "tests" or name.startswith("tests.")}
    return found


def python_files() -> list[Path]:
    return sorted(TESTS.rglob("*.py"))


def test_test_modules_and_conftests_import_only_from_tests_support():
    wrong = []
    for path in python_files():
        name = module_name(path)
        allowed = ENTRY_POINTS.get(name, set())
        for imported in imported_test_modules(path):
            if imported in allowed or imported == SUPPORT or imported.startswith(SUPPORT + "."):
                continue
            wrong.append(f"{path.relative_to(TESTS.parent)} imports {imported}")
    assert wrong == [], "move shared helpers to tests/support:\n" + "\n".join(wrong)


def test_tests_support_holds_no_fixtures_and_no_tests():
    for path in (TESTS / "support").rglob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                assert not node.name.startswith("test_"), f"{path.name}: test {node.name} outside a test module"
                decorators = [ast.unparse(d) for d in node.decorator_list]
                assert not any(d.startswith("pytest.fixture") for d in decorators), (
                    f"{path.name}: fixture {node.name} belongs in a conftest.py")


def test_every_other_module_is_a_test_module_a_conftest_or_an_entry_point():
    others = [
        module_name(path) for path in python_files()
        if not path.name.startswith("test_") and path.name not in ("conftest.py", "__init__.py")
        and not module_name(path).startswith(SUPPORT + ".")
    ]
    assert sorted(others) == sorted(ENTRY_POINTS)


def test_the_check_finds_an_import_of_a_test_module_or_a_conftest():
    source = ("from tests.webhook.test_staff import sign_in\nimport tests.conftest\n"
              "from . import conftest\nfrom tests import bench\nfrom tests.support.sms import Texter\n")
    assert imported_test_modules(TESTS / "webhook" / "test_example.py", source) == {
        "tests.webhook.test_staff", "tests.conftest", "tests.webhook.conftest", "tests.bench",
        "tests.support.sms"}
