"""`cdt import misp` and `cdt export misp`: MISP events and feeds (see docs/misp-mapping.md)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cdtoolbox.errors import InvalidInput
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
from cdtoolbox.interfaces.cli.sign_option import SignOption, open_signing_key, report_signature
from cdtoolbox.model import Tlp
from cdtoolbox.toolbox.settings import DEFAULT_ORGANISATION

if TYPE_CHECKING:
    from cdtoolbox.toolbox.misp import MispImportReport

__all__ = ["export_misp_command", "import_misp_command"]


def import_misp_command(
    ctx: typer.Context,
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="MISP event files (one event, a list, or a search result) or directories of "
            "them, such as a MISP feed."
        ),
    ],
    skip_invalid: Annotated[
        bool,
        typer.Option(
            "--skip-invalid",
            help="Import the valid events and attributes and report the invalid ones, instead "
            "of refusing the whole file or directory.",
        ),
    ] = False,
    json_output: Annotated[bool, typer.Option("--json", help="Print the reports as JSON.")] = False,
) -> None:
    """Import MISP events as incidents, one transaction per file or directory; threat actors
    resolve by any alias. Importing the same event version again changes nothing; a newer
    event timestamp updates the incident."""
    with open_toolbox(ctx, json_errors=json_output) as toolbox:
        by = acting_user(ctx, toolbox)
        reports = [
            toolbox.misp.import_path(path, skip_invalid=skip_invalid, by=by) for path in paths
        ]
    if json_output:
        print_json([_report_document(report) for report in reports])
        return
    for r in reports:
        out_console.print(
            f"{r.source}: {r.events} events — {len(r.created)} created, {len(r.updated)} "
            f"updated, {r.unchanged} unchanged, {r.superseded} superseded, {r.rejected} "
            f"rejected, {r.skipped} statement events skipped; {len(r.actors_created)} new "
            f"actors; attributes: {r.references} kept as sources, {r.observables} as "
            f"observables, {r.rejected_attributes} rejected.",
            markup=False,
        )
        for error in r.errors[:50]:
            out_console.print(f"  rejected: {error}", markup=False)


@incident_filter_options
def export_misp_command(
    ctx: typer.Context,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="File to write the events to (default: stdout)."),
    ] = None,
    feed: Annotated[
        Path | None,
        typer.Option(
            "--feed",
            help="Write a MISP feed into this directory instead (one file per event, "
            "manifest.json, hashes.csv).",
        ),
    ] = None,
    organisation: Annotated[
        str,
        typer.Option("--org", help="The organisation the events name as their creator."),
    ] = DEFAULT_ORGANISATION,
    max_tlp: Annotated[
        Tlp,
        typer.Option("--max-tlp", help="Most restricted TLP marking to include (default clear)."),
    ] = Tlp.CLEAR,
    sign: SignOption = None,
    filters: FilterValues = NO_FILTERS,
) -> None:
    """Export incidents as MISP events, or as a MISP feed that MISP instances can subscribe to
    (filters as in `cdt incidents list`), with the statements naming them as event reports
    (all statements when no filter is given); nothing above --max-tlp leaves, nothing
    classified. With --sign, a feed's manifest.json is signed."""
    from cdtoolbox.formats.misp import FEED_MANIFEST

    with open_toolbox(ctx) as toolbox:
        if output is not None and feed is not None:
            raise InvalidInput("option", "--feed", str(feed), "cannot be combined with --output")
        signed = feed / FEED_MANIFEST if feed is not None else output
        signing_key = open_signing_key(toolbox, sign, signed)
        by = acting_user(ctx, toolbox)
        query = toolbox.incidents.filter_from(filters, by=by)
        misp = toolbox.misp
        if feed is not None:
            report = misp.export_feed(
                feed, query, by=by, max_tlp=max_tlp, organisation=organisation
            )
            report_signature(toolbox, feed / FEED_MANIFEST, signing_key)
        elif output is None:
            report = misp.export_events(
                sys.stdout.buffer, query, by=by, max_tlp=max_tlp, organisation=organisation
            )
            sys.stdout.buffer.flush()
        else:
            with output.open("wb") as out:
                report = misp.export_events(
                    out, query, by=by, max_tlp=max_tlp, organisation=organisation
                )
            report_signature(toolbox, output, signing_key)
    err_console.print(
        f"Exported {report.events} MISP events with {report.attributes} attributes and "
        f"{report.statements} statement reports; "
        f"{report.withheld} withheld above {max_tlp.label}.",
        markup=False,
    )


def _report_document(report: MispImportReport) -> dict[str, object]:
    return {
        "source": report.source,
        "events": report.events,
        "created": list(report.created),
        "updated": list(report.updated),
        "unchanged": report.unchanged,
        "superseded": report.superseded,
        "rejected": report.rejected,
        "skipped": report.skipped,
        "actors_created": list(report.actors_created),
        "attributes": report.attributes,
        "references": report.references,
        "observables": report.observables,
        "observables_stored": report.observables_stored,
        "rejected_attributes": report.rejected_attributes,
        "errors": [error.as_dict() for error in report.errors],
    }
