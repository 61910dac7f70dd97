"""Did the actor or its sponsor strike again after the response?

A later incident sharing a case's actor or sponsor State is flagged on the case (and, by the
same rule, in the actor's history). Later means: starting after the case was decided, or
after its latest incident when it is not decided yet.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date

from cdtoolbox.model.case import RecidivismFlag
from cdtoolbox.model.incident import Incident

__all__ = ["CaseSubjects", "case_subjects", "later_incidents", "reference_date"]


class CaseSubjects:
    """The actors and sponsor States a case responded to."""

    def __init__(self, actor_ids: Iterable[str], states: Iterable[str]) -> None:
        self.actor_ids = tuple(sorted(set(actor_ids)))
        self.states = tuple(sorted(set(states)))

    def __bool__(self) -> bool:
        return bool(self.actor_ids or self.states)


def case_subjects(
    incidents: Sequence[Incident], sponsors: Mapping[str, str | None]
) -> CaseSubjects:
    """``sponsors``: actor id -> the actor's suspected sponsor State (alpha-2), if known."""
    actors = {actor for incident in incidents for actor in incident.actor_ids}
    actors |= {a.actor_id for i in incidents for a in i.attributions if a.actor_id}
    states = {state for incident in incidents for state in incident.attributed_states}
    states |= {sponsor for actor in actors if (sponsor := sponsors.get(actor))}
    return CaseSubjects(actors, states)


def reference_date(incidents: Sequence[Incident], decided: date | None) -> date | None:
    if decided is not None:
        return decided
    starts = [i.start.earliest for i in incidents if i.start is not None]
    return max(starts) if starts else None


def later_incidents(
    subjects: CaseSubjects,
    candidates: Iterable[Incident],
    *,
    after: date,
    excluded: Iterable[str],
    sponsors: Mapping[str, str | None],
    actor_names: Mapping[str, str],
) -> tuple[RecidivismFlag, ...]:
    skip = set(excluded)
    flags: list[RecidivismFlag] = []
    for incident in candidates:
        if incident.id in skip or incident.start is None or incident.start.earliest <= after:
            continue
        shared = _shared(subjects, incident, sponsors, actor_names)
        if shared:
            flags.append(
                RecidivismFlag(
                    incident_id=incident.id,
                    slug=incident.slug,
                    title=incident.title,
                    start=str(incident.start),
                    shared=shared,
                )
            )
    flags.sort(key=lambda flag: (flag.start or "", flag.slug))
    return tuple(flags)


def _shared(
    subjects: CaseSubjects,
    incident: Incident,
    sponsors: Mapping[str, str | None],
    actor_names: Mapping[str, str],
) -> str:
    actors = set(incident.actor_ids) | {a.actor_id for a in incident.attributions if a.actor_id}
    common_actors = sorted(actors & set(subjects.actor_ids))
    if common_actors:
        return "actor " + ", ".join(actor_names.get(a, a) for a in common_actors)
    states = set(incident.attributed_states) | {s for a in actors if (s := sponsors.get(a))}
    common_states = sorted(states & set(subjects.states))
    if common_states:
        return "sponsor State " + ", ".join(common_states)
    return ""
