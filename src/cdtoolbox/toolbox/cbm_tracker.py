"""The CBM implementation tracker: State x measure → status, with evidence, who recorded it,
every version kept, and each change in the audit trail in the same transaction.

A record is marked TLP (CLEAR unless the recorder says otherwise); a reader sees only the
records and history their clearance allows, and a hidden record reads as not-reported.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import date

from cdtoolbox.errors import InvalidInput
from cdtoolbox.formats.csv.vocabulary import spreadsheet_safe
from cdtoolbox.model import CbmFramework, ConfidenceBuildingMeasure, Tlp
from cdtoolbox.model.access import Permission, User
from cdtoolbox.model.cooperation import (
    Evidence,
    ImplementationMatrix,
    ImplementationRecord,
    ImplementationStatus,
    StateImplementation,
)
from cdtoolbox.model.cooperation_codec import implementation_to_dict
from cdtoolbox.model.ports import Clock
from cdtoolbox.model.vocabulary import Classification
from cdtoolbox.store.database import Database
from cdtoolbox.toolbox import cooperation_inputs as inputs
from cdtoolbox.toolbox.access import require
from cdtoolbox.toolbox.audit import AuditService
from cdtoolbox.toolbox.knowledge_source import KnowledgeSource

__all__ = ["CSV_COLUMNS", "CbmService"]

_ENTITY = "CBM implementation"
_AUDIT_ENTITY = "cbm implementation"
UN_FRAMEWORK = "un"

CSV_COLUMNS = (
    *("state", "measure", "framework", "status", "evidence_document", "evidence_date"),
    *("evidence_url", "recorded_by", "recorded_at", "tlp", "classification", "version"),
)


class CbmService:
    """The frameworks and measures (reference data) and the implementation tracker."""

    def __init__(
        self,
        database: Database,
        clock: Clock,
        knowledge: KnowledgeSource,
        audit: AuditService,
    ) -> None:
        self._database = database
        self._clock = clock
        self._knowledge = knowledge
        self._audit = audit

    # --- Reference -------------------------------------------------------------------------

    def frameworks(self, *, by: User) -> tuple[CbmFramework, ...]:
        require(by, Permission.READ)
        return self._knowledge.get().cbms.frameworks

    def measures(
        self, framework: str | None = None, *, by: User
    ) -> tuple[ConfidenceBuildingMeasure, ...]:
        """Every measure, or those of one framework (osce, arf, oas, un)."""
        require(by, Permission.READ)
        cbms = self._knowledge.get().cbms
        if framework is None or not framework.strip():
            return cbms.all()
        return cbms.in_framework(inputs.framework(self._knowledge.get(), "filter", framework))

    # --- Reading the tracker ---------------------------------------------------------------

    def status(self, state: str, *, by: User) -> StateImplementation:
        """``state``'s record for each measure of its frameworks and of the UN's global CBMs."""
        require(by, Permission.READ)
        knowledge = self._knowledge.get()
        code = inputs.state(knowledge, _ENTITY, state)
        frameworks = self._frameworks_of(code)
        measure_ids = tuple(m.id for f in frameworks for m in knowledge.cbms.in_framework(f))
        with self._database.read() as store:
            records = store.cooperation.implementations(
                by.clearance, states=[code], classification=by.classification_clearance
            )
        wanted = set(measure_ids)
        return StateImplementation(
            state=code,
            frameworks=frameworks,
            measure_ids=measure_ids,
            records=tuple(r for r in records if r.measure_id in wanted),
        )

    def history(
        self, state: str, measure: str | None = None, *, by: User
    ) -> tuple[ImplementationRecord, ...]:
        """Every version recorded for ``state`` (and ``measure``), oldest first."""
        require(by, Permission.READ)
        knowledge = self._knowledge.get()
        code = inputs.state(knowledge, _ENTITY, state)
        measure_id = inputs.measure(knowledge, _ENTITY, measure).id if measure else None
        with self._database.read() as store:
            return tuple(
                store.cooperation.implementation_history(
                    code, by.clearance, measure_id, by.classification_clearance
                )
            )

    def matrix(
        self, framework: str | None = None, region: str | None = None, *, by: User
    ) -> ImplementationMatrix:
        """States x measures of one framework (all regional frameworks' States and every
        measure when none is named), optionally of one region (a continent, e.g. Europe)."""
        require(by, Permission.READ)
        knowledge = self._knowledge.get()
        cbms = knowledge.cbms
        if framework and framework.strip():
            chosen = cbms.framework(inputs.framework(knowledge, "filter", framework))
            measures = cbms.in_framework(chosen.id)
            states = chosen.members or cbms.member_states()
        else:
            measures = cbms.all()
            states = cbms.member_states()
        if region and region.strip():
            wanted = region.strip().lower()
            known = self.regions(by=by)
            if wanted not in {r.lower() for r in known}:
                reason = f"is not one of: {', '.join(known)}"
                raise InvalidInput("filter", "region", region, reason)
            states = tuple(
                s for s in states if (knowledge.countries.get(s).continent or "").lower() == wanted
            )
        states = tuple(sorted(states))
        measure_ids = tuple(m.id for m in measures)
        with self._database.read() as store:
            cells = store.cooperation.statuses(
                by.clearance, states, measure_ids, by.classification_clearance
            )
        return ImplementationMatrix(states=states, measure_ids=measure_ids, cells=cells)

    def reported(self, since: date, until: date, *, by: User) -> tuple[ImplementationRecord, ...]:
        """What was reported in the period: for each State and measure, the latest version
        ``by`` may read whose evidence is dated in it (or, recorded without evidence, which was
        recorded in it), by State and measure.

        Read from the history, not the current records, so that a report of a past period
        keeps the status the State reported then after a later report changes it."""
        require(by, Permission.READ)
        with self._database.read() as store:
            versions = store.cooperation.implementation_versions(
                by.clearance, by.classification_clearance
            )
        latest: dict[tuple[str, str], ImplementationRecord] = {}
        for record in versions:
            dated = record.evidence.dated if record.evidence else record.recorded_at.date()
            if since <= dated <= until:
                latest[(record.state, record.measure_id)] = record
        return tuple(latest[key] for key in sorted(latest))

    def regions(self, *, by: User) -> tuple[str, ...]:
        """The regions (continents) of the States the tracker follows, for the matrix filter."""
        require(by, Permission.READ)
        knowledge = self._knowledge.get()
        continents = {
            knowledge.countries.get(code).continent for code in knowledge.cbms.member_states()
        }
        return tuple(sorted(c for c in continents if c))

    def export_csv(self, framework: str | None = None, *, by: User) -> str:
        """Every record ``by`` may read (of one framework), one row each, as CSV text."""
        require(by, Permission.READ)
        measures = self.measures(framework, by=by)
        framework_of = {m.id: m.framework for m in measures}
        with self._database.read() as store:
            records = store.cooperation.implementations(
                by.clearance, classification=by.classification_clearance
            )
        return _csv(
            (record, framework_of[record.measure_id])
            for record in records
            if record.measure_id in framework_of
        )

    # --- Writing ---------------------------------------------------------------------------

    def record(
        self,
        state: str,
        measure: str,
        *,
        status: ImplementationStatus | str,
        by: User,
        evidence: str | None = None,
        evidence_date: date | str | None = None,
        evidence_url: str | None = None,
        tlp: Tlp | str = Tlp.CLEAR,
        note: str | None = None,
        expected_version: int | None = None,
        classification: Classification | str | None = None,
    ) -> ImplementationRecord:
        """Record ``state``'s status for ``measure``, with the evidence that shows it.

        Evidence is a document and its date (both, or neither), and optionally its address.
        ``expected_version`` refuses the change when someone wrote in between (0: only if
        nothing is recorded yet); without it the change is based on what is stored now.
        """
        require(by, Permission.EDIT_COOPERATION)
        knowledge = self._knowledge.get()
        code = inputs.state(knowledge, _ENTITY, state)
        cbm = inputs.measure(knowledge, _ENTITY, measure)
        if cbm.framework != UN_FRAMEWORK:
            framework = knowledge.cbms.framework(cbm.framework)
            if code not in framework.members:
                reason = f"is not a participant of the {framework.organisation} ({framework.id})"
                raise InvalidInput(_ENTITY, "state", state, reason)
        chosen = inputs.choice(_ENTITY, "status", status, ImplementationStatus)
        marking = inputs.tlp(_ENTITY, tlp)
        if not by.cleared_for(marking):
            reason = f"is above your clearance ({by.clearance.label})"
            raise InvalidInput(_ENTITY, "tlp", marking.value, reason)
        level = inputs.classification(_ENTITY, classification, by)
        now = self._clock.now()
        shown = _evidence(evidence, evidence_date, evidence_url, now.date())
        text = note.strip() if note and note.strip() else None
        with self._database.transaction() as store:
            current = store.cooperation.implementation(code, cbm.id)
            if current is not None and not by.may_read(current):
                # Overwriting a record one may not read would disclose nothing but destroy
                # it; it is refused as if the version had moved.
                reason = "is recorded at a marking above your clearance"
                raise InvalidInput(_ENTITY, "measure", cbm.id, reason)
            base = current.version if current else 0
            if expected_version is not None:
                base = expected_version
            record = ImplementationRecord(
                state=code,
                measure_id=cbm.id,
                status=chosen,
                evidence=shown,
                recorded_by=by.username,
                recorded_at=now,
                tlp=marking,
                note=text,
                classification=level,
            )
            stored = store.cooperation.put_implementation(record, base)
            self._audit.record(
                store,
                by=by,
                action="cbm.record",
                entity=_AUDIT_ENTITY,
                key=f"{code}/{cbm.id}",
                before=implementation_to_dict(current) if current else None,
                after=implementation_to_dict(stored),
            )
        return stored

    def _frameworks_of(self, code: str) -> tuple[str, ...]:
        regional = tuple(f.id for f in self._knowledge.get().cbms.frameworks_of(code))
        return (*regional, UN_FRAMEWORK)


def _evidence(
    document: str | None, dated: date | str | None, url: str | None, today: date
) -> Evidence | None:
    text = document.strip() if document else ""
    given_date = dated is not None and (not isinstance(dated, str) or dated.strip())
    if not text and not given_date and not (url and url.strip()):
        return None
    if not text:
        raise InvalidInput(_ENTITY, "evidence", document, "is required with an evidence date")
    if not given_date or dated is None:
        raise InvalidInput(_ENTITY, "date", None, "is required with evidence (YYYY-MM-DD)")
    return Evidence(
        document=text,
        dated=inputs.day(_ENTITY, "date", dated, today),
        url=inputs.web_address(_ENTITY, "evidence_url", url),
    )


def _csv(rows: Iterable[tuple[ImplementationRecord, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for record, framework in rows:
        evidence = record.evidence
        # Evidence and notes are typed by users: no cell may run as a spreadsheet formula.
        writer.writerow(
            spreadsheet_safe(str(cell))
            for cell in [
                *(record.state, record.measure_id, framework, record.status.value),
                evidence.document if evidence else "",
                evidence.dated.isoformat() if evidence else "",
                (evidence.url or "") if evidence else "",
                *(record.recorded_by, record.recorded_at.isoformat(), record.tlp.value),
                record.classification.value if record.classification else "",
                record.version,
            ]
        )
    return buffer.getvalue()
