"""User accounts and API tokens in the store. Secrets arrive here already hashed."""

from __future__ import annotations

import builtins
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, RowMapping, insert, select, update

from cdtoolbox.errors import Conflict, InvalidInput, NotFound
from cdtoolbox.model.access import ApiToken, User
from cdtoolbox.model.dataclass_codec import Codec
from cdtoolbox.store.governance_schema import api_tokens, users

__all__ = ["AccountRepository"]

# An account's row holds the user's fields as their codec writes them, beside the password
# hash and the time of the last change, which never leave the store.
_USERS = Codec(User)
_PROFILES = _USERS.view(
    "display_name", "role", "clearance", "classification_clearance", "member_state", "active"
)
_TOKENS = Codec(ApiToken)


class AccountRepository:
    """Accounts as seen by one transaction."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def add(self, user: User, password_hash: str | None, now: datetime) -> User:
        if self.exists(user.username):
            raise InvalidInput("user", "username", user.username, "is already taken")
        stored = user.evolve(created_at=now, version=1)
        self._connection.execute(
            insert(users).values(
                **_USERS.encode(stored), password_hash=password_hash, updated_at=now.isoformat()
            )
        )
        return stored

    def exists(self, username: str) -> bool:
        query = select(users.c.username).where(users.c.username == username)
        return self._connection.execute(query).first() is not None

    def get(self, username: str) -> User:
        row = self._connection.execute(select(users).where(users.c.username == username)).first()
        if row is None:
            raise NotFound("user", username, "`cdt users list` shows the accounts")
        return _user(row._mapping)

    def list(self) -> builtins.list[User]:
        rows = self._connection.execute(select(users).order_by(users.c.username))
        return [_user(row._mapping) for row in rows]

    def password_hash(self, username: str) -> str | None:
        """The stored hash, or None for an unknown or token-only account."""
        query = select(users.c.password_hash).where(users.c.username == username)
        return self._connection.execute(query).scalar()

    def update(
        self, user: User, expected_version: int, now: datetime, password_hash: str | None = None
    ) -> User:
        """Replace the profile (and password, when given) unless someone changed it meanwhile."""
        values: dict[str, Any] = {
            **_PROFILES.encode(user),
            "updated_at": now.isoformat(),
            "version": expected_version + 1,
        }
        if password_hash is not None:
            values["password_hash"] = password_hash
        result = self._connection.execute(
            update(users)
            .where(users.c.username == user.username, users.c.version == expected_version)
            .values(**values)
        )
        if result.rowcount != 1:
            current = self.get(user.username)
            raise Conflict("user", user.username, expected_version, current.version)
        return user.evolve(version=expected_version + 1)

    def add_token(self, token: ApiToken, digest: str) -> None:
        self._connection.execute(insert(api_tokens).values(**_TOKENS.encode(token), digest=digest))

    def token_by_digest(self, digest: str) -> ApiToken | None:
        row = self._connection.execute(
            select(api_tokens).where(api_tokens.c.digest == digest)
        ).first()
        return _token(row._mapping) if row else None

    def tokens(self, username: str) -> builtins.list[ApiToken]:
        rows = self._connection.execute(
            select(api_tokens)
            .where(api_tokens.c.username == username)
            .order_by(api_tokens.c.created_at, api_tokens.c.token_id)
        )
        return [_token(row._mapping) for row in rows]

    def revoke_token(self, token_id: str, now: datetime) -> ApiToken:
        result = self._connection.execute(
            update(api_tokens)
            .where(api_tokens.c.token_id == token_id, api_tokens.c.revoked_at.is_(None))
            .values(revoked_at=now.isoformat())
        )
        row = self._connection.execute(
            select(api_tokens).where(api_tokens.c.token_id == token_id)
        ).first()
        if row is None:
            raise NotFound("API token", token_id)
        if result.rowcount != 1:
            raise InvalidInput("API token", "token_id", token_id, "is already revoked")
        return _token(row._mapping)

    def revoke_tokens(self, username: str, now: datetime) -> builtins.list[ApiToken]:
        """Revoke every token of the account not yet revoked; those tokens, as revoked."""
        open_tokens = [token for token in self.tokens(username) if token.revoked_at is None]
        if open_tokens:
            self._connection.execute(
                update(api_tokens)
                .where(api_tokens.c.username == username, api_tokens.c.revoked_at.is_(None))
                .values(revoked_at=now.isoformat())
            )
        return [replace(token, revoked_at=now) for token in open_tokens]

    def touch_token(self, token_id: str, now: datetime) -> None:
        self._connection.execute(
            update(api_tokens)
            .where(api_tokens.c.token_id == token_id)
            .values(last_used_at=now.isoformat())
        )


def _user(row: RowMapping) -> User:
    return _USERS.decode(dict(row))


def _token(row: RowMapping) -> ApiToken:
    return _TOKENS.decode(dict(row))
