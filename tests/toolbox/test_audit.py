from __future__ import annotations

import pytest
from sqlalchemy import delete, text, update

from cdtoolbox.model.access import SYSTEM_USER, Role
from cdtoolbox.store.governance_schema import audit_head, audit_log
from cdtoolbox.toolbox import Toolbox


def _three_entries(toolbox: Toolbox) -> None:
    for name in ("ana", "bob", "cy"):
        toolbox.users.add(
            by=SYSTEM_USER, username=name, display_name=name.title(), role=Role.ANALYST
        )


def test_an_untouched_trail_verifies(toolbox: Toolbox) -> None:
    _three_entries(toolbox)
    result = toolbox.audit.verify(by=SYSTEM_USER)
    assert result.intact and result.entries_checked == 3
    entries = toolbox.audit.entries(by=SYSTEM_USER)
    assert [entry.seq for entry in entries] == [1, 2, 3]
    assert entries[1].previous_hash == entries[0].hash
    assert entries[0].actor == "system" and entries[0].action == "user.add"


def test_an_empty_trail_verifies(toolbox: Toolbox) -> None:
    assert toolbox.audit.verify(by=SYSTEM_USER).intact


def test_an_edited_entry_is_named(toolbox: Toolbox) -> None:
    _three_entries(toolbox)
    with toolbox.database.connect(read_only=False) as connection:
        connection.execute(
            update(audit_log).where(audit_log.c.seq == 2).values(actor="someone-else")
        )
    result = toolbox.audit.verify(by=SYSTEM_USER)
    assert not result.intact and result.first_broken == 2
    assert "entry 2" in result.summary and "changed after it was written" in result.summary


def test_an_edited_entry_with_a_recomputed_hash_breaks_the_next_link(toolbox: Toolbox) -> None:
    _three_entries(toolbox)
    with toolbox.database.connect(read_only=False) as connection:
        connection.execute(update(audit_log).where(audit_log.c.seq == 1).values(hash="f" * 64))
    result = toolbox.audit.verify(by=SYSTEM_USER)
    assert result.first_broken == 1  # its own hash no longer matches its content


def test_a_deleted_entry_is_named(toolbox: Toolbox) -> None:
    _three_entries(toolbox)
    with toolbox.database.connect(read_only=False) as connection:
        connection.execute(delete(audit_log).where(audit_log.c.seq == 2))
    result = toolbox.audit.verify(by=SYSTEM_USER)
    assert result.first_broken == 2 and "missing" in (result.reason or "")


def test_deleting_the_newest_entry_is_found_through_the_head(toolbox: Toolbox) -> None:
    _three_entries(toolbox)
    with toolbox.database.connect(read_only=False) as connection:
        connection.execute(delete(audit_log).where(audit_log.c.seq == 3))
    result = toolbox.audit.verify(by=SYSTEM_USER)
    assert result.first_broken == 3 and "head records entry 3" in (result.reason or "")


def test_rewriting_the_head_alone_is_found(toolbox: Toolbox) -> None:
    _three_entries(toolbox)
    with toolbox.database.connect(read_only=False) as connection:
        connection.execute(update(audit_head).values(hash="0" * 64))
    assert not toolbox.audit.verify(by=SYSTEM_USER).intact


def test_a_failed_change_leaves_no_audit_entry(toolbox: Toolbox) -> None:
    toolbox.users.add(by=SYSTEM_USER, username="ana", display_name="A", role=Role.ANALYST)
    with pytest.raises(Exception, match="already taken"):
        toolbox.users.add(by=SYSTEM_USER, username="ana", display_name="A", role=Role.ANALYST)
    assert len(toolbox.audit.entries(by=SYSTEM_USER)) == 1
    with toolbox.database.connect(read_only=True) as connection:
        assert connection.execute(text("select count(*) from audit_log")).scalar() == 1
