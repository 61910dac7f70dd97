"""The bundled UN process data: every entry with its sources, unconfirmed facts never given
as confirmed fields, and a file that breaks those rules refused when read."""

from __future__ import annotations

import pytest

from cdtoolbox.errors import InvalidInput
from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.knowledge.datafiles import parse_data_file
from cdtoolbox.knowledge.un_process import load_un_process
from cdtoolbox.model.diplomacy import Verification


def test_every_process_session_and_milestone_names_its_sources(knowledge: KnowledgeBase) -> None:
    reference = knowledge.un_process
    assert [p.id for p in reference.processes][-3:] == [
        "oewg-2021-2025",
        "poa",
        "global-mechanism",
    ]
    for process in reference.processes:
        assert process.sources and all(m.sources for m in process.milestones)
    assert all(session.sources for session in reference.sessions)
    oewg = [s for s in reference.sessions_of("oewg-2021-2025") if "substantive" in s.title]
    assert len(oewg) == 11


def test_unconfirmed_sessions_carry_no_dates_and_say_so(knowledge: KnowledgeBase) -> None:
    for session in knowledge.un_process.sessions:
        if session.status is Verification.UNVERIFIED or session.starts is None:
            assert session.starts is None and session.ends is None
            assert session.note is not None and "not confirmed" in session.note
        else:
            assert session.ends is not None and session.starts <= session.ends


_HEADER = "version: 1\nsource: [test]\n"
_PILLARS = "pillars:\n" + "".join(
    f"- {{id: {p}, title: T, summary: S, source: [x]}}\n"
    for p in ("threats", "norms", "international-law", "cbms", "capacity-building", "rid")
)
_PROCESS = (
    "processes:\n- {id: oewg, name: N, kind: oewg, summary: S, status: verified, source: [x]}\n"
)


@pytest.mark.parametrize(
    ("sessions", "field", "reason"),
    [
        (
            "- {id: s, process: gge, title: T, status: verified, source: [x]}",
            "process",
            "is not a process",
        ),
        (
            "- {id: s, process: oewg, title: T, starts: 2022-03-28, ends: 2022-04-01,"
            " status: unverified, source: [x]}",
            "starts",
            "unconfirmed session gives no dates",
        ),
        (
            "- {id: s, process: oewg, title: T, starts: 2022-03-28, ends: 2022-03-01,"
            " status: verified, source: [x]}",
            "ends",
            "is before the start",
        ),
        ("- {id: s, process: oewg, title: T, status: verified}", "source", "is missing"),
    ],
)
def test_a_data_file_breaking_the_rules_is_refused(sessions: str, field: str, reason: str) -> None:
    text = f"{_HEADER}{_PILLARS}{_PROCESS}sessions:\n{sessions}\n"
    with pytest.raises(InvalidInput) as raised:
        load_un_process(parse_data_file("un_process.yaml", text))
    assert raised.value.field == field and reason in raised.value.reason
