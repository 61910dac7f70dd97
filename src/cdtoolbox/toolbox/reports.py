"""Reports for a reader: the decision brief of an incident, as an object and as a document."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from cdtoolbox.errors import InvalidInput, NotFound
from cdtoolbox.model import Tlp
from cdtoolbox.model.access import User
from cdtoolbox.report import DecisionBrief, ReportFormat, build_brief, render_brief
from cdtoolbox.toolbox.assessments import AssessmentService
from cdtoolbox.toolbox.incidents import IncidentService
from cdtoolbox.toolbox.knowledge_source import KnowledgeSource

__all__ = ["ReportService"]


class ReportService:
    """Reports read with the reader's clearance: an incident above it is answered exactly as
    one that does not exist, and precedents above it are left out."""

    def __init__(
        self,
        knowledge: KnowledgeSource,
        incidents: IncidentService,
        assessments: AssessmentService,
    ) -> None:
        self._knowledge = knowledge
        self._incidents = incidents
        self._assessments = assessments

    def brief(self, key: str, *, by: User) -> DecisionBrief:
        """The decision brief of one incident (by id or slug) that ``by`` may read."""
        incident = self._incidents.get(key, by=by)
        assessment = self._assessments.assess_incident(incident, by=by)
        markings: dict[str, Tlp] = {}
        for match in assessment.precedents:
            # Read again, for its marking now: one re-marked above ``by`` since the precedent
            # index was built is left out like one never stored.
            try:
                markings[match.slug] = self._incidents.get(match.slug, by=by).tlp
            except NotFound:
                continue
        return build_brief(incident, assessment, self._knowledge.get(), markings)

    def brief_document(self, key: str, kind: ReportFormat, *, by: User) -> bytes:
        """The decision brief as a document in ``kind``'s format."""
        return render_brief(self.brief(key, by=by), kind)

    def write_brief(self, key: str, kind: ReportFormat, path: Path, *, by: User) -> int:
        """Write the brief to ``path`` whole or not at all, and return its size in bytes.

        The document is made before the file is touched and written to a temporary file
        beside ``path`` that is then renamed over it, so neither a refused input nor a failed
        write leaves a partial or truncated file."""
        folder = _writable_folder(path)
        document = self.brief_document(key, kind, by=by)
        temporary = folder / f".{path.name}.{secrets.token_hex(8)}.part"
        # Created with the permissions a new file gets (the umask's), unlike mkstemp's 0600.
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(document)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, path)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
        return len(document)


def _writable_folder(path: Path) -> Path:
    """The folder ``path`` is to be written in, or ``InvalidInput`` saying why it cannot be."""
    folder = path.parent if str(path.parent) else Path(".")
    reason = None
    if path.is_dir():
        reason = "is a folder, not a file"
    elif not folder.is_dir():
        reason = "is in a folder that does not exist"
    elif not os.access(folder, os.W_OK | os.X_OK):
        reason = "is in a folder you may not write to"
    elif path.exists() and not os.access(path, os.W_OK):
        reason = "is a file you may not write to"
    if reason is not None:
        raise InvalidInput("report", "output", str(path), reason)
    return folder
