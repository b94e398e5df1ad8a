"""The intent names staff may label a message with, read from the Rasa domain.

Read at request time (and cached until the file changes) so that a retrained
assistant with new intents needs no web-app restart. A missing or unreadable
domain gives an empty list: the label form then takes a typed intent name.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

import yaml

from backend.core.config import PROJECT_ROOT

log = logging.getLogger(__name__)
DEFAULT_DOMAIN = PROJECT_ROOT / "bot" / "domain.yml"
# Rasa's own intents that are not something a member "means".
_BUILT_IN = {"nlu_fallback", "out_of_scope_fallback"}


def domain_intents(path: Path = DEFAULT_DOMAIN) -> list[str]:
    """The intents declared in the domain file, sorted; [] when there is none yet."""
    try:
        mtime = path.stat().st_mtime_ns
    except OSError:
        return []
    return list(_read(path, mtime))


@lru_cache(maxsize=4)
def _read(path: Path, _mtime: int) -> tuple[str, ...]:
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        log.warning("cannot read intents from %s: %s", path, exc.__class__.__name__)
        return ()
    declared = document.get("intents") if isinstance(document, dict) else None
    names = set()
    for item in declared or []:
        # An intent is a name, or a one-key mapping {name: {use_entities: ...}}.
        if isinstance(item, str):
            names.add(item)
        elif isinstance(item, dict) and len(item) == 1:
            names.add(str(next(iter(item))))
    return tuple(sorted(names - _BUILT_IN))
