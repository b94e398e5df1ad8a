"""The backend's packages form layers, and no module imports in a circle (docs/architecture.md).

A newcomer finds a concern in one guess only while each package keeps to its job: a
package may import only the packages below it in ``LAYERS``, and the action server,
which runs as a process of its own, imports nothing of the backend at all (it talks to
the registration API over HTTP). Imports inside functions count too: a local import is
still a dependency, only a hidden one.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Lowest first; each package may import itself and any package listed before it.
LAYERS = ["core", "storage", "privacy", "notify", "identity", "accounts", "staff", "api", "ops"]


def _modules(folder: Path) -> dict[str, Path]:
    modules = {}
    for path in folder.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        modules[name.removesuffix(".__init__")] = path
    return modules


def _imports(path: Path, prefix: str) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == prefix or node.module.startswith(prefix + "."):
                found.update(f"{node.module}.{alias.name}" for alias in node.names)
                found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names
                         if alias.name == prefix or alias.name.startswith(prefix + "."))
    return found


def _graph() -> dict[str, set[str]]:
    modules = _modules(ROOT / "backend")
    return {name: {m for m in _imports(path, "backend") if m in modules and m != name}
            for name, path in modules.items()}


def _package(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 or (len(parts) == 2 and parts[1] in LAYERS) else ""


def test_every_backend_module_lives_in_a_layer_package():
    loose = sorted(m for m in _graph() if m != "backend" and _package(m) not in LAYERS)
    assert loose == []


def test_packages_import_only_the_layers_below_them():
    wrong = []
    for module, imported in _graph().items():
        here = _package(module)
        if here not in LAYERS:
            continue
        for other in imported:
            there = _package(other)
            if there in LAYERS and LAYERS.index(there) > LAYERS.index(here):
                wrong.append(f"{module} -> {other}")
    assert sorted(wrong) == []


def test_no_import_circle():
    graph = _graph()
    circles = []
    state: dict[str, int] = {}

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for other in sorted(graph[module]):
            if state.get(other) == 1:
                circles.append(" -> ".join(path[path.index(other):] + [other]))
            elif other not in state:
                visit(other, path + [other])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert circles == []


def test_the_action_server_and_rasa_import_nothing_of_the_backend():
    """They are processes of their own (Rasa even runs another Python): they reach the backend over HTTP."""
    offenders = sorted(name for folder in ("actions", "bot") for name, path in _modules(ROOT / folder).items()
                       if _imports(path, "backend"))
    assert offenders == []


def test_common_imports_nothing_of_the_project():
    """``common/`` holds the rules every process shares, so it may depend on none of them."""
    offenders = sorted(f"{name} -> {package}" for name, path in _modules(ROOT / "common").items()
                       for package in ("backend", "webhook", "actions", "bot") if _imports(path, package))
    assert offenders == []


def test_nothing_else_imports_the_action_server():
    """Data flows one way (docs/architecture.md): the web app, the backend and Rasa never reach into
    ``actions/``; what they share with it (the GSM-7 segment counter, say) lives in ``common/``."""
    offenders = sorted(name for folder in ("webhook", "backend", "bot", "common")
                       for name, path in _modules(ROOT / folder).items() if _imports(path, "actions"))
    assert offenders == []
