"""`cdt report …`: documents for decision makers, starting with an incident's decision brief."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from cdtoolbox.errors import InvalidInput, NotFound
from cdtoolbox.interfaces.cli.context import acting_user, err_console, open_toolbox
from cdtoolbox.report.formats import ReportFormat, read_report_format

__all__ = ["app"]

app = typer.Typer(help="Documents for decision makers (decision brief).", no_args_is_help=True)

_SUFFIXES = {f".{kind.value}": kind for kind in ReportFormat} | {".markdown": ReportFormat.MARKDOWN}


@app.command("brief")
def brief_command(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help="The incident's slug or id.")],
    format_name: Annotated[
        str | None,
        typer.Option(
            "--format",
            help="html, pdf, md or json (default: from the output file's suffix, else md).",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="File to write, whole or not at all (default: stdout).",
        ),
    ] = None,
) -> None:
    """Write the decision brief of one incident: what happened, severity and why, attribution
    and how firm it is, norms and law engaged, recommended options with their decision rules
    and precedents, sources as numbered notes. Marked with the highest TLP of what it
    includes, and limited to what --user may read; the same store gives the same document."""
    with open_toolbox(ctx) as toolbox:
        kind = _format(format_name, output)
        by = acting_user(ctx, toolbox)
        try:
            if output is None:
                sys.stdout.buffer.write(toolbox.reports.brief_document(key, kind, by=by))
                sys.stdout.buffer.flush()
                return
            size = toolbox.reports.write_brief(key, kind, output, by=by)
        except NotFound:
            # The incident is this command's input: naming none the user may read is a usage
            # error (exit 2), as for every other argument; missing and hidden read the same.
            raise InvalidInput(
                "report", "incident", key, "names no incident you may read"
            ) from None
    err_console.print(f"Wrote {output} ({kind.value}, {size:,} bytes).", markup=False)


def _format(name: str | None, output: Path | None) -> ReportFormat:
    if name is not None:
        return read_report_format(name)
    if output is None:
        return ReportFormat.MARKDOWN
    kind = _SUFFIXES.get(output.suffix.lower())
    if kind is None:
        raise InvalidInput("report", "output", str(output), "has no known suffix: name a --format")
    return kind
