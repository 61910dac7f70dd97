"""`cdt report …`: documents for decision makers: an incident's decision brief, a response
case's dossier, the annual report, the draft UN contribution and the threat landscape of a
period."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cdtoolbox.errors import InvalidInput, NotFound
from cdtoolbox.interfaces.cli.context import acting_user, err_console, open_toolbox
from cdtoolbox.interfaces.cli.sign_option import SignOption, open_signing_key, report_signature
from cdtoolbox.report.formats import ReportFormat, read_report_format

if TYPE_CHECKING:
    from cdtoolbox.model.access import User
    from cdtoolbox.report import Report
    from cdtoolbox.signing import SigningKey
    from cdtoolbox.toolbox import Toolbox

__all__ = ["app", "document_format", "emit_document"]

app = typer.Typer(
    help="Documents for decision makers (decision brief, case dossier, annual report, "
    "UN contribution, threat landscape).",
    no_args_is_help=True,
)

_SUFFIXES = {f".{kind.value}": kind for kind in ReportFormat} | {".markdown": ReportFormat.MARKDOWN}


_FormatOption = Annotated[
    str | None,
    typer.Option(
        "--format",
        help="html, pdf, md or json (default: from the output file's suffix, else md).",
    ),
]
_OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="File to write, whole or not at all (default: stdout).",
    ),
]


@app.command("brief")
def brief_command(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help="The incident's slug or id.")],
    format_name: _FormatOption = None,
    output: _OutputOption = None,
    sign: SignOption = None,
) -> None:
    """Write the decision brief of one incident: what happened, severity and why, attribution
    and how firm it is, norms and law engaged, recommended options with their decision rules
    and precedents, sources as numbered notes. Marked with the highest TLP of what it
    includes, and limited to what --user may read; the same store gives the same document."""
    with open_toolbox(ctx) as toolbox:
        kind = document_format(format_name, output)
        signing_key = open_signing_key(toolbox, sign, output)
        by = acting_user(ctx, toolbox)
        try:
            if output is None:
                sys.stdout.buffer.write(toolbox.reports.brief_document(key, kind, by=by))
                sys.stdout.buffer.flush()
                return
            size = toolbox.reports.write_brief(key, kind, output, by=by)
            report_signature(toolbox, output, signing_key)
        except NotFound:
            # The incident is this command's input: naming none the user may read is a usage
            # error (exit 2), as for every other argument; missing and hidden read the same.
            raise InvalidInput(
                "report", "incident", key, "names no incident you may read"
            ) from None
    err_console.print(f"Wrote {output} ({kind.value}, {size:,} bytes).", markup=False)


@app.command("case")
def case_command(
    ctx: typer.Context,
    case_id: Annotated[str, typer.Argument(help="The response case's id.")],
    format_name: _FormatOption = None,
    output: _OutputOption = None,
    sign: SignOption = None,
) -> None:
    """Write the dossier of one response case: the incidents it answers, its history as
    sentences, each measure with the Member States' positions by name, the decision and the
    rule it was taken under, the implementation, the review date, and the later incidents by
    the same actor or sponsor State (recidivism). Marked with the highest TLP of the
    incidents it names, and limited to what --user may read."""
    with open_toolbox(ctx) as toolbox:
        kind = document_format(format_name, output)
        signing_key = open_signing_key(toolbox, sign, output)
        by = acting_user(ctx, toolbox)
        try:
            dossier = toolbox.reports.case_dossier(case_id, by=by)
        except NotFound:
            # As for the brief: a case the user may not read reads as one that does not exist.
            raise InvalidInput("report", "case", case_id, "names no case you may read") from None
        emit_document(toolbox, dossier, kind, output, signing_key)


_SinceOption = Annotated[
    str,
    typer.Option(help="First day of the period: YYYY, YYYY-MM or YYYY-MM-DD (its start)."),
]
_UntilOption = Annotated[
    str | None,
    typer.Option(
        help="Last day of the period: YYYY, YYYY-MM or YYYY-MM-DD (its end). "
        "Default: the end of what --since names (--since 2025 is the year 2025)."
    ),
]


@app.command("annual")
def annual_command(
    ctx: typer.Context,
    since: _SinceOption,
    until: _UntilOption = None,
    format_name: _FormatOption = None,
    output: _OutputOption = None,
    sign: SignOption = None,
) -> None:
    """Write the report of a period in four parts, prevent, detect, respond and deter:
    CBM implementation the States reported; incidents by type, sector, victim country and
    suspected sponsor; public responses by instrument; response cases; communication checks
    with their response rate and times to acknowledge; listings, renewals and delistings;
    trends over the five years to the period's end, with the change in data breaches; and a
    template for the Member States' contributions. Every figure is counted from the store for
    --user's clearance, and the report is marked with the highest TLP of what it counts;
    registers this system does not keep are said to be not recorded."""
    _write_report(
        ctx,
        lambda toolbox, by: toolbox.reports.annual(since, until, by=by),
        format_name,
        output,
        sign,
    )


@app.command("un")
def un_command(
    ctx: typer.Context,
    since: _SinceOption,
    until: _UntilOption = None,
    format_name: _FormatOption = None,
    output: _OutputOption = None,
    sign: SignOption = None,
) -> None:
    """Write a draft contribution to the UN Open-ended Working Group for a period, by its six
    pillars: threats (incidents by type and sector, five-year trends), norms (the UN norms the
    assessments find engaged), international law (the principles they point to), CBMs
    (implementation reported, communication checks), capacity building and regular
    institutional dialogue (said to be not recorded where this system keeps no register).
    Counted for --user's clearance and marked with the highest TLP of what it counts."""
    _write_report(
        ctx,
        lambda toolbox, by: toolbox.reports.un_contribution(since, until, by=by),
        format_name,
        output,
        sign,
    )


@app.command("landscape")
def landscape_command(
    ctx: typer.Context,
    since: _SinceOption,
    until: _UntilOption = None,
    format_name: _FormatOption = None,
    output: _OutputOption = None,
    sign: SignOption = None,
) -> None:
    """Write the threat landscape of a period: the most frequent threat actors, victim
    sectors, victim countries and suspected sponsor States, with charts; what is new (types,
    sectors, countries, actors and sponsors first seen in the period, against every incident
    before it); and the change against the previous period of equal length. Counted for
    --user's clearance and marked with the highest TLP of the incidents it looks at."""
    _write_report(
        ctx,
        lambda toolbox, by: toolbox.reports.landscape(since, until, by=by),
        format_name,
        output,
        sign,
    )


def _write_report(
    ctx: typer.Context,
    make: Callable[[Toolbox, User], Report],
    format_name: str | None,
    output: Path | None,
    sign: Path | None,
) -> None:
    """Make the report for --user, in the format asked, into --output (or to stdout), signed
    with --sign's key when given."""
    with open_toolbox(ctx) as toolbox:
        kind = document_format(format_name, output)
        signing_key = open_signing_key(toolbox, sign, output)
        emit_document(toolbox, make(toolbox, acting_user(ctx, toolbox)), kind, output, signing_key)


def emit_document(
    toolbox: Toolbox,
    report: Report,
    kind: ReportFormat,
    output: Path | None,
    signing_key: SigningKey | None = None,
) -> None:
    if output is None:
        from cdtoolbox.report import render_report

        sys.stdout.buffer.write(render_report(report, kind))
        sys.stdout.buffer.flush()
        return
    size = toolbox.reports.write(report, kind, output)
    report_signature(toolbox, output, signing_key)
    err_console.print(f"Wrote {output} ({kind.value}, {size:,} bytes).", markup=False)


def document_format(name: str | None, output: Path | None) -> ReportFormat:
    if name is not None:
        return read_report_format(name)
    if output is None:
        return ReportFormat.MARKDOWN
    kind = _SUFFIXES.get(output.suffix.lower())
    if kind is None:
        raise InvalidInput("report", "output", str(output), "has no known suffix: name a --format")
    return kind
