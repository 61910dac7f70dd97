"""`cdt assess`: the assessment of an incident — severity, attribution, norms, law and the
graduated response options — as a report, or as JSON for scripts."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

import cdtoolbox
from cdtoolbox.assess.serialise import assessment_to_dict
from cdtoolbox.errors import InvalidInput
from cdtoolbox.interfaces.cli.assessment_view import assessment_view
from cdtoolbox.interfaces.cli.collector import collector_paused
from cdtoolbox.interfaces.cli.context import acting_user, open_toolbox, out_console, print_json
from cdtoolbox.model.calibration import SPLIT_RULE

if TYPE_CHECKING:
    from cdtoolbox.assess.calibration import PartScore, SetCalibrationReport

__all__ = ["assess_command"]


def assess_command(
    ctx: typer.Context,
    key: Annotated[
        str | None, typer.Argument(metavar="INCIDENT_ID", help="Incident id or slug.")
    ] = None,
    all_incidents: Annotated[
        bool, typer.Option("--all", help="Assess every stored incident.")
    ] = False,
    calibration: Annotated[
        bool,
        typer.Option(
            "--calibration",
            help="Compare the recommended response tier with the EU's actual public response "
            "for every incident that has one on record, and print the confusion table; then "
            "score the engine against the hand-coded calibration set: Spearman rank "
            "correlation of severity and agreement on the level of response, on its train "
            "and test parts.",
        ),
    ] = False,
    calibration_set: Annotated[
        Path | None,
        typer.Option(
            "--calibration-set",
            metavar="DIR",
            help="With --calibration: the folder of the hand-coded set (NAME.yaml with "
            "NAME-labels.csv). Default: tests/data/calibration of the source checkout, "
            "when there is one.",
        ),
    ] = None,
    json_output: Annotated[
        bool, typer.Option("--json", help="Print JSON (with --all: one JSON array, streamed).")
    ] = False,
) -> None:
    """Assess an incident: severity, attribution, norms and law engaged, response options."""
    chosen = sum((key is not None, all_incidents, calibration))
    with open_toolbox(ctx) as toolbox:
        by = acting_user(ctx, toolbox)
        if calibration_set is not None and not calibration:
            raise InvalidInput(
                "command", "--calibration-set", str(calibration_set), "needs --calibration"
            )
        if chosen != 1:
            raise InvalidInput(
                "command",
                "INCIDENT_ID",
                key,
                "give exactly one of INCIDENT_ID, --all, --calibration",
            )
        if calibration:
            report = toolbox.assessments.calibrate(by=by)
            folder = calibration_set or _checkout_calibration_set()
            scored = (
                toolbox.assessments.calibrate_set(folder, by=by) if folder is not None else None
            )
            if json_output:
                print_json(
                    {
                        "agreement": report.agreement,
                        "cases": len(report.cases),
                        "disagreements": [case.slug for case in report.disagreements()],
                        "calibration_set": _set_summary(folder, scored),
                    }
                )
            else:
                out_console.print(report.table())
                out_console.print(_set_text(folder, scored))
            return
        if all_incidents:
            with collector_paused():
                if json_output:
                    _stream_json_array(toolbox.assessments.assess_all_json(by=by))
                    return
                table = Table(header_style="bold")
                for column in (
                    "Incident",
                    "Severity (most likely)",
                    "Range",
                    "Level of response",
                    "Recommended",
                    "EU tier it amounts to",
                ):
                    table.add_column(column)
                for assessment in toolbox.assessments.assess_all(by=by):
                    recommendation = assessment.recommendation
                    severity = assessment.severity
                    table.add_row(
                        assessment.slug,
                        severity.level.value,
                        f"{severity.lower.value} to {severity.upper.value}",
                        recommendation.response_level.level.value,
                        recommendation.top_category.value,
                        recommendation.expected_tier.value,
                    )
            out_console.print(table)
            return
        assert key is not None
        assessment = toolbox.assessments.assess(key, by=by)
    if json_output:
        print_json(assessment_to_dict(assessment))
    else:
        out_console.print(assessment_view(assessment))


def _checkout_calibration_set() -> Path | None:
    """tests/data/calibration beside the installed package, when it runs from a checkout."""
    folder = Path(cdtoolbox.__file__).resolve().parents[2] / "tests" / "data" / "calibration"
    return folder if folder.is_dir() else None


def _part_summary(score: PartScore) -> dict[str, Any]:
    return {
        "incidents": score.incidents,
        "spearman": score.spearman,
        "response_agreement": score.agreement,
        "responses_agreed": score.agreed,
        "responses_scored": score.scored,
    }


def _set_summary(folder: Path | None, report: SetCalibrationReport | None) -> dict[str, Any] | None:
    if folder is None or report is None:
        return None
    return {
        "folder": str(folder),
        "incidents": len(report.cases),
        "split": SPLIT_RULE,
        "train": _part_summary(report.part("train")),
        "test": _part_summary(report.part("test")),
        # The test part as frozen, and the incidents added to it since, apart: figures on the
        # frozen part stay comparable across additions to the set.
        "test_frozen": _part_summary(report.part("test", frozen=True)),
        "test_added": _part_summary(report.part("test", frozen=False)),
    }


def _set_text(folder: Path | None, report: SetCalibrationReport | None) -> str:
    if folder is None or report is None:
        return "\nCalibration set: none found (give --calibration-set DIR)."
    lines = [
        f"\nCalibration set: {folder} ({len(report.cases)} incidents; {SPLIT_RULE})",
        f"{'part':<6} {'incidents':>9} {'Spearman':>9}  level of response agreed",
    ]
    rows = [("train", report.part("train")), ("test", report.part("test"))]
    frozen, added = report.part("test", frozen=True), report.part("test", frozen=False)
    if frozen.incidents and added.incidents:
        rows += [("  frozen", frozen), ("  added", added)]
    for name, score in rows:
        rho = "n/a" if score.spearman is None else f"{score.spearman:.3f}"
        agreed = f"{score.agreed}/{score.scored}"
        if score.agreement is not None:
            agreed += f" = {score.agreement:.1%}"
        lines.append(f"{name:<8} {score.incidents:>7} {rho:>9}  {agreed}")
    return "\n".join(lines)


def _stream_json_array(documents: Iterable[bytes]) -> None:
    """Write a JSON array one element at a time, so memory stays flat over many incidents."""
    out = sys.stdout.buffer
    out.write(b"[")
    for number, document in enumerate(documents):
        if number:
            out.write(b",\n")
        out.write(document)
    out.write(b"]\n")
    out.flush()
