"""The incident filter options, declared once for every command that selects incidents
(`cdt incidents list`, `cdt export stix`), with the same names as the API's query parameters."""

from __future__ import annotations

from typing import Annotated

import typer

__all__ = [
    "Actors",
    "Countries",
    "Sectors",
    "Since",
    "Sponsors",
    "Text",
    "Tlps",
    "Types",
    "Until",
    "filter_params",
]

Types = Annotated[
    list[str] | None,
    typer.Option(
        "--type",
        help="Incident type (repeat for several): espionage, data-breach, ransomware, wiper, "
        "sabotage, ddos, defacement, election-interference, hack-and-leak, supply-chain.",
    ),
]
Since = Annotated[
    str | None, typer.Option("--since", help="Active on or after YYYY, YYYY-MM or YYYY-MM-DD.")
]
Until = Annotated[
    str | None, typer.Option("--until", help="Active on or before YYYY, YYYY-MM or YYYY-MM-DD.")
]
Countries = Annotated[
    list[str] | None,
    typer.Option("--victim-country", help="Victim country, ISO code or name (repeatable)."),
]
Sectors = Annotated[
    list[str] | None,
    typer.Option("--sector", help="Victim sector id or name; includes sub-sectors (repeatable)."),
]
Actors = Annotated[
    list[str] | None,
    typer.Option("--actor", help="Threat actor, by any name or alias (repeatable)."),
]
Sponsors = Annotated[
    list[str] | None,
    typer.Option(
        "--sponsor",
        help="Suspected sponsor state (an actor's sponsor or an attributed state).",
    ),
]
Tlps = Annotated[
    list[str] | None,
    typer.Option("--tlp", help="TLP marking: clear, green, amber, amber+strict, red (repeatable)."),
]
Text = Annotated[
    str | None,
    typer.Option(
        "--text",
        help="Full-text search in titles, summaries, organisations, sources and actor names: "
        "every word must appear (word endings and English stop words are ignored).",
    ),
]


def filter_params(
    *,
    kind: list[str] | None,
    since: str | None,
    until: str | None,
    victim_country: list[str] | None,
    sector: list[str] | None,
    actor: list[str] | None,
    sponsor: list[str] | None,
    tlp: list[str] | None,
    text: str | None,
) -> dict[str, str | list[str] | None]:
    """The options as the filter parameters `Toolbox.incidents.filter_from` reads."""
    return {
        "type": kind,
        "since": since,
        "until": until,
        "victim_country": victim_country,
        "sector": sector,
        "actor": actor,
        "sponsor": sponsor,
        "tlp": tlp,
        "text": text,
    }
