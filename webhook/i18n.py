"""Which language a member page (or the chat widget) speaks, and its texts (Flask-Babel).

The language of a request is, in this order:

1. ``?lang=xx`` on the URL: links the bot and the mails send carry it, and so
   does the language switch on every member page; it is kept in a cookie;
2. the ``"language"`` field of a chat API request (the widget's choice), else its
   ``"default_language"`` (the widget's language);
3. the cookie (the member's earlier choice);
4. once signed in, the member's own language, stored with the registration
   (``Login.language``, kept in the session at sign-in: ``MEMBER_LANGUAGE``), so a Spanish
   member who signs in at a bare ``/login`` reads the account page in Spanish, also in a
   browser set to English (a browser's language is a setting, often the computer's, never
   the member's choice; their choice is 1 to 3);
5. the browser's ``Accept-Language``;

each limited to ``COOPBOT_LANGUAGES``; the first of those is the default.
Texts come from ``webhook/translations/<language>/LC_MESSAGES/messages.po``, the
web app's one catalog (its channel texts, ``webhook.catalog``, are in it too),
read by ``common.catalogs`` (no compile step): Flask-Babel is given a ``Domain``
whose ``get_translations`` returns that catalog, through its public
``domain_instance``, instead of its ``.mo`` files.
"""

from __future__ import annotations

from pathlib import Path

from babel import Locale
from flask import Flask, current_app, g, request, session
from flask_babel import Babel, Domain, get_locale
from werkzeug.utils import cached_property

from backend.notify.support_hours import support_hours
from common import catalogs

TRANSLATIONS = Path(__file__).parent / "translations"
COOKIE = "coopbot_lang"
COOKIE_MAX_AGE = 365 * 24 * 3600
# The signed-in member's language in the cookie session (``webhook.member.signin`` sets it).
MEMBER_LANGUAGE = "member_language"


def languages() -> tuple[str, ...]:
    return current_app.config["COOPBOT"].languages


def _offered(value: object) -> str | None:
    value = str(value or "").strip().lower()
    return value if value in languages() else None


def _chosen_in_request() -> str | None:
    """A language the member chose with this very request (``?lang=``, the widget's field)."""
    chosen = _offered(request.args.get("lang"))
    if chosen is None and request.is_json:
        body = request.get_json(silent=True)
        if isinstance(body, dict):
            # The widget's choice, else its language (its page's): the chat's error sentences in it.
            chosen = _offered(body.get("language")) or _offered(body.get("default_language"))
    return chosen


def select_language() -> str:
    """The language of this request (see the module docstring)."""
    return (_chosen_in_request() or _offered(request.cookies.get(COOKIE)) or _offered(session.get(MEMBER_LANGUAGE))
            or request.accept_languages.best_match(languages()) or languages()[0])


def current_language() -> str:
    locale = get_locale()
    return locale.language if locale is not None else languages()[0]


def language_name(code: str) -> str:
    """A language's name in that language ("English", "Español"), as a language switch shows it."""
    name = Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]


class _PoDomain(Domain):
    """Flask-Babel's domain, with the catalogs read from ``.po`` by ``common.catalogs``."""

    def get_translations(self):
        return catalogs.translations(TRANSLATIONS, current_language())


class _PoBabel(Babel):
    """Flask-Babel with the ``.po`` domain as the app's domain (``domain_instance`` is the
    documented place Flask-Babel takes the domain from)."""

    @cached_property
    def domain_instance(self) -> Domain:
        return _PoDomain()


def _remember_choice(response):
    if response.mimetype == "text/html":
        response.vary.update(("Accept-Language", "Cookie"))  # a shared cache must not mix languages
    chosen = g.pop("chosen_language", None)
    if chosen and request.cookies.get(COOKIE) != chosen:
        response.set_cookie(COOKIE, chosen, max_age=COOKIE_MAX_AGE, httponly=True, samesite="Lax",
                            secure=current_app.config["SESSION_COOKIE_SECURE"])
    return response


def _note_choice():
    chosen = _offered(request.args.get("lang"))
    if chosen:
        g.chosen_language = chosen


def _template_globals() -> dict:
    # The hours in the page's language (COOPBOT_SUPPORT_HOURS_<LANGUAGE>, else the default translated).
    return {"current_language": current_language(), "offered_languages": languages(),
            "language_name": language_name,
            "support_hours": support_hours(current_app.config["COOPBOT"], current_language())}


def init_app(app: Flask) -> None:
    _PoBabel(app, locale_selector=select_language)
    app.jinja_env.policies["ext.i18n.trimmed"] = True  # msgids without the template's line breaks
    app.before_request(_note_choice)
    app.after_request(_remember_choice)
    app.context_processor(_template_globals)
