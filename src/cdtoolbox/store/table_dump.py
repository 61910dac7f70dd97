"""A deterministic text dump of every table, for proving that a refused write changed nothing."""

from __future__ import annotations

from sqlalchemy import Connection, inspect

from cdtoolbox.store.database import Database

__all__ = ["dump"]


def dump(database: Database) -> str:
    """Every table (including Alembic's and the full-text index's), rows in sorted order.

    The text is stable for the same content on the same backend; it is not meant to be
    compared across backends.
    """
    with database.connect(read_only=True) as connection:
        return "\n".join(_dump_table(connection, name) for name in _table_names(connection))


def _table_names(connection: Connection) -> list[str]:
    return sorted(inspect(connection).get_table_names())


def _dump_table(connection: Connection, name: str) -> str:
    quoted = connection.dialect.identifier_preparer.quote(name)
    result = connection.exec_driver_sql(f"SELECT * FROM {quoted}")
    columns = list(result.keys())
    rows = sorted(tuple(_render(value) for value in row) for row in result)
    lines = [f"== {name} ({len(rows)} rows): {', '.join(columns)}"]
    lines += ["  " + " | ".join(row) for row in rows]
    return "\n".join(lines)


def _render(value: object) -> str:
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex()
    return repr(value)
