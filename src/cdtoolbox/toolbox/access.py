"""The permission and clearance checks every Toolbox service makes before it acts."""

from __future__ import annotations

from cdtoolbox.errors import Forbidden
from cdtoolbox.model.access import Permission, User
from cdtoolbox.model.vocabulary import Tlp

__all__ = ["require", "require_clearance"]


def require(user: User, permission: Permission) -> None:
    """Raise Forbidden unless ``user`` holds ``permission``."""
    if not user.active:
        raise Forbidden(permission.value, f"the account {user.username!r} is disabled")
    if not user.can(permission):
        raise Forbidden(
            permission.value,
            f"{user.username!r} is a {user.role.label.lower()}; this needs a role that may "
            f"{permission.value}",
        )


def require_clearance(user: User, tlp: Tlp, what: str) -> None:
    """Raise Forbidden unless ``user`` may read material marked ``tlp``."""
    if not user.cleared_for(tlp):
        raise Forbidden(
            f"read {what}",
            f"it is marked {tlp.label} and {user.username!r} is cleared up to "
            f"{user.clearance.label}",
        )
