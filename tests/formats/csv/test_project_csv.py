"""The project sheet, both ways: any project a row can carry reads back as the cells ``cdt
capacity add`` takes, formula-like cells are written as text, and a malformed sheet is refused
only ever with ImportRejected, naming the line, the column and the reason."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cdtoolbox.errors import ImportRejected
from cdtoolbox.formats.csv.projects import (
    ProjectRow,
    fits_a_row,
    project_csv,
    read_project_csv,
)
from cdtoolbox.model.capacity import CapacityProject, CapacityTheme, ProjectStatus
from cdtoolbox.model.vocabulary import Classification, Tlp

# Text as a cell may hold it: stripped (as `add` stores it), never empty, no separator, and
# none of the characters CSV text cannot carry through a round trip (a lone surrogate, NUL,
# a bare carriage return that csv turns into a newline).
_TEXT = (
    st.text(
        st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\r;"),
        min_size=1,
        max_size=30,
    )
    .map(str.strip)
    .filter(bool)
)
_OPTIONAL = st.none() | _TEXT
_DATES = st.none() | st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31))


@st.composite
def projects(draw: st.DrawFn) -> CapacityProject:
    return CapacityProject(
        id=draw(st.from_regex(r"[a-z0-9]+(-[a-z0-9]+)*", fullmatch=True)),
        title=draw(_TEXT),
        funder=draw(_TEXT),
        themes=tuple(draw(st.lists(st.sampled_from(CapacityTheme), min_size=1, unique=True))),
        sources=tuple(draw(st.lists(_TEXT, min_size=1, max_size=3))),
        instrument=draw(_OPTIONAL),
        implementers=tuple(draw(st.lists(_TEXT, max_size=3))),
        partner_countries=tuple(draw(st.lists(st.sampled_from(["MD", "UA", "RS"]), unique=True))),
        region=draw(st.none() | st.sampled_from(["western-balkans", "global"])),
        budget_eur=draw(st.none() | st.integers(min_value=0, max_value=10**12)),
        starts_on=draw(_DATES),
        ends_on=draw(_DATES),
        status=draw(st.sampled_from(ProjectStatus)),
        outcomes=tuple(draw(st.lists(_TEXT, max_size=3))),
        note=draw(_OPTIONAL),
        tlp=draw(st.sampled_from(Tlp)),
        classification=draw(st.none() | st.sampled_from(Classification)),
    )


def _row_of(project: CapacityProject) -> ProjectRow:
    return ProjectRow(
        where="p.csv line 2",
        id=project.id,
        title=project.title,
        funder=project.funder,
        themes=tuple(t.value for t in project.themes),
        sources=project.sources,
        instrument=project.instrument,
        implementers=project.implementers,
        partner_countries=project.partner_countries,
        region=project.region,
        budget_eur=project.budget_eur,
        starts_on=project.starts_on.isoformat() if project.starts_on else None,
        ends_on=project.ends_on.isoformat() if project.ends_on else None,
        status=project.status.value,
        outcomes=project.outcomes,
        note=project.note,
        tlp=project.tlp.value,
        classification=project.classification.value if project.classification else None,
    )


@given(projects())
def test_a_written_project_reads_back_as_it_was(project: CapacityProject) -> None:
    [row] = read_project_csv(project_csv([project]), "p.csv")
    assert row == _row_of(project)


@given(st.text(max_size=300))
def test_any_text_is_read_or_refused_with_import_rejected(text: str) -> None:
    try:
        read_project_csv("title,funder,themes,sources\n" + text, "p.csv")
    except ImportRejected as refused:
        assert all(error.location for error in refused.errors)


def test_a_formula_is_written_as_text_and_read_back_unchanged() -> None:
    project = CapacityProject(
        id="p",
        title='=HYPERLINK("https://evil.example")',
        funder="+EU",
        themes=(CapacityTheme.SKILLS,),
        sources=("https://example.org",),
        # The cell is guarded as a whole; an item further on starts no formula.
        implementers=("'quoted", "@team"),
        partner_countries=("MD",),
        note="-1 note",
    )
    text = project_csv([project])
    assert "'=HYPERLINK" in text and "'+EU" in text and "''quoted; @team" in text
    assert "'-1 note" in text
    [row] = read_project_csv(text, "p.csv")
    assert (row.title, row.funder, row.implementers, row.note) == (
        project.title,
        project.funder,
        project.implementers,
        project.note,
    )


def test_a_list_item_holding_the_separator_does_not_fit_a_row() -> None:
    project = CapacityProject(
        id="p",
        title="P",
        funder="EU",
        themes=(CapacityTheme.SKILLS,),
        sources=("https://example.org",),
        partner_countries=("MD",),
        outcomes=("Plan adopted; drills held",),
    )
    assert not fits_a_row(project)
    with pytest.raises(ValueError, match="holds ';'"):
        project_csv([project])


@pytest.mark.parametrize(
    ("text", "where", "field", "reason"),
    [
        ("title,funder,themes\n", "p.csv line 1", "sources", "is required but missing"),
        ("title,funder,themes,sources,colour\n", "p.csv line 1", "colour", "is not a known"),
        (
            "title,funder,themes,sources,budget_eur\nA,EU,skills,x,1e6\n",
            "p.csv line 2",
            "budget_eur",
            "must be a whole number of euros",
        ),
        (
            "title,funder,themes,sources\nA,EU,skills,x,extra\n",
            "p.csv line 2",
            "column 5",
            "is beyond the last column",
        ),
        ("\n", "p.csv", "p.csv", "has no header row"),
    ],
)
def test_a_malformed_sheet_is_refused_naming_line_field_and_reason(
    text: str, where: str, field: str, reason: str
) -> None:
    with pytest.raises(ImportRejected) as refused:
        read_project_csv(text, "p.csv")
    [error] = refused.value.errors
    assert (error.location, error.field) == (where, field) and reason in error.reason


def test_columns_in_any_order_spelt_loosely_with_semicolons_between_cells() -> None:
    # Excel in a comma-decimal locale separates cells with ";": then lists cannot use it, and
    # a one-item list still reads.
    text = "\ufeffThemes;Funder;Title;Sources;Partner countries;Status\nskills;EU;A;s;MD;\n"
    [row] = read_project_csv(text, "p.csv")
    assert (row.title, row.themes, row.partner_countries) == ("A", ("skills",), ("MD",))
    assert row.status == "unknown" and row.tlp == "clear" and row.id is None
