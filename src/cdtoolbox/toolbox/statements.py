"""Official statements: read a declaration, a press release or a national attribution into a
``StatementReading`` (docs/statements.md), against the reference knowledge and the incidents
the reader may see."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

from cdtoolbox.model.access import Permission, User
from cdtoolbox.model.statement import StatementReading
from cdtoolbox.model.vocabulary import Classification, Tlp
from cdtoolbox.store import RecordKind
from cdtoolbox.toolbox.access import require
from cdtoolbox.toolbox.derived import DerivedCache, DerivedView
from cdtoolbox.toolbox.incidents import IncidentService
from cdtoolbox.toolbox.knowledge_source import KnowledgeSource

if TYPE_CHECKING:
    from cdtoolbox.ingest.statements import IncidentNames, StatementReader

__all__ = ["StatementService"]


class StatementService:
    """The reader is built once; the names of the incidents a reader may see are indexed
    once per clearance and kept until the stored incidents change."""

    def __init__(
        self, knowledge: KnowledgeSource, incidents: IncidentService, cache: DerivedCache
    ) -> None:
        self._knowledge = knowledge
        self._incidents = incidents
        self._reader: StatementReader | None = None
        self._lock = threading.Lock()
        self._names: DerivedView[tuple[Tlp, Classification | None], IncidentNames] = cache.view(
            derives_from=[RecordKind.INCIDENTS]
        )

    def reader(self) -> StatementReader:
        """The reader, built on first use (its name automaton takes a second) and kept."""
        if self._reader is None:
            with self._lock:
                if self._reader is None:
                    self._reader = _build_reader(self._knowledge)
        return self._reader

    def read(self, source: Path | bytes, *, name: str | None = None, by: User) -> StatementReading:
        """The reading of a statement file (``source`` a path, or the file's bytes and its
        ``name``, whose ending says how to read it), without storing anything. The incidents
        it may refer to are those ``by`` may read."""
        require(by, Permission.READ)
        from cdtoolbox.ingest.statements import read_source, source_from_bytes

        if isinstance(source, Path):
            text = read_source(source)
        else:
            text = source_from_bytes(source, name or "statement.txt")
        return self.reader().read(text, self._incident_names(by))

    def _incident_names(self, by: User) -> IncidentNames:
        key = (by.clearance, by.classification_clearance)
        return self._names.value(key, lambda _: self._index_names(by))

    def _index_names(self, by: User) -> IncidentNames:
        from cdtoolbox.ingest.statements import IncidentName

        names = [
            IncidentName(incident.slug, incident.title)
            for page in self._incidents.pages(by=by)
            for incident in page.items
        ]
        return self.reader().incident_names(names)


def _build_reader(knowledge: KnowledgeSource) -> StatementReader:
    from cdtoolbox.ingest.statements import StatementReader

    return StatementReader.from_knowledge(knowledge.get())
