"""Reading and saving a case inside a transaction, with the checks every change makes: the
reader's clearance for each of its incidents, the version the caller edited, the audit entry."""

from __future__ import annotations

from cdtoolbox.errors import Conflict, InvalidInput, NotFound
from cdtoolbox.model.access import User
from cdtoolbox.model.case import ResponseCase
from cdtoolbox.model.diplomacy import Instrument
from cdtoolbox.model.incident import Incident
from cdtoolbox.store.database import Repositories
from cdtoolbox.toolbox.audit import AuditService
from cdtoolbox.toolbox.case_records import case_record
from cdtoolbox.toolbox.knowledge_source import KnowledgeSource

__all__ = ["CaseLedger", "hidden_or_missing_case"]


def hidden_or_missing_case(key: str) -> NotFound:
    """The one error for a case that does not exist or that the reader may not read."""
    return NotFound("case", key, "`cdt cases list` shows the cases you are cleared to read")


class CaseLedger:
    """Reading and saving cases inside the caller's transaction, for the case service and its
    measure editing alike."""

    def __init__(self, knowledge: KnowledgeSource, audit: AuditService) -> None:
        self._knowledge = knowledge
        self._audit = audit

    def current(
        self, store: Repositories, by: User, case_id: str, expected_version: int | None
    ) -> ResponseCase:
        case, _ = self.readable(store, by, case_id)
        if expected_version is not None and expected_version != case.version:
            raise Conflict("case", case.id, expected_version, case.version)
        return case

    def save(
        self, store: Repositories, by: User, before: ResponseCase, after: ResponseCase, action: str
    ) -> ResponseCase:
        stored = store.cases.update(after, before.version)
        self._audit.record(
            store,
            by=by,
            action=action,
            entity="case",
            key=stored.id,
            before=case_record(before),
            after=case_record(stored),
        )
        return stored

    def readable(
        self, store: Repositories, by: User, case_id: str
    ) -> tuple[ResponseCase, list[Incident]]:
        """The case ``case_id`` names with its incidents still in the store. A case about an
        incident above ``by``'s clearance raises the very NotFound of a case that does not
        exist, so that neither its id nor its marking can be learnt from the answer."""
        try:
            case = store.cases.get(case_id)
        except NotFound:
            raise hidden_or_missing_case(case_id) from None
        found = store.incidents.get_many(list(case.incident_ids))
        incidents = [found[i] for i in case.incident_ids if i in found]
        if not all(by.may_read(incident) for incident in incidents):
            raise hidden_or_missing_case(case_id)
        return case, incidents

    def instrument(self, instrument_id: str, field: str = "instrument") -> Instrument:
        instruments = self._knowledge.get().instruments
        if instrument_id not in instruments:
            raise InvalidInput(
                "case",
                field,
                instrument_id,
                "is not a Toolbox instrument (see the knowledge base: e.g. "
                "stability.hr_declaration, restrictive.listing)",
            )
        return instruments.get(instrument_id)
