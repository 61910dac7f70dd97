"""Alembic environment for the store.

``Database.migrate`` hands over an open connection in ``config.attributes["connection"]``.
A developer running the ``alembic`` command names the database instead:
``alembic -c src/cdtoolbox/store/alembic.ini -x url=sqlite:///cdt.sqlite3 upgrade head``.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from cdtoolbox.store.engine import build_engine
from cdtoolbox.store.schema import complete_metadata
from cdtoolbox.store.text_search import TEXT_TABLE


def _compared(
    item: object, name: str | None, kind: str, reflected: bool, compare_to: object
) -> bool:
    # The full-text table (and FTS5's shadow tables) is backend-specific DDL written by hand
    # in the migrations, so autogenerate must not propose to drop it.
    return not (kind == "table" and name is not None and name.startswith(TEXT_TABLE))


def _migrate(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=complete_metadata(),
        include_object=_compared,
        render_as_batch=True,  # SQLite can only ALTER a table by copying it
    )
    with context.begin_transaction():
        context.run_migrations()


def _url() -> str:
    url = context.get_x_argument(as_dictionary=True).get("url")
    url = url or context.config.get_main_option("sqlalchemy.url")
    if not url:
        raise SystemExit("name the database: alembic -x url=sqlite:///path/to/cdt.sqlite3 …")
    return url


def _run() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _migrate(connection)
    elif context.is_offline_mode():
        context.configure(
            url=_url(),
            target_metadata=complete_metadata(),
            literal_binds=True,
            include_object=_compared,
        )
        with context.begin_transaction():
            context.run_migrations()
    else:
        engine = build_engine(_url())
        try:
            with engine.connect() as connection:
                _migrate(connection)
        finally:
            engine.dispose()


_run()
