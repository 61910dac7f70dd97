"""The one seam through which ingest turns names people write into canonical references."""

from __future__ import annotations

from typing import Protocol

__all__ = ["ReferenceResolver"]


class ReferenceResolver(Protocol):
    """Resolves what a user typed to the identifiers the domain model stores.

    Each method returns ``None`` when the text names nothing known. ``actor_id`` may raise
    :class:`cdtoolbox.errors.InvalidInput` when an alias is shared by several actors; ingest
    reports that error's reason against the field that held the alias.
    The knowledge base implements this; ingest never depends on how.
    """

    def country_code(self, text: str) -> str | None:
        """ISO 3166-1 alpha-2 for an alpha-2 or alpha-3 code or a country name."""
        ...

    def sector_id(self, text: str) -> str | None:
        """The sector id for a sector id or name."""
        ...

    def actor_id(self, text: str) -> str | None:
        """The threat actor id for an actor's id, name or any alias."""
        ...
