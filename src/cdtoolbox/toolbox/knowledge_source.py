"""The reference knowledge the services share, loaded once, on first use."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cdtoolbox.knowledge import KnowledgeBase

__all__ = ["KnowledgeSource"]


class KnowledgeSource:
    """The knowledge base given, or loaded on the first ``get()``: loading takes a second or
    two that commands which never consult it (most reads) should not pay."""

    def __init__(self, knowledge: KnowledgeBase | None = None) -> None:
        self._knowledge = knowledge
        self._lock = threading.Lock()

    def get(self) -> KnowledgeBase:
        if self._knowledge is None:
            with self._lock:
                if self._knowledge is None:
                    # Imported here: the catalogues' modules (YAML, pycountry) are part of
                    # the cost that commands which never consult them should not pay.
                    from cdtoolbox.knowledge import load_knowledge

                    self._knowledge = load_knowledge()
        return self._knowledge
