"""The UN process on ICTs in international security, read from ``un_process.yaml``: the
processes and their mandates, the sessions and the six agenda pillars.

Every entry names its sources. A session's dates are checked to be in order and its process
to exist; a process may succeed only processes listed before it.
"""

from __future__ import annotations

from collections.abc import Iterable

from cdtoolbox.errors import InvalidInput, NotFound
from cdtoolbox.knowledge.datafiles import DataFile, EntryReader
from cdtoolbox.model.diplomacy import Verification
from cdtoolbox.model.un_process import (
    Milestone,
    Pillar,
    PillarInfo,
    ProcessKind,
    UnProcess,
    UnSession,
)

__all__ = ["UnProcessReference", "load_un_process"]

_PROCESS = "UN process"
_SESSION = "UN session"
_PILLAR = "agenda pillar"


class UnProcessReference:
    """The processes, in the order of the data file (oldest first), their sessions and the
    pillars."""

    def __init__(
        self,
        pillars: Iterable[PillarInfo],
        processes: Iterable[UnProcess],
        sessions: Iterable[UnSession],
        version: int,
    ) -> None:
        self.version = version
        self.pillars = tuple(pillars)
        self.processes = tuple(processes)
        self.sessions = tuple(sessions)
        self._processes = {process.id: process for process in self.processes}
        self._sessions = {session.id: session for session in self.sessions}

    def process(self, process_id: str) -> UnProcess:
        found = self._processes.get(process_id.strip().lower())
        if found is None:
            raise NotFound(_PROCESS, process_id, f"known: {', '.join(self._processes)}")
        return found

    def session(self, session_id: str) -> UnSession | None:
        return self._sessions.get(session_id.strip().lower())

    def sessions_of(self, process_id: str) -> tuple[UnSession, ...]:
        wanted = self.process(process_id).id
        return tuple(session for session in self.sessions if session.process == wanted)


def load_un_process(data: DataFile) -> UnProcessReference:
    pillars = [_pillar(reader) for reader in data.entries("pillars", _PILLAR)]
    missing = sorted(set(Pillar) - {info.pillar for info in pillars})
    if missing:
        raise InvalidInput(
            _PILLAR, "id", missing, "are pillars of the mandate not listed", data.name
        )
    processes: list[UnProcess] = []
    for reader in data.entries("processes", _PROCESS):
        process = _process(reader)
        known = {p.id for p in processes}
        for earlier in process.successor_of:
            if earlier not in known:
                raise reader.fail("successor_of", earlier, "is not a process listed before it")
        processes.append(process)
    ids = {process.id for process in processes}
    sessions = [_session(reader, ids) for reader in data.entries("sessions", _SESSION)]
    return UnProcessReference(pillars, processes, sessions, data.version)


def _pillar(reader: EntryReader) -> PillarInfo:
    reader.sources()  # required of every entry, though a pillar shows none
    return PillarInfo(
        pillar=reader.choice("id", Pillar),
        title=reader.text("title"),
        summary=reader.text("summary"),
    )


def _process(reader: EntryReader) -> UnProcess:
    return UnProcess(
        id=reader.text("id"),
        name=reader.text("name"),
        kind=reader.choice("kind", ProcessKind),
        summary=reader.text("summary"),
        sources=reader.sources(),
        status=reader.choice("status", Verification),
        mandate=reader.optional_text("mandate"),
        reports=reader.texts("reports", required=False),
        successor_of=reader.texts("successor_of", required=False),
        milestones=tuple(
            Milestone(
                when=entry.text("when"),
                fact=entry.text("fact"),
                sources=entry.sources(),
                status=entry.choice("status", Verification),
            )
            for entry in reader.mappings("milestones")
        ),
    )


def _session(reader: EntryReader, processes: set[str]) -> UnSession:
    process = reader.text("process")
    if process not in processes:
        raise reader.fail("process", process, "is not a process of the file")
    starts = reader.date("starts") if reader.has("starts") else None
    ends = reader.date("ends") if reader.has("ends") else None
    if (starts is None) != (ends is None):
        raise reader.fail("ends", ends, "a session has both dates or neither")
    if starts is not None and ends is not None and ends < starts:
        raise reader.fail("ends", ends.isoformat(), f"is before the start ({starts})")
    status = reader.choice("status", Verification)
    if status is Verification.UNVERIFIED and starts is not None:
        # An unconfirmed date would refuse statements dated on the true days of the session.
        raise reader.fail("starts", starts.isoformat(), "an unconfirmed session gives no dates")
    return UnSession(
        id=reader.text("id"),
        process=process,
        title=reader.text("title"),
        sources=reader.sources(),
        status=status,
        starts=starts,
        ends=ends,
        outcome=reader.optional_text("outcome"),
        note=reader.optional_text("note"),
    )
