"""Response cases, Member State positions and implementations in the store."""

from __future__ import annotations

import builtins
from collections.abc import Sequence

from sqlalchemy import Connection, delete, insert, select, update

from cdtoolbox.errors import Conflict, NotFound
from cdtoolbox.model.case import CaseState, Implementation, Position, ResponseCase
from cdtoolbox.store.case_documents import (
    case_columns,
    case_from_row,
    implementation_columns,
    implementation_from_row,
    position_columns,
    position_from_row,
)
from cdtoolbox.store.governance_schema import (
    case_implementations,
    case_incidents,
    case_positions,
    response_cases,
)
from cdtoolbox.store.integers import check_version

__all__ = ["CaseRepository"]

# Case ids are UUIDs; their first 8 characters are what people copy from a listing.
_SHORTEST_PREFIX = 6


class CaseRepository:
    """Cases as seen by one transaction."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def add(self, case: ResponseCase) -> ResponseCase:
        stored = case.evolve(version=1)
        self._connection.execute(
            insert(response_cases).values(id=stored.id, **case_columns(stored))
        )
        self._connection.execute(
            insert(case_incidents),
            [{"case_id": stored.id, "incident_id": incident} for incident in stored.incident_ids],
        )
        return stored

    def get(self, case_id: str) -> ResponseCase:
        """A case by its id, or by the first characters of its id when they name only one."""
        row = self._connection.execute(
            select(response_cases).where(response_cases.c.id == case_id)
        ).first()
        if row is None and len(case_id) >= _SHORTEST_PREFIX:
            escaped = case_id.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            rows = self._connection.execute(
                select(response_cases)
                .where(response_cases.c.id.like(f"{escaped}%", escape="\\"))
                .limit(2)
            ).all()
            row = rows[0] if len(rows) == 1 else None
        if row is None:
            raise NotFound("case", case_id, "`cdt cases list` shows the cases and their ids")
        return case_from_row(row)

    def update(self, case: ResponseCase, expected_version: int) -> ResponseCase:
        """Replace the case if it is still at ``expected_version``; Conflict otherwise."""
        check_version("case", expected_version)
        stored = case.evolve(version=expected_version + 1)
        result = self._connection.execute(
            update(response_cases)
            .where(response_cases.c.id == case.id, response_cases.c.version == expected_version)
            .values(**case_columns(stored))
        )
        if result.rowcount != 1:
            current = self.get(case.id)  # NotFound when it was deleted
            raise Conflict("case", case.id, expected_version, current.version)
        return stored

    def list(
        self, *, states: Sequence[CaseState] = (), incident_ids: Sequence[str] = ()
    ) -> builtins.list[ResponseCase]:
        """Newest first."""
        query = select(response_cases).order_by(
            response_cases.c.created_at.desc(), response_cases.c.id
        )
        if states:
            query = query.where(response_cases.c.state.in_([state.value for state in states]))
        if incident_ids:
            query = query.where(
                response_cases.c.id.in_(
                    select(case_incidents.c.case_id).where(
                        case_incidents.c.incident_id.in_(list(incident_ids))
                    )
                )
            )
        rows = self._connection.execute(query)
        return [case_from_row(row) for row in rows]

    def positions(self, case_id: str) -> builtins.list[Position]:
        rows = self._connection.execute(
            select(case_positions)
            .where(case_positions.c.case_id == case_id)
            .order_by(case_positions.c.measure_id, case_positions.c.member_state)
        )
        return [position_from_row(row) for row in rows]

    def set_position(self, position: Position) -> None:
        """Record a state's position on a measure, replacing its earlier one."""
        key = (
            (case_positions.c.case_id == position.case_id)
            & (case_positions.c.measure_id == position.measure_id)
            & (case_positions.c.member_state == position.member_state)
        )
        self._connection.execute(delete(case_positions).where(key))
        self._connection.execute(insert(case_positions).values(**position_columns(position)))

    def implementations(self, case_id: str) -> builtins.list[Implementation]:
        rows = self._connection.execute(
            select(case_implementations)
            .where(case_implementations.c.case_id == case_id)
            .order_by(case_implementations.c.date, case_implementations.c.recorded_at)
        )
        return [implementation_from_row(row) for row in rows]

    def add_implementation(self, implementation: Implementation) -> None:
        self._connection.execute(
            insert(case_implementations).values(**implementation_columns(implementation))
        )
