"""`cdt report brief|case|annual|un|landscape`: each document written whole or not at all; bad input
(an unknown incident or case, a period that ends before it starts, an unknown format, an
output path that cannot be written) ends with exit 2 and the field, value and reason, and
leaves no file behind."""

from __future__ import annotations

from pathlib import Path

import pytest

from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.model import Tlp
from cdtoolbox.model.access import SYSTEM_USER, Role
from cdtoolbox.report import ReportFormat, render_report
from cdtoolbox.toolbox import Settings, Toolbox
from tests_support import Cli


def test_the_brief_is_written_in_the_format_its_suffix_names(
    cli: Cli, initialised_url: str, knowledge: KnowledgeBase, tmp_path: Path
) -> None:
    target = tmp_path / "notpetya.json"
    result = cli(initialised_url, "report", "brief", "notpetya-2017", "-o", target)
    assert result.exit_code == 0, result.output
    with Toolbox(Settings(initialised_url), knowledge=knowledge) as toolbox:
        expected = toolbox.reports.brief_document(
            "notpetya-2017", ReportFormat.JSON, by=SYSTEM_USER
        )
    assert target.read_bytes() == expected

    markdown = cli(initialised_url, "report", "brief", "notpetya-2017", "--format", "md")
    assert markdown.exit_code == 0
    assert "# Decision brief: NotPetya destructive malware" in markdown.stdout


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ["no-such-incident", "--format", "pdf"],
            "report `incident`: 'no-such-incident' names no incident you may read",
        ),
        (["notpetya-2017", "--format", "docx"], "'docx' is not one of html, pdf, md, json"),
        (["notpetya-2017"], "has no known suffix: name a --format"),
    ],
)
def test_bad_input_ends_with_exit_2_and_writes_no_file(
    cli: Cli, initialised_url: str, tmp_path: Path, arguments: list[str], message: str
) -> None:
    target = tmp_path / "brief.out"
    result = cli(initialised_url, "report", "brief", *arguments, "-o", target)
    assert result.exit_code == 2
    assert message in " ".join(result.stderr.split())
    assert list(tmp_path.iterdir()) == []


def test_an_output_folder_that_does_not_exist_is_refused(
    cli: Cli, initialised_url: str, tmp_path: Path
) -> None:
    target = tmp_path / "missing" / "brief.pdf"
    result = cli(initialised_url, "report", "brief", "notpetya-2017", "-o", target)
    assert result.exit_code == 2
    assert "is in a folder that does not exist" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_an_incident_above_the_users_clearance_is_refused_like_a_missing_one(
    cli: Cli, initialised_url: str, knowledge: KnowledgeBase, tmp_path: Path
) -> None:
    with Toolbox(Settings(initialised_url), knowledge=knowledge) as toolbox:
        toolbox.users.add(
            by=SYSTEM_USER,
            username="clear-only",
            display_name="Clear Only",
            role=Role.VIEWER,
            clearance=Tlp.CLEAR,
        )
        secret = toolbox.incidents.add(
            [
                {
                    "title": "A partner's amber incident",
                    "start": "2024-01-01",
                    "types": ["espionage"],
                    "tlp": "amber",
                    "sources": [{"title": "Report", "url": "https://example.org/report"}],
                }
            ],
            by=SYSTEM_USER,
        ).created[0]
    outcomes = []
    for key in (secret.slug, "no-such-incident"):
        result = cli(
            initialised_url,
            "--user",
            "clear-only",
            "report",
            "brief",
            key,
            "-o",
            tmp_path / "brief.md",
        )
        outcomes.append((result.exit_code, result.stderr.replace(key, "KEY")))
    assert outcomes[0] == outcomes[1]
    assert outcomes[0][0] == 2
    assert list(tmp_path.iterdir()) == []


def test_the_annual_report_is_written_as_the_library_renders_it(
    cli: Cli, initialised_url: str, knowledge: KnowledgeBase, tmp_path: Path
) -> None:
    target = tmp_path / "annual-2020.json"
    result = cli(initialised_url, "report", "annual", "--since", "2020", "-o", target)
    assert result.exit_code == 0, result.output
    with Toolbox(Settings(initialised_url), knowledge=knowledge) as toolbox:
        report = toolbox.reports.annual("2020", "2020", by=SYSTEM_USER)
    assert target.read_bytes() == render_report(report, ReportFormat.JSON)

    markdown = cli(initialised_url, "report", "annual", "--since", "2020-01", "--until", "2020-06")
    assert markdown.exit_code == 0
    assert "# Report for 1 January 2020 to 30 June 2020" in markdown.stdout


def test_the_case_dossier_is_written_for_a_case_and_refused_for_an_unknown_one(
    cli: Cli, initialised_url: str, knowledge: KnowledgeBase, tmp_path: Path
) -> None:
    with Toolbox(Settings(initialised_url), knowledge=knowledge) as toolbox:
        analyst = toolbox.users.add(
            by=SYSTEM_USER,
            username="cli-case-analyst",
            display_name="Analyst",
            role=Role.ANALYST,
        )
        case = toolbox.cases.open(["notpetya-2017"], by=analyst, title="Answer NotPetya")
    target = tmp_path / "case.html"
    result = cli(initialised_url, "report", "case", case.id, "-o", target)
    assert result.exit_code == 0, result.output
    assert "<h1>Answer NotPetya</h1>" in target.read_text(encoding="utf-8")

    refused = cli(initialised_url, "report", "case", "no-such-case", "-o", tmp_path / "x.pdf")
    assert refused.exit_code == 2
    assert "report `case`: 'no-such-case' names no case you may read" in refused.stderr
    assert sorted(path.name for path in tmp_path.iterdir()) == ["case.html"]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ["--since", "2021", "--until", "2020", "--format", "pdf"],
            "report `until`: '2020' ends before the period starts (2021-01-01)",
        ),
        (["--since", "2021", "--format", "odt"], "'odt' is not one of html, pdf, md, json"),
        (["--since", "last year", "--format", "md"], "is not a date of the form YYYY"),
    ],
)
def test_a_bad_annual_request_ends_with_exit_2_and_writes_no_file(
    cli: Cli, initialised_url: str, tmp_path: Path, arguments: list[str], message: str
) -> None:
    result = cli(initialised_url, "report", "annual", *arguments, "-o", tmp_path / "annual.out")
    assert result.exit_code == 2
    assert message in " ".join(result.stderr.split())
    assert list(tmp_path.iterdir()) == []


def test_an_annual_report_to_a_folder_that_does_not_exist_is_refused(
    cli: Cli, initialised_url: str, tmp_path: Path
) -> None:
    target = tmp_path / "missing" / "annual.pdf"
    result = cli(initialised_url, "report", "annual", "--since", "2020", "-o", target)
    assert result.exit_code == 2
    assert "is in a folder that does not exist" in result.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("command", "method"), [("un", "un_contribution"), ("landscape", "landscape")]
)
def test_the_un_contribution_and_the_landscape_are_written_as_the_library_renders_them(
    cli: Cli,
    initialised_url: str,
    knowledge: KnowledgeBase,
    tmp_path: Path,
    command: str,
    method: str,
) -> None:
    target = tmp_path / f"{command}-2020.json"
    result = cli(initialised_url, "report", command, "--since", "2020", "-o", target)
    assert result.exit_code == 0, result.output
    with Toolbox(Settings(initialised_url), knowledge=knowledge) as toolbox:
        report = getattr(toolbox.reports, method)("2020", "2020", by=SYSTEM_USER)
    assert target.read_bytes() == render_report(report, ReportFormat.JSON)


@pytest.mark.parametrize("command", ["un", "landscape"])
@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ["--since", "2021", "--until", "2020", "--format", "pdf"],
            "report `until`: '2020' ends before the period starts (2021-01-01)",
        ),
        (["--since", "2021", "--format", "odt"], "'odt' is not one of html, pdf, md, json"),
        (["--since", "0900", "--format", "md"], "report `since`: '0900' is before 1900"),
    ],
)
def test_a_bad_un_or_landscape_request_ends_with_exit_2_and_writes_no_file(
    cli: Cli,
    initialised_url: str,
    tmp_path: Path,
    command: str,
    arguments: list[str],
    message: str,
) -> None:
    result = cli(initialised_url, "report", command, *arguments, "-o", tmp_path / "report.out")
    assert result.exit_code == 2
    assert message in " ".join(result.stderr.split())
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", ["un", "landscape"])
def test_a_un_or_landscape_report_to_a_folder_that_does_not_exist_is_refused(
    cli: Cli, initialised_url: str, tmp_path: Path, command: str
) -> None:
    target = tmp_path / "missing" / "report.pdf"
    result = cli(initialised_url, "report", command, "--since", "2020", "-o", target)
    assert result.exit_code == 2
    assert "is in a folder that does not exist" in result.stderr
    assert list(tmp_path.iterdir()) == []
