"""Outside formats → domain objects, with every error found per record; never touches storage.

- incident documents (YAML/JSON) ↔ :class:`~cdtoolbox.model.Incident`
- filter values typed in the CLI or sent as query parameters → :class:`IncidentFilter`

Names people write (countries, sectors, actor aliases) are resolved through a
:class:`ReferenceResolver`, which the knowledge base implements. The field readers and the
per-record error collection here are shared by the exchange formats (``cdtoolbox.formats``).
"""

from typing import TYPE_CHECKING

from cdtoolbox.imported_on_use import names_imported_on_use

if TYPE_CHECKING:
    from cdtoolbox.ingest.incident_document import (
        read_incident_document,
        read_incident_file,
        read_incident_text,
    )
    from cdtoolbox.ingest.incident_writer import incident_to_document
    from cdtoolbox.ingest.query_parameters import (
        FILTER_PARAMETERS,
        INCIDENT_FILTERS,
        FilterParameter,
        read_incident_filter,
        read_incident_sort,
    )
    from cdtoolbox.ingest.references import ReferenceResolver

# The incident-document reader imports YAML and the text readers: a command that only
# declares its filter options should not import them.
__getattr__ = names_imported_on_use(
    __name__,
    globals(),
    {
        "read_incident_document": "cdtoolbox.ingest.incident_document",
        "read_incident_file": "cdtoolbox.ingest.incident_document",
        "read_incident_text": "cdtoolbox.ingest.incident_document",
        "incident_to_document": "cdtoolbox.ingest.incident_writer",
        "FILTER_PARAMETERS": "cdtoolbox.ingest.query_parameters",
        "INCIDENT_FILTERS": "cdtoolbox.ingest.query_parameters",
        "FilterParameter": "cdtoolbox.ingest.query_parameters",
        "read_incident_filter": "cdtoolbox.ingest.query_parameters",
        "read_incident_sort": "cdtoolbox.ingest.query_parameters",
        "ReferenceResolver": "cdtoolbox.ingest.references",
    },
)

__all__ = [
    "FILTER_PARAMETERS",
    "INCIDENT_FILTERS",
    "FilterParameter",
    "ReferenceResolver",
    "incident_to_document",
    "read_incident_document",
    "read_incident_file",
    "read_incident_filter",
    "read_incident_sort",
    "read_incident_text",
]
