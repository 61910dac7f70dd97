"""The sign-in brake counts failed passwords in the store (both backends): every server
process, and every host on one PostgreSQL database, shares one count."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from datetime import UTC, datetime, timedelta

import pytest

from cdtoolbox.errors import SignInThrottled
from cdtoolbox.store import Database
from cdtoolbox.toolbox.sign_in_brake import FAILURES_ALLOWED, SignInBrake


class MovableClock:
    def __init__(self) -> None:
        self.moment = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)

    def now(self) -> datetime:
        return self.moment


Brakes = Callable[[int], list[SignInBrake]]


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock()


@pytest.fixture
def databases(migrated_url: str) -> Iterator[Callable[[], Database]]:
    """New databases over the test's store, each with its own connection pool, as separate
    processes have; closed after the test."""
    with ExitStack() as stack:
        yield lambda: stack.enter_context(Database(migrated_url))


@pytest.fixture
def brakes(databases: Callable[[], Database], clock: MovableClock) -> Brakes:
    """``count`` brakes allowing two failures a minute, each over its own database."""

    def build(count: int) -> list[SignInBrake]:
        return [
            SignInBrake(databases(), clock, failures_allowed=2, window=timedelta(seconds=60))
            for _ in range(count)
        ]

    return build


def test_the_brake_forgets_after_its_window(brakes: Brakes, clock: MovableClock) -> None:
    [brake] = brakes(1)
    brake.failed("Ana", "10.0.0.1")
    brake.failed("ana ", "10.0.0.1")  # the same account, however it was typed
    with pytest.raises(SignInThrottled, match="wait 60 seconds") as refused:
        brake.check("ana", "10.0.0.1")
    assert refused.value.retry_after == 60
    brake.check("ana", "10.0.0.2")  # another address is not blocked
    brake.check("ben", "10.0.0.1")  # nor another account
    clock.moment += timedelta(seconds=45)
    with pytest.raises(SignInThrottled, match="wait 15 seconds"):
        brake.check("ana", "10.0.0.1")
    clock.moment += timedelta(seconds=16)
    brake.check("ana", "10.0.0.1")


def test_failures_count_across_processes(brakes: Brakes, clock: MovableClock) -> None:
    first, second, third = brakes(3)
    first.failed("ana", "10.0.0.1")
    second.failed("ana", "10.0.0.1")
    for brake in (first, second, third):
        with pytest.raises(SignInThrottled):
            brake.check("ana", "10.0.0.1")


def test_a_sign_in_clears_the_count_everywhere(brakes: Brakes, clock: MovableClock) -> None:
    first, second = brakes(2)
    first.failed("ana", "10.0.0.1")
    second.succeeded("Ana", "10.0.0.1")
    first.failed("ana", "10.0.0.1")
    second.check("ana", "10.0.0.1")  # one failure since the sign-in: below the limit


def test_the_store_keeps_only_the_failures_that_still_count(
    brakes: Brakes, clock: MovableClock, databases: Callable[[], Database]
) -> None:
    [brake] = brakes(1)
    for number in range(50):  # a spray of usernames
        brake.failed(f"user{number}", "10.0.0.9")
    clock.moment += timedelta(seconds=61)
    brake.failed("ana", "10.0.0.1")
    with databases().read() as store:
        assert store.sign_in_failures.since("user0", "10.0.0.9", 0.0) == []
        assert len(store.sign_in_failures.since("ana", "10.0.0.1", 0.0)) == 1


def test_the_default_brake_allows_the_documented_attempts(
    databases: Callable[[], Database], clock: MovableClock
) -> None:
    brake = SignInBrake(databases(), clock)
    for _ in range(FAILURES_ALLOWED - 1):
        brake.failed("ana", "10.0.0.1")
    brake.check("ana", "10.0.0.1")
    brake.failed("ana", "10.0.0.1")
    with pytest.raises(SignInThrottled):
        brake.check("ana", "10.0.0.1")
