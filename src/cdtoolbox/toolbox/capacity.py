"""The register of cyber capacity-building projects and the gaps it leaves.

The bundled projects (``knowledge/data/capacity.yaml``) are stored by ``init``; analysts add
projects under a TLP marking and an EU classification. A reader sees the projects their
clearance covers; what lies above it is answered as not stored. A gap is a State that suffered
incidents calling for a theme (counted in the store, within the reader's clearance, with the
highest severity among them) or implements fewer than half of the CBMs recorded for it, with no
readable project serving it in that theme.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date

from cdtoolbox.errors import ImportRejected, InvalidInput
from cdtoolbox.knowledge.capacity import Region
from cdtoolbox.model import Tlp
from cdtoolbox.model.access import SYSTEM_USER, Permission, User
from cdtoolbox.model.capacity import (
    CapacityGap,
    CapacityProject,
    CapacityTheme,
    ProjectStatus,
    SufferedIncident,
    find_gaps,
    project_problem,
)
from cdtoolbox.model.capacity_codec import project_to_dict
from cdtoolbox.model.cooperation import ImplementationStatus
from cdtoolbox.model.partner_profile import PartnerProfile
from cdtoolbox.model.ports import Clock, slugify
from cdtoolbox.model.vocabulary import Classification
from cdtoolbox.store import RecordKind
from cdtoolbox.store.database import Database, Repositories
from cdtoolbox.toolbox import cooperation_inputs as inputs
from cdtoolbox.toolbox.access import refuse_above_classification, require
from cdtoolbox.toolbox.assessments import AssessmentService
from cdtoolbox.toolbox.audit import AuditService
from cdtoolbox.toolbox.derived import DerivedCache, DerivedView
from cdtoolbox.toolbox.incidents import within_clearance
from cdtoolbox.toolbox.knowledge_source import KnowledgeSource
from cdtoolbox.toolbox.partner_profile import PartnerProfiles

__all__ = ["CapacityService", "weak_cbm_states"]

_PROJECT = "capacity project"
_FILTER = "filter"
_IATI = "IATI activity"


class CapacityService:
    def __init__(
        self,
        database: Database,
        clock: Clock,
        knowledge: KnowledgeSource,
        audit: AuditService,
        assessments: AssessmentService,
        cache: DerivedCache,
        *,
        profiles: PartnerProfiles,
    ) -> None:
        self._database = database
        self._clock = clock
        self._knowledge = knowledge
        self._audit = audit
        self._profiles = profiles
        self._assessments = assessments
        # What the gap query reads of the incidents, per reader clearance (TLP and EU
        # classification): rebuilt only when incidents (or the actors and listings their
        # severity reads) change, so a gap query does not read every incident again.
        self._suffered: DerivedView[
            tuple[Tlp, Classification | None], tuple[SufferedIncident, ...]
        ] = cache.view(
            derives_from=[RecordKind.INCIDENTS, RecordKind.ACTORS, RecordKind.SANCTIONS],
            max_entries=16,
        )

    def regions(self, *, by: User) -> tuple[Region, ...]:
        """The regions projects and the gaps query may name, in file order."""
        require(by, Permission.READ)
        return tuple(self._knowledge.get().capacity.regions.values())

    def list(
        self,
        *,
        by: User,
        region: str | None = None,
        theme: CapacityTheme | str | None = None,
        partner: str | None = None,
        status: ProjectStatus | str | None = None,
    ) -> tuple[CapacityProject, ...]:
        """The projects ``by`` may read, by id: those in ``region`` (named as their region or
        serving one of its States), ``theme``, serving ``partner``, with ``status``."""
        require(by, Permission.READ)
        members = self._region(region) if region else None
        chosen_theme = _theme(_FILTER, theme) if theme else None
        state = (
            inputs.state(self._knowledge.get(), _FILTER, partner, "partner") if partner else None
        )
        chosen_status = inputs.choice(_FILTER, "status", status, ProjectStatus) if status else None
        with self._database.read() as store:
            found = store.capacity.list(
                by.clearance,
                by.classification_clearance,
                status=chosen_status.value if chosen_status else None,
            )
        return tuple(
            project
            for project in found
            if (chosen_theme is None or chosen_theme in project.themes)
            and (state is None or state in project.partner_countries)
            and (
                members is None
                or project.region == region
                or not members.isdisjoint(project.partner_countries)
            )
        )

    def get(self, project_id: str, *, by: User) -> CapacityProject:
        require(by, Permission.READ)
        with self._database.read() as store:
            return store.capacity.get(project_id.strip(), by.clearance, by.classification_clearance)

    def partner_profile(self, country: str, *, by: User) -> PartnerProfile:
        """``country``'s projects, budget per year, CBM implementation, incidents suffered
        and attributed (each with its severity) and points of contact, as ``by`` may read
        them. Unknown country: InvalidInput on ``country``."""
        return self._profiles.read(country, by=by)

    def add(
        self,
        *,
        by: User,
        title: str,
        funder: str,
        themes: Sequence[CapacityTheme | str],
        sources: Sequence[str],
        instrument: str | None = None,
        implementers: Sequence[str] = (),
        partner_countries: Sequence[str] = (),
        region: str | None = None,
        budget_eur: int | None = None,
        starts_on: date | str | None = None,
        ends_on: date | str | None = None,
        status: ProjectStatus | str = ProjectStatus.UNKNOWN,
        outcomes: Sequence[str] = (),
        note: str | None = None,
        tlp: Tlp | str = Tlp.CLEAR,
        classification: Classification | str | None = None,
    ) -> CapacityProject:
        """Add a project; its id is made from its title."""
        require(by, Permission.EDIT_COOPERATION)
        project = self._new_project(
            by,
            title=title,
            funder=funder,
            themes=themes,
            sources=sources,
            instrument=instrument,
            implementers=implementers,
            partner_countries=partner_countries,
            region=region,
            budget_eur=budget_eur,
            starts_on=starts_on,
            ends_on=ends_on,
            status=status,
            outcomes=outcomes,
            note=note,
            tlp=tlp,
            classification=classification,
        )
        with self._database.transaction() as store:
            stored = store.capacity.add(project)
            self._record(store, stored, by)
        return stored

    def _new_project(
        self,
        by: User,
        *,
        title: str,
        funder: str,
        themes: Sequence[CapacityTheme | str],
        sources: Sequence[str],
        instrument: str | None,
        implementers: Sequence[str],
        partner_countries: Sequence[str],
        region: str | None,
        budget_eur: int | None,
        starts_on: date | str | None,
        ends_on: date | str | None,
        status: ProjectStatus | str,
        outcomes: Sequence[str],
        note: str | None,
        tlp: Tlp | str,
        classification: Classification | str | None,
        project_id: str | None = None,
    ) -> CapacityProject:
        """The project ``add`` and ``import_csv`` store, checked alike; its id is made from
        ``project_id`` when given, else from its title."""
        marking = inputs.tlp(_PROJECT, tlp)
        if not by.cleared_for(marking):
            raise InvalidInput(_PROJECT, "tlp", marking.value, "is above your clearance")
        level = inputs.classification(_PROJECT, classification, by)
        knowledge = self._knowledge.get()
        if region is not None and region.strip() not in knowledge.capacity.regions:
            raise InvalidInput(_PROJECT, "region", region, self._region_rule())
        if budget_eur is not None and (isinstance(budget_eur, bool) or budget_eur < 0):
            raise InvalidInput(_PROJECT, "budget_eur", budget_eur, "must not be negative")
        for address in sources:
            inputs.web_address(_PROJECT, "sources", address)
        if not themes:
            raise InvalidInput(_PROJECT, "themes", None, "name at least one theme")
        project = CapacityProject(
            id=slugify(project_id or title or ""),
            title=(title or "").strip(),
            funder=(funder or "").strip(),
            themes=tuple(_theme(_PROJECT, t) for t in themes),
            sources=tuple(s.strip() for s in sources if s.strip()),
            instrument=_text(instrument),
            implementers=_texts(implementers),
            partner_countries=tuple(
                dict.fromkeys(
                    inputs.state(knowledge, _PROJECT, c, "partner_countries")
                    for c in partner_countries
                )
            ),
            region=region.strip() if region else None,
            budget_eur=budget_eur,
            starts_on=_date("starts_on", starts_on),
            ends_on=_date("ends_on", ends_on),
            status=inputs.choice(_PROJECT, "status", status, ProjectStatus),
            outcomes=_texts(outcomes),
            note=_text(note),
            tlp=marking,
            classification=level,
            recorded_by=by.username,
        )
        problem = project_problem(project)
        if problem is not None:
            raise InvalidInput(_PROJECT, *problem)
        return project

    def import_iati(
        self, data: bytes, *, by: User, source: str = "IATI file"
    ) -> tuple[CapacityProject, ...]:
        """Add the activities of an IATI 2.03 file as projects, all or none: every activity
        is checked as ``add`` checks a project, and each error names its iati-identifier."""
        from cdtoolbox.ingest.iati import read_activities

        require(by, Permission.EDIT_COOPERATION)
        activities = read_activities(data, regions=self._knowledge.get().capacity.regions)
        errors: list[InvalidInput] = []
        projects: list[CapacityProject] = []
        for activity in activities:
            project = activity.project.evolve(
                id=slugify(activity.project.id), recorded_by=by.username
            )
            try:
                self._check(project, by)
            except InvalidInput as error:
                errors.append(_located(error, activity.identifier))
                continue
            if any(p.id == project.id for p in projects):
                errors.append(
                    InvalidInput(
                        _IATI,
                        "iati-identifier",
                        activity.identifier,
                        "is in the file twice",
                        activity.identifier,
                    )
                )
                continue
            projects.append(project)
        if errors:
            raise ImportRejected(source, errors)
        with self._database.transaction() as store:
            taken = [
                InvalidInput(
                    _IATI,
                    "iati-identifier",
                    activity.identifier,
                    f"is already in the register as {project.id}",
                    activity.identifier,
                )
                for activity, project in zip(activities, projects, strict=True)
                if store.capacity.exists(project.id)
            ]
            if taken:
                raise ImportRejected(source, taken)
            stored = tuple(store.capacity.add(project) for project in projects)
            for project in stored:
                self._record(store, project, by)
        return stored

    def export_iati(
        self, *, by: User, reporting_org: str, reporting_name: str
    ) -> tuple[bytes, tuple[CapacityProject, ...]]:
        """The projects ``by`` may read as an IATI 2.03 file reported by ``reporting_org``,
        and those IATI cannot carry (no start date, or no theme to write as a sector), left
        out."""
        from cdtoolbox.ingest.iati import write_activities

        if not reporting_org.strip():
            raise InvalidInput(_IATI, "reporting_org", reporting_org, "is required")
        readable = self.list(by=by)
        written = tuple(p for p in readable if _carried(p))
        left_out = tuple(p for p in readable if not _carried(p))
        return (
            write_activities(written, reporting_org.strip(), reporting_name.strip()),
            left_out,
        )

    def import_csv(
        self, text: str, *, by: User, source: str = "projects.csv"
    ) -> tuple[CapacityProject, ...]:
        """Add the projects of a CSV sheet (``formats.csv.projects``), all or none: every row
        is checked as ``add`` checks a project, each error placed at its line; a row's ``id``
        keeps the project's id, which is otherwise made from its title."""
        from cdtoolbox.formats.csv.projects import read_project_csv

        require(by, Permission.EDIT_COOPERATION)
        errors: list[InvalidInput] = []
        projects: list[tuple[str, CapacityProject]] = []
        for row in read_project_csv(text, source):
            try:
                project = self._new_project(
                    by,
                    project_id=row.id,
                    title=row.title,
                    funder=row.funder,
                    themes=row.themes,
                    sources=row.sources,
                    instrument=row.instrument,
                    implementers=row.implementers,
                    partner_countries=row.partner_countries,
                    region=row.region,
                    budget_eur=row.budget_eur,
                    starts_on=row.starts_on,
                    ends_on=row.ends_on,
                    status=row.status,
                    outcomes=row.outcomes,
                    note=row.note,
                    tlp=row.tlp,
                    classification=row.classification,
                )
            except InvalidInput as error:
                errors.append(_placed(error, row.where))
                continue
            if any(project.id == earlier.id for _, earlier in projects):
                errors.append(
                    InvalidInput(_PROJECT, "id", project.id, "is in the file twice", row.where)
                )
                continue
            projects.append((row.where, project))
        if errors:
            raise ImportRejected(source, errors)
        with self._database.transaction() as store:
            taken = [
                InvalidInput(_PROJECT, "id", project.id, "is already in the register", where)
                for where, project in projects
                if store.capacity.exists(project.id)
            ]
            if taken:
                raise ImportRejected(source, taken)
            stored = tuple(store.capacity.add(project) for _, project in projects)
            for project in stored:
                self._record(store, project, by)
        return stored

    def export_csv(self, *, by: User) -> tuple[str, tuple[CapacityProject, ...]]:
        """The projects ``by`` may read as a CSV sheet, one row each, and those a row cannot
        carry (a list item holding the ``;`` separator), left out."""
        from cdtoolbox.formats.csv.projects import fits_a_row, project_csv

        readable = self.list(by=by)
        written = tuple(p for p in readable if fits_a_row(p))
        return project_csv(written), tuple(p for p in readable if not fits_a_row(p))

    def _check(self, project: CapacityProject, by: User) -> None:
        """What ``add`` and ``import_iati`` refuse alike, beyond ``project_problem``."""
        if not by.cleared_for(project.tlp):
            raise InvalidInput(_PROJECT, "tlp", project.tlp.value, "is above your clearance")
        refuse_above_classification(_PROJECT, project.classification, by)
        knowledge = self._knowledge.get()
        if project.region is not None and project.region not in knowledge.capacity.regions:
            raise InvalidInput(_PROJECT, "region", project.region, self._region_rule())
        for code in project.partner_countries:
            country = knowledge.countries.find(code)
            if country is None or country.code != code:
                raise InvalidInput(
                    _PROJECT, "partner_countries", code, "is not an ISO 3166-1 alpha-2 code"
                )
        for address in project.sources:
            inputs.web_address(_PROJECT, "sources", address)
        problem = project_problem(project)
        if problem is not None:
            raise InvalidInput(_PROJECT, *problem)

    def seed(self) -> int:
        """Store the bundled projects not yet in the register; the number added."""
        added = 0
        with self._database.transaction() as store:
            for project in self._knowledge.get().capacity:
                if not store.capacity.exists(project.id):
                    self._record(store, store.capacity.add(project), SYSTEM_USER)
                    added += 1
        return added

    def gaps(
        self,
        *,
        by: User,
        region: str | None = None,
        theme: CapacityTheme | str | None = None,
    ) -> tuple[CapacityGap, ...]:
        """The (State, theme) pairs in need and uncovered, gravest first (``GAP_ORDER``): each
        with the incidents against the State that call for the theme and the highest severity
        among them, read only from the incidents ``by`` may read."""
        require(by, Permission.READ)
        members = self._region(region) if region else None
        themes = (_theme(_FILTER, theme),) if theme else tuple(CapacityTheme)
        suffered = self._suffered.value(
            (by.clearance, by.classification_clearance), lambda _: self._read_suffered(by)
        )
        with self._database.read() as store:
            records = store.cooperation.implementations(
                by.clearance, classification=by.classification_clearance
            )
            projects = store.capacity.list(by.clearance, by.classification_clearance)
        # A global project names no partner, so it closes no State's gap: the gap query is
        # about what reaches a State, and a global expert pool reaches one only on request.
        return find_gaps(
            suffered,
            weak_cbm_states((r.state, r.status) for r in records),
            projects,
            themes,
            # The global region names no States: it narrows nothing.
            states=members or None,
            providers=self._providers(),
        )

    def _providers(self) -> frozenset[str]:
        """States with no gap: the EU Member States, whose cyber capacity Union law builds
        (NIS2, the Cyber Solidarity Act), and the providers of development co-operation."""
        knowledge = self._knowledge.get()
        members = frozenset(country.code for country in knowledge.countries.eu_members())
        return members | knowledge.capacity.provider_states()

    def _read_suffered(self, by: User) -> tuple[SufferedIncident, ...]:
        """The incidents ``by`` may read, as the gap query needs them."""
        with self._database.read() as store:
            incidents = [
                incident
                for incident in store.incidents.every(within_clearance(None, by))
                if incident.victim_countries
            ]
        levels = self._assessments.severity_levels(incidents, by=by)
        return tuple(
            SufferedIncident(
                incident.victim_countries,
                tuple(kind.value for kind in incident.types),
                levels[incident.id],
            )
            for incident in incidents
        )

    def _region(self, region: str) -> frozenset[str]:
        regions = self._knowledge.get().capacity.regions
        found = regions.get(region.strip())
        if found is None:
            raise InvalidInput(_FILTER, "region", region, self._region_rule())
        return frozenset(found.countries)

    def _region_rule(self) -> str:
        return "is not one of: " + ", ".join(self._knowledge.get().capacity.regions)

    def _record(self, store: Repositories, project: CapacityProject, by: User) -> None:
        self._audit.record(
            store,
            by=by,
            action="capacity.project.add",
            entity=_PROJECT,
            key=project.id,
            before=None,
            after=project_to_dict(project),
        )


def weak_cbm_states(records: Iterable[tuple[str, ImplementationStatus]]) -> set[str]:
    """The States implementing fewer than half of the CBMs recorded for them."""
    recorded: Counter[str] = Counter()
    implemented: Counter[str] = Counter()
    for state, status in records:
        recorded[state] += 1
        if status is ImplementationStatus.IMPLEMENTED:
            implemented[state] += 1
    return {state for state, total in recorded.items() if 2 * implemented[state] < total}


def _carried(project: CapacityProject) -> bool:
    """Whether IATI can carry ``project``: it requires a start date and a sector."""
    return project.starts_on is not None and bool(project.themes)


def _located(error: InvalidInput, identifier: str) -> InvalidInput:
    """``error`` as found in the IATI activity ``identifier``."""
    if error.location is not None:
        return error
    return InvalidInput(_IATI, error.field, error.value, error.reason, identifier)


def _placed(error: InvalidInput, where: str) -> InvalidInput:
    """``error`` as found at ``where`` (a file and line)."""
    return InvalidInput(error.entity, error.field, error.value, error.reason, where)


def _theme(entity: str, value: CapacityTheme | str) -> CapacityTheme:
    field = "theme" if entity == _FILTER else "themes"
    return inputs.choice(entity, field, value, CapacityTheme)


def _date(field: str, value: date | str | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    if not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidInput(_PROJECT, field, value, "must be a date written YYYY-MM-DD") from None


def _text(value: str | None) -> str | None:
    return value.strip() or None if value else None


def _texts(values: Sequence[str]) -> tuple[str, ...]:
    return tuple(v.strip() for v in values if v.strip())
