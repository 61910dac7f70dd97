"""`cdt sanctions renew` and `cdt sanctions delist`: keeping the register, on both backends."""

from __future__ import annotations

import json

import pytest

from tests_support import Cli

RENEWAL_2026 = (
    "sanctions",
    "renew",
    "--act",
    "Council Decision (CFSP) 2026/0000 (test fixture)",
    "--date",
    "2026-05-12",
    "--summary",
    "Listings prolonged for a year.",
    "--source",
    "https://eur-lex.europa.eu/example-act",
    "--listings-until",
    "2027-05-18",
    "--status",
    "secondary",
)


@pytest.fixture
def url(fresh_url: str) -> str:
    return fresh_url


def test_a_renewal_moves_the_listings_review_and_is_audited(cli: Cli, url: str) -> None:
    assert cli(url, "users", "add", "ana", "--role", "analyst").exit_code == 0
    before = json.loads(cli(url, "sanctions", "regime", "--json").stdout)
    result = cli(url, "--user", "ana", *RENEWAL_2026)
    assert result.exit_code == 0, result.output
    assert "Recorded Council Decision (CFSP) 2026/0000" in result.stdout
    regime = json.loads(cli(url, "sanctions", "regime", "--json").stdout)
    assert len(regime["renewals"]) == len(before["renewals"]) + 1
    reviews = json.loads(cli(url, "sanctions", "reviews", "--within", "2000", "--json").stdout)
    due = {item["kind"]: (item["due"], item["overdue"]) for item in reviews["items"]}
    assert due["listings"] == ("2027-05-18", False)
    recorded = {item["kind"]: item["recorded"] for item in reviews["items"]}
    assert "listings in force until 18 May 2027" in recorded["listings"]
    trail = json.loads(cli(url, "audit", "log", "--entity", "sanctions regime", "--json").stdout)
    assert trail[-1]["action"] == "regime.renew" and trail[-1]["actor"] == "ana"
    assert trail[-1]["after"]["listings_until"] == "2027-05-18"
    again = cli(url, "--user", "ana", *RENEWAL_2026)
    assert again.exit_code == 2 and "is already recorded" in again.stderr


def test_a_viewer_may_not_renew_and_bad_dates_name_the_option(cli: Cli, url: str) -> None:
    assert cli(url, "users", "add", "vic", "--role", "viewer").exit_code == 0
    refused = cli(url, "--user", "vic", *RENEWAL_2026)
    assert refused.exit_code == 1 and "edit the sanctions register" in refused.stderr
    bad_date = [*RENEWAL_2026]
    bad_date[bad_date.index("--listings-until") + 1] = "next May"
    bad = cli(url, *bad_date)
    assert bad.exit_code == 2 and "--listings-until" in bad.stderr and "YYYY-MM-DD" in bad.stderr


def test_delisting_keeps_the_listing_marked_and_refuses_a_second(cli: Cli, url: str) -> None:
    command = (
        "sanctions",
        "delist",
        "gao-qiang",
        "--date",
        "2026-06-01",
        "--act",
        "Council Implementing Regulation (EU) 2026/0000 (test fixture)",
        "--reason",
        "Deceased.",
        "--source",
        "https://eur-lex.europa.eu/example-delisting",
        "--json",
    )
    result = cli(url, *command)
    assert result.exit_code == 0, result.output
    listing = json.loads(result.stdout)
    assert listing["id"] == "gao-qiang" and listing["delisting"]["delisted_on"] == "2026-06-01"
    check = cli(url, "sanctions", "check", "Gao Qiang", "--json")
    assert check.exit_code == 3  # not listed now
    assert json.loads(check.stdout)["answer"].endswith("matches only listings since delisted.")
    second = cli(url, *command)
    assert second.exit_code == 2 and "was already delisted on 2026-06-01" in second.stderr
    early_command = [*command]
    early_command[2:5] = ["zhang-shilong", "--date", "2019-01-01"]
    early = cli(url, *early_command)
    assert early.exit_code == 2 and "is before the listing date 2020-07-30" in early.stderr


def test_a_bad_date_option_is_an_error_message_not_a_traceback(cli: Cli, url: str) -> None:
    # Dates are read inside the command's error handling (they once raised before it).
    result = cli(url, "cases", "move", "no-such-case", "closed", "--review-due", "soon")
    assert result.exit_code == 2
    assert "--review-due" in result.stderr and "YYYY-MM-DD" in result.stderr
