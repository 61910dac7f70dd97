"""A brake on password guessing: after a few failed sign-ins for one account from one address,
further attempts are refused for a while, whether the password was right or not.

In-process: each server process counts its own failures, which is enough for the single
process `cdt serve` runs; a larger deployment also throttles at its reverse proxy.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable

from cdtoolbox.errors import CdtError
from cdtoolbox.model.wording import counted

__all__ = ["FAILURES_ALLOWED", "WINDOW_SECONDS", "LoginThrottle", "SignInThrottled"]

FAILURES_ALLOWED = 5
WINDOW_SECONDS = 60.0
# Bounds the memory an attacker spraying many usernames can make us hold.
_TRACKED_KEYS = 10_000


class SignInThrottled(CdtError):
    """Too many failed sign-ins for this account from this address."""

    def __init__(self, retry_after: int) -> None:
        self.retry_after = retry_after
        super().__init__(
            f"too many failed sign-ins for this account from your address: wait "
            f"{counted(retry_after, 'second')} and try again"
        )


class LoginThrottle:
    def __init__(
        self,
        *,
        failures_allowed: int = FAILURES_ALLOWED,
        window_seconds: float = WINDOW_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._allowed = failures_allowed
        self._window = window_seconds
        self._clock = clock
        self._failures: OrderedDict[tuple[str, str], deque[float]] = OrderedDict()
        self._lock = threading.Lock()  # sync routes run in a thread pool

    def check(self, username: str, address: str) -> None:
        """Raise SignInThrottled while this account and address are over the limit."""
        with self._lock:
            failures = self._recent(_key(username, address))
            if len(failures) < self._allowed:
                return
            wait = failures[0] + self._window - self._clock()
        raise SignInThrottled(max(1, math.ceil(wait)))

    def failed(self, username: str, address: str) -> None:
        key = _key(username, address)
        with self._lock:
            failures = self._recent(key)
            failures.append(self._clock())
            self._failures[key] = failures
            self._failures.move_to_end(key)
            while len(self._failures) > _TRACKED_KEYS:
                self._failures.popitem(last=False)

    def succeeded(self, username: str, address: str) -> None:
        with self._lock:
            self._failures.pop(_key(username, address), None)

    def _recent(self, key: tuple[str, str]) -> deque[float]:
        failures = self._failures.get(key, deque())
        horizon = self._clock() - self._window
        while failures and failures[0] <= horizon:
            failures.popleft()
        if not failures:
            self._failures.pop(key, None)
        return failures


def _key(username: str, address: str) -> tuple[str, str]:
    return username.strip().lower(), address
