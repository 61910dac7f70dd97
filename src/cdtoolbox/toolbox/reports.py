"""Reports for a reader, as objects and as documents: the decision brief of an incident, the
dossier of a response case, the annual report of a period."""

from __future__ import annotations

import os
import secrets
from datetime import date
from pathlib import Path

from cdtoolbox.errors import InvalidInput, NotFound
from cdtoolbox.model import IncidentFilter, PartialDate, Tlp
from cdtoolbox.model.access import User
from cdtoolbox.report import (
    AnnualReport,
    CaseDossier,
    DecisionBrief,
    Report,
    ReportFormat,
    build_annual_report,
    build_brief,
    build_case_dossier,
    render_report,
)
from cdtoolbox.report.annual import TREND_YEARS, AnnualFigures
from cdtoolbox.respond.recidivism import reference_date
from cdtoolbox.toolbox.assessments import AssessmentService
from cdtoolbox.toolbox.cases import CaseService
from cdtoolbox.toolbox.cbm_tracker import CbmService
from cdtoolbox.toolbox.incidents import IncidentService
from cdtoolbox.toolbox.knowledge_source import KnowledgeSource
from cdtoolbox.toolbox.pocs import PocService
from cdtoolbox.toolbox.sanctions import SanctionsService
from cdtoolbox.toolbox.statistics import StatisticsService

__all__ = ["ReportService"]


class ReportService:
    """Reports read with the reader's clearance: an incident or a case above it is answered
    exactly as one that does not exist, and whatever else is above it is left out and
    counted nowhere. Each report is marked with the highest marking of what it includes."""

    def __init__(
        self,
        knowledge: KnowledgeSource,
        incidents: IncidentService,
        assessments: AssessmentService,
        cases: CaseService,
        statistics: StatisticsService,
        sanctions: SanctionsService,
        cbms: CbmService,
        pocs: PocService,
    ) -> None:
        self._knowledge = knowledge
        self._incidents = incidents
        self._assessments = assessments
        self._cases = cases
        self._statistics = statistics
        self._sanctions = sanctions
        self._cbms = cbms
        self._pocs = pocs

    def brief(self, key: str, *, by: User) -> DecisionBrief:
        """The decision brief of one incident (by id or slug) that ``by`` may read."""
        incident = self._incidents.get(key, by=by)
        assessment = self._assessments.assess_incident(incident, by=by)
        markings: dict[str, Tlp] = {}
        for match in assessment.precedents:
            # Read again, for its marking now: one re-marked above ``by`` since the precedent
            # index was built is left out like one never stored.
            try:
                markings[match.slug] = self._incidents.get(match.slug, by=by).tlp
            except NotFound:
                continue
        return build_brief(incident, assessment, self._knowledge.get(), markings)

    def case_dossier(self, case_id: str, *, by: User) -> CaseDossier:
        """The dossier of one response case that ``by`` may read."""
        case_file = self._cases.get(case_id, by=by)
        case = case_file.case
        incidents = [self._incidents.get(incident_id, by=by) for incident_id in case.incident_ids]
        markings: dict[str, Tlp] = {}
        for flag in case_file.recidivism:
            # Read again, for its marking now; one re-marked above ``by`` is left out.
            try:
                markings[flag.incident_id] = self._incidents.get(flag.incident_id, by=by).tlp
            except NotFound:
                continue
        after = reference_date(incidents, case.decided_at.date() if case.decided_at else None)
        return build_case_dossier(
            case_file,
            incidents,
            markings,
            self._knowledge.get(),
            recidivism_after=after.isoformat() if after else None,
        )

    def annual(
        self, since: date | str, until: date | str | None = None, *, by: User
    ) -> AnnualReport:
        """The report of the period from ``since`` to ``until`` (dates, or YYYY, YYYY-MM or
        YYYY-MM-DD taken at the start and the end of what they name; without ``until``, the
        period ``since`` names: ``annual("2025")`` is the year 2025), counted for ``by``."""
        first = _period_day(since, "since", latest=False)
        last = _period_day(until if until is not None else since, "until", latest=True)
        if last < first:
            raise InvalidInput(
                "report", "until", str(until), f"ends before the period starts ({first})"
            )
        period = IncidentFilter(since=first, until=last)
        # The trends run over whole years, from the fifth year before the period's end.
        window = IncidentFilter(since=date(last.year - TREND_YEARS + 1, 1, 1), until=last)
        figures = AnnualFigures(
            since=first,
            until=last,
            incidents=self._statistics.summary(period, by=by),
            coverage=self._statistics.coverage(period, by=by),
            trend=self._statistics.summary(window, by=by),
            trend_coverage=self._statistics.coverage(window, by=by),
            responses=self._statistics.responses(since=first, until=last, by=by),
            cases=self._cases.list(by=by),
            regimes=self._sanctions.regimes(by=by),
            listings=self._sanctions.list(by=by),
            implementations=self._cbms.reported(first, last, by=by),
            # Each round's response as the directory reports it, so the two never differ.
            check_rounds=[
                self._pocs.report(check_round.id, by=by)
                for check_round in self._pocs.rounds(by=by)
                if first <= check_round.opened_at.date() <= last
            ],
            networks=self._pocs.networks(by=by),
            contact_markings={poc.id: poc.tlp for poc in self._pocs.list(by=by)},
        )
        return build_annual_report(figures, self._knowledge.get())

    def brief_document(self, key: str, kind: ReportFormat, *, by: User) -> bytes:
        """The decision brief as a document in ``kind``'s format."""
        return render_report(self.brief(key, by=by), kind)

    def write_brief(self, key: str, kind: ReportFormat, path: Path, *, by: User) -> int:
        """Write the brief to ``path`` whole or not at all (see ``write``)."""
        # Checked before the brief is made: a path that cannot be written costs no work.
        _writable_folder(path)
        return self.write(self.brief(key, by=by), kind, path)

    def write(self, report: Report, kind: ReportFormat, path: Path) -> int:
        """Write ``report`` to ``path`` whole or not at all, and return its size in bytes.

        The document is made before the file is touched and written to a temporary file
        beside ``path`` that is then renamed over it, so neither a refused input nor a failed
        write leaves a partial or truncated file."""
        folder = _writable_folder(path)
        document = render_report(report, kind)
        temporary = folder / f".{path.name}.{secrets.token_hex(8)}.part"
        # Created with the permissions a new file gets (the umask's), unlike mkstemp's 0600.
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(document)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, path)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
        return len(document)


def _period_day(value: date | str, field: str, *, latest: bool) -> date:
    if isinstance(value, date):
        return value
    try:
        period = PartialDate.parse(value)
    except ValueError as error:
        raise InvalidInput("report", field, value, str(error)) from None
    return period.latest if latest else period.earliest


def _writable_folder(path: Path) -> Path:
    """The folder ``path`` is to be written in, or ``InvalidInput`` saying why it cannot be."""
    folder = path.parent if str(path.parent) else Path(".")
    reason = None
    if path.is_dir():
        reason = "is a folder, not a file"
    elif not folder.is_dir():
        reason = "is in a folder that does not exist"
    elif not os.access(folder, os.W_OK | os.X_OK):
        reason = "is in a folder you may not write to"
    elif path.exists() and not os.access(path, os.W_OK):
        reason = "is a file you may not write to"
    if reason is not None:
        raise InvalidInput("report", "output", str(path), reason)
    return folder
