"""Translation catalogs read straight from their ``.po`` files.

The texts members read outside the bot's replies (the member pages and the
widget in ``webhook/translations``, the mails in ``backend/notify/translations``)
live in gettext catalogs, one ``<language>/LC_MESSAGES/messages.po`` per
language; English is the source language and needs none. They are compiled in
memory the first time a language is used, so there is no compile step to
forget and an edited ``.po`` can never be shadowed by a stale ``.mo``.
"""

from __future__ import annotations

from functools import lru_cache
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

DOMAIN = "messages"


def N_(text: str) -> str:
    """Mark ``text`` as a source text for the catalogs; the module that shows it translates it."""
    return text


def po_path(directory: Path, language: str) -> Path:
    return Path(directory) / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@lru_cache(maxsize=32)
def translations(directory: Path, language: str) -> NullTranslations:
    """The ``language`` catalog of ``directory`` (English, or a language without one: the source texts)."""
    path = po_path(directory, language)
    if not path.is_file():
        return NullTranslations()
    with path.open("rb") as po:
        catalog = read_po(po, locale=language)
    compiled = BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


def untranslated(directory: Path, language: str) -> list[str]:
    """The source texts of ``language``'s catalog that have no (or only a fuzzy) translation."""
    with po_path(directory, language).open("rb") as po:
        catalog = read_po(po, locale=language)
    return [str(message.id) for message in catalog
            if message.id and (message.fuzzy or not all(message.string if isinstance(message.string, tuple)
                                                          else [message.string]))]
