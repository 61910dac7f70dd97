"""Reading and saving a case inside a transaction, with the checks every change makes: the
reader's clearance for each of its incidents, the version the caller edited, the audit entry."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cdtoolbox.errors import Conflict, InvalidInput
from cdtoolbox.model.access import User
from cdtoolbox.model.case import ResponseCase
from cdtoolbox.model.diplomacy import Instrument
from cdtoolbox.model.incident import Incident
from cdtoolbox.store.database import Repositories
from cdtoolbox.toolbox.access import require_clearance
from cdtoolbox.toolbox.case_records import case_record

if TYPE_CHECKING:
    from cdtoolbox.toolbox.library import Toolbox

__all__ = ["CaseTransactions"]


class CaseTransactions:
    """What the case services share."""

    def __init__(self, toolbox: Toolbox) -> None:
        self._toolbox = toolbox

    def _current(
        self, store: Repositories, by: User, case_id: str, expected_version: int | None
    ) -> ResponseCase:
        case = store.cases.get(case_id)
        self._readable_incidents(store, by, case)
        if expected_version is not None and expected_version != case.version:
            raise Conflict("case", case.id, expected_version, case.version)
        return case

    def _save(
        self, store: Repositories, by: User, before: ResponseCase, after: ResponseCase, action: str
    ) -> ResponseCase:
        stored = store.cases.update(after, before.version)
        self._toolbox.audit.record(
            store,
            by=by,
            action=action,
            entity="case",
            key=stored.id,
            before=case_record(before),
            after=case_record(stored),
        )
        return stored

    def _readable_incidents(
        self, store: Repositories, by: User, case: ResponseCase
    ) -> list[Incident]:
        """The case's incidents still in the store; Forbidden if any is above ``by``'s clearance."""
        found = store.incidents.get_many(list(case.incident_ids))
        incidents = [found[i] for i in case.incident_ids if i in found]
        for incident in incidents:
            require_clearance(by, incident.tlp, f"case {case.id} (about incident {incident.slug})")
        return incidents

    def _instrument(self, instrument_id: str, field: str = "instrument") -> Instrument:
        instruments = self._toolbox.knowledge.instruments
        if instrument_id not in instruments:
            raise InvalidInput(
                "case",
                field,
                instrument_id,
                "is not a Toolbox instrument (see the knowledge base: e.g. "
                "stability.hr_declaration, restrictive.listing)",
            )
        return instruments.get(instrument_id)
