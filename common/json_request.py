"""A Flask request class that reads a JSON body nested past the parser's limit as malformed JSON.

Python's parser raises ``RecursionError`` on a body nested deeper than the recursion limit
(a few kilobytes of ``[``); Flask reads only ``ValueError`` as bad JSON, so each such request
was a 500 with a long traceback in the log. Both the web app (``webhook.request``) and the
registration API (``backend.api.app``) use this class, so every JSON endpoint answers it as
it answers any other malformed body: 400 (or ``None`` with ``silent=True``).
"""

from __future__ import annotations

from typing import Any

from flask import Request


class DepthSafeJsonRequest(Request):
    def get_json(self, force: bool = False, silent: bool = False, cache: bool = True) -> Any:
        try:
            return super().get_json(force=force, silent=silent, cache=cache)
        except RecursionError:
            if silent:
                return None
            return self.on_json_loading_failed(None)
