"""Cyber capacity building: the projects donors fund in partner countries, by theme, and the
gaps where a State suffers incidents or implements few CBMs and no project serves it.

The eight themes are the issue's closed vocabulary (after the EU's External Cyber Capacity
Building Guidelines and the Operational Guidance's pillars). A project's budget is given only
where a source gives the figure: an unknown budget is ``None``, never a guessed 0.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from cdtoolbox.model.vocabulary import Classification, SeverityLevel, Tlp

__all__ = [
    "GAP_ORDER",
    "THEMES_FOR_INCIDENT_TYPE",
    "THEMES_FOR_WEAK_CBM",
    "CapacityGap",
    "CapacityProject",
    "CapacityTheme",
    "ProjectStatus",
    "SufferedIncident",
    "find_gaps",
    "project_problem",
    "themes_for",
]


class CapacityTheme(StrEnum):
    NATIONAL_STRATEGY = "national-strategy"
    INCIDENT_RESPONSE = "incident-response"  # CSIRTs and incident handling
    CRITICAL_INFRASTRUCTURE = "critical-infrastructure"
    CYBERCRIME_LAW = "cybercrime-law"  # legislation and prosecution
    E_EVIDENCE = "e-evidence"
    CYBER_DIPLOMACY = "cyber-diplomacy"  # diplomacy and norms
    CRISIS_MANAGEMENT = "crisis-management"
    SKILLS = "skills"  # skills and awareness

    @property
    def label(self) -> str:
        return _THEME_LABELS[self]


_THEME_LABELS = {
    CapacityTheme.NATIONAL_STRATEGY: "National strategy",
    CapacityTheme.INCIDENT_RESPONSE: "CSIRT and incident response",
    CapacityTheme.CRITICAL_INFRASTRUCTURE: "Critical-infrastructure protection",
    CapacityTheme.CYBERCRIME_LAW: "Cybercrime law and prosecution",
    CapacityTheme.E_EVIDENCE: "E-evidence",
    CapacityTheme.CYBER_DIPLOMACY: "Cyber diplomacy and norms",
    CapacityTheme.CRISIS_MANAGEMENT: "Crisis management",
    CapacityTheme.SKILLS: "Skills and awareness",
}


#: The themes that answer each kind of incident: what capacity building in the victim State
#: would address (a CSIRT to handle it; the law to prosecute it; protection of the systems hit).
#: Incident response answers every kind and is added to each. The reasons, kind by kind, are in
#: docs/capacity.md ("Which themes answer which incidents"); a test holds the two together.
THEMES_FOR_INCIDENT_TYPE: dict[str, tuple[CapacityTheme, ...]] = {
    "espionage": (CapacityTheme.NATIONAL_STRATEGY, CapacityTheme.CYBER_DIPLOMACY),
    "data-breach": (CapacityTheme.CYBERCRIME_LAW, CapacityTheme.E_EVIDENCE),
    "ransomware": (
        CapacityTheme.CYBERCRIME_LAW,
        CapacityTheme.E_EVIDENCE,
        CapacityTheme.CRITICAL_INFRASTRUCTURE,
    ),
    "wiper": (CapacityTheme.CRITICAL_INFRASTRUCTURE, CapacityTheme.CRISIS_MANAGEMENT),
    "sabotage": (CapacityTheme.CRITICAL_INFRASTRUCTURE, CapacityTheme.CRISIS_MANAGEMENT),
    "ddos": (CapacityTheme.CRITICAL_INFRASTRUCTURE, CapacityTheme.CYBERCRIME_LAW),
    "defacement": (CapacityTheme.SKILLS, CapacityTheme.CYBERCRIME_LAW),
    "election-interference": (CapacityTheme.CYBER_DIPLOMACY, CapacityTheme.SKILLS),
    "hack-and-leak": (CapacityTheme.CYBER_DIPLOMACY, CapacityTheme.SKILLS),
    "supply-chain": (CapacityTheme.CRITICAL_INFRASTRUCTURE, CapacityTheme.NATIONAL_STRATEGY),
}

#: The themes weak CBM implementation calls for: confidence-building measures are a matter of
#: cyber diplomacy and norms (the EU's own CBM support runs through EU Cyber Direct, a cyber
#: diplomacy action).
THEMES_FOR_WEAK_CBM: tuple[CapacityTheme, ...] = (CapacityTheme.CYBER_DIPLOMACY,)


def themes_for(incident_types: Iterable[str]) -> tuple[CapacityTheme, ...]:
    """The themes answering incidents of ``incident_types``, incident response first."""
    found = [CapacityTheme.INCIDENT_RESPONSE]
    for kind in sorted(incident_types):
        found.extend(THEMES_FOR_INCIDENT_TYPE.get(kind, ()))
    return tuple(dict.fromkeys(found))


class ProjectStatus(StrEnum):
    PLANNED = "planned"
    ONGOING = "ongoing"
    COMPLETED = "completed"
    UNKNOWN = "unknown"  # the sources do not tell


@dataclass(frozen=True)
class CapacityProject:
    """One capacity-building project (an "action" in EU terms, an "activity" in IATI)."""

    id: str
    title: str
    funder: str
    themes: tuple[CapacityTheme, ...]
    sources: tuple[str, ...]
    instrument: str | None = None  # e.g. "NDICI-Global Europe", "IcSP"
    implementers: tuple[str, ...] = ()
    partner_countries: tuple[str, ...] = ()  # ISO 3166-1 alpha-2
    region: str | None = None  # a region id of the register, for regional projects
    budget_eur: int | None = None  # only as a source gives it
    starts_on: date | None = None
    ends_on: date | None = None
    status: ProjectStatus = ProjectStatus.UNKNOWN
    outcomes: tuple[str, ...] = ()  # outcomes and indicators as reported
    note: str | None = None  # what the sources leave open (a budget not confirmed)
    tlp: Tlp = Tlp.CLEAR
    classification: Classification | None = None  # EU classification; None: unclassified
    recorded_by: str | None = None  # None for bundled projects
    version: int = 1

    def serves(self, state: str, theme: CapacityTheme | None = None) -> bool:
        """Whether the project names ``state`` as a partner (in ``theme``, when given)."""
        return state in self.partner_countries and (theme is None or theme in self.themes)

    def evolve(self, **changes: object) -> CapacityProject:
        return replace(self, **changes)  # type: ignore[arg-type]


def project_problem(project: CapacityProject) -> tuple[str, object, str] | None:
    """What is wrong with a project, as (field, value, reason), or None."""
    if not project.title.strip():
        return "title", project.title, "is required"
    if not project.funder.strip():
        return "funder", project.funder, "is required"
    # No theme is allowed: an IATI activity whose sectors map to none is imported without
    # one (its note says so); adding a project by hand asks for one (CapacityService.add).
    if len(set(project.themes)) != len(project.themes):
        return "themes", [t.value for t in project.themes], "names a theme twice"
    if not project.partner_countries and project.region is None:
        return "partner_countries", None, "name the partner countries or the region"
    if project.budget_eur is not None and (
        isinstance(project.budget_eur, bool) or project.budget_eur < 0
    ):
        return "budget_eur", project.budget_eur, "must not be negative"
    if project.starts_on and project.ends_on and project.ends_on < project.starts_on:
        return "ends_on", project.ends_on.isoformat(), "is before the start"
    if not project.sources:
        return "sources", None, "name at least one source"
    return None


@dataclass(frozen=True)
class SufferedIncident:
    """What the gap query needs of one incident the reader may read: the States it hit, its
    kinds and its most likely severity (the level lists and charts show)."""

    states: tuple[str, ...]
    types: tuple[str, ...]
    severity: SeverityLevel


@dataclass(frozen=True)
class CapacityGap:
    """A State in need in one theme that no readable project serves there."""

    state: str
    theme: CapacityTheme
    # The incidents against the State, within the reader's clearance, whose kinds call for
    # the theme (THEMES_FOR_INCIDENT_TYPE), and the highest severity among them.
    incidents: int
    worst: SeverityLevel | None
    weak_cbm: bool  # implements fewer than half of the CBMs recorded for it

    @property
    def reasons(self) -> tuple[str, ...]:
        found = []
        if self.incidents:
            counted = f"{self.incidents} incident{'' if self.incidents == 1 else 's'}"
            if self.worst is None or self.worst is SeverityLevel.UNKNOWN:
                found.append(f"{counted}, severity unknown")
            else:
                found.append(f"{counted}, highest {self.worst.value}")
        if self.weak_cbm:
            found.append("weak CBM implementation")
        label = self.theme.label
        # Mid-sentence, lower case, except an acronym ("CSIRT and incident response").
        found.append(
            f"no {label if label.split()[0].isupper() else label[0].lower() + label[1:]} project"
        )
        return tuple(found)

    @property
    def reason(self) -> str:
        """Why this is a gap, in words: "3 incidents, highest severe; no … project"."""
        return "; ".join(self.reasons)

    @property
    def rank(self) -> tuple[int, int, bool]:
        """What orders gaps, gravest first (``GAP_ORDER``)."""
        return (self.worst.rank if self.worst else -1, self.incidents, self.weak_cbm)


#: The documented order of the gap list: the highest severity first, then the most incidents,
#: then weak CBM implementation before none, then by State and by theme (in vocabulary order).
GAP_ORDER = "highest severity, then most incidents, then weak CBM implementation, then State"


def find_gaps(
    suffered: Iterable[SufferedIncident],
    weak_cbm: Iterable[str],
    projects: Iterable[CapacityProject],
    themes: Iterable[CapacityTheme],
    states: Iterable[str] | None = None,
    providers: Iterable[str] = (),
) -> tuple[CapacityGap, ...]:
    """The (State, theme) pairs where the State suffered incidents calling for the theme or
    implements CBMs weakly (for the themes of ``THEMES_FOR_WEAK_CBM``), and no project names it
    as partner in that theme; in ``GAP_ORDER``. ``states`` narrows the answer (to a region's
    members); ``providers`` are States that provide capacity building rather than receive it,
    and never have a gap."""
    weak = set(weak_cbm)
    covered: set[tuple[str, CapacityTheme]] = set()
    for project in projects:
        for state in project.partner_countries:
            covered.update((state, theme) for theme in project.themes)
    wanted = tuple(dict.fromkeys(themes))
    allowed = None if states is None else set(states)
    provider_states = frozenset(providers)
    counts: Counter[tuple[str, CapacityTheme]] = Counter()
    worst: dict[tuple[str, CapacityTheme], SeverityLevel] = {}
    for incident in suffered:
        called = themes_for(incident.types)
        for state in dict.fromkeys(incident.states):
            for theme in called:
                key = (state, theme)
                counts[key] += 1
                if key not in worst or incident.severity.rank > worst[key].rank:
                    worst[key] = incident.severity
    needy = set(counts) | {(s, t) for s in weak for t in THEMES_FOR_WEAK_CBM}
    gaps = [
        CapacityGap(state, theme, counts[state, theme], worst.get((state, theme)), state in weak)
        for state, theme in needy
        if theme in wanted
        and (state, theme) not in covered
        and (allowed is None or state in allowed)
        and state not in provider_states
    ]
    order = list(CapacityTheme)
    gaps.sort(
        key=lambda gap: (
            tuple(-part for part in gap.rank),
            gap.state,
            order.index(gap.theme),
        )
    )
    return tuple(gaps)
