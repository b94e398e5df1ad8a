"""Translation catalogs (gettext ``.po`` files) read straight from the source tree.

Every sentence a member reads has one source (English, in the code or a
template) and one translation per language in
``<dir>/<lang>/LC_MESSAGES/<domain>.po``, one catalog per process: the
bot's replies (``actions/locale``), the web app's pages, widget and channel
texts (``webhook/translations``), the mails (``backend/notify/translations``). A ``.po`` file is compiled in memory the
first time a language is used, so there is no ``.mo`` build step to forget and
no stale compiled file: what is in the catalog is what members get. A fuzzy
or empty entry is not used (the English source is sent instead); tests check
that every entry is translated.
"""

from __future__ import annotations

import functools
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

DOMAIN = "messages"


def N_(text: str) -> str:
    """Mark ``text`` as a source text for the catalogs; the module that shows it translates it."""
    return text


def po_path(directory: Path, language: str, domain: str = DOMAIN) -> Path:
    return Path(directory) / language / "LC_MESSAGES" / f"{domain}.po"


@functools.cache
def translations(directory: Path, language: str, domain: str = DOMAIN) -> NullTranslations:
    """The catalog of ``language`` (English, or a language without one: the source texts)."""
    path = po_path(directory, language, domain)
    if not path.is_file():
        return NullTranslations()
    with path.open("rb") as po:
        catalog = read_po(po, locale=language, domain=domain)
    compiled = BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return Translations(compiled, domain=domain)


def untranslated(directory: Path, language: str, domain: str = DOMAIN) -> list[str]:
    """The source texts of ``language``'s catalog that have no (or only a fuzzy) translation."""
    with po_path(directory, language, domain).open("rb") as po:
        catalog = read_po(po, locale=language, domain=domain)
    return [str(message.id) for message in catalog
            if message.id and (message.fuzzy or not all(message.string if isinstance(message.string, tuple)
                                                          else [message.string]))]
