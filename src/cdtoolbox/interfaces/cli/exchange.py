"""`cdt import …` and `cdt export …`: exchange with partners in their formats (STIX 2.1, MISP)
and the public release."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from cdtoolbox.interfaces.cli.collector import collector_paused
from cdtoolbox.interfaces.cli.context import (
    acting_user,
    err_console,
    open_toolbox,
    out_console,
    print_json,
)
from cdtoolbox.interfaces.cli.filter_options import (
    NO_FILTERS,
    FilterValues,
    incident_filter_options,
)
from cdtoolbox.interfaces.cli.misp_commands import export_misp_command, import_misp_command
from cdtoolbox.interfaces.cli.sign_option import SignOption, open_signing_key, report_signature
from cdtoolbox.model import Tlp

__all__ = ["export_app", "import_app"]

import_app = typer.Typer(help="Import from partners' formats.", no_args_is_help=True)
export_app = typer.Typer(help="Export in partners' formats.", no_args_is_help=True)


@import_app.command("stix")
def import_stix_command(
    ctx: typer.Context,
    files: Annotated[list[Path], typer.Argument(help="STIX 2.1 bundle files (JSON).")],
    skip_invalid: Annotated[
        bool,
        typer.Option(
            "--skip-invalid",
            help="Import the valid objects of a bundle and report the invalid ones, instead of "
            "refusing the whole bundle.",
        ),
    ] = False,
    json_output: Annotated[bool, typer.Option("--json", help="Print the reports as JSON.")] = False,
) -> None:
    """Import STIX 2.1 bundles, one transaction per bundle; a bundle with an invalid object
    imports nothing (unless --skip-invalid). Importing the same bundle again changes nothing."""
    reports = []
    with open_toolbox(ctx, json_errors=json_output) as toolbox:
        # Imported here: the bars cost 50 ms of start-up that every other command would pay.
        from rich.progress import (
            BarColumn,
            DownloadColumn,
            Progress,
            TaskID,
            TextColumn,
            TimeElapsedColumn,
        )

        columns = (
            TextColumn("{task.description}"),
            BarColumn(),
            DownloadColumn(),
            TimeElapsedColumn(),
        )
        with Progress(*columns, console=err_console, disable=json_output) as progress:
            tasks: dict[str, TaskID] = {}

            def report_progress(stage: str, done: int, total: int) -> None:
                if stage not in tasks:
                    tasks[stage] = progress.add_task(stage, total=max(total, 1))
                progress.update(tasks[stage], completed=done)

            for path in files:
                with collector_paused():
                    reports.append(
                        toolbox.stix.import_bundle(
                            path,
                            skip_invalid=skip_invalid,
                            progress=report_progress,
                            by=acting_user(ctx, toolbox),
                        )
                    )
    if json_output:
        print_json(
            [
                {
                    "source": r.source,
                    "objects": r.objects,
                    "created": r.created,
                    "updated": r.updated,
                    "unchanged": r.unchanged,
                    "merged": r.merged,
                    "skipped": r.skipped,
                    "rejected": r.rejected,
                    "errors": [error.as_dict() for error in r.errors],
                }
                for r in reports
            ]
        )
        return
    for r in reports:
        out_console.print(
            f"{r.source}: {r.objects} objects — {r.created} created, {r.updated} updated, "
            f"{r.unchanged} unchanged, {r.merged} merged, {r.rejected} rejected."
        )
        if r.skipped:
            out_console.print(
                f"  skipped: {r.skipped} statement reports and issuers (statements enter the "
                "archive from their files: `cdt statements add`).",
                markup=False,
            )
        for error in r.errors[:50]:
            out_console.print(f"  rejected: {error}", markup=False)


@export_app.command("stix")
@incident_filter_options
def export_stix_command(
    ctx: typer.Context,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write (default: stdout).")
    ] = None,
    max_tlp: Annotated[
        Tlp,
        typer.Option("--max-tlp", help="Most restricted TLP marking to include (default clear)."),
    ] = Tlp.CLEAR,
    sign: SignOption = None,
    filters: FilterValues = NO_FILTERS,
) -> None:
    """Export incidents, their attributions and actors as one STIX 2.1 bundle (filters as in
    `cdt incidents list`), with the statements naming them as reports (all statements when no
    filter is given); nothing above --max-tlp leaves, nothing classified."""
    with open_toolbox(ctx) as toolbox:
        signing_key = open_signing_key(toolbox, sign, output)
        by = acting_user(ctx, toolbox)
        query = toolbox.incidents.filter_from(filters, by=by)
        if output is None:
            report = toolbox.stix.export_bundle(sys.stdout.buffer, query, by=by, max_tlp=max_tlp)
            sys.stdout.buffer.flush()
        else:
            with output.open("wb") as out:
                report = toolbox.stix.export_bundle(out, query, by=by, max_tlp=max_tlp)
            report_signature(toolbox, output, signing_key)
    err_console.print(
        f"Exported {report.objects} STIX objects: {report.incidents} incidents, "
        f"{report.statements} statements, {report.actors} actors, {report.states} states, "
        f"{report.kept} partner objects kept as received; "
        f"{report.withheld} withheld above {max_tlp.label}.",
        markup=False,
    )


# MISP has a module of its own; its commands follow STIX's in `cdt import|export --help`.
import_app.command("misp")(import_misp_command)
export_app.command("misp")(export_misp_command)


@export_app.command("public")
def export_public_command(
    ctx: typer.Context,
    directory: Annotated[
        Path, typer.Argument(help="Folder to create (or an empty one) for the release.")
    ],
    sign: SignOption = None,
    json_output: Annotated[bool, typer.Option("--json", help="Print the outcome as JSON.")] = False,
) -> None:
    """Write the public release: only what is TLP:CLEAR and carries no EU classification, read
    as a visitor without an account reads it (incidents as JSON and CSV, a STIX 2.1 bundle, a
    MISP feed) with a manifest of SHA-256 digests; --sign signs the manifest. Written whole or
    not at all."""
    from cdtoolbox.toolbox.public_release import MANIFEST

    with open_toolbox(ctx, json_errors=json_output) as toolbox:
        signing_key = open_signing_key(toolbox, sign, directory / MANIFEST)
        release = toolbox.public_release.write(directory, by=acting_user(ctx, toolbox))
        report_signature(toolbox, directory / MANIFEST, signing_key)
    if json_output:
        print_json(
            {
                "directory": str(release.directory),
                "incidents": release.incidents,
                "stix_objects": release.stix_objects,
                "misp_events": release.misp_events,
                "files": release.files,
            }
        )
        return
    out_console.print(
        f"Public release in {release.directory}: {release.incidents} incidents, "
        f"{release.stix_objects} STIX objects, {release.misp_events} MISP events, "
        f"{len(release.files)} files listed in {MANIFEST}. Nothing above TLP:CLEAR and nothing "
        "classified.",
        markup=False,
    )
