"""A partner country's profile, read for one reader from the registers that already hold it:
the capacity-building projects, the CBM tracker, the incidents and the points of contact.

Each part is read through the same path as its own listing (``cdt capacity list --partner``,
``cdt cbms status``, ``cdt incidents list --victim-country`` / ``--sponsor``, ``cdt pocs list
--state``), so a profile never shows a reader more than those do: it honours the reader's TLP
and EU classification clearances as they do, and fails closed as they do.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cdtoolbox.model import IncidentFilter
from cdtoolbox.model.access import Permission, User
from cdtoolbox.model.partner_profile import PartnerIncident, PartnerProfile, budget_over_time
from cdtoolbox.store.database import Database
from cdtoolbox.toolbox import cooperation_inputs as inputs
from cdtoolbox.toolbox.access import require
from cdtoolbox.toolbox.knowledge_source import KnowledgeSource

if TYPE_CHECKING:
    from cdtoolbox.toolbox.assessments import AssessmentService
    from cdtoolbox.toolbox.cbm_tracker import CbmService
    from cdtoolbox.toolbox.incidents import IncidentService
    from cdtoolbox.toolbox.pocs import PocService

__all__ = ["PartnerProfiles"]

_ENTITY = "partner profile"


class PartnerProfiles:
    def __init__(
        self,
        database: Database,
        knowledge: KnowledgeSource,
        *,
        cbms: CbmService,
        pocs: PocService,
        incidents: IncidentService,
        assessments: AssessmentService,
    ) -> None:
        self._database = database
        self._knowledge = knowledge
        self._cbms = cbms
        self._pocs = pocs
        self._incidents = incidents
        self._assessments = assessments

    def read(self, country: str, *, by: User) -> PartnerProfile:
        """The profile of ``country`` (an ISO code or a name) as ``by`` may read it; a
        country the registers hold nothing readable on has an empty profile."""
        require(by, Permission.READ)
        knowledge = self._knowledge.get()
        code = inputs.state(knowledge, _ENTITY, country or "", "country")
        with self._database.read() as store:
            projects = tuple(
                project
                for project in store.capacity.list(by.clearance, by.classification_clearance)
                if project.serves(code)
            )
        suffered = self._incidents_of(IncidentFilter(victim_countries=(code,)), code, by)
        attributed = self._incidents_of(IncidentFilter(sponsors=(code,)), code, by)
        contacts = self._pocs.list(state=code, by=by)
        return PartnerProfile(
            country=code,
            name=knowledge.countries.get(code).name,
            projects=projects,
            budget=budget_over_time(projects),
            cbm=self._cbms.status(code, by=by),
            suffered=suffered,
            attributed=attributed,
            contacts=contacts,
            stale_contacts=frozenset(c.id for c in contacts if self._pocs.is_stale(c)),
        )

    def _incidents_of(
        self, query: IncidentFilter, code: str, by: User
    ) -> tuple[PartnerIncident, ...]:
        incidents = [
            incident for page in self._incidents.pages(query, by=by) for incident in page.items
        ]
        # Read from the precedent index, where each level is computed once per store version.
        levels = self._assessments.severity_levels(incidents, by=by)
        return tuple(
            PartnerIncident(
                incident=incident,
                severity=levels[incident.id],
                officially_attributed=code in incident.officially_attributed_states,
            )
            for incident in incidents
        )
