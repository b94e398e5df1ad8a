"""Where the project and its Rasa environment (Python 3.10) are, for tests that run code under Rasa."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RASA_PYTHON = ROOT / ".venv-rasa" / "bin" / "python"


def run_in_rasa(script: str, *args: str) -> object:
    """Run ``script`` with Rasa's Python from the project root; what it printed last, as JSON."""
    done = subprocess.run([str(RASA_PYTHON), "-c", script, *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=300, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])
