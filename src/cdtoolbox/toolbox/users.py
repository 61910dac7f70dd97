"""User accounts: creating and changing them, signing in by password or bearer token.

Changing what an account may do or read (its role, clearance or Member State), its
password, or disabling it ends its sign-in sessions in the same transaction; disabling it
also revokes its API tokens (see ``sessions``).
"""

from __future__ import annotations

import builtins
import hashlib
import re
import secrets
from collections import OrderedDict
from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING

from cdtoolbox.errors import Forbidden, InvalidInput, NotAuthenticated
from cdtoolbox.model.access import ApiToken, Permission, Role, User
from cdtoolbox.model.audit_codec import user_record
from cdtoolbox.model.ports import Clock, IdFactory
from cdtoolbox.model.vocabulary import Classification, Tlp
from cdtoolbox.store import Database
from cdtoolbox.toolbox.access import credential_holder, require
from cdtoolbox.toolbox.audit import AuditService
from cdtoolbox.toolbox.knowledge_source import KnowledgeSource
from cdtoolbox.toolbox.passwords import MIN_PASSWORD_LENGTH, PasswordHasher, secret_digest

if TYPE_CHECKING:
    from cdtoolbox.store import Repositories

__all__ = ["TOKEN_PREFIX", "Keep", "UserService"]


class Keep(Enum):
    """Leave a setting as it is (where None is a value of its own)."""

    KEEP = "keep"


TOKEN_PREFIX = "cdt_"
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
# Verifying scrypt takes a quarter of a second by design; HTTP Basic sends the password on
# every request, so a verified (account, password, stored hash) triple is remembered.
_VERIFIED_CACHE_SIZE = 256
# Recording when a token was last used is a write; once a minute per token is enough.
_TOKEN_TOUCH_SECONDS = 60


class UserService:
    def __init__(
        self,
        database: Database,
        clock: Clock,
        ids: IdFactory,
        passwords: PasswordHasher,
        knowledge: KnowledgeSource,
        audit: AuditService,
    ) -> None:
        self._database = database
        self._clock = clock
        self._ids = ids
        self._passwords = passwords
        self._knowledge = knowledge
        self._audit = audit
        self._verified: OrderedDict[bytes, None] = OrderedDict()

    def add(
        self,
        *,
        by: User,
        username: str,
        display_name: str,
        role: Role,
        clearance: Tlp = Tlp.AMBER,
        classification_clearance: Classification | None = None,
        member_state: str | None = None,
        password: str | None = None,
    ) -> User:
        require(by, Permission.MANAGE_USERS)
        user = User(
            username=_check_username(username),
            display_name=display_name.strip() or username,
            role=role,
            clearance=clearance,
            classification_clearance=classification_clearance,
            member_state=self._check_member_state(role, member_state),
        )
        password_hash = self._hash(password) if password is not None else None
        with self._database.transaction() as store:
            now = self._clock.now()
            created = store.accounts.add(user, password_hash, now)
            self._audit.record(
                store,
                by=by,
                action="user.add",
                entity="user",
                key=created.username,
                before=None,
                after={**user_record(created), "password_set": password is not None},
            )
        return created

    def get(self, username: str) -> User:
        with self._database.read() as store:
            return store.accounts.get(username)

    def list(self, *, by: User) -> builtins.list[User]:
        require(by, Permission.MANAGE_USERS)
        with self._database.read() as store:
            return store.accounts.list()

    def update(
        self,
        username: str,
        *,
        by: User,
        role: Role | None = None,
        clearance: Tlp | None = None,
        classification_clearance: Classification | Keep | None = Keep.KEEP,
        member_state: str | None = None,
        active: bool | None = None,
        display_name: str | None = None,
    ) -> User:
        """Change what is given; ``classification_clearance`` None withdraws it (unclassified
        records only), ``Keep.KEEP`` leaves it."""
        require(by, Permission.MANAGE_USERS)
        with self._database.transaction() as store:
            current = store.accounts.get(username)
            new_role = role or current.role
            state = member_state if member_state is not None else current.member_state
            if new_role is not Role.DELEGATE and member_state is None:
                state = None
            changed = current.evolve(
                role=new_role,
                clearance=clearance or current.clearance,
                classification_clearance=(
                    current.classification_clearance
                    if isinstance(classification_clearance, Keep)
                    else classification_clearance
                ),
                member_state=self._check_member_state(new_role, state),
                active=current.active if active is None else active,
                display_name=display_name or current.display_name,
            )
            if changed.username == by.username and not changed.can(Permission.MANAGE_USERS):
                raise Forbidden("change your own account", "you would lock yourself out")
            now = self._clock.now()
            updated = store.accounts.update(changed, current.version, now)
            self._audit.record(
                store,
                by=by,
                action="user.update",
                entity="user",
                key=username,
                before=user_record(current),
                after=user_record(updated),
            )
            if _authority(updated) != _authority(current):
                # What the account may do or read changed: whoever signed in under the old
                # terms signs in again, and a page opened under them is not acted on.
                store.sessions.end_all(username, now)
            if current.active and not updated.active:
                self._revoke_tokens_of_disabled(store, by, username, now)
        return updated

    def _revoke_tokens_of_disabled(
        self, store: Repositories, by: User, username: str, now: datetime
    ) -> None:
        # Revoked, not merely refused while disabled: enabling the account again must not
        # bring back credentials handed out (and perhaps copied) before it was disabled.
        for token in store.accounts.revoke_tokens(username, now):
            self._audit.record(
                store,
                by=by,
                action="token.revoke",
                entity="token",
                key=token.token_id,
                before={"username": token.username, "label": token.label},
                after=None,
            )

    def set_password(self, username: str, password: str, *, by: User) -> None:
        """Users change their own password; administrators anyone's."""
        if by.username != username:
            require(by, Permission.MANAGE_USERS)
        password_hash = self._hash(password)
        with self._database.transaction() as store:
            now = self._clock.now()
            current = store.accounts.get(username)
            store.accounts.update(current, current.version, now, password_hash)
            # A new password shuts out whoever knew the old one: their sessions end too.
            # API tokens stay: each is a credential of its own, listed with its last use and
            # revoked one by one (or all at once by disabling the account).
            store.sessions.end_all(username, now)
            self._audit.record(
                store,
                by=by,
                action="user.password",
                entity="user",
                key=username,
                before=None,
                after={"password_set": True},
            )

    def authenticate(self, username: str, password: str) -> User:
        """The active account whose password this is; NotAuthenticated otherwise."""
        with self._database.read() as store:
            stored = store.accounts.password_hash(username)
            user = store.accounts.get(username) if stored is not None else None
        remembered = _remember_key(username, password, stored)
        if remembered not in self._verified:
            if not self._passwords.verify(password, stored):
                raise NotAuthenticated()
            self._verified[remembered] = None
            while len(self._verified) > _VERIFIED_CACHE_SIZE:
                self._verified.popitem(last=False)
        if user is None or not user.active:
            raise NotAuthenticated()
        return user

    def issue_token(
        self, username: str, label: str, expires_at: datetime | None = None, *, by: User
    ) -> tuple[ApiToken, str]:
        """A new bearer token; the secret is returned here once and never stored."""
        if by.username != username:
            require(by, Permission.MANAGE_USERS)
        secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
        with self._database.transaction() as store:
            owner = store.accounts.get(username)
            now = self._clock.now()
            if expires_at is not None and expires_at <= now:
                raise InvalidInput(
                    "API token", "expires_at", expires_at.isoformat(), "is not in the future"
                )
            token = ApiToken(
                token_id=self._ids.new_id("token"),
                username=owner.username,
                label=label.strip() or "API token",
                created_at=now,
                expires_at=expires_at,
            )
            store.accounts.add_token(token, secret_digest(secret))
            self._audit.record(
                store,
                by=by,
                action="token.issue",
                entity="token",
                key=token.token_id,
                before=None,
                after={
                    "username": token.username,
                    "label": token.label,
                    "expires_at": expires_at.isoformat() if expires_at else None,
                },
            )
        return token, secret

    def tokens(self, username: str, *, by: User) -> builtins.list[ApiToken]:
        if by.username != username:
            require(by, Permission.MANAGE_USERS)
        with self._database.read() as store:
            return store.accounts.tokens(username)

    def usable_token_counts(self, *, by: User) -> dict[str, int]:
        """How many API tokens of each account would sign in now (neither revoked nor
        expired), read in one snapshot with the accounts; never a token's secret or digest."""
        require(by, Permission.MANAGE_USERS)
        now = self._clock.now()
        with self._database.read() as store:
            return {
                user.username: sum(t.usable_at(now) for t in store.accounts.tokens(user.username))
                for user in store.accounts.list()
            }

    def revoke_token(self, token_id: str, *, by: User) -> ApiToken:
        with self._database.transaction() as store:
            token = next(
                (t for t in store.accounts.tokens(by.username) if t.token_id == token_id), None
            )
            if token is None:
                require(by, Permission.MANAGE_USERS)
            revoked = store.accounts.revoke_token(token_id, self._clock.now())
            self._audit.record(
                store,
                by=by,
                action="token.revoke",
                entity="token",
                key=token_id,
                before={"username": revoked.username, "label": revoked.label},
                after=None,
            )
        return revoked

    def authenticate_token(self, secret: str) -> User:
        """The active account a usable bearer token belongs to; NotAuthenticated otherwise."""
        if not secret.startswith(TOKEN_PREFIX):
            raise NotAuthenticated()
        now = self._clock.now()
        with self._database.read() as store:
            token = store.accounts.token_by_digest(secret_digest(secret))
            if token is None or not token.usable_at(now):
                raise NotAuthenticated()
            user = credential_holder(store, token.username)
        last = token.last_used_at
        if last is None or (now - last).total_seconds() >= _TOKEN_TOUCH_SECONDS:
            with self._database.transaction() as store:
                store.accounts.touch_token(token.token_id, now)
        return user

    def _hash(self, password: str) -> str:
        if len(password) < MIN_PASSWORD_LENGTH:
            raise InvalidInput(
                "user", "password", "…", f"is shorter than {MIN_PASSWORD_LENGTH} characters"
            )
        return self._passwords.hash(password)

    def _check_member_state(self, role: Role, member_state: str | None) -> str | None:
        if role is not Role.DELEGATE:
            if member_state:
                raise InvalidInput(
                    "user", "member_state", member_state, "is only set for member-state delegates"
                )
            return None
        if not member_state:
            raise InvalidInput(
                "user",
                "member_state",
                member_state,
                "is required: a delegate speaks for one Member State",
            )
        country = self._knowledge.get().countries.find(member_state)
        members = {member.code for member in self._knowledge.get().countries.eu_members()}
        if country is None or country.code not in members:
            raise InvalidInput(
                "user", "member_state", member_state, "is not a Member State of the European Union"
            )
        return country.code


def _authority(user: User) -> tuple[object, ...]:
    """What an account may do and read; a change to it ends the account's sessions."""
    return (
        user.role,
        user.clearance,
        user.classification_clearance,
        user.member_state,
        user.active,
    )


def _check_username(username: str) -> str:
    name = username.strip().lower()
    if not _USERNAME.match(name):
        raise InvalidInput(
            "user",
            "username",
            username,
            "must be 2 to 64 characters: lower-case letters, digits, '.', '_' or '-', "
            "starting with a letter or digit",
        )
    if name == "system":
        raise InvalidInput("user", "username", username, "is reserved for the local operator")
    return name


def _remember_key(username: str, password: str, stored: str | None) -> bytes:
    material = f"{username}\0{password}\0{stored}".encode()
    return hashlib.sha256(material).digest()
