"""``make help`` lists every target of the Makefile, each with its line."""

from __future__ import annotations

import re
import subprocess

from backend.core.config import PROJECT_ROOT


def test_make_help_lists_every_phony_target():
    makefile = (PROJECT_ROOT / "Makefile").read_text()
    phony = re.search(r"^\.PHONY:(.*)$", makefile, re.M).group(1).split()
    result = subprocess.run(["make", "--no-print-directory", "help"], cwd=PROJECT_ROOT, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    listed = {line.split()[1]: line.split(None, 2)[2] for line in result.stdout.splitlines() if line.startswith("make ")}
    assert sorted(listed) == sorted(phony)
    assert all(text.strip() for text in listed.values())
