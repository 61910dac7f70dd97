"""Assessing a whole store on several cores writes the same bytes, in the same order, as
assessing it in one process."""

from __future__ import annotations

import sys
from collections.abc import Iterator

import pytest

from cdtoolbox.assess import assessment_to_json
from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.model.access import SYSTEM_USER
from cdtoolbox.toolbox import Settings, Toolbox
from cdtoolbox.toolbox.assessment_batch import assessed_json
from cdtoolbox.toolbox.cooperation_context import read_cooperation_context


@pytest.fixture
def fresh_toolbox(fresh_url: str, knowledge: KnowledgeBase) -> Iterator[Toolbox]:
    """A store as `cdt init` leaves it: the bundled incidents."""
    with Toolbox(Settings(fresh_url), knowledge=knowledge) as toolbox:
        yield toolbox


@pytest.mark.skipif(sys.platform != "linux", reason="workers are forked on Linux only")
@pytest.mark.parametrize("run_length", [1, 4, 1000])
def test_workers_write_what_one_process_writes(fresh_toolbox: Toolbox, run_length: int) -> None:
    incidents = fresh_toolbox.incidents.list(limit=1000, by=SYSTEM_USER).items
    assert len(incidents) >= 30
    assessor = fresh_toolbox.assessments.assessor()
    index = assessor.index(assessor.precedents_from(incidents))
    # The registers as the whole-store assessment reads them: the workers must use them too.
    cooperation = read_cooperation_context(fresh_toolbox.database, SYSTEM_USER.clearance, None)
    one_process = list(assessed_json(assessor, index, cooperation, processes=1))
    assert one_process == [
        assessment_to_json(assessor.assess(i, index, cooperation)) for i in incidents
    ]
    several = assessed_json(
        assessor, index, cooperation, processes=2, run_length=run_length, min_parallel=0
    )
    assert list(several) == one_process


def test_the_service_streams_the_json_of_assess_all(fresh_toolbox: Toolbox) -> None:
    assessments = fresh_toolbox.assessments.assess_all(by=SYSTEM_USER)
    expected = [assessment_to_json(assessment) for assessment in assessments]
    assert list(fresh_toolbox.assessments.assess_all_json(by=SYSTEM_USER)) == expected
