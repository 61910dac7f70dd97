"""Human-readable terminal views of incidents and actors (`--json` comes from the codec)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from rich import box
from rich.console import Group, RenderableType
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from cdtoolbox.interfaces.cli.context import fills_width, framed

if TYPE_CHECKING:
    from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.model import Attribution, Incident, ThreatActor

__all__ = ["actor_table", "actor_view", "incident_table", "incident_view"]


def _period(incident: Incident) -> str:
    if incident.start is None:
        return "date unknown"
    if incident.end is None or incident.end == incident.start:
        return str(incident.start)
    return f"{incident.start} to {incident.end}"


def _country(knowledge: KnowledgeBase, code: str) -> str:
    country = knowledge.countries.find(code)
    return country.name if country else code


def _code(knowledge: KnowledgeBase, code: str) -> str:
    # A stored code is ISO 3166-1 alpha-2 already: the list shows it as the EU does, and
    # needs no catalogue (pycountry, the galaxy) to do so.
    return knowledge.country_display_codes.get(code, code)


def _sector(knowledge: KnowledgeBase, sector_id: str) -> str:
    sector = knowledge.sectors.find(sector_id)
    return sector.name if sector else sector_id


def incident_table(
    incidents: Sequence[Incident], actor_names: Mapping[str, str], knowledge: KnowledgeBase
) -> Table:
    table = Table(header_style="bold", expand=fills_width(), box=box.SIMPLE_HEAD)
    table.add_column("Start", no_wrap=True, min_width=10)
    table.add_column("Incident (slug)", ratio=4, min_width=24, overflow="fold")
    table.add_column("Types", ratio=2, overflow="fold")
    table.add_column("Victims", ratio=1, min_width=8)
    table.add_column("Actors", ratio=2, overflow="fold")
    table.add_column("TLP", no_wrap=True)
    for incident in incidents:
        table.add_row(
            str(incident.start) if incident.start else "?",
            Text(incident.title, style="bold") + Text(f"\n{incident.slug}", style="dim"),
            "\n".join(kind.label for kind in incident.types),
            " ".join(_code(knowledge, code) for code in incident.victim_countries),
            ", ".join(actor_names.get(actor_id, actor_id) for actor_id in incident.actor_ids),
            incident.tlp.value.upper(),
        )
    return table


def incident_view(
    incident: Incident, actor_names: Mapping[str, str], knowledge: KnowledgeBase
) -> RenderableType:
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold")
    facts.add_column()
    impact = incident.impact
    rows: list[tuple[str, str | None]] = [
        ("Id", f"{incident.id}  ({incident.slug})"),
        ("Period", _period(incident)),
        ("Disclosed", str(incident.disclosed) if incident.disclosed else None),
        ("Types", ", ".join(kind.label for kind in incident.types)),
        ("Campaign", "yes" if incident.is_campaign else None),
        ("Victim countries", ", ".join(_country(knowledge, c) for c in incident.victim_countries)),
        ("Victim sectors", "; ".join(_sector(knowledge, s) for s in incident.victim_sectors)),
        ("Organisations", ", ".join(org.name for org in incident.victim_organisations)),
        ("Actors", ", ".join(actor_names.get(a, a) for a in incident.actor_ids)),
        ("Records exposed", _number(impact.records_exposed)),
        ("People affected", _number(impact.people_affected)),
        ("Systems affected", _number(impact.systems_affected)),
        (
            "Financial loss",
            f"USD {_number(impact.financial_loss_usd)}" if impact.financial_loss_usd else None,
        ),
        ("Outage", f"{impact.outage_hours:g} h" if impact.outage_hours is not None else None),
        (
            "Physical effects",
            impact.physical_effects or ("yes" if impact.physical_damage else None),
        ),
        ("Impact notes", impact.notes),
        ("Marking", f"{incident.tlp.label} · {incident.status.value} · version {incident.version}"),
    ]
    for label, value in rows:
        if value:
            facts.add_row(label, escape(value))
    parts: list[RenderableType] = [facts]
    if incident.summary:
        parts.append(Text("\n" + incident.summary.strip()))
    if incident.attributions:
        parts.append(Text("\nAttributions", style="bold"))
        for item in sorted(incident.attributions, key=_attribution_date):
            target = " and ".join(
                name
                for name in (
                    actor_names.get(item.actor_id, item.actor_id) if item.actor_id else None,
                    f"the state {_country(knowledge, item.state)}" if item.state else None,
                )
                if name
            )
            judged = ", ".join(
                value
                for value in (
                    item.likelihood.value.replace("-", " ") if item.likelihood else None,
                    f"{item.confidence.value} confidence" if item.confidence else None,
                    "/".join(basis.value for basis in item.basis) or None,
                )
                if value
            )
            when = f"{item.date}: " if item.date else ""
            line = f"• {when}{item.party.name} → {target or 'unnamed'}"
            line += f" ({judged})" if judged else ""
            if item.wording:
                line += f' — "{item.wording}"'
            parts.append(Text(line))
    if incident.sources:
        parts.append(Text("\nSources", style="bold"))
        for source in incident.sources:
            details = ", ".join(
                value
                for value in (source.publisher, str(source.published or "") or None, source.grade)
                if value
            )
            line = f"• {source.title}" + (f" ({details})" if details else "")
            parts.append(Text(line + (f"\n  {source.url}" if source.url else "")))
    return framed(incident.title, Group(*parts))


def actor_table(actors: Sequence[ThreatActor]) -> Table:
    table = Table(header_style="bold")
    table.add_column("Actor", no_wrap=True)
    table.add_column("Sponsor", no_wrap=True)
    table.add_column("Aliases")
    for actor in actors:
        aliases = ", ".join(actor.aliases[:6]) + (" …" if len(actor.aliases) > 6 else "")
        table.add_row(actor.name, actor.sponsor or "", aliases)
    return table


def actor_view(actor: ThreatActor, incidents: Sequence[Incident]) -> RenderableType:
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold")
    facts.add_column()
    rows: list[tuple[str, str | None]] = [
        ("Id", f"{actor.id}  ({actor.slug})"),
        ("Aliases", ", ".join(actor.aliases)),
        ("Suspected sponsor", actor.sponsor),
        ("Operates from", actor.country),
        ("MITRE ATT&CK", ", ".join(actor.mitre_ids)),
        ("Suspected victims", ", ".join(actor.suspected_victims)),
        ("Target categories", ", ".join(actor.target_categories)),
        ("Incident types", ", ".join(actor.incident_types)),
    ]
    for label, value in rows:
        if value:
            facts.add_row(label, escape(value))
    parts: list[RenderableType] = [facts]
    if actor.description:
        parts.append(Text("\n" + actor.description.strip()))
    parts.append(Text("\nIncidents in the repository", style="bold"))
    if incidents:
        for incident in incidents:
            parts.append(Text(f"• {incident.start or '?'}  {incident.title}  ({incident.slug})"))
    else:
        parts.append(Text("none recorded"))
    if actor.references:
        parts.append(Text("\nReferences", style="bold"))
        parts.extend(Text(f"• {url}") for url in actor.references[:10])
    return framed(actor.name, Group(*parts))


def _number(value: float | int | None) -> str | None:
    if value is None:
        return None
    return f"{value:,.0f}"


def _attribution_date(attribution: Attribution) -> str:
    return str(attribution.date) if attribution.date else "9999"
