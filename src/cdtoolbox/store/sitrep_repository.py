"""Situation report versions as seen by one transaction.

Reads fail closed: a read that does not name the reader's classification sees unclassified
versions only.
"""

from __future__ import annotations

import builtins

from sqlalchemy import Connection, func, insert, select, update

from cdtoolbox.model.sitrep import Sitrep, SitrepStatus
from cdtoolbox.model.sitrep_codec import sitrep_from_dict, sitrep_to_dict
from cdtoolbox.model.vocabulary import Classification, Tlp
from cdtoolbox.store.documents import read_document, write_document
from cdtoolbox.store.markings import within_clearance
from cdtoolbox.store.sitrep_schema import sitreps
from cdtoolbox.store.situation_repository import stored_time

__all__ = ["SitrepRepository"]


def _columns(sitrep: Sitrep) -> dict[str, object]:
    return {
        "id": sitrep.id,
        "version": sitrep.version,
        "incident_id": sitrep.incident_id,
        "status": sitrep.status.value,
        "drafted_at": stored_time(sitrep.drafted_at),
        "tlp": sitrep.tlp.value,
        "classification_rank": Classification.rank_of(sitrep.classification),
        "document": write_document(sitrep_to_dict(sitrep)),
    }


class SitrepRepository:
    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def add(self, sitrep: Sitrep) -> Sitrep:
        """Write a new version; the unique (id, version) key refuses a second writer of the
        same version number (IntegrityError, rolled back by the transaction)."""
        self._connection.execute(insert(sitreps).values(**_columns(sitrep)))
        return sitrep

    def approve(self, sitrep: Sitrep) -> bool:
        """Turn the stored draft of ``sitrep``'s id and version into ``sitrep`` (approved);
        False when that version is no longer a draft, so two approvals never both count."""
        table = sitreps
        result = self._connection.execute(
            update(table)
            .where(
                table.c.id == sitrep.id,
                table.c.version == sitrep.version,
                table.c.status == SitrepStatus.DRAFT.value,
            )
            .values(**_columns(sitrep))
        )
        return result.rowcount == 1

    def last_version(self, sitrep_id: str) -> int:
        """The highest version number of ``sitrep_id`` whatever its marking (0: none): the
        next version is numbered after it even when the writer may not read it."""
        found = self._connection.execute(
            select(func.max(sitreps.c.version)).where(sitreps.c.id == sitrep_id)
        ).scalar()
        return int(found or 0)

    def versions(
        self, sitrep_id: str, clearance: Tlp, classification: Classification | None = None
    ) -> builtins.list[Sitrep]:
        """The versions of ``sitrep_id`` within the clearances, oldest first."""
        table = sitreps
        rows = self._connection.execute(
            select(table.c.document)
            .where(table.c.id == sitrep_id, *within_clearance(table, clearance, classification))
            .order_by(table.c.version)
        )
        return [sitrep_from_dict(read_document(row.document)) for row in rows]

    def of_incident(
        self, incident_id: str, clearance: Tlp, classification: Classification | None = None
    ) -> builtins.list[Sitrep]:
        """Every readable version of the sitreps on ``incident_id``, by report (first drafted
        first) then version."""
        table = sitreps
        rows = self._connection.execute(
            select(table.c.document)
            .where(
                table.c.incident_id == incident_id,
                *within_clearance(table, clearance, classification),
            )
            .order_by(table.c.id, table.c.version)
        )
        return [sitrep_from_dict(read_document(row.document)) for row in rows]
