"""A situation report as a document: one approved version of a sitrep, under its TLP banner.

Built from the version as stored, so the document says exactly what the approver approved;
it names the version, who drafted and who approved it, so a reader can tell which one they
hold when a later version supersedes it.
"""

from __future__ import annotations

from dataclasses import dataclass

from cdtoolbox.model import Incident
from cdtoolbox.model.sitrep import SITREP_SECTIONS, Sitrep

__all__ = ["SITREP_SCHEMA", "SitrepDocument", "SitrepSection", "build_sitrep", "sitrep_markdown"]

SITREP_SCHEMA = "cdtoolbox/sitrep/1"
"""Names the JSON layout (docs/situation.md); a change that breaks readers gets a new number."""


@dataclass(frozen=True, slots=True)
class SitrepSection:
    heading: str
    text: str


@dataclass(frozen=True, slots=True)
class SitrepDocument:
    schema: str
    sitrep_id: str
    version: int
    incident_slug: str
    incident_title: str
    tlp: str  # "amber"
    tlp_label: str  # "TLP:AMBER"
    drafted: str  # "2026-11-25 09:00 UTC by ana"
    approved: str
    sections: tuple[SitrepSection, ...]


def build_sitrep(sitrep: Sitrep, incident: Incident) -> SitrepDocument:
    """``sitrep`` (an approved version) about ``incident`` as a document."""
    assert sitrep.approved_at is not None  # only approved versions are exported
    return SitrepDocument(
        schema=SITREP_SCHEMA,
        sitrep_id=sitrep.id,
        version=sitrep.version,
        incident_slug=incident.slug,
        incident_title=incident.title,
        tlp=sitrep.tlp.value,
        tlp_label=sitrep.tlp.label,
        drafted=f"{sitrep.drafted_at:%Y-%m-%d %H:%M} UTC by {sitrep.drafted_by}",
        approved=f"{sitrep.approved_at:%Y-%m-%d %H:%M} UTC by {sitrep.approved_by}",
        sections=tuple(
            SitrepSection(heading, str(getattr(sitrep, field)).strip())
            for field, heading in SITREP_SECTIONS
        ),
    )


def sitrep_markdown(document: SitrepDocument) -> str:
    """The sitrep as Markdown, its TLP label first and last as on every printed page."""
    lines = [
        f"**{document.tlp_label}**",
        "",
        f"# Situation report: {document.incident_title}",
        "",
        f"Sitrep {document.sitrep_id}, version {document.version}. "
        f"Drafted {document.drafted}; approved {document.approved}.",
    ]
    for section in document.sections:
        lines += ["", f"## {section.heading}", "", section.text]
    lines += ["", f"**{document.tlp_label}**", ""]
    return "\n".join(lines)
