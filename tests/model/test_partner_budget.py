"""A budget spread over its years adds up to the budget, with no year outside the project's."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from cdtoolbox.model.capacity import CapacityProject, CapacityTheme
from cdtoolbox.model.partner_profile import budget_over_time


def _project(budget: int | None, start: date | None, end: date | None) -> CapacityProject:
    return CapacityProject(
        id="p",
        title="P",
        funder="EU",
        themes=(CapacityTheme.SKILLS,),
        sources=("https://example.org",),
        partner_countries=("MD",),
        budget_eur=budget,
        starts_on=start,
        ends_on=end,
    )


@given(
    budget=st.integers(min_value=0, max_value=10**12),
    start=st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31)),
    years=st.integers(min_value=0, max_value=30),
)
def test_a_budget_spread_over_its_years_adds_up_exactly(
    budget: int, start: date, years: int
) -> None:
    end = date(start.year + years, 12, 31)
    spread = budget_over_time([_project(budget, start, end)])
    assert [y.year for y in spread.years] == list(range(start.year, end.year + 1))
    assert sum(y.eur for y in spread.years) == budget == spread.total_eur
    assert max(y.eur for y in spread.years) - min(y.eur for y in spread.years) <= 1


def test_no_budget_is_counted_and_a_budget_without_dates_is_kept_apart() -> None:
    spread = budget_over_time(
        [_project(None, date(2020, 1, 1), None), _project(900, None, date(2021, 1, 1))]
    )
    assert spread.years == () and spread.unbudgeted == ("p",)
    assert spread.undated == ("p",) and spread.undated_eur == 900 == spread.total_eur
