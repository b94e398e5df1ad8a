"""Where the project and its Rasa environment (Python 3.10) are, for tests that run code under Rasa."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RASA_PYTHON = ROOT / ".venv-rasa" / "bin" / "python"
