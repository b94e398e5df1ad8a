"""The migrations build exactly the schema that ``backend.storage.models`` declares.

Alembic's autogenerate compares a migrated database with the models' metadata. A
table declared somewhere else, a column added without a migration, or a migration
without its model shows up here as a difference, before autogenerate could propose
dropping a live table. Runs on SQLite and PostgreSQL like every database test.
"""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

from backend.storage import models


def test_a_migrated_database_matches_the_models(db_url):
    engine = create_engine(db_url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": False})
            differences = compare_metadata(context, models.Base.metadata)
    finally:
        engine.dispose()
    assert differences == []
