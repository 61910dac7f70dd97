"""What an import running on the server is doing, for the Import page to show while it waits.

The browser sends the file and reports the upload itself; once the file is here, the import
runs in a worker thread and tells this board its stage ("Importing bundle.json", 40 % read),
which the page asks for by the upload's id. One board per application; entries are kept per
user, and only the most recent ones, since a page stops asking once its import answered.
"""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from dataclasses import dataclass

__all__ = ["UploadProgress", "UploadStage", "new_upload_id"]

_KEPT = 200
_ID_LENGTH = 16


def new_upload_id() -> str:
    """A fresh id for one upload form."""
    return secrets.token_urlsafe(_ID_LENGTH)


@dataclass(frozen=True)
class UploadStage:
    stage: str
    done: int = 0
    total: int = 0
    finished: bool = False

    @property
    def percent(self) -> int | None:
        """How far the stage is, when it can tell."""
        if self.total <= 0:
            return None
        return min(100, round(100 * self.done / self.total))

    def as_dict(self) -> dict[str, object]:
        return {
            "stage": self.stage,
            "done": self.done,
            "total": self.total,
            "percent": self.percent,
            "finished": self.finished,
        }


class UploadProgress:
    """Stages of the imports under way, by (user, upload id); safe to use from any thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._stages: OrderedDict[tuple[str, str], UploadStage] = OrderedDict()

    def report(
        self,
        username: str,
        upload_id: str,
        stage: str,
        done: int = 0,
        total: int = 0,
        *,
        finished: bool = False,
    ) -> None:
        key = (username, upload_id)
        with self._lock:
            self._stages[key] = UploadStage(stage, done, total, finished)
            self._stages.move_to_end(key)
            while len(self._stages) > _KEPT:
                self._stages.popitem(last=False)

    def stage(self, username: str, upload_id: str) -> UploadStage | None:
        """The last stage reported for this user's upload; None before the server has it
        (or for another user's upload, which is never shown)."""
        with self._lock:
            return self._stages.get((username, upload_id))
