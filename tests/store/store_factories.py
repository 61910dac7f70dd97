"""Small builders for the store tests: real-looking incidents and actors, nothing stored."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

from sqlalchemy import Connection

from cdtoolbox.model import (
    AttributingParty,
    Attribution,
    Incident,
    IncidentType,
    Organisation,
    PartialDate,
    PartyKind,
    Source,
    ThreatActor,
    Tlp,
)
from cdtoolbox.store import Database


def actor(actor_id: str, name: str, *aliases: str, sponsor: str | None = None) -> ThreatActor:
    return ThreatActor(
        id=actor_id,
        slug=actor_id,
        name=name,
        aliases=aliases,
        sponsor=sponsor,
        country=sponsor,
        description=f"{name}, a test actor.",
    )


def incident(
    incident_id: str,
    *,
    title: str | None = None,
    start: str | None = None,
    end: str | None = None,
    **changes: object,
) -> Incident:
    plain = Incident(
        id=incident_id,
        slug=incident_id,
        title=title or incident_id.replace("-", " ").title(),
        start=PartialDate.parse(start) if start else None,
        end=PartialDate.parse(end) if end else None,
    )
    return plain.evolve(**changes)


def state_attribution(state: str, by: str = "GB", actor_id: str | None = None) -> Attribution:
    return Attribution(
        party=AttributingParty(PartyKind.STATE, by, by), actor_id=actor_id, state=state
    )


ACTORS = (
    actor("apt28", "APT28", "Fancy Bear", "Sofacy", "STRONTIUM", sponsor="RU"),
    actor("sandworm", "Sandworm", "Voodoo Bear", "ELECTRUM", sponsor="RU"),
    actor("equation", "Equation Group", sponsor="US"),
    actor("lazarus", "Lazarus Group", "HIDDEN COBRA", sponsor="KP"),
)


def reference_incidents() -> tuple[Incident, ...]:
    """Six incidents covering every filter, modelled on well-known cases."""
    return (
        incident(
            "stuxnet",
            start="2009-06",
            end="2010",
            summary="A worm that destroyed centrifuges at the Natanz enrichment plant.",
            types=(IncidentType.SABOTAGE,),
            victim_countries=("IR",),
            victim_sectors=("energy.nuclear",),
            actor_ids=("equation",),
        ),
        incident(
            "notpetya",
            start="2017-06-27",
            summary="A wiper disguised as ransomware spread through accounting software.",
            types=(IncidentType.WIPER, IncidentType.SUPPLY_CHAIN),
            victim_countries=("UA", "DE"),
            victim_sectors=("finance.banking", "energy.electricity"),
            actor_ids=("sandworm",),
            attributions=(state_attribution("RU", actor_id="sandworm"),),
            tlp=Tlp.GREEN,
        ),
        incident(
            "ukraine-grid-2015",
            start="2015-12-23",
            summary="Substations were switched off, cutting power to 225,000 customers.",
            types=(IncidentType.SABOTAGE,),
            victim_countries=("UA",),
            victim_sectors=("energy.electricity",),
            actor_ids=("sandworm",),
            tlp=Tlp.AMBER,
        ),
        incident(
            "bundestag-2015",
            start="2015-05",
            end="2015-06",
            title="Parliament network intrusion",
            types=(IncidentType.ESPIONAGE,),
            victim_countries=("DE",),
            victim_sectors=("government",),
            victim_organisations=(Organisation("Deutscher Bundestag", "DE", "government"),),
            attributions=(state_attribution("RU", by="DE", actor_id="apt28"),),
            tlp=Tlp.AMBER_STRICT,
        ),
        incident(
            "undated-leak",
            summary="Internal mail of a newspaper was published.",
            types=(IncidentType.HACK_AND_LEAK,),
            victim_countries=("FR",),
            victim_sectors=("media",),
            sources=(Source("Reuters report on the leak", published=date(2020, 3, 1)),),
            attributions=(
                Attribution(AttributingParty(PartyKind.COMPANY, "Acme Security"), state="CN"),
            ),
            tlp=Tlp.RED,
        ),
        incident(
            "energy-services-ddos",
            start="2019-02-01",
            summary="Websites of an energy services firm were flooded.",
            types=(IncidentType.DDOS,),
            victim_countries=("NL",),
            victim_sectors=("energyservices",),
        ),
    )


def save(database: Database, *incidents: Incident) -> tuple[Incident, ...]:
    """Store the reference actors and ``incidents``; return the incidents as stored."""
    with database.transaction() as repositories:
        repositories.actors.upsert_many(ACTORS)
        return tuple(repositories.incidents.add(item) for item in incidents)


def examples_for(backend: str) -> int:
    """Hypothesis examples per test: fewer on PostgreSQL, where each costs a round trip."""
    return 10 if backend == "postgres" else 60


@contextmanager
def stored_at_revision(database: Database, revision: str) -> Iterator[Connection]:
    """A connection to ``database`` migrated up to ``revision``, for writing rows as an older
    release stored them; on leaving, the database is migrated to the head and committed."""
    from alembic import command

    from cdtoolbox.store.database import _alembic_config

    with database.connect(read_only=False) as connection:
        config = _alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
        yield connection
        command.upgrade(config, "head")
        connection.commit()
