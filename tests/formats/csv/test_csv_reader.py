"""Incidents from spreadsheets: one row each, every error with its line and column."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from cdtoolbox.errors import ImportRejected
from cdtoolbox.formats.csv import read_incident_csv
from cdtoolbox.model import (
    DatePrecision,
    Impact,
    IncidentStatus,
    IncidentType,
    Organisation,
    PartialDate,
    Source,
    Tlp,
)

DATA = Path(__file__).parent / "data"
HEADER = "title,start,types,victim_countries,records_exposed"


def rejected(text: str, resolver: object) -> ImportRejected:
    with pytest.raises(ImportRejected) as caught:
        read_incident_csv(text, resolver)  # type: ignore[arg-type]
    return caught.value


def test_a_spreadsheet_reads_one_incident_per_row(resolver):
    grid, bundestag = read_incident_csv(DATA / "incidents.csv", resolver)

    assert grid.title == "Ukraine power grid attack"
    assert grid.summary.endswith("about 225,000 customers.")
    assert grid.start == grid.end == PartialDate(date(2015, 12, 23))
    assert grid.types == (IncidentType.SABOTAGE, IncidentType.WIPER)
    assert grid.victim_countries == ("UA",)
    assert grid.victim_sectors == ("energy.electricity",)
    assert grid.victim_organisations == (
        Organisation("Prykarpattyaoblenergo"),
        Organisation("Kyivoblenergo"),
    )
    assert grid.actor_ids == ("actor--sandworm",)
    assert grid.sources == (
        Source(
            "Analysis of the Cyber Attack on the Ukrainian Power Grid",
            "https://www.esisac.com/",
            "E-ISAC and SANS ICS",
            date(2016, 3, 18),
        ),
    )
    assert grid.impact == Impact(people_affected=225_000, outage_hours=6.0, physical_damage=False)
    assert (grid.id, grid.slug, grid.version) == ("", "", 0)

    assert bundestag.summary == 'Multi-line\nsummary, with "quotes"'
    assert bundestag.start == PartialDate(date(2015, 5, 1), DatePrecision.MONTH)
    assert bundestag.types == (IncidentType.ESPIONAGE, IncidentType.DATA_BREACH)
    assert bundestag.victim_countries == ("DE",)
    assert bundestag.actor_ids == ("actor--apt28",)
    assert (bundestag.tlp, bundestag.status) == (Tlp.AMBER, IncidentStatus.DRAFT)
    assert bundestag.sources == ()
    assert bundestag.impact == Impact(records_exposed=16_000)


def test_a_byte_order_mark_and_blank_lines_are_ignored(resolver, tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes(f"\ufeff{HEADER}\r\n\r\nStuxnet,2010,sabotage,,\r\n\r\n".encode())

    (incident,) = read_incident_csv(path, resolver)

    assert incident.title == "Stuxnet"
    assert incident.impact.records_exposed is None  # empty cell = unknown, not zero


def test_excel_semicolon_files_read_the_same(resolver):
    text = 'Title;Start;Types;Victim countries\nNotPetya;2017-06-27;"wiper;supply-chain";UA\n'

    (incident,) = read_incident_csv(text, resolver)

    assert incident.types == (IncidentType.WIPER, IncidentType.SUPPLY_CHAIN)
    assert incident.victim_countries == ("UA",)


def test_row_errors_name_line_and_column_and_are_all_reported(resolver):
    text = (
        f"{HEADER}\n"
        "Stuxnet,2010,sabotage,,\n"
        "\n"
        "NotPetya,2017-06-31,wipr,UA;Ukrain,\n"
        ",2018,ddos,,-3\n"
    )

    errors = rejected(text, resolver).errors

    assert [(error.location, error.field, error.value) for error in errors] == [
        ("incidents.csv line 4", "start", "2017-06-31"),
        ("incidents.csv line 4", "types", "wipr"),
        ("incidents.csv line 4", "victim_countries", "Ukrain"),
        ("incidents.csv line 5", "title", ""),
        ("incidents.csv line 5", "records_exposed", "-3"),
    ]
    assert str(errors[2]) == (
        "incidents.csv line 4: incident `victim_countries`: 'Ukrain' "
        "is not an ISO 3166 country code or name"
    )


def test_a_multi_line_cell_does_not_shift_later_line_numbers(resolver):
    text = f'{HEADER}\n"Two\nlines",2010,sabotage,,\nx,2010,sabotag,,\n'

    (error,) = rejected(text, resolver).errors

    assert (error.location, error.field) == ("incidents.csv line 4", "types")


def test_header_mistakes_name_the_column(resolver):
    text = "title,victim_country,types,types\nStuxnet,IR,sabotage,sabotage\n"

    errors = [error for error in rejected(text, resolver).errors if error.entity == "column"]

    assert [(error.entity, error.field, error.reason) for error in errors] == [
        ("column", "victim_country", "is not a known column (did you mean `victim_countries`?)"),
        ("column", "types", "appears twice in the header"),
    ]
    assert {error.location for error in errors} == {"incidents.csv line 1"}


def test_source_cells_without_a_source_title_are_an_error(resolver):
    text = "title,start,types,source_url\nStuxnet,2010,sabotage,https://example.org/report\n"

    (error,) = rejected(text, resolver).errors

    assert (error.field, error.reason) == (
        "source_title",
        "is required when other source columns are filled",
    )


def test_cells_beyond_the_header_are_an_error(resolver):
    text = f"{HEADER}\nStuxnet,2010,sabotage,,,stray\n"

    (error,) = rejected(text, resolver).errors

    assert (error.field, error.value) == ("column 6", "stray")


def test_an_end_before_the_start_is_an_error(resolver):
    text = "title,start,end,types\nx,2017-06-27,2017-06-01,wiper\n"

    (error,) = rejected(text, resolver).errors

    assert (error.field, error.reason) == ("end", "is before the start (2017-06-27)")


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "has no header row naming the columns"),
        (b"\n\n", "has no header row naming the columns"),
        ("title,start,types\nTelefónica,2017,ransomware\n".encode("cp1252"), "is not UTF-8"),
    ],
)
def test_unreadable_files_are_one_error(content, reason, resolver, tmp_path):
    path = tmp_path / "sheet.csv"
    path.write_bytes(content)

    with pytest.raises(ImportRejected) as caught:
        read_incident_csv(path, resolver)

    (error,) = caught.value.errors
    assert (error.entity, error.field) == ("file", "sheet.csv")
    assert error.reason.startswith(reason)


def test_a_header_alone_is_an_empty_import(resolver):
    assert read_incident_csv(f"{HEADER}\n", resolver) == []


def test_an_unknown_start_is_accepted_with_a_disclosure_date(resolver):
    text = "title,start,disclosed,types\nLeak,,2021-07-18,espionage\nUndated,,,espionage\n"

    (error,) = rejected(text, resolver).errors

    assert (error.location, error.field) == ("incidents.csv line 3", "start")
    assert error.reason.startswith("is required unless `disclosed` is given")
    (incident,) = read_incident_csv("title,disclosed,types\nLeak,2021,espionage\n", resolver)
    assert incident.start is None and str(incident.disclosed) == "2021"
