"""Slugs of a batch of new incidents: the batch naming gives each incident the slug
``free_incident_slug`` gives it in turn, while asking the store a few times only."""

from __future__ import annotations

from collections.abc import Collection

from hypothesis import given
from hypothesis import strategies as st

from cdtoolbox.model import Incident, PartialDate
from cdtoolbox.toolbox.incident_slugs import IncidentSlugs, free_incident_slug

titles = st.sampled_from(["WannaCry", "New", "Grid attack", "Grid attack 2020"])
starts = st.sampled_from([None, "2017", "2020-05"])
# Explicit slugs that collide with those the titles give, and one that does not.
explicit = st.sampled_from(
    ["", "", "", "wannacry-2017", "wannacry-2017-2", "grid-attack-2020", "x"]
)


@st.composite
def incidents(draw: st.DrawFn) -> Incident:
    start = draw(starts)
    return Incident(
        id="",
        slug=draw(explicit),
        title=draw(titles),
        start=PartialDate.parse(start) if start else None,
    )


stored_slugs = st.sets(
    st.sampled_from(
        ["wannacry-2017", "wannacry-2017-2", "wannacry-2017-4", "new", "new-2", "grid-attack"]
        + [f"grid-attack-2020-{n}" for n in range(2, 120)]
    )
)


@given(st.lists(incidents(), max_size=30), stored_slugs)
def test_batch_slugs_are_those_given_one_by_one(batch: list[Incident], stored: set[str]) -> None:
    taken: set[str] = set()
    expected = []
    for incident in batch:
        slug = incident.slug or free_incident_slug(incident, taken, stored.__contains__)
        taken.add(slug)
        expected.append(slug)
    asked: list[Collection[str]] = []

    def stored_among(slugs: Collection[str]) -> set[str]:
        asked.append(slugs)
        return stored & set(slugs)

    slugs = IncidentSlugs(batch, stored_among)
    assert [slugs.slug_of(incident) for incident in batch] == expected
    # One question for every unnumbered slug at once, then at most one per run of a hundred
    # numbers after each (no number here passes 150): never one per incident.
    assert len(asked) <= 1 + 2 * len({(i.title, i.start) for i in batch if not i.slug})
