"""A brake on password guessing: after a few failed sign-ins for one account from one address,
further attempts are refused for a while, whether the password is right or not.

The failures are kept in the store, not in the server's memory: several server processes
(``cdt serve --workers``) or hosts behind one proxy share one count, where a count per
process would give a guesser as many attempts as there are processes. Two attempts checked
at the same moment may both pass the check before either failure is written, so the count
can be exceeded by the number of requests served at once, never more.
"""

from __future__ import annotations

import math
from datetime import timedelta

from cdtoolbox.errors import SignInThrottled
from cdtoolbox.model.ports import Clock
from cdtoolbox.store import Database

__all__ = ["FAILURES_ALLOWED", "WINDOW", "SignInBrake"]

FAILURES_ALLOWED = 5
WINDOW = timedelta(seconds=60)


class SignInBrake:
    def __init__(
        self,
        database: Database,
        clock: Clock,
        *,
        failures_allowed: int = FAILURES_ALLOWED,
        window: timedelta = WINDOW,
    ) -> None:
        self._database = database
        self._clock = clock
        self._allowed = failures_allowed
        self._window = window.total_seconds()

    def check(self, username: str, address: str) -> None:
        """Raise SignInThrottled while this account and address are over the limit."""
        now = self._clock.now().timestamp()
        with self._database.read() as store:
            failures = store.sign_in_failures.since(_name(username), address, now - self._window)
        if len(failures) < self._allowed:
            return
        # Free again once enough of the failures have left the window.
        freed_at = failures[-self._allowed] + self._window
        raise SignInThrottled(max(1, math.ceil(freed_at - now)))

    def failed(self, username: str, address: str) -> None:
        """Count a failed sign-in of this account from this address."""
        now = self._clock.now().timestamp()
        with self._database.transaction() as store:
            store.sign_in_failures.forget_before(now - self._window)
            store.sign_in_failures.add(_name(username), address, now)

    def succeeded(self, username: str, address: str) -> None:
        """The account signed in from this address: its failures there no longer count."""
        name, horizon = _name(username), self._clock.now().timestamp() - self._window
        # Read first: a password sent with every API request (HTTP Basic) then costs no
        # write transaction, which SQLite would serialise across every server process.
        with self._database.read() as store:
            if not store.sign_in_failures.since(name, address, horizon):
                return
        with self._database.transaction() as store:
            store.sign_in_failures.clear(name, address)


def _name(username: str) -> str:
    return username.strip().lower()
