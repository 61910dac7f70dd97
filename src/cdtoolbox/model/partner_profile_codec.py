"""The document form of a partner profile, as ``cdt capacity partner --json`` prints it and the
API answers it. One way only: a profile is read from the registers, never written back."""

from __future__ import annotations

from cdtoolbox.model.capacity_codec import project_to_dict
from cdtoolbox.model.cooperation_codec import implementation_to_dict, poc_to_dict
from cdtoolbox.model.dataclass_codec import Codec, Document
from cdtoolbox.model.partner_profile import (
    BudgetYear,
    PartnerBudget,
    PartnerIncident,
    PartnerProfile,
)
from cdtoolbox.model.vocabulary import SeverityLevel

__all__ = ["profile_to_dict"]

BUDGETS = Codec(
    PartnerBudget,
    keys=["years", "total_eur", "undated", "undated_eur", "unbudgeted"],
    codecs=[Codec(BudgetYear)],
)


def profile_to_dict(profile: PartnerProfile) -> Document:
    cbm = profile.cbm
    return {
        "country": profile.country,
        "name": profile.name,
        "empty": profile.is_empty,
        "projects": [project_to_dict(p) for p in profile.projects],
        "themes": [
            {"theme": theme.value, "label": theme.label, "projects": count}
            for theme, count in profile.themes
        ],
        "budget": BUDGETS.encode(profile.budget),
        "cbm": {
            "frameworks": list(cbm.frameworks),
            "measures": len(cbm.measure_ids),
            "statuses": {status.value: count for status, count in profile.cbm_counts},
            "records": [implementation_to_dict(r) for r in cbm.records],
        },
        "incidents_suffered": _incidents(profile.suffered, profile.highest_suffered),
        "incidents_attributed": _incidents(profile.attributed, profile.highest_attributed),
        "contacts": [
            {**poc_to_dict(c), "stale": c.id in profile.stale_contacts} for c in profile.contacts
        ],
    }


def _incidents(found: tuple[PartnerIncident, ...], highest: SeverityLevel | None) -> Document:
    return {
        "total": len(found),
        "highest_severity": highest.value if highest else None,
        "items": [_incident(item) for item in found],
    }


def _incident(item: PartnerIncident) -> Document:
    # The columns of the incident list, with the severity and how the State is named.
    incident = item.incident
    return {
        "id": incident.id,
        "slug": incident.slug,
        "title": incident.title,
        "start": str(incident.start) if incident.start else None,
        "types": [t.value for t in incident.types],
        "victim_countries": list(incident.victim_countries),
        "attributed_states": list(incident.attributed_states),
        "severity": item.severity.value,
        "officially_attributed": item.officially_attributed,
        "tlp": incident.tlp.value,
        "classification": incident.classification.value if incident.classification else None,
    }
