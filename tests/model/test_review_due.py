"""A renewal date, worded as what the register records rather than as an alarm."""

from __future__ import annotations

from datetime import date

from cdtoolbox.model.sanctions import ReviewDue, ReviewKind


def _due(days_left: int) -> ReviewDue:
    return ReviewDue(
        regime_id="eu-cyber",
        regime_name="EU cyber sanctions",
        kind=ReviewKind.LISTINGS,
        due=date(2026, 5, 18),
        set_by="Council decision (2025-05-12)",
        days_left=days_left,
        active_listings=21,
    )


def test_a_passed_date_says_what_is_recorded_and_that_a_renewal_is_missing() -> None:
    review = _due(-203)
    assert review.overdue
    assert review.recorded == (
        "The newest renewal recorded keeps the listings in force until 18 May 2026, 203 days "
        "ago (Council decision (2025-05-12)); no later renewal is recorded: if the Council has "
        "renewed the listings since, the register lacks that act."
    )


def test_a_coming_date_says_until_when_the_register_keeps_them_in_force() -> None:
    assert _due(12).recorded == (
        "The register records the listings in force until 18 May 2026, set by Council "
        "decision (2025-05-12)."
    )
