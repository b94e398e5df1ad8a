"""One SQLAlchemy session per request, closed at teardown (Flask tutorial style)."""

from __future__ import annotations

from flask import Flask, current_app, g
from sqlalchemy.orm import Session

from backend.core.config import Settings
from backend.storage.db import make_engine, make_session_factory


def init_app(app: Flask, settings: Settings) -> None:
    engine = make_engine(settings.database_url)
    app.extensions["coopbot.engine"] = engine
    app.extensions["coopbot.sessions"] = make_session_factory(engine)
    app.teardown_appcontext(_close_session)


def session_factory():
    return current_app.extensions["coopbot.sessions"]


def get_session() -> Session:
    """The request's session; commit explicitly, it is closed (rolled back) at teardown."""
    if "db_session" not in g:
        g.db_session = session_factory()()
    return g.db_session


def _close_session(_exc: BaseException | None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()
