"""Failed password sign-ins in the store, counted per account and address by the sign-in
brake (``toolbox.sign_in_brake``) of every server process alike."""

from __future__ import annotations

from sqlalchemy import Connection, delete, insert, select

from cdtoolbox.store.governance_schema import sign_in_failures

__all__ = ["SignInFailureRepository"]


class SignInFailureRepository:
    """Failed sign-ins as seen by one transaction; times are seconds since the epoch."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def since(self, username: str, address: str, horizon: float) -> list[float]:
        """When this account failed to sign in from this address after ``horizon``, oldest
        first."""
        rows = self._connection.execute(
            select(sign_in_failures.c.at)
            .where(
                sign_in_failures.c.username == username,
                sign_in_failures.c.address == address,
                sign_in_failures.c.at > horizon,
            )
            .order_by(sign_in_failures.c.at)
        )
        return [at for (at,) in rows]

    def add(self, username: str, address: str, at: float) -> None:
        self._connection.execute(
            insert(sign_in_failures).values(username=username, address=address, at=at)
        )

    def clear(self, username: str, address: str) -> None:
        """Forget this account's failures from this address (it signed in)."""
        self._connection.execute(
            delete(sign_in_failures).where(
                sign_in_failures.c.username == username, sign_in_failures.c.address == address
            )
        )

    def forget_before(self, horizon: float) -> None:
        """Delete every failure at or before ``horizon``, which no longer counts: the table
        then holds only the last window's failures, however many names are sprayed."""
        self._connection.execute(delete(sign_in_failures).where(sign_in_failures.c.at <= horizon))
