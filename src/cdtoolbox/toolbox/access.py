"""The permission and clearance checks every Toolbox service makes before it acts."""

from __future__ import annotations

from cdtoolbox.errors import Forbidden
from cdtoolbox.model.access import Permission, User
from cdtoolbox.model.vocabulary import Tlp

__all__ = ["require", "require_export"]


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
