"""Situation reports (sitreps) on incidents: drafted and revised by analysts, approved by
someone else holding the approver's right, exported as documents at their TLP (see
docs/situation.md).

Every version is kept: a revision writes version n + 1 and leaves n as it was. Reads are
bounded by the reader's TLP clearance and EU classification, version by version, and the
incident is read as everywhere else: one the reader may not read answers as one that does
not exist, and so do its sitreps.
"""

from __future__ import annotations

import builtins
from dataclasses import dataclass

from cdtoolbox.errors import Conflict, Forbidden, InvalidInput, NotFound
from cdtoolbox.model import Incident, Tlp
from cdtoolbox.model.access import Permission, User
from cdtoolbox.model.ports import Clock, IdFactory
from cdtoolbox.model.sitrep import SITREP_SECTIONS, Sitrep, SitrepStatus, sitrep_problem
from cdtoolbox.model.sitrep_codec import sitrep_to_dict
from cdtoolbox.model.vocabulary import Classification
from cdtoolbox.report.formats import ReportFormat
from cdtoolbox.report.sitrep import SitrepDocument, build_sitrep
from cdtoolbox.store import Database
from cdtoolbox.store.database import Repositories
from cdtoolbox.toolbox import cooperation_inputs as inputs
from cdtoolbox.toolbox.access import require
from cdtoolbox.toolbox.audit import AuditService
from cdtoolbox.toolbox.incidents import readable_incident

__all__ = ["MAX_SECTION", "SitrepService", "SitrepText"]

_SITREP = "sitrep"
#: Longest section accepted: a few pages, which is what a sitrep is read in.
MAX_SECTION = 20_000


@dataclass(frozen=True)
class SitrepText:
    """The four sections of a version as a writer gives them (None: unchanged in a
    revision)."""

    summary: str | None = None
    assessment: str | None = None
    actions: str | None = None
    next_steps: str | None = None


class SitrepService:
    """Draft, revise, approve, read and export situation reports."""

    def __init__(
        self, database: Database, clock: Clock, ids: IdFactory, audit: AuditService
    ) -> None:
        self._database = database
        self._clock = clock
        self._ids = ids
        self._audit = audit

    def draft(
        self,
        incident: str,
        text: SitrepText,
        *,
        by: User,
        tlp: Tlp | str | None = None,
        classification: Classification | str | None = None,
    ) -> Sitrep:
        """Version 1 of a new sitrep on ``incident`` (id or slug), a draft marked as the
        incident unless ``tlp`` or ``classification`` say otherwise; every section required."""
        require(by, Permission.EDIT_INCIDENTS)
        sections = _sections(text, None)
        with self._database.transaction() as store:
            held = self._incident(store, incident, by)
            sitrep = Sitrep(
                id=self._ids.new_id("sitrep"),
                version=1,
                incident_id=held.id,
                drafted_at=self._clock.now(),
                drafted_by=by.username,
                tlp=self._marking(tlp, held.tlp, by),
                classification=(
                    held.classification
                    if classification is None
                    else inputs.classification(_SITREP, classification, by)
                ),
                summary=sections["summary"],
                assessment=sections["assessment"],
                actions=sections["actions"],
                next_steps=sections["next_steps"],
            )
            return self._write(store, sitrep, by, "sitrep.draft", before=None)

    def revise(
        self,
        sitrep_id: str,
        text: SitrepText,
        *,
        by: User,
        expected_version: int,
        tlp: Tlp | str | None = None,
        classification: Classification | str | None = None,
    ) -> Sitrep:
        """Version ``expected_version`` + 1 of ``sitrep_id``, a draft: the sections given
        replace those of ``expected_version``, the others are carried over, as is the marking
        unless given. Conflict when ``expected_version`` is no longer the latest version."""
        require(by, Permission.EDIT_INCIDENTS)
        with self._database.transaction() as store:
            previous = self._version(store, sitrep_id, expected_version, by)
            latest = store.sitreps.last_version(previous.id)
            if latest != expected_version:
                raise Conflict(_SITREP, previous.id, expected_version, latest)
            sitrep = previous.evolve(
                version=latest + 1,
                drafted_at=self._clock.now(),
                drafted_by=by.username,
                status=SitrepStatus.DRAFT,
                approved_at=None,
                approved_by=None,
                tlp=self._marking(tlp, previous.tlp, by),
                classification=(
                    previous.classification
                    if classification is None
                    else inputs.classification(_SITREP, classification, by)
                ),
                **_sections(text, previous),
            )
            return self._write(store, sitrep, by, "sitrep.revise", before=sitrep_to_dict(previous))

    def approve(self, sitrep_id: str, *, by: User, version: int) -> Sitrep:
        """Approve ``version`` of ``sitrep_id``: it must be the latest version and a draft,
        and ``by`` must hold the approver's right and not be its author (Forbidden)."""
        require(by, Permission.APPROVE_SITREPS)
        with self._database.transaction() as store:
            draft = self._version(store, sitrep_id, version, by)
            latest = store.sitreps.last_version(draft.id)
            if latest != version:
                raise Conflict(_SITREP, draft.id, version, latest)
            if draft.status is not SitrepStatus.DRAFT:
                raise InvalidInput(_SITREP, "version", version, "is already approved")
            if draft.drafted_by == by.username:
                raise Forbidden(
                    "approve a situation report",
                    f"{by.username!r} drafted version {version}; another person must approve it",
                )
            approved = draft.evolve(
                status=SitrepStatus.APPROVED, approved_at=self._clock.now(), approved_by=by.username
            )
            if not store.sitreps.approve(approved):
                # Another approval committed between the read and this write.
                raise Conflict(_SITREP, draft.id, version, latest)
            self._audit.record(
                store,
                by=by,
                action="sitrep.approve",
                entity=_SITREP,
                key=f"{approved.id}@{approved.version}",
                before=sitrep_to_dict(draft),
                after=sitrep_to_dict(approved),
            )
        return approved

    def list(self, incident: str, *, by: User) -> tuple[Sitrep, ...]:
        """The latest version ``by`` may read of each sitrep on ``incident``, the first
        drafted first; NotFound when the incident is not readable."""
        require(by, Permission.READ)
        with self._database.read() as store:
            held = readable_incident(store, incident.strip(), by)
            found = store.sitreps.of_incident(held.id, by.clearance, by.classification_clearance)
        latest: dict[str, Sitrep] = {}
        for sitrep in found:
            latest[sitrep.id] = sitrep
        return tuple(latest.values())

    def versions(self, sitrep_id: str, *, by: User) -> tuple[Sitrep, ...]:
        """Every version of ``sitrep_id`` that ``by`` may read, oldest first; NotFound when
        there is none or its incident is not readable."""
        require(by, Permission.READ)
        with self._database.read() as store:
            return tuple(self._readable(store, sitrep_id, by))

    def get(self, sitrep_id: str, *, by: User, version: int | None = None) -> Sitrep:
        """``version`` of ``sitrep_id`` (default: the latest ``by`` may read); NotFound as
        ``versions``, InvalidInput for a version that is not one ``by`` may read."""
        require(by, Permission.READ)
        with self._database.read() as store:
            if version is None:
                return self._readable(store, sitrep_id, by)[-1]
            return self._version(store, sitrep_id, version, by)

    def document(self, sitrep_id: str, *, by: User, version: int | None = None) -> SitrepDocument:
        """``version`` of ``sitrep_id`` (default: its latest approved version ``by`` may read)
        as a document. Only an approved version is exported, and never an EU classified
        one or one on a classified incident (Forbidden): a document leaves the system with a
        TLP banner, and classified information is drafted in an accredited registry."""
        require(by, Permission.READ)
        with self._database.read() as store:
            readable = self._readable(store, sitrep_id, by)
            incident = readable_incident(store, readable[0].incident_id, by)
        chosen = _exported_version(readable, version)
        for marked, what in ((chosen, "situation report"), (incident, "incident")):
            if marked.classification is not None:
                label = Classification.label_of(marked.classification)
                raise Forbidden(
                    "export EU classified information",
                    f"the {what} is {label}; documents leave the system unclassified",
                )
        return build_sitrep(chosen, incident)

    def export(
        self, sitrep_id: str, kind: ReportFormat, *, by: User, version: int | None = None
    ) -> bytes:
        """The approved ``version`` of ``sitrep_id`` rendered in ``kind``'s format."""
        from cdtoolbox.report.render import render_report

        return render_report(self.document(sitrep_id, by=by, version=version), kind)

    def _write(
        self,
        store: Repositories,
        sitrep: Sitrep,
        by: User,
        action: str,
        before: dict[str, object] | None,
    ) -> Sitrep:
        problem = sitrep_problem(sitrep)
        if problem is not None:
            raise InvalidInput(_SITREP, *problem)
        store.sitreps.add(sitrep)
        self._audit.record(
            store,
            by=by,
            action=action,
            entity=_SITREP,
            key=f"{sitrep.id}@{sitrep.version}",
            before=before,
            after=sitrep_to_dict(sitrep),
        )
        return sitrep

    def _readable(self, store: Repositories, sitrep_id: str, by: User) -> builtins.list[Sitrep]:
        found = store.sitreps.versions(sitrep_id.strip(), by.clearance, by.classification_clearance)
        if not found:
            raise NotFound(_SITREP, sitrep_id, "`cdt sitreps list INCIDENT`")
        try:
            readable_incident(store, found[0].incident_id, by)
        except NotFound:
            raise NotFound(_SITREP, sitrep_id, "`cdt sitreps list INCIDENT`") from None
        return found

    def _version(self, store: Repositories, sitrep_id: str, version: int, by: User) -> Sitrep:
        for sitrep in self._readable(store, sitrep_id, by):
            if sitrep.version == version:
                return sitrep
        raise InvalidInput(_SITREP, "version", version, "is not a version you may read")

    def _incident(self, store: Repositories, key: str, by: User) -> Incident:
        try:
            return readable_incident(store, key.strip(), by)
        except NotFound:
            reason = "is not a stored incident you may read (`cdt incidents list`)"
            raise InvalidInput(_SITREP, "incident", key, reason) from None

    @staticmethod
    def _marking(tlp: Tlp | str | None, default: Tlp, by: User) -> Tlp:
        marking = default if tlp is None else inputs.tlp(_SITREP, tlp)
        if not by.cleared_for(marking):
            raise InvalidInput(_SITREP, "tlp", marking.value, "is above your clearance")
        return marking


def _sections(text: SitrepText, previous: Sitrep | None) -> dict[str, str]:
    """The four sections: those given, stripped and bounded, the others carried over from
    ``previous`` (empty on a first draft, which ``sitrep_problem`` then refuses)."""
    sections: dict[str, str] = {}
    for field, _ in SITREP_SECTIONS:
        given: str | None = getattr(text, field)
        if given is None:
            sections[field] = getattr(previous, field) if previous is not None else ""
            continue
        value = given.strip()
        if len(value) > MAX_SECTION:
            reason = f"is longer than {MAX_SECTION} characters"
            raise InvalidInput(_SITREP, field, value[:40] + "…", reason)
        sections[field] = value
    return sections


def _exported_version(readable: list[Sitrep], version: int | None) -> Sitrep:
    if version is None:
        approved = [s for s in readable if s.status is SitrepStatus.APPROVED]
        if not approved:
            raise InvalidInput(_SITREP, "version", None, "no version is approved yet")
        return approved[-1]
    for sitrep in readable:
        if sitrep.version == version:
            if sitrep.status is not SitrepStatus.APPROVED:
                reason = "is a draft; only an approved version is exported"
                raise InvalidInput(_SITREP, "version", version, reason)
            return sitrep
    raise InvalidInput(_SITREP, "version", version, "is not a version you may read")
