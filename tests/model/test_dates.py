from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cdtoolbox.model import DatePrecision, PartialDate


@pytest.mark.parametrize(
    ("text", "earliest", "latest", "precision"),
    [
        ("2017", date(2017, 1, 1), date(2017, 12, 31), DatePrecision.YEAR),
        ("2016-02", date(2016, 2, 1), date(2016, 2, 29), DatePrecision.MONTH),
        ("2015-12-23", date(2015, 12, 23), date(2015, 12, 23), DatePrecision.DAY),
    ],
)
def test_partial_dates_know_their_period(
    text: str, earliest: date, latest: date, precision: DatePrecision
) -> None:
    parsed = PartialDate.parse(text)
    assert (parsed.earliest, parsed.latest, parsed.precision) == (earliest, latest, precision)
    assert str(parsed) == text


@pytest.mark.parametrize("text", ["", "17", "2017-13", "2017-02-30", "2017/05/12", "May 2017"])
def test_malformed_dates_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        PartialDate.parse(text)


@given(st.dates(min_value=date(1000, 1, 1)), st.sampled_from(list(DatePrecision)))
def test_text_form_round_trips(day: date, precision: DatePrecision) -> None:
    text = {"day": day.isoformat(), "month": day.isoformat()[:7], "year": day.isoformat()[:4]}
    parsed = PartialDate.parse(text[precision.value])
    assert PartialDate.parse(str(parsed)) == parsed
    assert parsed.earliest <= day <= parsed.latest


def test_partial_dates_sort_by_first_day() -> None:
    dates = [PartialDate.parse(t) for t in ["2017-06-27", "2017", "2017-05"]]
    assert [str(d) for d in sorted(dates)] == ["2017", "2017-05", "2017-06-27"]
