"""The store: incidents and threat actors in SQLite (default) or PostgreSQL.

The only package that speaks SQL. Rows never leave it: repositories take and return
``cdtoolbox.model`` objects. The schema is created and upgraded by the Alembic migrations
shipped inside this package (``Database.migrate``).

    database = Database("sqlite:///cdt.sqlite3")
    database.migrate()
    with database.transaction() as store:
        store.incidents.add(incident)
    with database.read() as store:
        page = store.incidents.list(IncidentFilter(victim_countries=("UA",)))
"""

from typing import TYPE_CHECKING

from cdtoolbox.imported_on_use import names_imported_on_use

if TYPE_CHECKING:
    from cdtoolbox.store.actor_repository import ActorRepository
    from cdtoolbox.store.database import Database, Repositories
    from cdtoolbox.store.incident_repository import IncidentRepository
    from cdtoolbox.store.pagination import MAX_PAGE_SIZE, every_page
    from cdtoolbox.store.revisions import RecordKind, StoreRevisions
    from cdtoolbox.store.table_dump import dump

# A command uses one or two repositories; each name's module (and the tables and codecs it
# brings) is imported when the name is first used.
_IMPORTED_ON_USE = {
    "MAX_PAGE_SIZE": "cdtoolbox.store.pagination",
    "ActorRepository": "cdtoolbox.store.actor_repository",
    "Database": "cdtoolbox.store.database",
    "IncidentRepository": "cdtoolbox.store.incident_repository",
    "RecordKind": "cdtoolbox.store.revisions",
    "Repositories": "cdtoolbox.store.database",
    "StoreRevisions": "cdtoolbox.store.revisions",
    "dump": "cdtoolbox.store.table_dump",
    "every_page": "cdtoolbox.store.pagination",
}

__all__ = [
    "MAX_PAGE_SIZE",
    "ActorRepository",
    "Database",
    "IncidentRepository",
    "RecordKind",
    "Repositories",
    "StoreRevisions",
    "dump",
    "every_page",
]

__getattr__ = names_imported_on_use(__name__, globals(), _IMPORTED_ON_USE)
