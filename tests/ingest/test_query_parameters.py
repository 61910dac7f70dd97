"""Filter values as typed in the CLI or sent as query parameters → one canonical filter."""

from __future__ import annotations

from datetime import date

import pytest

from cdtoolbox.errors import InvalidInput
from cdtoolbox.ingest import FILTER_PARAMETERS, read_incident_filter, read_incident_sort
from cdtoolbox.model import IncidentFilter, IncidentSort, IncidentType, Tlp


def test_no_parameters_is_the_empty_filter(resolver):
    assert read_incident_filter({}, resolver).is_empty


def test_every_parameter_becomes_its_canonical_value(resolver):
    params = {
        "type": ["Ransomware", "data breach"],
        "since": "2017",
        "until": "2018-02",
        "victim_country": ["Ukraine", "gbr"],
        "sector": ["Public administration", "energy.electricity"],
        "actor": "fancy bear",
        "sponsor": "Russia",
        "tlp": ["white", "amber strict"],  # '+' in a query string arrives as a space
        "text": "  power grid ",
    }

    found = read_incident_filter(params, resolver)

    assert found == IncidentFilter(
        types=(IncidentType.RANSOMWARE, IncidentType.DATA_BREACH),
        since=date(2017, 1, 1),
        until=date(2018, 2, 28),
        victim_countries=("UA", "GB"),
        sectors=("public-administration", "energy.electricity"),
        actor_ids=("actor--apt28",),
        sponsors=("RU",),
        tlp=(Tlp.CLEAR, Tlp.AMBER_STRICT),
        text="power grid",
    )


@pytest.mark.parametrize(
    ("since", "until", "expected"),
    [
        ("2016", "2016", (date(2016, 1, 1), date(2016, 12, 31))),
        ("2016-02", "2016-02", (date(2016, 2, 1), date(2016, 2, 29))),
        ("2016-02-10", "2016-02-11", (date(2016, 2, 10), date(2016, 2, 11))),
    ],
)
def test_since_takes_the_first_day_and_until_the_last(since, until, expected, resolver):
    found = read_incident_filter({"since": since, "until": until}, resolver)

    assert (found.since, found.until) == expected


def test_repeated_values_are_kept_once_and_blank_values_ignored(resolver):
    params = {"victim_country": ["UA", "Ukraine", " "], "type": "", "text": None}

    found = read_incident_filter(params, resolver)

    assert found == IncidentFilter(victim_countries=("UA",))


@pytest.mark.parametrize(
    ("params", "field", "value", "reason"),
    [
        (
            {"victim_country": ["UA", "Ukrain"]},
            "victim_country",
            "Ukrain",
            "is not an ISO 3166 country code or name",
        ),
        ({"sponsor": "Mordor"}, "sponsor", "Mordor", "is not an ISO 3166 country code or name"),
        ({"sector": "hospitals"}, "sector", "hospitals", "is not a known sector id or name"),
        ({"actor": "Fancy Bare"}, "actor", "Fancy Bare", "is not a known threat actor name"),
        ({"actor": "Team 74"}, "actor", "Team 74", "is an alias of several actors"),
        ({"type": "ransom"}, "type", "ransom", "is not one of: espionage, data-breach"),
        ({"tlp": "purple"}, "tlp", "purple", "is not one of: clear, green"),
        ({"since": "May 2017"}, "since", "May 2017", "is not a date of the form YYYY, YYYY-MM"),
        ({"until": "2017-02-30"}, "until", "2017-02-30", "is not a real calendar date"),
        ({"since": "2018", "until": "2017"}, "until", "2017", "is before since (2018)"),
        ({"since": ["2017", "2018"]}, "since", ["2017", "2018"], "may be given only once"),
        (
            {"victim_countries": "UA"},
            "victim_countries",
            "victim_countries",
            "is not a known filter (did you mean `victim_country`?)",
        ),
    ],
)
def test_wrong_values_name_the_filter(params, field, value, reason, resolver):
    with pytest.raises(InvalidInput) as caught:
        read_incident_filter(params, resolver)

    error = caught.value
    assert (error.entity, error.field, error.value) == ("filter", field, value)
    assert error.reason.startswith(reason)


def test_the_parameter_names_match_the_filter_vocabulary():
    assert FILTER_PARAMETERS == (
        "type",
        "since",
        "until",
        "victim_country",
        "sector",
        "actor",
        "sponsor",
        "tlp",
        "text",
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (None, IncidentSort.START_DESC),
        ("", IncidentSort.START_DESC),
        ("start", IncidentSort.START_ASC),
        ("-start", IncidentSort.START_DESC),
        (" Title ", IncidentSort.TITLE),
        ("-updated", IncidentSort.UPDATED_DESC),
    ],
)
def test_sort_orders_are_read(text, expected):
    assert read_incident_sort(text) is expected


def test_an_unknown_sort_order_is_refused():
    with pytest.raises(InvalidInput) as caught:
        read_incident_sort("newest")

    assert (caught.value.entity, caught.value.field) == ("filter", "sort")
    assert caught.value.reason == "is not one of: -start, start, title, -updated"
