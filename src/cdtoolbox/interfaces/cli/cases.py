"""`cdt cases …`: response cases, from opening to review."""

from __future__ import annotations

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
from cdtoolbox.interfaces.cli.option_values import option_date
from cdtoolbox.model import DecisionRule
from cdtoolbox.model.case import CaseFile, CaseState, ImplementationKind, PositionKind
from cdtoolbox.model.case_codec import case_file_to_dict, case_summary_to_dict

__all__ = ["app"]

app = typer.Typer(
    help=(
        "Response cases: open one on incidents, shape its measures, record Member States' "
        "positions, decide, implement and review. Writes act as --user (see `cdt --help`)."
    ),
    no_args_is_help=True,
)
measure_app = typer.Typer(help="Add, edit, drop or restore a case's proposed measures.")
app.add_typer(measure_app, name="measure")

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]
CaseArgument = Annotated[str, typer.Argument(help="Case id (or its first 6+ characters).")]
MeasureArgument = Annotated[
    str,
    typer.Argument(help="Measure id (m1, m2, …) or its instrument id, e.g. restrictive.listing."),
]
JustificationOption = Annotated[
    str, typer.Option("--why", help="Justification, kept in the measure's history (required).")
]
VersionOption = Annotated[
    int | None,
    typer.Option(
        "--expected-version",
        help="Refuse the change if the case is no longer at this version (someone else edited it).",
    ),
]

_POSITION_STYLE = {
    PositionKind.SUPPORT: "green",
    PositionKind.OPPOSE: "bold red",
    PositionKind.ABSTAIN: "yellow",
    PositionKind.CONSTRUCTIVE_ABSTENTION: "cyan",
    PositionKind.RESERVE: "magenta",
}


@app.command("open")
def open_command(
    ctx: typer.Context,
    incidents: Annotated[list[str], typer.Argument(help="Incident ids or slugs.")],
    title: Annotated[str | None, typer.Option("--title", help="Case title.")] = None,
    json_output: JsonOption = False,
) -> None:
    """Open a case on incidents; their assessments become its snapshot and proposed measures."""
    with open_toolbox(ctx) as toolbox:
        by = acting_user(ctx, toolbox)
        case = toolbox.cases.open(incidents, by=by, title=title)
        case_file = toolbox.cases.get(case.id, by=by)
    _print_case(case_file, json_output)


@app.command("list")
def list_command(
    ctx: typer.Context,
    state: Annotated[
        list[CaseState] | None,
        typer.Option("--state", help="Only cases in this state (repeatable)."),
    ] = None,
    incident: Annotated[
        str | None, typer.Option("--incident", help="Only cases about this incident.")
    ] = None,
    json_output: JsonOption = False,
) -> None:
    """List cases, newest first."""
    with open_toolbox(ctx) as toolbox:
        cases = toolbox.cases.list(
            by=acting_user(ctx, toolbox), states=tuple(state or ()), incident=incident
        )
    if json_output:
        print_json({"items": [case_summary_to_dict(case) for case in cases], "total": len(cases)})
        return
    table = Table(
        "Id", "Title", "State", "Incidents", "Measures", "Review due", title="Response cases"
    )
    for case in cases:
        table.add_row(
            case.id[:8],
            escape(case.title),
            case.state.label,
            str(len(case.incident_ids)),
            str(len(case.active_measures)),
            case.review_due.isoformat() if case.review_due else "",
        )
    out_console.print(table)
    out_console.print(f"{counted(len(cases), 'case')}.")


@app.command("show")
def show_command(
    ctx: typer.Context,
    case_id: CaseArgument,
    snapshot: Annotated[
        bool, typer.Option("--snapshot", help="With --json: include the assessment snapshot.")
    ] = False,
    json_output: JsonOption = False,
) -> None:
    """A case: measures and their adoptability, positions, implementations, recidivism."""
    with open_toolbox(ctx) as toolbox:
        case_file = toolbox.cases.get(case_id, by=acting_user(ctx, toolbox))
    _print_case(case_file, json_output, with_snapshot=snapshot)


@app.command("position")
def position_command(
    ctx: typer.Context,
    case_id: CaseArgument,
    measure: MeasureArgument,
    state: Annotated[str, typer.Option("--state", help="Member State (ISO code or name).")],
    position: Annotated[
        PositionKind,
        typer.Option(
            "--position",
            help="support, oppose, abstain, constructive-abstention (CFSP decisions) or reserve.",
        ),
    ],
    comment: Annotated[str, typer.Option("--comment", help="The delegation's comment.")] = "",
) -> None:
    """Record a Member State's position on a measure (only that state's delegate may)."""
    with open_toolbox(ctx) as toolbox:
        by = acting_user(ctx, toolbox)
        recorded = toolbox.cases.record_position(
            case_id, measure, by=by, member_state=state, position=position, comment=comment
        )
        adoption = toolbox.cases.get(case_id, by=by).adoption_of(recorded.measure_id)
    out_console.print(
        f"{recorded.member_state}: {recorded.position.label} on {recorded.measure_id}, "
        f"recorded by {recorded.recorded_by}."
    )
    out_console.print(escape(adoption.explanation))


@app.command("decide")
def decide_command(
    ctx: typer.Context,
    case_id: CaseArgument,
    note: Annotated[
        str, typer.Option("--note", help="Decision note (e.g. the Council meeting).")
    ] = "",
    expected_version: VersionOption = None,
    yes: Annotated[
        bool, typer.Option("--yes", help="Record it without asking (for scripts).")
    ] = False,
    json_output: JsonOption = False,
) -> None:
    """Record the decision: every measure adoptable now is adopted, the others are not.

    Shows first what the decision will be, measure by measure, and asks for confirmation:
    under unanimity a Member State that has recorded no position blocks adoption, so a
    measure still awaiting positions is recorded as not adopted.
    """
    with open_toolbox(ctx) as toolbox:
        by = acting_user(ctx, toolbox)
        current = toolbox.cases.preview_decision(case_id, by=by)
        if not yes:
            _print_decision_preview(current)
            if not typer.confirm("Record this decision?", default=False, err=True):
                out_console.print("Nothing recorded.")
                raise typer.Exit(1)
        case_file = toolbox.cases.decide(
            current.case.id,
            by=by,
            note=note,
            expected_version=current.case.version if expected_version is None else expected_version,
        )
    _print_case(case_file, json_output)


def _print_decision_preview(case_file: CaseFile) -> None:
    """What `decide` will record, before it does: adopted, not adopted, and why."""
    decisions = [case_file.adoption_of(measure.id) for measure in case_file.case.active_measures]
    adopted = [adoption for adoption in decisions if adoption.adoptable]
    err_console.print(
        f"Deciding case {case_file.case.id[:8]}: {len(adopted)} of "
        f"{counted(len(decisions), 'measure')} will be recorded as adopted, "
        f"{len(decisions) - len(adopted)} as not adopted."
    )
    for adoption in decisions:
        verdict = "adopted" if adoption.adoptable else "NOT adopted"
        measure = case_file.case.measure(adoption.measure_id)
        title = measure.title if measure else adoption.measure_id
        err_console.print(
            f"  {adoption.measure_id} {escape(title)}: {verdict} — {escape(adoption.explanation)}"
        )


@app.command("move")
def move_command(
    ctx: typer.Context,
    case_id: CaseArgument,
    state: Annotated[CaseState, typer.Argument(help="The state to move to.")],
    note: Annotated[str, typer.Option("--note", help="Why (kept in the case history).")] = "",
    review_due: Annotated[
        str | None, typer.Option("--review-due", help="Review date, YYYY-MM-DD.")
    ] = None,
    expected_version: VersionOption = None,
) -> None:
    """Move a case along its workflow (consultation, implementing, under-review, closed, …)."""
    with open_toolbox(ctx) as toolbox:
        due = option_date("--review-due", review_due) if review_due else None
        case = toolbox.cases.move(
            case_id,
            state,
            by=acting_user(ctx, toolbox),
            note=note,
            review_due=due,
            expected_version=expected_version,
        )
    out_console.print(f"Case {case.id[:8]} is now {case.state.label} (version {case.version}).")


@app.command("implement")
def implement_command(
    ctx: typer.Context,
    case_id: CaseArgument,
    measure: MeasureArgument,
    kind: Annotated[ImplementationKind, typer.Option("--kind", help="What was carried out.")],
    on: Annotated[str, typer.Option("--date", help="When, YYYY-MM-DD.")],
    summary: Annotated[str, typer.Option("--summary", help="One line saying what was done.")],
    text: Annotated[str | None, typer.Option("--text", help="A statement's text.")] = None,
    recipient: Annotated[
        str | None, typer.Option("--recipient", help="To whom (démarche, dialogue, assistance).")
    ] = None,
    delegation: Annotated[
        str | None, typer.Option("--delegation", help="Which delegation delivered it.")
    ] = None,
    reference: Annotated[
        str | None, typer.Option("--reference", help="Legal act reference or the statement's URL.")
    ] = None,
) -> None:
    """Record an adopted measure carried out (statement, démarche, dialogue, legal act, …)."""
    with open_toolbox(ctx) as toolbox:
        implementation = toolbox.cases.implement(
            case_id,
            measure,
            by=acting_user(ctx, toolbox),
            kind=kind,
            on=option_date("--date", on),
            summary=summary,
            text=text,
            recipient=recipient,
            delegation=delegation,
            reference=reference,
        )
    out_console.print(
        f"Recorded {implementation.kind.value} for {implementation.measure_id} on "
        f"{implementation.date.isoformat()}: {escape(implementation.summary)}"
    )


@measure_app.command("add")
def measure_add_command(
    ctx: typer.Context,
    case_id: CaseArgument,
    instrument: Annotated[
        str, typer.Argument(help="Toolbox instrument id, e.g. restrictive.listing.")
    ],
    why: JustificationOption,
    text: Annotated[str, typer.Option("--text", help="Draft wording or targets.")] = "",
    expected_version: VersionOption = None,
) -> None:
    """Propose another Toolbox instrument in a case being drafted."""
    with open_toolbox(ctx) as toolbox:
        case = toolbox.cases.measures.add(
            case_id,
            instrument,
            by=acting_user(ctx, toolbox),
            justification=why,
            text=text,
            expected_version=expected_version,
        )
    added = case.measures[-1]
    out_console.print(f"Added {added.id}: {escape(added.title)} (case version {case.version}).")
    if added.available_when_proposed is False:
        out_console.print(
            "[yellow]The assessment found its preconditions unmet:[/] "
            + escape("; ".join(added.missing_when_proposed))
        )


@measure_app.command("edit")
def measure_edit_command(
    ctx: typer.Context,
    case_id: CaseArgument,
    measure: MeasureArgument,
    why: JustificationOption,
    text: Annotated[str | None, typer.Option("--text", help="New draft wording.")] = None,
    title: Annotated[str | None, typer.Option("--title", help="New title.")] = None,
    expected_version: VersionOption = None,
) -> None:
    """Change a proposed measure's wording or title."""
    with open_toolbox(ctx) as toolbox:
        case = toolbox.cases.measures.edit(
            case_id,
            measure,
            by=acting_user(ctx, toolbox),
            justification=why,
            text=text,
            title=title,
            expected_version=expected_version,
        )
    out_console.print(f"Edited {measure} (case version {case.version}).")


@measure_app.command("drop")
def measure_drop_command(
    ctx: typer.Context,
    case_id: CaseArgument,
    measure: MeasureArgument,
    why: JustificationOption,
    expected_version: VersionOption = None,
) -> None:
    """Drop a proposed measure (it stays in the record with the justification)."""
    with open_toolbox(ctx) as toolbox:
        case = toolbox.cases.measures.drop(
            case_id,
            measure,
            by=acting_user(ctx, toolbox),
            justification=why,
            expected_version=expected_version,
        )
    out_console.print(f"Dropped {measure} (case version {case.version}).")


@measure_app.command("restore")
def measure_restore_command(
    ctx: typer.Context,
    case_id: CaseArgument,
    measure: MeasureArgument,
    why: JustificationOption,
    expected_version: VersionOption = None,
) -> None:
    """Propose a dropped measure again."""
    with open_toolbox(ctx) as toolbox:
        case = toolbox.cases.measures.restore(
            case_id,
            measure,
            by=acting_user(ctx, toolbox),
            justification=why,
            expected_version=expected_version,
        )
    out_console.print(f"Restored {measure} (case version {case.version}).")


def _print_case(case_file: CaseFile, json_output: bool, *, with_snapshot: bool = False) -> None:
    if json_output:
        print_json(case_file_to_dict(case_file, with_snapshot=with_snapshot))
        return
    case = case_file.case
    out_console.print(f"[bold]{escape(case.title)}[/]")
    out_console.print(
        f"Case {case.id} · {case.state.label} · version {case.version} · opened "
        f"{case.created_at.date().isoformat()} by {case.created_by}"
        + (f" · review due {case.review_due.isoformat()}" if case.review_due else "")
    )
    measures = Table(
        "Id", "Measure", "Rule", "Adoptable now", "Blocked by", "Decision", title="Measures"
    )
    for measure in case.measures:
        if measure.dropped:
            reason = measure.history[-1].justification if measure.history else ""
            measures.add_row(
                measure.id, f"[dim]{escape(measure.title)}[/]", "", "dropped", "", escape(reason)
            )
            continue
        adoption = case_file.adoption_of(measure.id)
        measures.add_row(
            measure.id,
            escape(measure.title),
            DecisionRule(adoption.decision_rule).label,
            "yes" if adoption.adoptable else "no",
            ", ".join(adoption.blockers),
            measure.decision.value.replace("-", " "),
        )
    out_console.print(measures)
    for adoption in case_file.adoption:
        out_console.print(f"  {adoption.measure_id}: {escape(adoption.explanation)}")
    if case_file.positions:
        positions = Table("Measure", "State", "Position", "Comment", "By", title="Positions")
        for position in case_file.positions:
            style = _POSITION_STYLE[position.position]
            positions.add_row(
                position.measure_id,
                position.member_state,
                f"[{style}]{position.position.label}[/]",
                escape(position.comment),
                position.recorded_by,
            )
        out_console.print(positions)
    for implementation in case_file.implementations:
        out_console.print(
            f"Implemented {implementation.date.isoformat()} "
            f"({implementation.kind.value.replace('-', ' ')}, "
            f"{implementation.measure_id}): {escape(implementation.summary)}"
        )
    if case.history:
        out_console.print("[bold]History[/]")
        for change in case.history:
            out_console.print(f"  {change.at.date().isoformat()}  {escape(change.sentence)}")
    if case_file.recidivism:
        out_console.print("[bold]Later incidents by the same actor or sponsor:[/]")
        for flag in case_file.recidivism:
            out_console.print(
                f"  {flag.start or '?'}  {escape(flag.title)} ({flag.slug}) — {flag.shared}"
            )
