"""Downloads of incidents in the incident file format (JSON), which ``cdt incidents add
--file`` reads back: every field kept, written page by page as the store yields them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence

from cdtoolbox.ingest.incident_writer import incident_to_document
from cdtoolbox.model import Incident

__all__ = ["ExportPage", "json_chunks"]

ExportPage = tuple[Sequence[Incident], Mapping[str, str]]
"""Incidents of one page, with the names of their actors by id."""


def json_chunks(pages: Iterable[ExportPage]) -> Iterator[str]:
    """``{"incidents": [...]}`` — an incident file ``cdt incidents add --file`` reads back:
    an opening chunk, one chunk per incident, and a closing chunk."""
    yield '{"incidents": ['
    first = True
    for incidents, names in pages:
        for incident in incidents:
            document = json.dumps(incident_to_document(incident, names), ensure_ascii=False)
            yield ("\n" if first else ",\n") + document
            first = False
    yield "\n]}\n"
