"""Reading official statements (declarations, press releases, national attributions) into a
``StatementReading``: deterministic, offline, every item with its evidence.

- ``read_source`` / ``source_from_bytes``: a file's text (.txt, .md, .html, .pdf)
- ``StatementReader``: the reading, against the reference knowledge
"""

from typing import TYPE_CHECKING

from cdtoolbox.imported_on_use import names_imported_on_use

if TYPE_CHECKING:
    from cdtoolbox.ingest.statements.incidents import IncidentName, IncidentNames
    from cdtoolbox.ingest.statements.reader import StatementReader
    from cdtoolbox.ingest.statements.source import (
        MAX_STATEMENT_BYTES,
        StatementSource,
        read_source,
        source_from_bytes,
    )

# The reader imports the automaton, dateparser and lingua: nothing is imported before use.
__getattr__ = names_imported_on_use(
    __name__,
    globals(),
    {
        "IncidentName": "cdtoolbox.ingest.statements.incidents",
        "IncidentNames": "cdtoolbox.ingest.statements.incidents",
        "StatementReader": "cdtoolbox.ingest.statements.reader",
        "MAX_STATEMENT_BYTES": "cdtoolbox.ingest.statements.source",
        "StatementSource": "cdtoolbox.ingest.statements.source",
        "read_source": "cdtoolbox.ingest.statements.source",
        "source_from_bytes": "cdtoolbox.ingest.statements.source",
    },
)

__all__ = [
    "MAX_STATEMENT_BYTES",
    "IncidentName",
    "IncidentNames",
    "StatementReader",
    "StatementSource",
    "read_source",
    "source_from_bytes",
]
