"""The typed single-value readers every ingest format shares."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from cdtoolbox.ingest.fields import (
    FieldError,
    read_amount,
    read_boolean,
    read_full_date,
    read_partial_date,
    read_slug,
    read_url,
    read_uuid,
    read_whole_number,
)
from cdtoolbox.model import MAX_IMPACT_FIGURE, DatePrecision, PartialDate


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2017", PartialDate(date(2017, 1, 1), DatePrecision.YEAR)),
        (" 2017-05 ", PartialDate(date(2017, 5, 1), DatePrecision.MONTH)),
        ("2016-02-29", PartialDate(date(2016, 2, 29), DatePrecision.DAY)),
        (2017, PartialDate(date(2017, 1, 1), DatePrecision.YEAR)),
        (date(2017, 5, 12), PartialDate(date(2017, 5, 12))),
        (datetime(2017, 5, 12, 23, 59), PartialDate(date(2017, 5, 12))),
    ],
)
def test_partial_dates_keep_their_precision(value, expected):
    assert read_partial_date(value) == expected


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("2017-02-30", "is not a real calendar date"),
        ("2017-00", "is not a real calendar date"),
        ("0000", "is not a real calendar date"),
        ("17-05-12", "is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD"),
        ("2017/05/12", "is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD"),
        ("٢٠١٧", "is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD"),
        (-44, "is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD"),
        (False, "is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD"),
        (2017.0, "is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD"),
    ],
)
def test_impossible_dates_are_refused_with_the_reason(value, reason):
    with pytest.raises(FieldError) as caught:
        read_partial_date(value)

    assert caught.value.reason == reason


def test_full_dates_need_a_day():
    assert read_full_date("2017-12-19") == date(2017, 12, 19)
    with pytest.raises(FieldError, match="YYYY-MM-DD"):
        read_full_date("2017-12")


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0, 0), ("200000", 200_000), (2e5, 200_000), (MAX_IMPACT_FIGURE, MAX_IMPACT_FIGURE)],
)
def test_whole_numbers(value, expected):
    assert read_whole_number(value) == expected


@pytest.mark.parametrize(
    "value",
    [MAX_IMPACT_FIGURE + 1, 10**30, "1" * 30, "9" * 5000, 1e30, float(2**64)],
)
def test_whole_numbers_beyond_the_bound_are_too_large(value):
    with pytest.raises(FieldError) as caught:
        read_whole_number(value)

    assert caught.value.reason == f"is too large (at most {MAX_IMPACT_FIGURE:,})"


@pytest.mark.parametrize("value", [-1, 1.5, True, "1,000", "ten", float("inf"), None])
def test_not_whole_numbers(value):
    with pytest.raises(FieldError, match="must be a whole number ≥ 0"):
        read_whole_number(value)


@pytest.mark.parametrize(("value", "expected"), [(4, 4.0), ("2.5", 2.5), (".5", 0.5), (0, 0.0)])
def test_amounts(value, expected):
    assert read_amount(value) == expected


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        (-0.5, "must be a number ≥ 0"),
        ("1e400", f"is too large (at most {MAX_IMPACT_FIGURE:,})"),
        (10**400, f"is too large (at most {MAX_IMPACT_FIGURE:,})"),
        (1e16, f"is too large (at most {MAX_IMPACT_FIGURE:,})"),
        (float("nan"), "must be a number ≥ 0"),
        (False, "must be a number ≥ 0"),
        ("n/a", "must be a number ≥ 0"),
    ],
)
def test_not_amounts(value, reason):
    with pytest.raises(FieldError) as caught:
        read_amount(value)

    assert caught.value.reason == reason


@pytest.mark.parametrize(
    ("value", "expected"),
    [(True, True), ("yes", True), (" FALSE ", False), ("no", False)],
)
def test_booleans(value, expected):
    assert read_boolean(value) is expected


@pytest.mark.parametrize("value", [1, 0, "y", "maybe", None])
def test_not_booleans(value):
    with pytest.raises(FieldError, match="must be true or false"):
        read_boolean(value)


@pytest.mark.parametrize(
    "value",
    ["https://www.ncsc.gov.uk/news/x", "http://example.org", "HTTPS://EXAMPLE.ORG/a?b=c"],
)
def test_web_addresses(value):
    assert read_url(value) == value


@pytest.mark.parametrize(
    "value", ["www.example.org", "https://", "mailto:a@b.c", "https://exa mple.org", "http://[::1"]
)
def test_not_web_addresses(value):
    with pytest.raises(FieldError, match="is not an http or https URL"):
        read_url(value)


def test_uuids_are_written_canonically():
    assert read_uuid("{5B2B6C1E-4D1A-4C3B-9F0E-2A7D8C9B1E01}") == (
        "5b2b6c1e-4d1a-4c3b-9f0e-2a7d8c9b1e01"
    )


@pytest.mark.parametrize("value", ["wannacry--2017", "-wannacry", "WannaCry", "wanna_cry"])
def test_slugs_are_lowercase_words_joined_by_single_hyphens(value):
    assert read_slug("notpetya-2017") == "notpetya-2017"
    with pytest.raises(FieldError, match="is not a slug"):
        read_slug(value)
