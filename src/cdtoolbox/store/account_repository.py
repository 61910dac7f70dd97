"""User accounts and API tokens in the store. Secrets arrive here already hashed."""

from __future__ import annotations

import builtins
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, RowMapping, insert, select, update

from cdtoolbox.errors import Conflict, InvalidInput, NotFound
from cdtoolbox.model.access import ApiToken, Role, User
from cdtoolbox.model.vocabulary import Tlp
from cdtoolbox.store.governance_schema import api_tokens, users

__all__ = ["AccountRepository"]


class AccountRepository:
    """Accounts as seen by one transaction."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def add(self, user: User, password_hash: str | None, now: datetime) -> User:
        if self.exists(user.username):
            raise InvalidInput("user", "username", user.username, "is already taken")
        stamp = now.isoformat()
        self._connection.execute(
            insert(users).values(
                username=user.username,
                display_name=user.display_name,
                role=user.role.value,
                clearance=user.clearance.value,
                member_state=user.member_state,
                password_hash=password_hash,
                active=user.active,
                created_at=stamp,
                updated_at=stamp,
                version=1,
            )
        )
        return user.evolve(created_at=now, version=1)

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
            "display_name": user.display_name,
            "role": user.role.value,
            "clearance": user.clearance.value,
            "member_state": user.member_state,
            "active": user.active,
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
        self._connection.execute(
            insert(api_tokens).values(
                token_id=token.token_id,
                digest=digest,
                username=token.username,
                label=token.label,
                created_at=token.created_at.isoformat(),
                expires_at=_text(token.expires_at),
                revoked_at=None,
                last_used_at=None,
            )
        )

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


def _text(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _moment(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text is not None else None


def _user(row: RowMapping) -> User:
    return User(
        username=row["username"],
        display_name=row["display_name"],
        role=Role(row["role"]),
        clearance=Tlp(row["clearance"]),
        member_state=row["member_state"],
        active=bool(row["active"]),
        created_at=_moment(row["created_at"]),
        version=row["version"],
    )


def _token(row: RowMapping) -> ApiToken:
    created = _moment(row["created_at"])
    assert created is not None  # the column is NOT NULL
    return ApiToken(
        token_id=row["token_id"],
        username=row["username"],
        label=row["label"],
        created_at=created,
        expires_at=_moment(row["expires_at"]),
        revoked_at=_moment(row["revoked_at"]),
        last_used_at=_moment(row["last_used_at"]),
    )
