"""The database's own query plan for a SQLAlchemy query, to assert that it reads an index."""

from __future__ import annotations

from sqlalchemy import event


def query_plan(session, query) -> str:
    """The plan of ``query`` on this session's database: EXPLAIN is prefixed at the cursor, so binds go through as usual."""
    connection = session.connection()
    prefix = "EXPLAIN QUERY PLAN " if connection.dialect.name == "sqlite" else "EXPLAIN "

    def explain(conn, cursor, statement, parameters, context, executemany):
        return prefix + statement, parameters

    event.listen(connection, "before_cursor_execute", explain, retval=True)
    try:
        plan_rows = connection.execute(query).cursor.fetchall()
    finally:
        event.remove(connection, "before_cursor_execute", explain)
    return "\n".join(str(row[-1]) for row in plan_rows)
