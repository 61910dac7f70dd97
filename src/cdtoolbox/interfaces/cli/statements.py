"""`cdt statements …`: official statements read into attributions, instruments and measures."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from cdtoolbox.interfaces.cli.context import acting_user, open_toolbox, out_console, print_json
from cdtoolbox.model.statement import Named, StatementReading
from cdtoolbox.model.statement_codec import reading_to_dict

__all__ = ["app"]

app = typer.Typer(
    help=(
        "Official statements (declarations on behalf of the EU, Council press releases, "
        "national attributions): read who is held responsible, the instrument, the norms "
        "invoked and the measures announced."
    ),
    no_args_is_help=True,
)


@app.command("read")
def read_command(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE",
            help="A statement as .txt, .md, .html (its main text) or .pdf (its text layer).",
        ),
    ],
    json_output: Annotated[
        bool,
        typer.Option(
            "--json",
            help="Print the reading as the JSON document of docs/statements.md, every item "
            "with its evidence (offsets into the text and the quoted words).",
        ),
    ] = False,
) -> None:
    """Read FILE without storing it: date, issuer, instrument, actors, who is held
    responsible and how firmly, targets, norms, law and measures. A file that gives no text
    (empty, not UTF-8, encrypted or image-only PDF, over the size limit) exits with 2."""
    with open_toolbox(ctx, json_errors=json_output) as toolbox:
        reading = toolbox.statements.read(file, by=acting_user(ctx, toolbox))
    if json_output:
        print_json(reading_to_dict(reading))
        return
    _print_reading(reading)


def _ids(items: tuple[Named, ...]) -> str:
    return ", ".join(item.id for item in items) or "none"


def _print_reading(reading: StatementReading) -> None:
    issuer = reading.issuer
    lines = [
        ("Date", reading.date.value.isoformat() if reading.date else "unknown"),
        ("Language", reading.language or "unknown"),
        ("Issuer", f"{issuer.kind.value}" + (f" ({issuer.name})" if issuer.name else "")),
        ("Instrument", reading.instrument.id),
        ("Incidents", _ids(reading.incidents)),
        ("Actors", _ids(reading.actors)),
        (
            "Held responsible",
            "; ".join(
                f"{item.state or item.actor} ({item.strength.value})"
                + (f", actor {item.actor}" if item.state and item.actor else "")
                for item in reading.attributions
            )
            or "none",
        ),
        ("Target countries", _ids(reading.targets.countries)),
        ("Target sectors", _ids(reading.targets.sectors)),
        ("Norms", _ids(reading.norms)),
        ("Law", _ids(reading.law)),
        (
            "Measures",
            "; ".join(
                measure.kind.value
                + (f" {measure.subject}" if measure.subject else "")
                + (f" until {measure.until.isoformat()}" if measure.until else "")
                for measure in reading.measures
            )
            or "none",
        ),
    ]
    if reading.aligned:
        lines.append(("Aligned", _ids(reading.aligned)))
    for label, value in lines:
        out_console.print(f"{label + ':':<18} {escape(value)}")
