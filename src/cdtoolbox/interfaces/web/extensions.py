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
from cdtoolbox.toolbox import Toolbox

__all__ = [
    "DEFAULT_EXPORTS",
    "DEFAULT_NAVIGATION",
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

    ``load`` makes the Toolbox call; ``template`` renders what it returned, available to the
    template as ``data`` (and the page's subject as ``subject``).
    """

    id: str  # the section's HTML id, for links to it
    title: str
    template: str
    load: Callable[[Toolbox, SubjectT], object | None]


DEFAULT_NAVIGATION = (
    NavItem("Dashboard", "/"),
    NavItem("Incidents", "/incidents"),
    NavItem("Actors", "/actors"),
    NavItem("Norms", "/norms"),
    NavItem("Law", "/law"),
    NavItem("Instruments", "/instruments"),
    NavItem("CBMs", "/cbms"),
    NavItem("Import", "/import"),
    NavItem("API", "/api"),
)

DEFAULT_EXPORTS = (
    ExportFormat("CSV", "/incidents/export.csv", "text/csv"),
    ExportFormat("JSON", "/incidents/export.json", "application/json"),
)


ASSESSMENT_SECTION: PageSection[Incident] = PageSection(
    "assessment",
    "Assessment",
    "incidents/assessment.html",
    lambda toolbox, incident: toolbox.assessments.assess_incident(incident),
)


@dataclass
class WebExtensions:
    navigation: list[NavItem] = field(default_factory=lambda: list(DEFAULT_NAVIGATION))
    incident_exports: list[ExportFormat] = field(default_factory=lambda: list(DEFAULT_EXPORTS))
    dashboard_sections: list[PageSection[None]] = field(default_factory=list)
    incident_sections: list[PageSection[Incident]] = field(
        default_factory=lambda: [ASSESSMENT_SECTION]
    )
    actor_sections: list[PageSection[ThreatActor]] = field(default_factory=list)
    norm_sections: list[PageSection[Norm]] = field(default_factory=list)
    # Folders searched for section templates before the package's own templates.
    template_directories: list[Path] = field(default_factory=list)


def loaded_sections(
    sections: list[PageSection[SubjectT]], toolbox: Toolbox, subject: SubjectT
) -> list[tuple[PageSection[SubjectT], object]]:
    """The sections that have something to show, with what their loader returned."""
    shown = []
    for section in sections:
        data = section.load(toolbox, subject)
        if data is not None:
            shown.append((section, data))
    return shown
