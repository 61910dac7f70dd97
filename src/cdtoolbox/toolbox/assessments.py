"""Assessments of stored incidents, with the other stored incidents as precedents and the
cooperation registers' records on the States they name."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from cdtoolbox.assess import (
    Assessment,
    Assessor,
    CalibrationReport,
    LawFinding,
    NormFinding,
    PrecedentIndex,
    SetCalibrationReport,
    calibrate,
    calibrate_set,
)
from cdtoolbox.ingest.calibration_set import read_calibration_set
from cdtoolbox.model import Incident, IncidentFilter
from cdtoolbox.model.access import Permission, User
from cdtoolbox.model.sanctions import ListingFilter
from cdtoolbox.model.vocabulary import Classification, SeverityLevel, Tlp
from cdtoolbox.store import Database, RecordKind
from cdtoolbox.toolbox.access import require
from cdtoolbox.toolbox.actor_names import ActorCatalogues
from cdtoolbox.toolbox.assessment_batch import assessed_json, available_cores
from cdtoolbox.toolbox.cooperation_context import read_cooperation_context
from cdtoolbox.toolbox.derived import DerivedCache, DerivedView
from cdtoolbox.toolbox.incidents import IncidentService
from cdtoolbox.toolbox.knowledge_source import KnowledgeSource
from cdtoolbox.toolbox.sanctions import EU_CYBER_REGIME

__all__ = ["AssessmentService"]


class AssessmentService:
    """Assessments of stored incidents, with every other stored incident as a precedent.

    The engine is pure; this service gathers its inputs. The engine and a precedent index per
    clearance are kept in the Toolbox's cache until the stored incidents or actors change (a
    write by any process).
    """

    def __init__(
        self,
        database: Database,
        knowledge: KnowledgeSource,
        actors: ActorCatalogues,
        incidents: IncidentService,
        cache: DerivedCache,
        *,
        max_staleness: float,
    ) -> None:
        self._database = database
        self._knowledge = knowledge
        self._actors = actors
        self._incidents = incidents
        self._assessors: DerivedView[None, Assessor] = cache.view(
            derives_from=[RecordKind.ACTORS, RecordKind.SANCTIONS]
        )
        # One precedent index per clearance it was built for (TLP None: every stored
        # incident), with the confirmed responses that clearance and classification may read.
        # ``max_staleness`` (seconds) is how old one may grow once the incidents or actors
        # changed (Staleness); every assessment still leaves out precedents now above the
        # reader's clearance or withdrawn. A response confirmed (or re-marked) rebuilds it at
        # once: the analyst who confirms one expects the next assessment to read it.
        self._indexes: DerivedView[_IndexKey, PrecedentIndex] = cache.view(
            derives_from=[RecordKind.INCIDENTS, RecordKind.ACTORS, RecordKind.RESPONSES],
            max_staleness=max_staleness,
            exact_for=[RecordKind.RESPONSES],
        )

    def assessor(self) -> Assessor:
        return self._assessors.value(None, self._build_assessor)

    def _build_assessor(self, _: None) -> Assessor:
        # The store holds every actor a stored incident may name (the galaxies' as stored by
        # `init`, and imported ones), so the galaxies themselves are never loaded here. Every
        # actor, whatever its marking: the assessor is shared by all readers and only reads
        # the actors an incident names. Imports never let an incident name an actor marked
        # above it (formats.stix.folding, formats.misp.events_import).
        actors = self._actors.at(Tlp.RED).all()
        # The register as stored (amendments and delistings included), not as bundled;
        # reading it here also spares resolving the bundled one against the galaxies.
        with self._database.read() as store:
            query = ListingFilter(regime_id=EU_CYBER_REGIME, active=True)
            listings = tuple(store.sanctions.list(query))
        return Assessor(self._knowledge.get(), actors=actors, listings=listings)

    def assess(self, key: str, *, by: User) -> Assessment:
        """The assessment of one incident (by id or slug) that ``by`` may read."""
        return self.assess_incident(self._incidents.get(key, by=by), by=by)

    def assess_incident(self, incident: Incident, *, by: User) -> Assessment:
        """Precedents are drawn only from the incidents ``by`` may read, so an assessment
        never names an incident above their clearance."""
        require(by, Permission.READ)
        key = _index_key(by)
        built = self._indexes.get(key, self._build_index)
        assessor = self.assessor()
        # Only the records on the States this incident names: a few small reads.
        cooperation = read_cooperation_context(
            self._database, by.clearance, assessor.cooperation_states(incident, built.value)
        )
        assessment = assessor.assess(incident, built.value, cooperation)
        return assessment if built.current else self._still_readable(assessment, key[0])

    def severity_levels(
        self, incidents: Iterable[Incident], *, by: User
    ) -> dict[str, SeverityLevel]:
        """The most likely severity of each of ``incidents`` (by id), the level their
        assessment gives and lists sort by. A stored incident's is read from the precedent
        index of ``by``'s clearance, where it is computed once and kept until the incidents
        change; only an incident the index does not hold in that version is assessed here."""
        require(by, Permission.READ)
        index = self._indexes.get(_index_key(by), self._build_index).value
        indexed = {precedent.incident.id: precedent.incident for precedent in index}
        levels: dict[str, SeverityLevel] = {}
        for incident in incidents:
            own = indexed.get(incident.id)
            # The index shares its work only with the very object it indexed.
            same = own if own is not None and own.version == incident.version else incident
            levels[incident.id] = index.severity(index.facts(same)).level
        return levels

    def norms_and_law(
        self, incident: Incident, *, by: User
    ) -> tuple[tuple[NormFinding, ...], tuple[LawFinding, ...]]:
        """The norm and law findings of ``assess_incident``, without its precedents."""
        require(by, Permission.READ)
        return self.assessor().norms_and_law(incident)

    def assess_all(self, *, by: User) -> Iterator[Assessment]:
        """The assessment of every stored incident ``by`` may read, newest first."""
        require(by, Permission.READ)
        assessor, index = (
            self.assessor(),
            self._indexes.value(_index_key(by), self._build_index),
        )
        # The registers are small: read once for every State rather than once per incident.
        cooperation = read_cooperation_context(self._database, by.clearance, None)
        # The index holds every readable incident in store order: no second read of the store.
        for precedent in index:
            yield assessor.assess(precedent.incident, index, cooperation)

    def assess_all_json(self, *, by: User) -> Iterator[bytes]:
        """``assess_all`` as each assessment's compact JSON (``assessment_to_json``), in the
        same order; a large store is assessed on every core of the machine."""
        require(by, Permission.READ)
        index = self._indexes.value(_index_key(by), self._build_index)
        # The registers are small: read once for every State rather than once per incident.
        cooperation = read_cooperation_context(self._database, by.clearance, None)
        return assessed_json(self.assessor(), index, cooperation, processes=available_cores())

    def calibrate(self, *, by: User) -> CalibrationReport:
        """Recommended response tier against the EU's actual public response, for each
        incident ``by`` may read."""
        require(by, Permission.READ)
        # The responses file, not the store: its coded responses are the truth the engine is
        # measured against (docs/assessment.md), which an analyst's confirmation must not move.
        return calibrate(self._stored_incidents(_index_key(by)[0]), self.assessor())

    def calibrate_set(self, folder: Path, *, by: User) -> SetCalibrationReport:
        """The engine against a hand-coded calibration set (incident files with their labels,
        docs/assessment.md). The set's incidents are each other's only precedents: stored
        incidents may be the same real incidents with the EU's response on record, which
        would give the answer away. It reads no stored record, but acts for ``by`` all the same."""
        require(by, Permission.READ)
        calibration_set = read_calibration_set(folder, self._knowledge.get())
        return calibrate_set(calibration_set, self.assessor())

    def _build_index(self, key: _IndexKey) -> PrecedentIndex:
        clearance, classification = key
        with self._database.read() as store:
            responses = store.responses.confirmed_for(None, clearance or Tlp.RED, classification)
        assessor = self.assessor()
        return assessor.index(
            assessor.precedents_from(self._stored_incidents(clearance), responses)
        )

    def _still_readable(self, assessment: Assessment, clearance: Tlp | None) -> Assessment:
        """The assessment without precedents withdrawn or re-marked above ``clearance`` since
        the index was built."""
        cited = {p.incident_id for p in assessment.precedents}
        with self._database.read() as store:
            found = store.incidents.get_many(sorted(cited))
        readable = {
            incident.slug
            for incident in found.values()
            if clearance is None or incident.tlp.rank <= clearance.rank
        }
        if all(p.slug in readable for p in assessment.precedents):
            return assessment
        return replace(
            assessment,
            precedents=tuple(p for p in assessment.precedents if p.slug in readable),
            options=tuple(
                replace(o, precedents=tuple(s for s in o.precedents if s in readable))
                for o in assessment.options
            ),
        )

    def _stored_incidents(self, clearance: Tlp | None) -> list[Incident]:
        """Every stored incident at or below ``clearance`` (None: every one)."""
        with self._database.read() as store:
            return list(store.incidents.every(IncidentFilter(max_tlp=clearance)))


# The clearances a precedent index is built for: TLP (None when it covers every incident)
# and EU classification (of the responses it reads).
_IndexKey = tuple[Tlp | None, Classification | None]


def _index_key(by: User) -> _IndexKey:
    """The key of the precedent index for ``by``."""
    return (None if by.clearance is Tlp.RED else by.clearance, by.classification_clearance)
