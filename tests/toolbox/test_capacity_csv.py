"""The capacity register as a CSV sheet on SQLite and PostgreSQL: an export imports back
unchanged, every row is checked as `cdt capacity add` checks a project (the error naming the
line, the field and the reason), and a refused sheet writes nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from cdtoolbox.errors import ImportRejected
from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.model.access import SYSTEM_USER
from cdtoolbox.toolbox import Settings, Toolbox

_HEADER = "title,funder,themes,sources,partner_countries,region,budget_eur,starts_on,ends_on\n"


@pytest.fixture
def source(tmp_path: Path, knowledge: KnowledgeBase) -> Iterator[Toolbox]:
    """A second register (SQLite) holding the bundled projects, to export from."""
    with Toolbox(Settings(f"sqlite:///{tmp_path / 'source.db'}"), knowledge=knowledge) as box:
        box.database.migrate()
        box.capacity.seed()
        yield box


def _written(toolbox: Toolbox) -> tuple[int, int]:
    return (
        len(toolbox.capacity.list(by=SYSTEM_USER)),
        len(toolbox.audit.entries(by=SYSTEM_USER)),
    )


def test_the_csv_export_imports_back_unchanged(toolbox: Toolbox, source: Toolbox) -> None:
    source.capacity.add(
        by=SYSTEM_USER,
        title="=Cyber resilience for Moldova",
        funder="European Union",
        themes=["crisis-management", "skills"],
        partner_countries=["MD", "UA"],
        region="eastern-partnership",
        implementers=["'Quoted' agency", "CERT-MD"],
        budget_eur=1_500_000,
        starts_on="2025-01-01",
        ends_on="2026-12-31",
        status="planned",
        outcomes=["Crisis plan adopted", "Drill, held twice"],
        note='A note, with "quotes"\nand a second line.',
        sources=["https://example.org/md"],
        tlp="amber",
        classification="RESTREINT UE/EU RESTRICTED",
    )
    source.capacity.add(
        by=SYSTEM_USER,
        title="Two outcomes in one",
        funder="European Union",
        themes=["skills"],
        partner_countries=["MD"],
        outcomes=["Plan adopted; drills held"],
        sources=["https://example.org/md"],
    )
    text, left_out = source.capacity.export_csv(by=SYSTEM_USER)
    # A list item holding the separator would read back as two: left out and named.
    assert [p.id for p in left_out] == ["two-outcomes-in-one"]
    exported = [p for p in source.capacity.list(by=SYSTEM_USER) if p not in left_out]
    imported = toolbox.capacity.import_csv(text, by=SYSTEM_USER)
    # Every project comes back as it was, its id kept; only who recorded it is the importer.
    assert [p.evolve(recorded_by=None) for p in imported] == [
        p.evolve(recorded_by=None) for p in exported
    ]
    assert toolbox.capacity.export_csv(by=SYSTEM_USER) == (text, ())
    entries = toolbox.audit.entries(by=SYSTEM_USER, entity="capacity project")
    assert len(entries) == len(imported)


@pytest.mark.parametrize(
    ("row", "field", "value", "reason"),
    [
        ("A,EU,skills,https://e.org,MD,,-5,,", "budget_eur", -5, "must not be negative"),
        (
            "A,EU,skills,https://e.org,MD,,,2025-06-01,2025-01-01",
            "ends_on",
            "2025-01-01",
            "is before the start",
        ),
        ("A,EU,skills,https://e.org,Atlantis,,,,", "partner_countries", "Atlantis", "ISO 3166"),
        ("A,EU,skills,https://e.org,MD,narnia,,,", "region", "narnia", "is not one of"),
        ("A,EU,gardening,https://e.org,MD,,,,", "themes", "gardening", "is not one of"),
        ("A,EU,skills,not an address,MD,,,,", "sources", "not an address", "http"),
        ("A,EU,skills,https://e.org,MD,,,spring,", "starts_on", "spring", "YYYY-MM-DD"),
    ],
)
def test_a_bad_row_is_refused_naming_line_field_and_reason_writing_nothing(
    toolbox: Toolbox, row: str, field: str, value: object, reason: str
) -> None:
    good = "Good,EU,skills,https://e.org,MD,,,,"
    before = _written(toolbox)
    with pytest.raises(ImportRejected) as refused:
        toolbox.capacity.import_csv(f"{_HEADER}{good}\n{row}\n", source="p.csv", by=SYSTEM_USER)
    [error] = refused.value.errors
    assert (error.location, error.field, error.value) == ("p.csv line 3", field, value)
    assert reason in error.reason
    assert _written(toolbox) == before


def test_a_project_twice_or_already_stored_is_refused(toolbox: Toolbox) -> None:
    twice = f"{_HEADER}Same,EU,skills,https://e.org,MD,,,,\nsame,EU,skills,https://e.org,MD,,,,\n"
    with pytest.raises(ImportRejected) as refused:
        toolbox.capacity.import_csv(twice, source="p.csv", by=SYSTEM_USER)
    [error] = refused.value.errors
    assert (error.location, error.field, error.value) == ("p.csv line 3", "id", "same")
    toolbox.capacity.import_csv(f"{_HEADER}Same,EU,skills,https://e.org,MD,,,,\n", by=SYSTEM_USER)
    before = _written(toolbox)
    again = f"{_HEADER}Other,EU,skills,https://e.org,MD,,,,\nSame,EU,skills,https://e.org,MD,,,,\n"
    with pytest.raises(ImportRejected) as refused:
        toolbox.capacity.import_csv(again, source="p.csv", by=SYSTEM_USER)
    assert [e.reason for e in refused.value.errors] == ["is already in the register"]
    assert _written(toolbox) == before
