"""Counts and refusals read as English: "885 actors", "1 listing", "is an analyst", and the
audit trail in the words of the /audit page."""

from __future__ import annotations

from datetime import date

import pytest

from cdtoolbox.errors import Forbidden
from cdtoolbox.interfaces.cli.counts import counted, shown_line
from cdtoolbox.model import Tlp
from cdtoolbox.model.access import Permission, Role, User
from cdtoolbox.model.audit import ACTION_LABELS, RECORD_KIND_LABELS
from cdtoolbox.model.sanctions import ReviewDue, ReviewKind
from cdtoolbox.model.wording import counted as model_counted
from cdtoolbox.model.wording import with_article
from cdtoolbox.toolbox.access import require
from tests_support import Cli


def test_counts_agree_with_their_number() -> None:
    assert counted(1, "person") == "1 person"
    assert counted(2, "entity", "entities") == "2 entities"
    assert counted(1885, "actor") == "1,885 actors"
    assert shown_line(885, 885, "actor") == "885 actors."
    assert shown_line(1, None, "incident") == "1 incident."
    assert shown_line(50, 885, "actor") == "50 of 885 actors shown."


def test_one_helper_words_every_count_and_article() -> None:
    # The CLI's helper is the library's: one table of plurals for the library, CLI and pages.
    assert counted is model_counted
    assert counted(1, "entity") == "1 entity"
    assert counted(3, "entity") == "3 entities"
    assert counted(0, "country") == "0 countries"
    assert counted(2, "person") == "2 persons"
    assert counted(1, "person") == "1 person"
    assert [with_article(noun) for noun in ("analyst", "approver", "viewer", "incident file")] == [
        "an analyst",
        "an approver",
        "a viewer",
        "an incident file",
    ]


def test_a_review_one_day_overdue_says_day_not_days() -> None:
    review = ReviewDue(
        "eu-cyber",
        "EU cyber regime",
        ReviewKind.LISTINGS,
        date(2026, 5, 18),
        "Decision (CFSP) 2025/1",
        days_left=-1,
        active_listings=1,
    )
    assert "2026, 1 day ago (" in review.recorded


def test_a_refusal_names_the_role_with_its_article() -> None:
    analyst = User("ana", "Ana", Role.ANALYST, Tlp.AMBER)
    with pytest.raises(Forbidden, match="'ana' is an analyst; this needs a role that may manage"):
        require(analyst, Permission.MANAGE_USERS)


def test_the_actor_list_ends_with_one_readable_count(cli: Cli, initialised_url: str) -> None:
    every = cli(initialised_url, "actors", "list").stdout.strip().splitlines()[-1]
    assert every.endswith(" actors.") and " of " not in every
    paged = cli(initialised_url, "actors", "list", "--limit", "2").stdout
    assert " of " in paged and "actors shown." in paged


def test_the_audit_log_reads_as_the_audit_page(cli: Cli, initialised_url: str) -> None:
    text = cli(initialised_url, "audit", "log", "--limit", "40").stdout
    # `cdt init` imports the bundled incidents, loads the release's 29 public responses, then
    # adds the sanctions regime and listings.
    assert ACTION_LABELS["incident.import"] in text
    assert ACTION_LABELS["response.add"] in text
    assert ACTION_LABELS["regime.add"] in text
    assert f"{RECORD_KIND_LABELS['sanctions regime']} eu-cyber" in text
    assert "incident.import" not in text and "regime.add" not in text
    assert "response.add" not in text
