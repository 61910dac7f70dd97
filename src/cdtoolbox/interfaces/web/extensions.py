"""What the pages show besides their own content, as data: the navigation, the export formats
of the incident list and extra page sections fed by other parts of the Toolbox.

A later feature (the assessment of an incident, the response cases, the sanctions register,
STIX export) joins the pages by adding an entry here when the application is built — no
template or view changes. A section whose loader returns ``None`` is left out of the page,
so a page never shows a heading without content.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

from cdtoolbox.model import Incident, Norm, ThreatActor
from cdtoolbox.model.access import Permission, User
from cdtoolbox.model.sanctions import Listing
from cdtoolbox.model.taxii import STIX_MEDIA_TYPE
from cdtoolbox.toolbox import Toolbox

__all__ = [
    "ACTOR_SANCTIONS_SECTION",
    "ASSESSMENT_SECTION",
    "DEFAULT_EXPORTS",
    "DEFAULT_NAVIGATION",
    "INCIDENT_SANCTIONS_SECTION",
    "REVIEW_WINDOW_DAYS",
    "SANCTIONS_REVIEWS_SECTION",
    "ExportFormat",
    "NavItem",
    "PageSection",
    "WebExtensions",
    "loaded_sections",
]

SubjectT = TypeVar("SubjectT")


@dataclass(frozen=True)
class NavItem:
    label: str
    path: str
    signed_in: bool = False  # shown to signed-in users only
    permission: Permission | None = None  # shown to users holding it only

    def shown_to(self, user: User, signed_in: bool) -> bool:
        if self.signed_in and not signed_in:
            return False
        return self.permission is None or user.can(self.permission)

    def is_current(self, path: str) -> bool:
        if self.path == "/":
            return path == "/"
        return path == self.path or path.startswith(self.path + "/")


@dataclass(frozen=True)
class ExportFormat:
    """A download of the incidents matching the current filters, at ``path?<filters>``."""

    label: str
    path: str
    media_type: str


@dataclass(frozen=True)
class PageSection(Generic[SubjectT]):
    """An extra section of a page about ``SubjectT`` (an incident, an actor, a norm).

    ``load`` makes the Toolbox call on behalf of the reader (whose clearance it must respect);
    ``template`` renders what it returned, available to the template as ``data`` (and the
    page's subject as ``subject``).
    """

    id: str  # the section's HTML id, for links to it
    title: str
    template: str
    load: Callable[[Toolbox, SubjectT, User], object | None]


DEFAULT_NAVIGATION = (
    NavItem("Dashboard", "/"),
    NavItem("Incidents", "/incidents"),
    NavItem("Situation", "/situation"),
    NavItem("Requests", "/requests"),
    NavItem("Cases", "/cases", signed_in=True),
    NavItem("Actors", "/actors"),
    NavItem("Sanctions", "/sanctions"),
    NavItem("Statements", "/statements"),
    NavItem("Norms", "/norms"),
    NavItem("Law", "/law"),
    NavItem("Instruments", "/instruments"),
    NavItem("CBMs", "/cbms"),
    NavItem("Contacts", "/pocs"),
    NavItem("Dialogues", "/dialogues"),
    NavItem("Capacity", "/capacity"),
    NavItem("UN", "/un"),
    NavItem("PQC", "/pqc"),
    NavItem("Reports", "/reports"),
    NavItem("Import", "/import", signed_in=True, permission=Permission.IMPORT),
    NavItem("API", "/api"),
    NavItem("Audit", "/audit", signed_in=True, permission=Permission.READ_AUDIT),
    NavItem("Accounts", "/accounts", signed_in=True, permission=Permission.MANAGE_USERS),
)

DEFAULT_EXPORTS = (
    ExportFormat("CSV", "/incidents/export.csv", "text/csv"),
    ExportFormat("JSON", "/incidents/export.json", "application/json"),
    ExportFormat("STIX 2.1", "/incidents/export.stix", STIX_MEDIA_TYPE),
)


ASSESSMENT_SECTION: PageSection[Incident] = PageSection(
    "assessment",
    "Assessment",
    "incidents/assessment.html",
    # Precedents come only from incidents the reader may read.
    lambda toolbox, incident, reader: toolbox.assessments.assess_incident(incident, by=reader),
)


# The sanctions register's sections. Each loader returns what to show even when it is empty:
# "no listing" is an answer an analyst needs, not a section to leave out.

#: The dashboard shows the renewal dates within this many days, and any already passed.
REVIEW_WINDOW_DAYS = 90


def _actor_listings(toolbox: Toolbox, actor: ThreatActor, reader: User) -> tuple[Listing, ...]:
    # By id: an actor's name may be shared with another actor, its id never is.
    return toolbox.sanctions.list(actor=actor.id, by=reader)


def _incident_listings(toolbox: Toolbox, incident: Incident, reader: User) -> tuple[Listing, ...]:
    return toolbox.sanctions.by_incident(incident.id, by=reader)


def _upcoming_reviews(toolbox: Toolbox, _: None, reader: User) -> dict[str, object]:
    reviews = toolbox.sanctions.upcoming_reviews(within_days=REVIEW_WINDOW_DAYS, by=reader)
    return {"reviews": reviews, "window": REVIEW_WINDOW_DAYS}


ACTOR_SANCTIONS_SECTION: PageSection[ThreatActor] = PageSection(
    "sanctions", "Sanctions status", "sanctions/actor_section.html", _actor_listings
)
INCIDENT_SANCTIONS_SECTION: PageSection[Incident] = PageSection(
    "sanctions", "Sanctions listings", "sanctions/incident_section.html", _incident_listings
)
SANCTIONS_REVIEWS_SECTION: PageSection[None] = PageSection(
    "sanctions-reviews",
    "Upcoming sanctions reviews",
    "sanctions/reviews_section.html",
    _upcoming_reviews,
)


def _statements_sections() -> tuple[PageSection[Incident], PageSection[ThreatActor]]:
    # Imported on use: the sections live beside the statement pages, which import this module.
    from cdtoolbox.interfaces.web.statement_pages import (
        ACTOR_STATEMENTS_SECTION,
        INCIDENT_STATEMENTS_SECTION,
    )

    return INCIDENT_STATEMENTS_SECTION, ACTOR_STATEMENTS_SECTION


def _sitreps_section() -> PageSection[Incident]:
    # Imported on use: the section lives beside the sitrep pages, which import this module.
    from cdtoolbox.interfaces.web.sitrep_pages import SITREPS_SECTION

    return SITREPS_SECTION


@dataclass
class WebExtensions:
    navigation: list[NavItem] = field(default_factory=lambda: list(DEFAULT_NAVIGATION))
    incident_exports: list[ExportFormat] = field(default_factory=lambda: list(DEFAULT_EXPORTS))
    dashboard_sections: list[PageSection[None]] = field(
        default_factory=lambda: [SANCTIONS_REVIEWS_SECTION]
    )
    incident_sections: list[PageSection[Incident]] = field(
        default_factory=lambda: [
            ASSESSMENT_SECTION,
            INCIDENT_SANCTIONS_SECTION,
            _sitreps_section(),
            _statements_sections()[0],
        ]
    )
    actor_sections: list[PageSection[ThreatActor]] = field(
        default_factory=lambda: [ACTOR_SANCTIONS_SECTION, _statements_sections()[1]]
    )
    norm_sections: list[PageSection[Norm]] = field(default_factory=list)
    # Folders searched for section templates before the package's own templates.
    template_directories: list[Path] = field(default_factory=list)


def loaded_sections(
    sections: list[PageSection[SubjectT]], toolbox: Toolbox, subject: SubjectT, reader: User
) -> list[tuple[PageSection[SubjectT], object]]:
    """The sections that have something to show ``reader``, with what their loader returned."""
    shown = []
    for section in sections:
        data = section.load(toolbox, subject, reader)
        if data is not None:
            shown.append((section, data))
    return shown
