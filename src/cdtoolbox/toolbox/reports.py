"""Reports for a reader, as objects and as documents: the decision brief of an incident, the
dossier of a response case, the annual report, the draft UN contribution and the threat
landscape of a period."""

from __future__ import annotations

import os
import secrets
from datetime import date, timedelta
from pathlib import Path

from cdtoolbox.errors import Forbidden, InvalidInput, NotFound
from cdtoolbox.model import Incident, IncidentFilter, PartialDate, Tlp
from cdtoolbox.model.access import User
from cdtoolbox.model.cooperation import RoundReport
from cdtoolbox.model.vocabulary import Classification
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
from cdtoolbox.report.capacity import running_in
from cdtoolbox.report.landscape import Landscape, LandscapeFigures, build_landscape
from cdtoolbox.report.un import UnContribution, UnFigures, build_un_contribution
from cdtoolbox.respond.recidivism import reference_date
from cdtoolbox.toolbox.assessments import AssessmentService
from cdtoolbox.toolbox.capacity import CapacityService
from cdtoolbox.toolbox.cases import CaseService
from cdtoolbox.toolbox.cbm_tracker import CbmService
from cdtoolbox.toolbox.dialogues import DialogueService
from cdtoolbox.toolbox.incidents import IncidentService
from cdtoolbox.toolbox.knowledge_source import KnowledgeSource
from cdtoolbox.toolbox.pocs import PocService
from cdtoolbox.toolbox.sanctions import SanctionsService
from cdtoolbox.toolbox.statistics import StatisticsService
from cdtoolbox.toolbox.un_process import UnProcessService

__all__ = ["ReportService"]

# No report of cyber incidents reaches back before it.
_EARLIEST = date(1900, 1, 1)

# How many actors and sponsor States the landscape ranks (and looks at for what is new).
_LANDSCAPE_TOP = 15


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
        capacity: CapacityService,
        un_process: UnProcessService,
        dialogues: DialogueService,
    ) -> None:
        self._knowledge = knowledge
        self._capacity = capacity
        self._un_process = un_process
        self._dialogues = dialogues
        self._incidents = incidents
        self._assessments = assessments
        self._cases = cases
        self._statistics = statistics
        self._sanctions = sanctions
        self._cbms = cbms
        self._pocs = pocs

    def brief(self, key: str, *, by: User) -> DecisionBrief:
        """The decision brief of one incident (by id or slug) that ``by`` may read, as the
        incident page shows it; ``document_brief`` for a document that leaves the system.
        Its precedents are unclassified: they are cited as they would be in a document."""
        return self._brief_of(self._incidents.get(key, by=by), by)

    def _brief_of(self, incident: Incident, by: User) -> DecisionBrief:
        by = unclassified_reader(by)
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
        _refuse_classified(incidents)
        by = unclassified_reader(by)
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
        first, last = _period(since, until)
        by = unclassified_reader(by)
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
            check_rounds=self._check_rounds(first, last, by=by),
            networks=self._pocs.networks(by=by),
            contact_markings={poc.id: poc.tlp for poc in self._pocs.list(by=by)},
            projects=running_in(self._capacity.list(by=by), first, last),
        )
        return build_annual_report(figures, self._knowledge.get())

    def un_contribution(
        self, since: date | str, until: date | str | None = None, *, by: User
    ) -> UnContribution:
        """The draft contribution to the UN OEWG for the period from ``since`` to ``until``
        (read as for ``annual``), by the six OEWG pillars, counted for ``by``."""
        first, last = _period(since, until)
        by = unclassified_reader(by)
        period = IncidentFilter(since=first, until=last)
        window = IncidentFilter(since=date(last.year - TREND_YEARS + 1, 1, 1), until=last)
        # The norms and the law come from the engine's findings on each incident of the
        # period that ``by`` may read, as the brief of each would state them.
        findings = [
            self._assessments.norms_and_law(incident, by=by)
            for page in self._incidents.pages(period, by=by)
            for incident in page.items
        ]
        figures = UnFigures(
            since=first,
            until=last,
            incidents=self._statistics.summary(period, by=by),
            coverage=self._statistics.coverage(period, by=by),
            trend=self._statistics.summary(window, by=by),
            trend_coverage=self._statistics.coverage(window, by=by),
            findings=findings,
            implementations=self._cbms.reported(first, last, by=by),
            check_rounds=self._check_rounds(first, last, by=by),
            networks=self._pocs.networks(by=by),
            contact_markings={poc.id: poc.tlp for poc in self._pocs.list(by=by)},
            projects=running_in(self._capacity.list(by=by), first, last),
            # Only what the sources confirm: a session or a round whose date is not confirmed
            # is not said to have been held in the period.
            sessions=tuple(
                session
                for session in self._un_process.sessions(by=by)
                if session.confirmed
                and session.starts is not None
                and session.starts <= last
                and (session.ends or session.starts) >= first
            ),
            statements=tuple(
                statement
                for statement in self._un_process.statements(by=by)
                if first <= statement.dated <= last
            ),
            rounds=tuple(
                (dialogue, held)
                for dialogue in self._dialogues.list(by=by)
                for held in dialogue.rounds
                if held.confirmed and first <= held.held_on <= last
            ),
        )
        return build_un_contribution(figures, self._knowledge.get())

    def landscape(
        self, since: date | str, until: date | str | None = None, *, by: User
    ) -> Landscape:
        """The threat landscape of the period from ``since`` to ``until`` (read as for
        ``annual``), compared with the previous period of equal length and with everything
        before it, counted for ``by``."""
        first, last = _period(since, until)
        by = unclassified_reader(by)
        previous_first, previous_last = _previous_period(first, last)
        period = IncidentFilter(since=first, until=last)
        # Everything active before the period: what was seen there is not new in it.
        earlier = IncidentFilter(until=previous_last)
        stats = self._statistics.summary(period, by=by, top=_LANDSCAPE_TOP)
        coverage = self._statistics.coverage(period, by=by)
        seen = self._statistics.summary(earlier, by=by, top=_LANDSCAPE_TOP)
        seen_coverage = self._statistics.coverage(earlier, by=by)

        def seen_before(query: IncidentFilter) -> bool:
            return self._statistics.summary(query, by=by, top=1).total > 0

        # Types, countries and sectors are counted whole; actors and sponsors only at the top,
        # so one missing from the earlier top is looked up on its own.
        earlier_actors = {row.key for row in seen.by_actor}
        earlier_sponsors = {row.key for row in seen.by_sponsor}
        first_seen = {
            "types": frozenset(
                {row.key for row in stats.by_type} - {row.key for row in seen.by_type}
            ),
            "sectors": frozenset(
                {row.key for row in coverage.by_sector}
                - {row.key for row in seen_coverage.by_sector}
            ),
            "countries": frozenset(
                {row.key for row in stats.by_victim_country}
                - {row.key for row in seen.by_victim_country}
            ),
            "actors": frozenset(
                row.key
                for row in stats.by_actor
                if row.key not in earlier_actors
                and not seen_before(IncidentFilter(until=previous_last, actor_ids=(row.key,)))
            ),
            "sponsors": frozenset(
                row.key
                for row in stats.by_sponsor
                if row.key not in earlier_sponsors
                and not seen_before(IncidentFilter(until=previous_last, sponsors=(row.key,)))
            ),
        }
        previous = IncidentFilter(since=previous_first, until=previous_last)
        figures = LandscapeFigures(
            since=first,
            until=last,
            previous_since=previous_first,
            previous_until=previous_last,
            incidents=stats,
            coverage=coverage,
            previous=self._statistics.summary(previous, by=by),
            previous_coverage=self._statistics.coverage(previous, by=by),
            earlier_coverage=seen_coverage,
            first_seen=first_seen,
        )
        return build_landscape(figures, self._knowledge.get())

    def _check_rounds(self, first: date, last: date, *, by: User) -> list[RoundReport]:
        # Each round's response as the directory reports it, so the two never differ.
        return [
            self._pocs.report(check_round.id, by=by)
            for check_round in self._pocs.rounds(by=by)
            if first <= check_round.opened_at.date() <= last
        ]

    def document_brief(self, key: str, *, by: User) -> DecisionBrief:
        """``brief`` for a document (a file, a download): Forbidden for a classified incident,
        since a document leaves the system with a TLP banner and never carries EU classified
        information."""
        incident = self._incidents.get(key, by=by)
        _refuse_classified([incident])
        return self._brief_of(incident, by)

    def brief_document(self, key: str, kind: ReportFormat, *, by: User) -> bytes:
        """The decision brief as a document in ``kind``'s format."""
        return render_report(self.document_brief(key, by=by), kind)

    def write_brief(self, key: str, kind: ReportFormat, path: Path, *, by: User) -> int:
        """Write the brief to ``path`` whole or not at all (see ``write``)."""
        # Checked before the brief is made: a path that cannot be written costs no work.
        _writable_folder(path)
        return self.write(self.document_brief(key, by=by), kind, path)

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


def _period(since: date | str, until: date | str | None) -> tuple[date, date]:
    """The first and last day of a report's period (see ``ReportService.annual``)."""
    first = _period_day(since, "since", latest=False)
    last = _period_day(until if until is not None else since, "until", latest=True)
    if first < _EARLIEST:
        # The reports also look years before the period (trends, the previous period): a
        # calendar date that leaves no room for them is refused, never an OverflowError.
        raise InvalidInput("report", "since", str(since), f"is before {_EARLIEST.year}")
    if last < first:
        raise InvalidInput(
            "report", "until", str(until), f"ends before the period starts ({first})"
        )
    return first, last


def _previous_period(first: date, last: date) -> tuple[date, date]:
    """The period of equal length just before [first, last]: as many whole months when the
    period is whole months (2016 before 2017, though 2016 has a day more), else as many days."""
    previous_last = first - timedelta(days=1)
    if first.day == 1 and (last + timedelta(days=1)).day == 1:
        months = (last.year - first.year) * 12 + last.month - first.month + 1
        index = first.year * 12 + first.month - 1 - months
        return date(index // 12, index % 12 + 1, 1), previous_last
    return previous_last - (last - first), previous_last


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


def unclassified_reader(by: User) -> User:
    """``by`` reading as for an unclassified document: a report leaves the system as a file
    with a TLP banner, and EU classified information is never put in one (it is drafted in
    an accredited registry), so classified incidents are counted nowhere in it."""
    return by.evolve(classification_clearance=None)


def _refuse_classified(incidents: list[Incident]) -> None:
    classified = [incident for incident in incidents if incident.classification is not None]
    if classified:
        first = classified[0]
        raise Forbidden(
            "draw a report on EU classified information",
            f"the incident {first.slug!r} is {Classification.label_of(first.classification)}; "
            "reports are "
            "unclassified documents",
        )
