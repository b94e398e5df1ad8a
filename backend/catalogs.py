"""Translation catalogs (gettext ``.po`` files) read straight from the source tree.

Every sentence a member reads has one source (English, in the code) and one
translation per language in ``<dir>/<lang>/LC_MESSAGES/<domain>.po``. The
``.po`` file is compiled in memory when it is first used, so there is no
``.mo`` build step to forget and no stale compiled file: what is in the
catalog is what members get. A fuzzy or empty entry is not used (the English
source is sent instead); tests check that every entry is translated.
"""

from __future__ import annotations

import functools
import gettext
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations


def po_path(directory: Path, language: str, domain: str = "messages") -> Path:
    return Path(directory) / language / "LC_MESSAGES" / f"{domain}.po"


@functools.cache
def translations(directory: Path, language: str, domain: str = "messages") -> gettext.NullTranslations:
    """The catalog of ``language`` (no catalog, e.g. the source language English: the source text)."""
    path = po_path(directory, language, domain)
    if not path.is_file():
        return gettext.NullTranslations()
    with path.open("rb") as po:
        catalog = read_po(po, locale=language, domain=domain)
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(fp=compiled, domain=domain)
