"""Incident files stored in one batch: the store is asked a fixed number of times whatever
the size of the file, and the result (slugs, errors, audit) is what storing the incidents one
by one gave."""

from __future__ import annotations

import pytest

from cdtoolbox.errors import ImportRejected, InvalidInput
from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.model.access import SYSTEM_USER
from cdtoolbox.store import dump
from cdtoolbox.toolbox import Toolbox
from tests_support import counted_statements

SOURCE = {"title": "Report", "url": "https://example.org/report"}


def document(title: str, start: str = "2020-03-01", **fields: object) -> dict[str, object]:
    return {
        "title": title,
        "start": start,
        "types": ["espionage"],
        "victims": {"countries": ["FR"], "sectors": ["energy"]},
        "actors": ["APT28"],
        "attributions": [{"by": {"kind": "state", "name": "France"}, "actor": "APT28"}],
        "sources": [SOURCE],
        **fields,
    }


@pytest.fixture
def box(toolbox: Toolbox, knowledge: KnowledgeBase) -> Toolbox:
    with toolbox.database.transaction() as store:
        store.actors.upsert_many(knowledge.actors.all())
    return toolbox


def test_an_import_asks_the_store_as_often_for_200_incidents_as_for_20(box: Toolbox) -> None:
    # Both sizes fit one batch: with a query, an insert, an index write or a counter bump
    # per incident, the larger import would send more statements. A first import reads and
    # keeps the actor catalogue names resolve against; it is not counted.
    box.incidents.add([document("Warm-up")], by=SYSTEM_USER)
    counts = []
    for size in (20, 200):
        documents = [document(f"Intrusion {size}-{number}") for number in range(size)]
        with counted_statements() as sent:
            report = box.incidents.add(documents, by=SYSTEM_USER, source=f"file-{size}")
        assert len(report.created) == size
        counts.append(len(sent))
    assert counts[0] == counts[1]


def test_slugs_are_numbered_as_when_stored_one_by_one(box: Toolbox) -> None:
    box.incidents.add([document("WannaCry", "2017-05-12")], by=SYSTEM_USER)
    report = box.incidents.add(
        [
            document("WannaCry", "2017-05-12"),
            document("WannaCry", "2017-06-01", slug="wannacry-2017-3"),
            document("WannaCry", "2017-07-01"),
            document("New", None, disclosed="2020-01"),
        ],
        by=SYSTEM_USER,
    )
    assert [incident.slug for incident in report.created] == [
        "wannacry-2017-2",
        "wannacry-2017-3",
        "wannacry-2017-4",
        "new-2",
    ]


def test_a_slug_an_earlier_incident_of_the_file_was_given_is_refused_and_nothing_is_stored(
    box: Toolbox,
) -> None:
    before = dump(box.database)
    with pytest.raises(InvalidInput) as refused:
        box.incidents.add(
            [document("Blackout"), document("Grid attack", slug="blackout-2020")],
            by=SYSTEM_USER,
        )
    assert str(refused.value).startswith(
        "incident `slug`: 'blackout-2020' is already used by incident "
    )
    assert dump(box.database) == before


def test_an_import_leaves_one_audit_entry_naming_its_incidents(box: Toolbox) -> None:
    report = box.incidents.add(
        [document(f"Breach {number}") for number in range(3)], by=SYSTEM_USER, source="batch"
    )
    (entry,) = [e for e in box.audit.entries(by=SYSTEM_USER) if e.key == "batch"]
    assert entry.action == "incident.add"
    assert entry.after is not None
    assert entry.after["created"] == 3
    assert entry.after["incident_ids"] == [incident.id for incident in report.created]


def test_names_resolved_once_per_import_still_refuse_each_ambiguous_use(box: Toolbox) -> None:
    # The resolver keeps what each text resolved to for the rest of the import; a name that
    # several actors carry is refused wherever it is written, not only the first time.
    documents = [document("First", actors=["Team 74"]), document("Second", actors=["Team 74"])]
    with pytest.raises(ImportRejected) as refused:
        box.incidents.add(documents, by=SYSTEM_USER)
    errors = [(error.location, error.field) for error in refused.value.errors]
    assert errors == [
        ("input: incidents[0]", "actors[0]"),
        ("input: incidents[1]", "actors[0]"),
    ]
