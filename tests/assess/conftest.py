"""The bundled incidents, assessed once per session against each other as precedents."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from cdtoolbox.assess import Assessment, Assessor, PrecedentIndex
from cdtoolbox.ingest import read_incident_document
from cdtoolbox.ingest.bundled import bundled_incident_documents
from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.model import Incident


@pytest.fixture(scope="session")
def assessor(knowledge: KnowledgeBase) -> Assessor:
    return Assessor(knowledge)


@pytest.fixture(scope="session")
def bundled(knowledge: KnowledgeBase) -> dict[str, Incident]:
    """Every incident of the bundled dataset, by slug."""
    incidents = (read_incident_document(d, knowledge) for d in bundled_incident_documents())
    return {incident.slug: incident for incident in incidents}


@pytest.fixture(scope="session")
def precedents(assessor: Assessor, bundled: dict[str, Incident]) -> PrecedentIndex:
    return assessor.index(assessor.precedents_from(bundled.values()))


@pytest.fixture(scope="session")
def assessed(
    assessor: Assessor, bundled: dict[str, Incident], precedents: PrecedentIndex
) -> Callable[[str], Assessment]:
    """The assessment of a bundled incident against all the others."""
    cache: dict[str, Assessment] = {}

    def assess(slug: str) -> Assessment:
        if slug not in cache:
            cache[slug] = assessor.assess(bundled[slug], precedents)
        return cache[slug]

    return assess
