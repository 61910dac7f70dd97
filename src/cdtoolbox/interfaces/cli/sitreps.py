"""`cdt sitreps …`: situation reports on incidents, drafted, revised, approved and exported."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from cdtoolbox.interfaces.cli.context import acting_user, open_toolbox, out_console, print_json
from cdtoolbox.interfaces.cli.counts import counted
from cdtoolbox.interfaces.cli.report import document_format, emit_document
from cdtoolbox.interfaces.cli.sign_option import SignOption, open_signing_key
from cdtoolbox.model.sitrep import SITREP_SECTIONS, Sitrep
from cdtoolbox.model.sitrep_codec import sitrep_to_dict
from cdtoolbox.toolbox.sitreps import SitrepText

__all__ = ["app"]

app = typer.Typer(
    help=(
        "Situation reports on incidents (summary, assessment, actions, next steps): drafted "
        "and revised by analysts, every version kept, approved by another person, exported "
        "at their TLP."
    ),
    no_args_is_help=True,
)

JsonOption = Annotated[
    bool, typer.Option("--json", help="Print JSON for scripts instead of a table.")
]
SitrepArgument = Annotated[str, typer.Argument(metavar="SITREP", help="The sitrep's id.")]
TlpOption = Annotated[
    str | None,
    typer.Option(
        "--tlp",
        help="The version's TLP marking (default: the incident's, or the previous version's).",
    ),
]
ClassificationOption = Annotated[
    str | None,
    typer.Option(
        "--classification",
        help="EU classification: restreint-ue, confidentiel-ue or secret-ue (default: the "
        "incident's, or the previous version's); never above your own clearance. A classified "
        "sitrep is never exported.",
    ),
]
SummaryOption = Annotated[str | None, typer.Option("--summary", help="What is known.")]
AssessmentOption = Annotated[
    str | None, typer.Option("--assessment", help="How it is judged: impact, attribution, outlook.")
]
ActionsOption = Annotated[str | None, typer.Option("--actions", help="What has been done.")]
NextStepsOption = Annotated[str | None, typer.Option("--next-steps", help="What comes next.")]


@app.command("list")
def list_command(
    ctx: typer.Context,
    incident: Annotated[str, typer.Argument(metavar="INCIDENT", help="The incident's id or slug.")],
    json_output: JsonOption = False,
) -> None:
    """The incident's sitreps, each at the latest version you may read."""
    with open_toolbox(ctx) as toolbox:
        found = toolbox.sitreps.list(incident, by=acting_user(ctx, toolbox))
    if json_output:
        items = [sitrep_to_dict(sitrep) for sitrep in found]
        print_json({"items": items, "total": len(items)})
        return
    table = Table("Sitrep", "Version", "Status", "Marking", "Drafted (UTC)", "Summary")
    for sitrep in found:
        table.add_row(
            sitrep.id,
            str(sitrep.version),
            sitrep.status.value,
            _marking(sitrep),
            f"{sitrep.drafted_at:%Y-%m-%d %H:%M} {escape(sitrep.drafted_by)}",
            escape(sitrep.summary[:80]),
        )
    out_console.print(table)
    out_console.print(f"{counted(len(found), 'sitrep')}.")


@app.command("show")
def show_command(
    ctx: typer.Context,
    sitrep: SitrepArgument,
    version: Annotated[
        int | None,
        typer.Option("--version", help="The version (default: the latest you may read)."),
    ] = None,
    json_output: JsonOption = False,
) -> None:
    """One version of a sitrep and the list of its versions you may read."""
    with open_toolbox(ctx) as toolbox:
        user = acting_user(ctx, toolbox)
        chosen = toolbox.sitreps.get(sitrep, version=version, by=user)
        versions = toolbox.sitreps.versions(sitrep, by=user)
    if json_output:
        print_json(sitrep_to_dict(chosen) | {"versions": [sitrep_to_dict(v) for v in versions]})
        return
    out_console.print(
        f"Sitrep {chosen.id}, version {chosen.version} of {versions[-1].version} "
        f"({chosen.status.value}, {_marking(chosen)}); drafted {chosen.drafted_at:%Y-%m-%d %H:%M} "
        f"UTC by {escape(chosen.drafted_by)}"
        + (
            f"; approved {chosen.approved_at:%Y-%m-%d %H:%M} UTC by {escape(chosen.approved_by)}"
            if chosen.approved_at is not None and chosen.approved_by is not None
            else ""
        )
    )
    for field, heading in SITREP_SECTIONS:
        out_console.print(f"\n[bold]{heading}[/bold]\n{escape(getattr(chosen, field))}")


@app.command("draft")
def draft_command(
    ctx: typer.Context,
    incident: Annotated[str, typer.Argument(metavar="INCIDENT", help="The incident's id or slug.")],
    summary: Annotated[str, typer.Option("--summary", help="What is known.")],
    assessment: Annotated[
        str, typer.Option("--assessment", help="How it is judged: impact, attribution, outlook.")
    ],
    actions: Annotated[str, typer.Option("--actions", help="What has been done.")],
    next_steps: Annotated[str, typer.Option("--next-steps", help="What comes next.")],
    tlp: TlpOption = None,
    classification: ClassificationOption = None,
    json_output: JsonOption = False,
) -> None:
    """Draft version 1 of a new sitrep on an incident (writes act as --user)."""
    with open_toolbox(ctx) as toolbox:
        written = toolbox.sitreps.draft(
            incident,
            SitrepText(summary, assessment, actions, next_steps),
            tlp=tlp,
            classification=classification,
            by=acting_user(ctx, toolbox),
        )
    _done(written, "Drafted", json_output)


@app.command("revise")
def revise_command(
    ctx: typer.Context,
    sitrep: SitrepArgument,
    expected_version: Annotated[
        int,
        typer.Option(
            "--expected-version",
            help="The version you revise; refused if another has been written since.",
        ),
    ],
    summary: SummaryOption = None,
    assessment: AssessmentOption = None,
    actions: ActionsOption = None,
    next_steps: NextStepsOption = None,
    tlp: TlpOption = None,
    classification: ClassificationOption = None,
    json_output: JsonOption = False,
) -> None:
    """Write the next version of a sitrep, a draft: the sections given replace those of the
    version revised, the others are carried over; earlier versions are kept."""
    with open_toolbox(ctx) as toolbox:
        written = toolbox.sitreps.revise(
            sitrep,
            SitrepText(summary, assessment, actions, next_steps),
            expected_version=expected_version,
            tlp=tlp,
            classification=classification,
            by=acting_user(ctx, toolbox),
        )
    _done(written, "Revised", json_output)


@app.command("approve")
def approve_command(
    ctx: typer.Context,
    sitrep: SitrepArgument,
    version: Annotated[
        int, typer.Option("--version", help="The version approved: the latest, a draft.")
    ],
    json_output: JsonOption = False,
) -> None:
    """Approve the latest version of a sitrep (an approver or administrator who did not draft
    it)."""
    with open_toolbox(ctx) as toolbox:
        approved = toolbox.sitreps.approve(sitrep, version=version, by=acting_user(ctx, toolbox))
    _done(approved, "Approved", json_output)


@app.command("export")
def export_command(
    ctx: typer.Context,
    sitrep: SitrepArgument,
    version: Annotated[
        int | None,
        typer.Option("--version", help="An approved version (default: the latest approved)."),
    ] = None,
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
            "--output", "-o", help="File to write, whole or not at all (default: stdout)."
        ),
    ] = None,
    sign: SignOption = None,
) -> None:
    """Write an approved version as a document under its TLP banner. Drafts and EU classified
    sitreps are never exported."""
    with open_toolbox(ctx) as toolbox:
        kind = document_format(format_name, output)
        signing_key = open_signing_key(toolbox, sign, output)
        document = toolbox.sitreps.document(sitrep, version=version, by=acting_user(ctx, toolbox))
        emit_document(toolbox, document, kind, output, signing_key)


def _marking(sitrep: Sitrep) -> str:
    return sitrep.tlp.label + (f", {sitrep.classification.value}" if sitrep.classification else "")


def _done(sitrep: Sitrep, verb: str, json_output: bool) -> None:
    if json_output:
        print_json(sitrep_to_dict(sitrep))
        return
    out_console.print(
        f"{verb} sitrep {sitrep.id}, version {sitrep.version} ({sitrep.status.value})."
    )
