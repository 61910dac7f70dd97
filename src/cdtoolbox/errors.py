"""The one exception tree of cdtoolbox.

    CdtError
    ├── InvalidInput      one field of one record is wrong (entity, field, value, reason, location)
    ├── NotFound          an id, slug, alias or code names nothing we know
    ├── Conflict          an update was based on a stale version
    ├── Forbidden         the user may not do this
    ├── NotAuthenticated  no valid password or token was presented
    ├── SignInThrottled   too many failed sign-ins for one account from one address
    ├── InvalidTransition a workflow step the current state does not allow
    ├── NotSetUp          the database has not been created (``cdt init``) yet
    └── ImportRejected    an import was refused as a whole; carries every InvalidInput found

Errors carry no transport detail (no HTTP status, no exit code): each interface maps them
in one table. ``str(error)`` is the sentence a user reads.
"""

from __future__ import annotations

import re
import reprlib
from collections.abc import Sequence

__all__ = [
    "CdtError",
    "Conflict",
    "Forbidden",
    "ImportRejected",
    "InvalidInput",
    "InvalidTransition",
    "NotAuthenticated",
    "NotFound",
    "NotSetUp",
    "SignInThrottled",
]


class CdtError(Exception):
    """Root of every error cdtoolbox raises on purpose."""


class InvalidInput(CdtError):
    """A value a user or a file gave us is wrong, and we can say which and why."""

    def __init__(
        self,
        entity: str,
        field: str,
        value: object,
        reason: str,
        location: str | None = None,
    ) -> None:
        self.entity = entity
        self.field = field
        self.value = value
        self.reason = reason
        self.location = location
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location else ""
        if self.value is None:  # a missing value: "incident `title` is required"
            return _encodable(f"{where}{self.entity} `{self.field}` {self.reason}")
        return _encodable(
            f"{where}{self.entity} `{self.field}`: {_shorten(self.value)} {self.reason}"
        )

    def at(self, location: str) -> InvalidInput:
        """The same error, placed in a file or record (e.g. ``incidents.csv line 4``)."""
        return InvalidInput(self.entity, self.field, self.value, self.reason, location)

    def as_dict(self) -> dict[str, object]:
        # A field path can hold any key a file used, lone surrogates included.
        return {
            "entity": self.entity,
            "field": _encodable(self.field),
            "value": _echoed(self.value),
            "reason": self.reason,
            "location": _encodable(self.location) if self.location else self.location,
            "message": str(self),
        }


class NotFound(CdtError):
    """Nothing matches the identifier that was asked for."""

    def __init__(self, entity: str, key: str, hint: str | None = None) -> None:
        self.entity = entity
        self.key = key
        self.hint = hint
        super().__init__(str(self))

    def __str__(self) -> str:
        text = f"no {self.entity} matches {self.key!r}"
        return f"{text} ({self.hint})" if self.hint else text


class Conflict(CdtError):
    """An update or delete was based on a version that is no longer current."""

    def __init__(self, entity: str, key: str, expected_version: int, actual_version: int) -> None:
        self.entity = entity
        self.key = key
        self.expected_version = expected_version
        self.actual_version = actual_version
        super().__init__(str(self))

    def __str__(self) -> str:
        return (
            f"{self.entity} {self.key!r} was changed by someone else: you edited version "
            f"{self.expected_version}, the stored one is version {self.actual_version}; "
            "reload it and apply your change again"
        )


class Forbidden(CdtError):
    """The acting user lacks the role or clearance for this action."""

    def __init__(self, action: str, reason: str) -> None:
        self.action = action
        self.reason = reason
        super().__init__(f"not allowed to {action}: {reason}")


class ImportRejected(CdtError):
    """An import was refused as a whole; nothing was written."""

    def __init__(self, source: str, errors: Sequence[InvalidInput]) -> None:
        self.source = source
        self.errors = tuple(errors)
        super().__init__(str(self))

    def __str__(self) -> str:
        count = len(self.errors)
        head = f"{self.source}: import refused, nothing was written ({count} error"
        head += ")" if count == 1 else "s)"
        lines = [head, *(f"  - {error}" for error in self.errors[:20])]
        if count > 20:
            lines.append(f"  … and {count - 20} more")
        return "\n".join(lines)


# Values come from whoever sent the input: an alias-expanded YAML tree or a 10 MB string must
# not be rendered in full just to say what was wrong, so the repr itself is bounded.
_SHORT_REPR = reprlib.Repr()
_SHORT_REPR.maxlevel = 2
_SHORT_REPR.maxstring = 80
_SHORT_REPR.maxlong = 40
_SHORT_REPR.maxother = 80
for _name in ("maxlist", "maxtuple", "maxdict", "maxset", "maxfrozenset", "maxdeque", "maxarray"):
    setattr(_SHORT_REPR, _name, 4)

ECHO_LIMIT = 200
"""At most this many characters of a wrong text value are sent back in ``as_dict``."""

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _shorten(value: object, limit: int = 80) -> str:
    text = _SHORT_REPR.repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _echoed(value: object) -> object:
    """The wrong value as it is safe to send back: scalars only, text bounded and encodable.

    A lone surrogate cannot be encoded as UTF-8, so echoing it verbatim would turn the
    report of a bad value into a crash of the response; it is written as its escape instead.
    """
    if isinstance(value, bool | float):
        return value
    if isinstance(value, int):
        return value if value.bit_length() <= 53 else _shorten(value)
    if isinstance(value, str):
        return _encodable(value if len(value) <= ECHO_LIMIT else value[: ECHO_LIMIT - 1] + "…")
    return None


def _encodable(text: str) -> str:
    """``text`` with each lone surrogate written as its escape, so that UTF-8 can encode it."""
    return _LONE_SURROGATE.sub(lambda found: f"\\u{ord(found.group()):04x}", text)


class NotAuthenticated(CdtError):
    """The credentials (password or token) were missing, wrong, expired or revoked.

    The message never says which, so that it cannot be used to probe accounts.
    """

    def __init__(self, reason: str = "unknown user, wrong password or invalid token") -> None:
        self.reason = reason
        super().__init__(f"not signed in: {reason}")


class SignInThrottled(CdtError):
    """Too many failed sign-ins for this account from this address: further attempts are
    refused for ``retry_after`` seconds, whether the password is right or not."""

    def __init__(self, retry_after: int) -> None:
        self.retry_after = retry_after
        seconds = f"{retry_after} second{'' if retry_after == 1 else 's'}"
        super().__init__(
            f"too many failed sign-ins for this account from your address: wait {seconds} "
            "and try again"
        )


class InvalidTransition(CdtError):
    """A workflow step that the current state does not allow; the message says what would."""

    def __init__(self, entity: str, key: str, current: str, requested: str, reason: str) -> None:
        self.entity = entity
        self.key = key
        self.current = current
        self.requested = requested
        self.reason = reason
        super().__init__(f"{entity} {key!r} is {current}: cannot {requested}: {reason}")


class NotSetUp(CdtError):
    """The database has no schema yet: nothing can be read or written before ``cdt init``."""

    def __init__(self, database: str) -> None:
        self.database = database
        super().__init__(
            f"the database {database} is not set up: run `cdt init` to create it "
            "with the reference data and the bundled incidents"
        )


class SchemaOutOfDate(NotSetUp):
    """The database's schema is not the one this version of cdtoolbox reads: an older one
    (``cdt init`` brings it up to date, keeping every record) or a newer one."""

    def __init__(self, database: str, found: str | None, needed: str) -> None:
        self.database = database
        self.found = found
        self.needed = needed
        if found is not None and found < needed:
            advice = "run `cdt init` to bring it up to date (every record is kept)"
        else:
            advice = "it was written by a newer version of cdtoolbox: upgrade cdtoolbox to read it"
        CdtError.__init__(
            self,
            f"the database {database} is at schema revision {found or 'none'} and this "
            f"version of cdtoolbox reads {needed}: {advice}",
        )
