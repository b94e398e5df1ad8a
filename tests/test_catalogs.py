"""The translation catalogs (member pages and widget, mails) are complete and up to date.

Every text the code and templates mark today is in each language's ``.po``
(``make catalogs`` merges new ones), every entry has a translation, and a
translation keeps the placeholders of its source text.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from babel.messages.pofile import read_po

from common import catalogs
from backend.core.config import PROJECT_ROOT, Settings
from backend.notify import compose
from webhook import i18n

CATALOGS = {
    "pages": (i18n.TRANSLATIONS, PROJECT_ROOT / "webhook" / "babel.cfg", ["-k", "_l", "-k", "N_"]),
    "mails": (compose.TRANSLATIONS, PROJECT_ROOT / "backend" / "notify" / "babel.cfg", ["-k", "N_"]),
}
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w+\}")
LANGUAGES = [code for code in Settings.model_fields["languages"].default if code != "en"]


def _ids(messages) -> set:
    return {m.id if isinstance(m.id, str) else tuple(m.id) for m in messages if m.id}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", CATALOGS)
def test_every_text_has_a_translation_with_the_same_placeholders(name, language):
    directory, _config, _keywords = CATALOGS[name]
    assert catalogs.untranslated(directory, language) == []
    with catalogs.po_path(directory, language).open("rb") as po:
        catalog = read_po(po, locale=language)
    for message in catalog:
        if not message.id:
            continue
        sources = [message.id] if isinstance(message.id, str) else list(message.id)
        targets = [message.string] if isinstance(message.string, str) else list(message.string)
        for target in targets:
            assert sorted(PLACEHOLDER.findall(target)) == sorted(PLACEHOLDER.findall(sources[-1])), message.id


@pytest.mark.parametrize("name", CATALOGS)
def test_the_catalogs_hold_every_text_the_code_marks(name, tmp_path):
    directory, config, keywords = CATALOGS[name]
    pot = tmp_path / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F", str(config), *keywords,
                    "--omit-header", "-o", str(pot), "."], cwd=PROJECT_ROOT, check=True, capture_output=True)
    with pot.open("rb") as f:
        marked = _ids(read_po(f))
    assert marked, "nothing extracted: is babel.cfg right?"
    for language in LANGUAGES:
        with catalogs.po_path(directory, language).open("rb") as po:
            catalog = read_po(po, locale=language)
        live = _ids(m for m in catalog)
        assert marked - live == set(), f"run `make catalogs` and translate the new texts ({language})"
        assert live - marked == set(), f"texts no longer used: run `make catalogs` ({language})"


def test_a_spanish_text_is_what_a_page_shows():
    spanish = catalogs.translations(i18n.TRANSLATIONS, "es")
    assert spanish.gettext("Sign in") == "Iniciar sesión"
    assert catalogs.translations(i18n.TRANSLATIONS, "en").gettext("Sign in") == "Sign in"


def test_the_texts_the_web_app_sends_itself_come_from_the_same_catalog():
    from webhook import catalog

    assert catalog.translate("es", catalog.OFFER) == "¿Prefiere español? Responda ESPAÑOL."
    assert catalog.translate("en", catalog.OFFER) == "Prefer English? Reply ENGLISH."
