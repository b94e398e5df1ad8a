"""The reply catalogs: every source text has a Spanish translation that keeps its placeholders.

The source texts are read from the code the way Babel extracts them, so a
sentence added to the code without a translation, or a translation left
behind by a changed sentence, fails here (docs/languages.md says how to
update the catalog).
"""

from __future__ import annotations

import string
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_file
from babel.messages.pofile import read_po

from common.catalogs import po_path

ROOT = Path(__file__).resolve().parents[1]
# (catalog directory, the source files whose texts it translates)
CATALOGS = [
    (ROOT / "actions" / "locale", [ROOT / "actions" / "messages.py", ROOT / "common" / "security_questions.py"],
     "messages"),
]
LANGUAGES = ["es"]


def _source_ids(files: list[Path]) -> set[str]:
    ids = set()
    for path in files:
        for _, message, _, _ in extract_from_file("python", str(path), keywords=DEFAULT_KEYWORDS):
            ids.add(message if isinstance(message, str) else message[0])
    return ids


def _catalog(directory: Path, language: str, domain: str):
    with po_path(directory, language, domain).open("rb") as po:
        return read_po(po, locale=language, domain=domain)


def _fields(text: str) -> list[str]:
    return sorted(name for _, name, _, _ in string.Formatter().parse(text) if name is not None)


CASES = [(directory, files, domain, language) for directory, files, domain in CATALOGS for language in LANGUAGES]


@pytest.mark.parametrize("directory, files, domain, language", CASES)
def test_every_source_text_has_a_translation_and_none_is_stale(directory, files, domain, language):
    catalog_ids = {m.id if isinstance(m.id, str) else m.id[0] for m in _catalog(directory, language, domain) if m.id}
    source = _source_ids(files)
    assert source - catalog_ids == set(), "untranslated"
    assert catalog_ids - source == set(), "stale (no longer in the code)"


@pytest.mark.parametrize("directory, files, domain, language", CASES)
def test_every_translation_is_complete_and_keeps_its_placeholders(directory, files, domain, language):
    for message in _catalog(directory, language, domain):
        if not message.id:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        assert not message.fuzzy, f"fuzzy: {ids[0]!r}"
        for translated in strings:
            assert translated, f"empty translation of {ids[0]!r}"
            assert _fields(translated) == _fields(ids[-1]), f"placeholders differ: {ids[0]!r} -> {translated!r}"
            # Fragments joined to other text keep their leading space.
            assert translated.startswith(" ") == ids[0].startswith(" "), f"leading space: {ids[0]!r}"
