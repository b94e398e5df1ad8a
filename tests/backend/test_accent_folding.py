"""common.text.fold_accents: the one accent folding of the tokenizer, the answer readers, the SMS
keywords, the security answers and the names, so that they read a member's words alike."""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import pytest

from actions.answers import plain
from backend.privacy.hashing import normalise_answer
from bot.register_or_delete import plain_words
from common.text import fold_accents
from webhook.sms.keywords import keyword

ROOT = Path(__file__).resolve().parents[2]
# Project code, without the environments and the tests.
_FOLDERS = ("actions", "backend", "bot", "common", "webhook")


@pytest.mark.parametrize(("text", "folded"), [
    ("¿Qué pasó con mi inscripción?", "¿Que paso con mi inscripcion?"),
    ("Año NÚÑEZ", "Ano NUNEZ"),  # case kept
    ("ﬁle ²", "file 2"),  # compatibility forms unfolded (NFKD)
    ("Wałęsa Øre", "Wałesa Øre"),  # a letter with no combining mark stays (names map those themselves)
    ("", ""),
])
def test_letters_lose_their_marks_and_nothing_else(text, folded):
    assert fold_accents(text) == folded


def test_every_reader_folds_the_same_way():
    assert plain("¡Sí, ACEPTO!") == "si acepto"
    assert plain_words("¡No, bórrenla!") == "| no | borrenla |"
    assert keyword("No más") == "NO MAS"
    assert normalise_answer("Señora Núñez") == normalise_answer("senora nunez")


def test_no_other_module_folds_accents_itself():
    """A second copy would drift: the NLU would read one word where an action reads another."""
    copies = []
    for folder in _FOLDERS:
        for path in (ROOT / folder).rglob("*.py"):
            if path == ROOT / "common" / "text.py":
                continue
            if re.search(r"not\s+unicodedata\.combining\(", path.read_text()):
                copies.append(str(path.relative_to(ROOT)))
    assert copies == []


def test_the_module_imports_only_the_standard_library():
    """Rasa's tokenizer imports it from Rasa's own environment (Python 3.10, Rasa's pinned packages)."""
    tree = ast.parse((ROOT / "common" / "text.py").read_text())
    imported = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
                for alias in node.names}
    imported |= {node.module.split(".")[0] for node in ast.walk(tree)
                 if isinstance(node, ast.ImportFrom) and node.module}
    assert imported <= set(sys.stdlib_module_names) | {"__future__"}
