"""The web app's request class: every form field is cleaned once, as it is parsed.

``request.form`` holds the fields after :func:`common.textinput.clean_form_value`
(no control characters, NFC), except passwords, which are only ever hashed and
must arrive exactly as typed. ``request.raw_form`` keeps the fields as sent:
Twilio signs those, so the signature check reads them (and the SMS view cleans
the message body itself, with the SMS length cap).

A JSON body nested deeper than the parser's recursion limit (a megabyte of ``[``) is refused
as malformed JSON, like any other (``common.json_request``, shared with the registration API).
"""

from __future__ import annotations

from werkzeug.datastructures import ImmutableMultiDict

from common.json_request import DepthSafeJsonRequest
from common.textinput import clean_form_value

# Field names whose value is a password (member and staff forms).
RAW_FIELDS = frozenset({"password", "confirm", "current_password", "new_password"})


class CleanRequest(DepthSafeJsonRequest):
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

    @property
    def raw_form(self) -> ImmutableMultiDict:
        """The form fields exactly as sent."""
        self._load_form_data()
        return self.__dict__.get("raw_form", self.form)
