"""The web app's request class: every form field is cleaned once, as it is parsed.

``request.form`` holds the fields after :func:`common.textinput.clean_form_value`
(no control characters, NFC), except passwords, which are only ever hashed and
must arrive exactly as typed. ``request.raw_form`` keeps the fields as sent:
Twilio signs those, so the signature check reads them (and the SMS view cleans
the message body itself, with the SMS length cap).

A JSON body nested deeper than the parser's recursion limit (a megabyte of ``[``) is refused
as malformed JSON, like any other: the parser raises ``RecursionError``, which Flask does not
read as bad JSON, so each such request was a 500 with a long traceback in the log.
"""

from __future__ import annotations

from typing import Any

from flask import Request
from werkzeug.datastructures import ImmutableMultiDict

from common.textinput import clean_form_value

# Field names whose value is a password (member and staff forms).
RAW_FIELDS = frozenset({"password", "confirm", "current_password", "new_password"})


class CleanRequest(Request):
    def _load_form_data(self) -> None:
        if "form" in self.__dict__:
            return
        super()._load_form_data()
        raw = self.__dict__["form"]
        self.__dict__["raw_form"] = raw
        self.__dict__["form"] = ImmutableMultiDict(
            [(key, value if key in RAW_FIELDS else clean_form_value(value))
             for key, value in raw.items(multi=True)]
        )

    def get_json(self, force: bool = False, silent: bool = False, cache: bool = True) -> Any:
        try:
            return super().get_json(force=force, silent=silent, cache=cache)
        except RecursionError:
            if silent:
                return None
            return self.on_json_loading_failed(None)

    @property
    def raw_form(self) -> ImmutableMultiDict:
        """The form fields exactly as sent."""
        self._load_form_data()
        return self.__dict__.get("raw_form", self.form)
