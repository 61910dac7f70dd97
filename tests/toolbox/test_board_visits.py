""" "Changed since my last visit" on the situation board, on SQLite and PostgreSQL: each
account's previous visit kept in the store (so it follows the user across devices), the rows
updated after it marked, nothing marked by an event above the reader, and no visit kept for a
caller without an account."""

from __future__ import annotations

import pytest

from cdtoolbox.errors import InvalidInput
from cdtoolbox.model.access import SYSTEM_USER, Role, User
from cdtoolbox.model.vocabulary import Tlp
from cdtoolbox.toolbox import Settings, Toolbox
from toolbox_support import CHEAP_PASSWORDS


def _user(toolbox: Toolbox, name: str, clearance: Tlp, role: Role = Role.ANALYST) -> User:
    return toolbox.users.add(
        by=SYSTEM_USER, username=name, display_name=name, role=role, clearance=clearance
    )


def _incident(toolbox: Toolbox, title: str) -> str:
    document = {
        "title": title,
        "start": "2026-11",
        "types": ["ransomware"],
        "summary": "Ransomware disrupted hospitals.",
        "victims": {"countries": ["FR"], "sectors": ["health"]},
        "sources": [{"title": "CERT advisory", "url": "https://example.org/advisory"}],
        "tlp": "green",
    }
    (created,) = toolbox.incidents.add([document], source="tests", by=SYSTEM_USER).created
    return created.id


def test_the_rows_updated_after_the_previous_visit_are_marked(toolbox: Toolbox) -> None:
    writer = _user(toolbox, "ana", Tlp.RED)
    reader = _user(toolbox, "rob", Tlp.AMBER, Role.VIEWER)
    quiet = _incident(toolbox, "Quiet incident")
    busy = _incident(toolbox, "Busy incident")
    hidden = _incident(toolbox, "Red-only news")
    for incident in (quiet, busy, hidden):
        toolbox.situation.record_event(incident, by=writer, kind="detected", summary="Seen.")
        toolbox.situation.record_event(incident, by=writer, kind="detected", summary="Seen.")

    assert toolbox.situation.visit_board(by=reader) is None  # the first visit
    toolbox.situation.record_event(busy, by=writer, kind="meeting-held", summary="Met.")
    toolbox.situation.record_event(
        hidden, by=writer, kind="meeting-held", summary="Red briefing.", tlp="red"
    )
    previous = toolbox.situation.visit_board(by=reader)
    assert previous is not None

    rows = {row.incident_id: row for row in toolbox.situation.board(by=reader, since=previous)}
    # The TLP:RED event is above the reader: it neither moves "last updated" nor marks the row.
    assert {key for key, row in rows.items() if row.changed} == {busy}
    red_rows = toolbox.situation.board(by=writer, since=previous)
    assert {row.incident_id for row in red_rows if row.changed} == {busy, hidden}
    # Without a time, nothing is marked; the next visit starts from the one just made.
    assert not any(row.changed for row in toolbox.situation.board(by=reader))
    later = toolbox.situation.visit_board(by=reader)
    assert later is not None and later > previous


def test_a_visit_is_kept_per_account_in_the_store(migrated_url: str, toolbox: Toolbox) -> None:
    reader = _user(toolbox, "rob", Tlp.AMBER, Role.VIEWER)
    other = _user(toolbox, "eve", Tlp.AMBER, Role.VIEWER)
    toolbox.situation.visit_board(by=reader)
    # Another Toolbox on the same database (another device, another server): the same visit.
    with Toolbox(Settings(migrated_url), passwords=CHEAP_PASSWORDS) as elsewhere:
        assert elsewhere.situation.visit_board(by=reader) is not None
        assert elsewhere.situation.visit_board(by=other) is None


def test_a_caller_without_an_account_is_not_followed(toolbox: Toolbox) -> None:
    assert toolbox.situation.visit_board(by=SYSTEM_USER) is None
    assert toolbox.situation.visit_board(by=SYSTEM_USER) is None
    visitor = User("anonymous", "Anonymous visitor", Role.VIEWER, Tlp.GREEN)
    assert toolbox.situation.visit_board(by=visitor) is None
    assert toolbox.situation.visit_board(by=visitor) is None


@pytest.mark.parametrize(
    ("since", "reason"),
    [("yesterday-ish", "must be a date and time"), ("2999-01-01T00:00", "is later than now")],
)
def test_a_since_that_is_not_a_past_time_is_refused(
    toolbox: Toolbox, since: str, reason: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        toolbox.situation.board(by=SYSTEM_USER, since=since)
    assert (refused.value.entity, refused.value.field) == ("filter", "since")
    assert reason in refused.value.reason
