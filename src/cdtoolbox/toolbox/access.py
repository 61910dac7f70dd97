"""The permission and clearance checks every Toolbox service makes before it acts."""

from __future__ import annotations

from cdtoolbox.errors import Forbidden, InvalidInput, NotAuthenticated, NotFound
from cdtoolbox.model.access import Permission, User
from cdtoolbox.model.vocabulary import Classification, Tlp
from cdtoolbox.model.wording import with_article
from cdtoolbox.store.database import Repositories

__all__ = [
    "classification_refusal",
    "credential_holder",
    "refuse_above_classification",
    "require",
    "require_export",
]


def require(user: User, permission: Permission) -> None:
    """Raise Forbidden unless ``user`` holds ``permission``."""
    if not user.active:
        raise Forbidden(permission.value, f"the account {user.username!r} is disabled")
    if not user.can(permission):
        raise Forbidden(
            permission.value,
            f"{user.username!r} is {with_article(user.role.label.lower())}; this needs a role "
            f"that may {permission.value}",
        )


def require_export(user: User, max_tlp: Tlp) -> None:
    """Raise Forbidden unless ``user`` may read everything an export up to ``max_tlp`` holds.

    The refusal names the level asked for, never a record: which records exist above the
    user's clearance is itself not theirs to learn."""
    require(user, Permission.READ)
    if not user.cleared_for(max_tlp):
        raise Forbidden(
            f"export material up to {max_tlp.label}",
            f"{user.username!r} is cleared up to {user.clearance.label}",
        )


def refuse_above_classification(entity: str, level: Classification | None, by: User) -> None:
    """InvalidInput when ``level`` is above ``by``'s classification clearance: nobody records
    what they could not read back."""
    refusal = classification_refusal(entity, level, by)
    if refusal is not None:
        raise refusal


def classification_refusal(
    entity: str, level: Classification | None, by: User
) -> InvalidInput | None:
    """The error that refuses ``level`` to ``by`` as a writer, or None when they may write it
    (for a batch that reports every refused record at once)."""
    if by.cleared_for_classification(level):
        return None
    cleared = Classification.label_of(by.classification_clearance)
    reason = f"is above your classification clearance ({cleared})"
    return InvalidInput(entity, "classification", level.value if level else None, reason)


def credential_holder(store: Repositories, username: str) -> User:
    """The active account a still-usable credential (a session, a token) names.

    NotAuthenticated when the account is gone or disabled: a credential never outlives the
    account it was issued to, whatever else revokes it."""
    try:
        user = store.accounts.get(username)
    except NotFound:
        raise NotAuthenticated() from None
    if not user.active:
        raise NotAuthenticated()
    return user
