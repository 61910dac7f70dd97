"""`cdt capacity …`: cyber capacity-building projects and the gaps they leave."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from cdtoolbox.interfaces.cli.context import (
    acting_user,
    err_console,
    open_toolbox,
    out_console,
    print_json,
)
from cdtoolbox.interfaces.cli.counts import counted
from cdtoolbox.interfaces.cli.option_values import ClassificationOption
from cdtoolbox.model.capacity import CapacityProject, CapacityTheme
from cdtoolbox.model.capacity_codec import gap_to_dict, project_to_dict
from cdtoolbox.model.partner_profile import PartnerProfile

__all__ = ["app"]

app = typer.Typer(
    help=(
        "Cyber capacity-building projects (funder, partners, themes, budget, dates) and the "
        "gaps: States with incidents or weak CBM implementation that no project serves."
    ),
    no_args_is_help=True,
)

_THEMES = ", ".join(theme.value for theme in CapacityTheme)

JsonOption = Annotated[
    bool, typer.Option("--json", help="Print JSON for scripts instead of a table.")
]
RegionOption = Annotated[
    str | None,
    typer.Option("--region", help="A region id: western-balkans, eastern-partnership, …"),
]
ThemeOption = Annotated[str | None, typer.Option("--theme", help=f"One of: {_THEMES}.")]


@app.command("list")
def list_command(
    ctx: typer.Context,
    region: RegionOption = None,
    theme: ThemeOption = None,
    partner: Annotated[
        str | None, typer.Option("--partner", help="ISO code or name of a partner country.")
    ] = None,
    status: Annotated[
        str | None, typer.Option("--status", help="planned, ongoing, completed or unknown.")
    ] = None,
    json_output: JsonOption = False,
) -> None:
    """List the projects you may read."""
    with open_toolbox(ctx) as toolbox:
        found = toolbox.capacity.list(
            region=region,
            theme=theme,
            partner=partner,
            status=status,
            by=acting_user(ctx, toolbox),
        )
    if json_output:
        items = [project_to_dict(p) for p in found]
        print_json({"items": items, "total": len(items)})
        return
    table = Table("Id", "Title", "Partners", "Themes", "Budget (EUR)", "Dates", "Status")
    for project in found:
        table.add_row(
            project.id,
            escape(project.title),
            _partners(project),
            ", ".join(t.value for t in project.themes),
            _budget(project),
            _dates(project),
            project.status.value,
        )
    out_console.print(table)
    out_console.print(f"{counted(len(found), 'project')}.")


@app.command("show")
def show_command(
    ctx: typer.Context,
    project_id: Annotated[
        str, typer.Argument(metavar="PROJECT", help="The project's id (`cdt capacity list`).")
    ],
    json_output: JsonOption = False,
) -> None:
    """Show a project with its partners, themes, figures and sources."""
    with open_toolbox(ctx) as toolbox:
        project = toolbox.capacity.get(project_id, by=acting_user(ctx, toolbox))
    if json_output:
        print_json(project_to_dict(project))
        return
    marking = f"TLP:{project.tlp.value.upper()}"
    if project.classification is not None:
        marking += f", {project.classification.value}"
    out_console.print(f"[bold]{escape(project.title)}[/bold] ({project.id}) \\[{marking}]")
    out_console.print(
        "Funder: "
        + escape(project.funder + (f" ({project.instrument})" if project.instrument else ""))
    )
    if project.implementers:
        out_console.print("Implementers: " + escape("; ".join(project.implementers)))
    out_console.print(f"Partners: {_partners(project)}")
    out_console.print("Themes: " + ", ".join(t.label for t in project.themes))
    out_console.print(f"Budget: {_budget(project)} EUR  Dates: {_dates(project)}")
    out_console.print(f"Status: {project.status.value}")
    for outcome in project.outcomes:
        out_console.print(f"- outcome: {escape(outcome)}")
    if project.note:
        out_console.print(escape(project.note))
    out_console.print("Sources: " + escape("; ".join(project.sources)))


@app.command("add")
def add_command(
    ctx: typer.Context,
    title: Annotated[str, typer.Option("--title", help="The project's title.")],
    funder: Annotated[str, typer.Option("--funder", help="e.g. European Union.")],
    theme: Annotated[list[str], typer.Option("--theme", help=f"Repeat; one of: {_THEMES}.")],
    source: Annotated[list[str], typer.Option("--source", help="A public address; repeat.")],
    partner: Annotated[
        list[str] | None, typer.Option("--partner", help="A partner country; repeat.")
    ] = None,
    region: RegionOption = None,
    instrument: Annotated[
        str | None, typer.Option("--instrument", help="e.g. NDICI-Global Europe.")
    ] = None,
    implementer: Annotated[
        list[str] | None, typer.Option("--implementer", help="An implementer; repeat.")
    ] = None,
    budget: Annotated[
        int | None, typer.Option("--budget", help="In EUR, as a source gives it; never negative.")
    ] = None,
    starts_on: Annotated[str | None, typer.Option("--starts-on", help="YYYY-MM-DD.")] = None,
    ends_on: Annotated[str | None, typer.Option("--ends-on", help="YYYY-MM-DD.")] = None,
    status: Annotated[
        str, typer.Option("--status", help="planned, ongoing, completed or unknown.")
    ] = "unknown",
    outcome: Annotated[
        list[str] | None, typer.Option("--outcome", help="An outcome or indicator; repeat.")
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help="A remark.")] = None,
    tlp: Annotated[str, typer.Option("--tlp", help="The project's marking.")] = "clear",
    classification: ClassificationOption = None,
    json_output: JsonOption = False,
) -> None:
    """Add a project (writes act as --user)."""
    with open_toolbox(ctx) as toolbox:
        project = toolbox.capacity.add(
            title=title,
            funder=funder,
            themes=theme,
            sources=source,
            partner_countries=partner or (),
            region=region,
            instrument=instrument,
            implementers=implementer or (),
            budget_eur=budget,
            starts_on=starts_on,
            ends_on=ends_on,
            status=status,
            outcomes=outcome or (),
            note=note,
            tlp=tlp,
            classification=classification,
            by=acting_user(ctx, toolbox),
        )
    if json_output:
        print_json(project_to_dict(project))
        return
    out_console.print(f"Added {project.id}.")


@app.command("gaps")
def gaps_command(
    ctx: typer.Context,
    region: RegionOption = None,
    theme: ThemeOption = None,
    json_output: JsonOption = False,
) -> None:
    """States with incidents in the store or weak CBM implementation, per theme the incidents
    call for and no project you may read serves; highest severity first, then most incidents."""
    with open_toolbox(ctx) as toolbox:
        found = toolbox.capacity.gaps(region=region, theme=theme, by=acting_user(ctx, toolbox))
    if json_output:
        items = [gap_to_dict(g) for g in found]
        print_json({"items": items, "total": len(items)})
        return
    table = Table("State", "Theme", "Incidents", "Highest severity", "Weak CBM", "Why")
    for gap in found:
        table.add_row(
            gap.state,
            gap.theme.label,
            str(gap.incidents),
            gap.worst.value if gap.worst else "-",
            "yes" if gap.weak_cbm else "no",
            gap.reason,
        )
    out_console.print(table)
    out_console.print(f"{counted(len(found), 'gap')}.")


class ExchangeFormat(StrEnum):
    IATI = "iati"
    CSV = "csv"


FormatOption = Annotated[
    ExchangeFormat | None,
    typer.Option(
        "--format",
        help="iati (IATI 2.03 activity XML) or csv (one row per project); by default told "
        "from the file's extension (.csv, else IATI).",
    ),
]


@app.command("import")
def import_command(
    ctx: typer.Context,
    path: Annotated[
        Path,
        typer.Argument(
            metavar="FILE",
            help="An IATI 2.03 activity file (iati-activities XML) or a CSV sheet of projects.",
        ),
    ],
    file_format: FormatOption = None,
    json_output: JsonOption = False,
) -> None:
    """Import the projects of an IATI 2.03 file or a CSV sheet, all or none (writes act as
    --user); each error names the activity's iati-identifier or the sheet's line, the field
    and the reason."""
    chosen = _format(file_format, path)
    with open_toolbox(ctx) as toolbox:
        by = acting_user(ctx, toolbox)
        if chosen is ExchangeFormat.CSV:
            from cdtoolbox.formats.csv.projects import MAX_BYTES
            from cdtoolbox.formats.csv.reader import read_csv_file

            text = read_csv_file(path, path.name, max_bytes=MAX_BYTES)
            added = toolbox.capacity.import_csv(text, source=path.name, by=by)
        else:
            from cdtoolbox.ingest.iati import read_file

            added = toolbox.capacity.import_iati(read_file(path), source=path.name, by=by)
    if json_output:
        items = [project_to_dict(p) for p in added]
        print_json({"items": items, "total": len(items)})
        return
    out_console.print(f"Imported {counted(len(added), 'project')} from {escape(path.name)}.")
    for project in added:
        if not project.themes:
            err_console.print(
                f"Warning: {project.id} has no theme: its sectors map to none (see its note)."
            )


@app.command("export")
def export_command(
    ctx: typer.Context,
    reporting_org: Annotated[
        str | None,
        typer.Option(
            "--reporting-org",
            help="IATI: the reporting organisation's IATI identifier, the prefix of each "
            "iati-identifier (required for IATI).",
        ),
    ] = None,
    reporting_name: Annotated[
        str | None,
        typer.Option("--reporting-name", help="IATI: the reporting organisation's name."),
    ] = None,
    file_format: FormatOption = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")
    ] = None,
) -> None:
    """Write the projects you may read as an IATI 2.03 activity file or a CSV sheet (by
    --format, else by the --output file's extension, else IATI). Those a format cannot carry
    are left out and named: without a start date or a theme for IATI (it requires a start and
    a sector), with a list item holding ";" for CSV."""
    chosen = _format(file_format, output)
    with open_toolbox(ctx) as toolbox:
        by = acting_user(ctx, toolbox)
        if chosen is ExchangeFormat.CSV:
            text, left_out = toolbox.capacity.export_csv(by=by)
            data = text.encode("utf-8")
        else:
            data, left_out = toolbox.capacity.export_iati(
                reporting_org=reporting_org or "",
                reporting_name=reporting_name or "",
                by=by,
            )
    if output is None:
        sys.stdout.buffer.write(data)
    else:
        output.write_bytes(data)
    if left_out:
        named = ", ".join(f"{p.id} ({_left_out_because(p, chosen)})" for p in left_out)
        err_console.print(f"Left out: {named}.")


def _left_out_because(project: CapacityProject, chosen: ExchangeFormat) -> str:
    if chosen is ExchangeFormat.CSV:
        return 'a list item holding ";"'
    return "no start date" if project.starts_on is None else "no theme"


def _format(given: ExchangeFormat | None, path: Path | None) -> ExchangeFormat:
    """The exchange format: as given, else told from the file's extension."""
    if given is not None:
        return given
    if path is not None and path.suffix.lower() == ".csv":
        return ExchangeFormat.CSV
    return ExchangeFormat.IATI


@app.command("partner")
def partner_command(
    ctx: typer.Context,
    country: Annotated[
        str, typer.Argument(metavar="COUNTRY", help="The partner country's ISO code or name.")
    ],
    json_output: JsonOption = False,
) -> None:
    """A partner country's profile: the projects serving it and their budget per year, its
    CBM implementation, the incidents it suffered and those attributed to it (with their
    severity) and its points of contact, as far as you may read them."""
    from cdtoolbox.model.partner_profile_codec import profile_to_dict

    with open_toolbox(ctx) as toolbox:
        profile = toolbox.capacity.partner_profile(country, by=acting_user(ctx, toolbox))
    if json_output:
        print_json(profile_to_dict(profile))
        return
    _print_profile(profile)


def _print_profile(profile: PartnerProfile) -> None:
    out_console.print(f"[bold]{escape(profile.name)}[/bold] ({profile.country})")
    if profile.is_empty:
        out_console.print("Nothing you may read is on record for this State.")
    out_console.print(f"\n{counted(len(profile.projects), 'project')} serving it.")
    if profile.projects:
        table = Table("Id", "Title", "Themes", "Budget (EUR)", "Dates", "Status")
        for project in profile.projects:
            table.add_row(
                project.id,
                escape(project.title),
                ", ".join(t.value for t in project.themes),
                _budget(project),
                _dates(project),
                project.status.value,
            )
        out_console.print(table)
        themes = ", ".join(f"{theme.label} ({count})" for theme, count in profile.themes)
        out_console.print(f"Themes: {themes}")
    budget = profile.budget
    for year in budget.years:
        share = f"{year.eur:,} EUR ({counted(year.projects, 'project')})"
        out_console.print(f"Budget {year.year}: {share}")
    if budget.undated:
        undated = ", ".join(budget.undated)
        out_console.print(f"Budget without dates: {budget.undated_eur:,} EUR ({undated})")
    if budget.unbudgeted:
        out_console.print(f"No budget given: {', '.join(budget.unbudgeted)}")
    counts = ", ".join(f"{status.value} {count}" for status, count in profile.cbm_counts)
    frameworks = ", ".join(profile.cbm.frameworks)
    out_console.print(
        f"\nCBM implementation ({len(profile.cbm.measure_ids)} measures of {frameworks}): {counts}"
    )
    for heading, found, highest, named in (
        ("Incidents suffered", profile.suffered, profile.highest_suffered, False),
        ("Incidents attributed", profile.attributed, profile.highest_attributed, True),
    ):
        worst = f", highest severity {highest.value}" if highest else ""
        out_console.print(f"\n{heading}: {len(found)}{worst}")
        if not found:
            continue
        # Whether the attribution is official only means something for the State named.
        table = Table("Start", "Incident", "Types", "Severity", *(["Official"] if named else []))
        for item in found:
            incident = item.incident
            table.add_row(
                str(incident.start or "?"),
                escape(f"{incident.title} ({incident.slug})"),
                ", ".join(t.value for t in incident.types),
                item.severity.value,
                *(["yes" if item.officially_attributed else "no"] if named else []),
            )
        out_console.print(table)
    out_console.print(f"\n{counted(len(profile.contacts), 'point')} of contact.")
    if profile.contacts:
        table = Table("Network", "Level", "Organisation", "Channel")
        for poc in profile.contacts:
            table.add_row(
                poc.network, poc.level.value, escape(poc.organisation), escape(poc.channel)
            )
        out_console.print(table)


def _partners(project: CapacityProject) -> str:
    countries = ", ".join(project.partner_countries)
    if project.region and countries:
        return f"{countries} ({project.region})"
    return countries or project.region or ""


def _budget(project: CapacityProject) -> str:
    return f"{project.budget_eur:,}" if project.budget_eur is not None else "not given"


def _dates(project: CapacityProject) -> str:
    start = project.starts_on.isoformat() if project.starts_on else "?"
    end = project.ends_on.isoformat() if project.ends_on else "?"
    return f"{start} to {end}"
