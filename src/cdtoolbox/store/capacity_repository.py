"""The capacity-building register as seen by one transaction: each project stored whole, with
its status, marking and classification as indexed columns. Reads fail closed: a read that
does not name the reader's classification sees unclassified projects only."""

from __future__ import annotations

from sqlalchemy import Connection, insert, select

from cdtoolbox.errors import InvalidInput, NotFound
from cdtoolbox.model.capacity import CapacityProject
from cdtoolbox.model.capacity_codec import project_from_dict, project_to_dict
from cdtoolbox.model.vocabulary import Classification, Tlp
from cdtoolbox.store.capacity_schema import capacity_projects
from cdtoolbox.store.documents import read_document, write_document
from cdtoolbox.store.markings import within_clearance

__all__ = ["CapacityRepository"]

_PROJECT = "capacity project"
_HINT = "`cdt capacity list` shows the register"


def _columns(project: CapacityProject) -> dict[str, object]:
    return {
        "id": project.id,
        "status": project.status.value,
        "tlp": project.tlp.value,
        "classification_rank": Classification.rank_of(project.classification),
        "version": project.version,
        "document": write_document(project_to_dict(project)),
    }


class CapacityRepository:
    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def exists(self, project_id: str) -> bool:
        query = select(capacity_projects.c.id).where(capacity_projects.c.id == project_id)
        return self._connection.execute(query).first() is not None

    def add(self, project: CapacityProject) -> CapacityProject:
        if self.exists(project.id):
            raise InvalidInput(_PROJECT, "id", project.id, "is already in the register")
        stored = project.evolve(version=1)
        self._connection.execute(insert(capacity_projects).values(**_columns(stored)))
        return stored

    def get(
        self, project_id: str, clearance: Tlp, classification: Classification | None = None
    ) -> CapacityProject:
        """The project, if marked at most ``clearance`` and classified at most
        ``classification``; else ``NotFound``, as for a project never stored."""
        row = self._connection.execute(
            select(capacity_projects.c.document).where(
                capacity_projects.c.id == project_id,
                *within_clearance(capacity_projects, clearance, classification),
            )
        ).first()
        if row is None:
            raise NotFound(_PROJECT, project_id, _HINT)
        return project_from_dict(read_document(row.document))

    def list(
        self,
        clearance: Tlp,
        classification: Classification | None = None,
        *,
        status: str | None = None,
    ) -> list[CapacityProject]:
        """The projects marked at most ``clearance`` and classified at most
        ``classification`` (left unset: unclassified only), by id."""
        query = select(capacity_projects.c.document).where(
            *within_clearance(capacity_projects, clearance, classification)
        )
        if status is not None:
            query = query.where(capacity_projects.c.status == status)
        rows = self._connection.execute(query.order_by(capacity_projects.c.id))
        return [project_from_dict(read_document(row.document)) for row in rows]
