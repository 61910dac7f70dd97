"""`cdt sitreps`: draft, revise, approve (by someone else) and export a sitrep; refusals exit 2
naming the field, or 1 when the role does not allow it, with nothing written."""

from __future__ import annotations

import json
from pathlib import Path

from account_support import add_user
from cdtoolbox.model.access import Role
from cdtoolbox.toolbox import Toolbox
from tests_support import Cli

INCIDENT = "wannacry-2017"
SECTIONS = (
    "--summary",
    "Ransomware spread worldwide.",
    "--assessment",
    "Attributed by several States.",
    "--actions",
    "Indicators shared.",
    "--next-steps",
    "Consider a joint statement.",
)


def test_a_sitrep_is_drafted_revised_approved_by_another_and_exported(
    cli: Cli, fresh_url: str, fresh_toolbox: Toolbox, tmp_path: Path
) -> None:
    add_user(fresh_toolbox, "ana", Role.ANALYST)
    add_user(fresh_toolbox, "apo", Role.APPROVER)
    drafted = cli(fresh_url, "--user", "ana", "sitreps", "draft", INCIDENT, *SECTIONS, "--json")
    assert drafted.exit_code == 0, drafted.stderr
    sitrep = json.loads(drafted.stdout)
    assert (sitrep["version"], sitrep["status"]) == (1, "draft")

    own = cli(fresh_url, "--user", "ana", "sitreps", "approve", sitrep["id"], "--version", "1")
    assert own.exit_code == 1 and "approve situation reports" in own.stderr
    revised = cli(
        fresh_url, "--user", "ana", "sitreps", "revise", sitrep["id"],
        "--expected-version", "1", "--next-steps", "Propose listings.", "--json",
    )  # fmt: skip
    assert json.loads(revised.stdout)["version"] == 2, revised.stderr
    stale = cli(
        fresh_url, "--user", "ana", "sitreps", "revise", sitrep["id"],
        "--expected-version", "1", "--summary", "Late.",
    )  # fmt: skip
    assert stale.exit_code == 1 and "version" in stale.stderr

    unapproved = cli(fresh_url, "sitreps", "export", sitrep["id"])
    assert unapproved.exit_code == 2 and "no version is approved" in unapproved.stderr
    approved = cli(fresh_url, "--user", "apo", "sitreps", "approve", sitrep["id"], "--version", "2")
    assert approved.exit_code == 0, approved.stderr

    output = tmp_path / "sitrep.html"
    exported = cli(fresh_url, "sitreps", "export", sitrep["id"], "-o", output)
    assert exported.exit_code == 0, exported.stderr
    html = output.read_text(encoding="utf-8")
    assert "Propose listings." in html and "brief-banner" in html and "version 2" in html

    shown = json.loads(cli(fresh_url, "sitreps", "show", sitrep["id"], "--json").stdout)
    assert [v["status"] for v in shown["versions"]] == ["draft", "approved"]
    listed = json.loads(cli(fresh_url, "sitreps", "list", INCIDENT, "--json").stdout)
    assert [item["version"] for item in listed["items"]] == [2]


def test_bad_input_exits_2_naming_the_field_and_writes_nothing(
    cli: Cli, fresh_url: str, fresh_toolbox: Toolbox
) -> None:
    refused = cli(fresh_url, "sitreps", "draft", "no-such-incident", *SECTIONS)
    assert refused.exit_code == 2 and "incident" in refused.stderr
    blank = cli(fresh_url, "sitreps", "draft", INCIDENT, *SECTIONS[:-1], " ")
    assert blank.exit_code == 2 and "next_steps" in blank.stderr
    marking = cli(fresh_url, "sitreps", "draft", INCIDENT, *SECTIONS, "--tlp", "purple")
    assert marking.exit_code == 2 and "tlp" in marking.stderr
    listed = json.loads(cli(fresh_url, "sitreps", "list", INCIDENT, "--json").stdout)
    assert listed["total"] == 0
