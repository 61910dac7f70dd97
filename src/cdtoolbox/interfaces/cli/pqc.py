"""`cdt pqc …`: the post-quantum transition tracker — import an organisation's inventory of
cryptographic assets, list the assets with their classification, and the roadmap progress."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from cdtoolbox.interfaces.cli.context import (
    acting_user,
    err_console,
    fills_width,
    open_toolbox,
    out_console,
    print_json,
)
from cdtoolbox.interfaces.cli.option_values import ClassificationOption, option_classification
from cdtoolbox.model.pqc import PqcProgress, ProgressRow, QuantumStatus
from cdtoolbox.model.pqc_codec import asset_document, progress_document
from cdtoolbox.model.vocabulary import Tlp

__all__ = ["app"]

app = typer.Typer(
    help=(
        "The post-quantum transition tracker: inventories of cryptographic assets per "
        "organisation and Member State, classified quantum-vulnerable, weakened or resistant, "
        "and the progress towards the EU roadmap's milestones (2026, 2030, 2035)."
    ),
    no_args_is_help=True,
)

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]
OrganisationOption = Annotated[
    str | None, typer.Option("--organisation", help="The organisation whose inventory it is.")
]
MemberStateOption = Annotated[
    str | None,
    typer.Option("--member-state", help="The EU Member State, by ISO code or name (DE, Germany)."),
]
SectorOption = Annotated[
    str | None, typer.Option("--sector", help="The sector, by id or name (energy, health).")
]
_STATUSES = ", ".join(status.value for status in QuantumStatus)


@app.command("import")
def import_command(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(
            help="A CycloneDX 1.6 CBOM (.json) or a CSV inventory (.csv; columns in docs/pqc.md).",
            dir_okay=False,
        ),
    ],
    organisation: OrganisationOption = None,
    member_state: MemberStateOption = None,
    sector: SectorOption = None,
    tlp: Annotated[
        Tlp, typer.Option("--tlp", help="The marking of the assets imported.")
    ] = Tlp.AMBER,
    classification: ClassificationOption = None,
    json_output: JsonOption = False,
) -> None:
    """Replace the inventory of the organisation the file describes with its assets (audited).

    --organisation, --member-state and --sector apply to the assets that do not name their
    own (a CBOM names none). A file wrong anywhere is refused as a whole, naming the file,
    the field and the reason (exit status 2), and nothing changes.
    """
    with open_toolbox(ctx, json_errors=json_output) as toolbox:
        report = toolbox.pqc.import_file(
            file,
            organisation=organisation,
            member_state=member_state,
            sector=sector,
            tlp=tlp,
            classification=option_classification("--classification", classification),
            by=acting_user(ctx, toolbox),
        )
    if json_output:
        print_json(
            {
                "source": report.source,
                "inventories": [inventory._asdict() for inventory in report.inventories],
            }
        )
        return
    for inventory in report.inventories:
        replaced = f", replacing {inventory.replaced}" if inventory.replaced else ""
        out_console.print(
            f"{inventory.member_state} / {inventory.organisation}: {inventory.assets} assets "
            f"from {file}{replaced}.",
            markup=False,
        )


@app.command("assets")
def assets_command(
    ctx: typer.Context,
    organisation: OrganisationOption = None,
    member_state: MemberStateOption = None,
    sector: SectorOption = None,
    status: Annotated[
        str | None, typer.Option("--status", help=f"Only assets of this status: {_STATUSES}.")
    ] = None,
    hndl: Annotated[
        bool | None,
        typer.Option(
            "--hndl/--no-hndl",
            help="Only assets exposed to 'harvest now, decrypt later' (or only those not).",
        ),
    ] = None,
    json_output: JsonOption = False,
) -> None:
    """The inventoried assets, each classified with the recommended replacement and its
    'harvest now, decrypt later' flag."""
    with open_toolbox(ctx, json_errors=json_output) as toolbox:
        query = toolbox.pqc.filter_from(
            organisation=organisation,
            member_state=member_state,
            sector=sector,
            status=status,
            hndl=hndl,
        )
        found = toolbox.pqc.assets(query, by=acting_user(ctx, toolbox))
    if json_output:
        print_json([asset_document(item) for item in found])
        return
    table = Table(expand=fills_width())
    for column in ("State", "Organisation", "System", "Algorithm", "Status", "HNDL", "Replace"):
        table.add_column(column)
    for item in found:
        asset = item.asset
        table.add_row(
            asset.member_state,
            escape(asset.organisation),
            escape(asset.system or "—"),
            escape(asset.algorithm),
            item.classification.status.value,
            "yes" if item.hndl else "",
            escape(item.classification.replacement or ""),
        )
    out_console.print(table)
    err_console.print(f"{len(found)} assets.", markup=False)


@app.command("progress")
def progress_command(ctx: typer.Context, json_output: JsonOption = False) -> None:
    """The roadmap's milestones with the progress of each Member State and sector: the share
    of assets resistant, and the assets exposed to 'harvest now, decrypt later'."""
    with open_toolbox(ctx, json_errors=json_output) as toolbox:
        found = toolbox.pqc.progress(by=acting_user(ctx, toolbox))
    if json_output:
        print_json(progress_document(found))
        return
    _print_progress(found)


def _print_progress(progress: PqcProgress) -> None:
    out_console.print(
        f"Quantum horizon: {progress.horizon.year} ({progress.horizon.basis})", markup=False
    )
    for milestone in progress.milestones:
        out_console.print(
            f"{milestone.id} by {milestone.due.isoformat()}: {milestone.title} "
            f"[{milestone.evidence}]",
            markup=False,
        )
    for title, rows in (
        ("By Member State", progress.by_member_state),
        ("By sector", progress.by_sector),
    ):
        table = Table(title=title, expand=fills_width())
        columns = ["", "Assets", "Resistant", "Vulnerable", "Weakened", "Unclassified", "HNDL"]
        columns += [milestone.id for milestone in progress.milestones]
        for column in columns:
            table.add_column(column)
        for row in (*rows, progress.overall):
            table.add_row(*_cells(row))
        out_console.print(table)


def _cells(row: ProgressRow) -> list[str]:
    shares = [
        "—"
        if item.share is None
        # A milestone asking for an inventory is met by having one.
        else "inventory"
        if not item.milestone.criticalities
        else f"{item.share:.0%} of {item.in_scope}"
        for item in row.milestones
    ]
    return [
        escape(row.label),
        str(row.total),
        f"{row.resistant} ({row.share_resistant:.0%})",
        str(row.vulnerable),
        str(row.weakened),
        str(row.unclassified),
        str(row.hndl),
        *shares,
    ]
