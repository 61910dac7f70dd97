"""Counts and refusals read as English: "885 actors", "1 listing", "is an analyst"."""

from __future__ import annotations

import pytest

from cdtoolbox.errors import Forbidden
from cdtoolbox.interfaces.cli.counts import counted, shown_line
from cdtoolbox.model import Tlp
from cdtoolbox.model.access import Permission, Role, User
from cdtoolbox.toolbox.access import require
from tests_support import Cli


def test_counts_agree_with_their_number() -> None:
    assert counted(1, "person") == "1 person"
    assert counted(2, "entity", "entities") == "2 entities"
    assert counted(1885, "actor") == "1,885 actors"
    assert shown_line(885, 885, "actor") == "885 actors."
    assert shown_line(1, None, "incident") == "1 incident."
    assert shown_line(50, 885, "actor") == "50 of 885 actors shown."


def test_a_refusal_names_the_role_with_its_article() -> None:
    analyst = User("ana", "Ana", Role.ANALYST, Tlp.AMBER)
    with pytest.raises(Forbidden, match="'ana' is an analyst; this needs a role that may manage"):
        require(analyst, Permission.MANAGE_USERS)


def test_the_actor_list_ends_with_one_readable_count(cli: Cli, initialised_url: str) -> None:
    every = cli(initialised_url, "actors", "list").stdout.strip().splitlines()[-1]
    assert every.endswith(" actors.") and " of " not in every
    paged = cli(initialised_url, "actors", "list", "--limit", "2").stdout
    assert " of " in paged and "actors shown." in paged
