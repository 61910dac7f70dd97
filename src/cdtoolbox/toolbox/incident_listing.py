"""An incident as a list shows it: who was officially held responsible, by which actor, and
how the EU answered publicly — the columns EuRepoC's and the CFR tracker's readers expect."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cdtoolbox.model import Incident, PartialDate

if TYPE_CHECKING:
    from cdtoolbox.knowledge import KnowledgeBase
    from cdtoolbox.model import PublicResponse

__all__ = ["EuResponse", "ListedIncident", "listed_incident"]


@dataclass(frozen=True)
class EuResponse:
    """One public response of the EU on record for an incident."""

    response_id: str
    instrument: str  # the Toolbox instrument's name
    date: PartialDate
    url: str | None  # the first source that is a web address, when there is one


@dataclass(frozen=True)
class ListedIncident:
    """``actors`` are the incident's own actors or, when it names none, the actors its
    attributions name, with ``actors_attributed`` true; each paired with the name the reader
    may see (an actor above their clearance keeps its id, as everywhere else)."""

    incident: Incident
    attributed_states: tuple[str, ...]  # ISO alpha-2, officially and publicly named
    actors: tuple[tuple[str, str], ...]  # (actor id, name)
    actors_attributed: bool
    eu_responses: tuple[EuResponse, ...]


def listed_incident(
    incident: Incident,
    knowledge: KnowledgeBase,
    names: Mapping[str, str],
    responses: Sequence[PublicResponse],
) -> ListedIncident:
    """``responses`` are the confirmed public responses concerning the incident that the
    reader may read (``ResponseRepository.list``)."""
    actor_ids = incident.actor_ids or incident.attributed_actor_ids
    return ListedIncident(
        incident=incident,
        attributed_states=incident.officially_attributed_states,
        actors=tuple((actor, names.get(actor, actor)) for actor in actor_ids),
        actors_attributed=not incident.actor_ids and bool(actor_ids),
        eu_responses=_eu_responses(responses, knowledge),
    )


def _eu_responses(
    responses: Sequence[PublicResponse], knowledge: KnowledgeBase
) -> tuple[EuResponse, ...]:
    # Here, not at the top: the responses' module brings the diplomatic instruments' types,
    # which a command listing incidents without their responses never needs.
    from cdtoolbox.model import RespondingPartyKind

    return tuple(
        EuResponse(
            response_id=response.id,
            instrument=knowledge.instruments.get(response.instrument_id).name,
            date=response.date,
            url=next((s for s in response.sources if s.startswith(("https://", "http://"))), None),
        )
        for response in responses
        # An EU response always names its instrument (checked when it is written).
        if response.party_kind is RespondingPartyKind.EU and response.instrument_id is not None
    )
