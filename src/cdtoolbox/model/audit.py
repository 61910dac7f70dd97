"""The audit trail: an append-only, hash-chained record of every change to governed records."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Final

from cdtoolbox.model.case_state import CaseState

__all__ = [
    "ACTION_LABELS",
    "GENESIS_HASH",
    "RECORD_KIND_LABELS",
    "AuditEntry",
    "AuditVerification",
    "action_label",
]

# The "previous hash" of the first entry.
GENESIS_HASH = "0" * 64


@dataclass(frozen=True)
class AuditEntry:
    """One change: who did what to which record, with the record before and after.

    ``before`` is None for a creation and ``after`` None for a deletion.
    """

    seq: int
    at: datetime
    actor: str  # username
    action: str  # e.g. "case.open", "case.position", "listing.delist", "user.add"
    entity: str  # e.g. "case", "listing", "user"
    key: str
    before: Mapping[str, object] | None
    after: Mapping[str, object] | None
    previous_hash: str
    hash: str

    @property
    def action_label(self) -> str:
        return action_label(self.action)

    @property
    def record_kind(self) -> str:
        """The kind of record, in words: "TAXII collection" for ``taxii collection``."""
        return RECORD_KIND_LABELS.get(self.entity, self.entity)


@dataclass(frozen=True)
class AuditVerification:
    """The result of re-computing the chain. ``first_broken`` names the first bad entry."""

    entries_checked: int
    first_broken: int | None = None  # the entry's seq
    reason: str | None = None
    head_seq: int | None = None

    @property
    def intact(self) -> bool:
        return self.first_broken is None and self.reason is None

    @property
    def summary(self) -> str:
        if self.intact:
            return f"audit trail intact: {self.entries_checked} entries, every link verified"
        where = f"entry {self.first_broken}" if self.first_broken is not None else "the chain head"
        return f"audit trail BROKEN at {where}: {self.reason}"


#: What each action the library records reads as, for people; the code (``case.open``) is
#: what the trail stores and the API returns. A test finds every action the library records
#: and fails when one has no label here.
ACTION_LABELS: Final[Mapping[str, str]] = {
    "incident.add": "Incident recorded",
    "incident.edit": "Incident edited",
    "incident.import": "Incidents imported",
    "stix.import": "STIX bundle imported",
    "misp.import": "MISP events imported",
    "observable.add": "Observable recorded on an incident",
    "case.open": "Case opened",
    "case.decide": "Council decision recorded",
    "case.position": "Member State position recorded",
    "case.implement": "Implementation recorded",
    "case.measure.add": "Measure proposed",
    "case.measure.edit": "Measure edited",
    "case.measure.drop": "Measure dropped",
    "case.measure.restore": "Measure restored",
    # A case's moves are named for the state it reaches, so each state has its label.
    **{f"case.move.{state.value}": f"Case moved to: {state.label}" for state in CaseState},
    "listing.add": "Listing added",
    "listing.amend": "Listing amended",
    "listing.delist": "Listee delisted",
    "regime.add": "Sanctions regime added",
    "regime.update": "Sanctions regime updated",
    "regime.renew": "Sanctions regime renewed",
    "taxii.add": "TAXII collection added",
    "taxii.delete": "TAXII collection deleted",
    "taxii.publish": "Published to TAXII",
    "user.add": "Account created",
    "user.update": "Account changed",
    "user.password": "Password changed",
    "session.start": "Signed in",
    "session.end": "Signed out",
    "token.issue": "API token issued",
    "token.revoke": "API token revoked",
    "key.import": "Partner signing key imported",
    "key.trust": "Signing key trusted",
    "key.revoke": "Signing key revoked",
    "cbm.record": "CBM implementation recorded",
    "poc.add": "Point of contact added",
    "poc.verify": "Point of contact verified",
    "poc.check_round.open": "Communication check opened",
    "poc.check_round.sent": "Communication check sent",
    "poc.check_round.ack": "Communication check acknowledged",
    "capacity.project.add": "Capacity-building project added",
    "situation.event.add": "Incident event recorded",
    "situation.status.set": "Incident operational status changed",
    "situation.level.change": "Incident crisis level changed",
    "assistance.request": "Request for assistance recorded",
    "assistance.answer": "Request for assistance answered",
    "assistance.withdraw": "Request for assistance withdrawn",
    "assistance.offer": "Offer of assistance recorded",
    "team.add": "Team added",
    "team.deploy": "Team deployment recorded",
    "team.deployment.close": "Team deployment closed",
    "sitrep.draft": "Situation report drafted",
    "sitrep.revise": "Situation report revised",
    "sitrep.approve": "Situation report approved",
    "alert.raise": "Alert raised",
    "alert.acknowledge": "Alert acknowledged",
    "webhook.add": "Webhook target added",
    "webhook.remove": "Webhook target removed",
    "dialogue.add": "Dialogue added",
    "dialogue.round.add": "Dialogue round recorded",
    "dialogue.update": "Dialogue status or next meeting changed",
    "pqc.import": "Cryptographic inventory imported",
    "export.public": "Public release written",
    "un.document.add": "UN document recorded",
    "un.paragraph.add": "UN document paragraph added",
    "un.position.record": "Position on a UN paragraph recorded",
    "un.statement.add": "UN statement recorded",
    "statement.add": "Statement added to the archive",
    "response.add": "Public response recorded",
    "response.update": "Public response updated from a new release",
    "response.remove": "Public response withdrawn by a new release",
    "response.draft": "Public response drafted from a statement",
    "response.confirm": "Public response confirmed",
}

#: The kinds of record (``entity``) the library records changes to, in words.
RECORD_KIND_LABELS: Final[Mapping[str, str]] = {
    "incident": "Incident",
    "import": "Import",
    "case": "Case",
    "listing": "Sanctions listing",
    "sanctions regime": "Sanctions regime",
    "taxii collection": "TAXII collection",
    "user": "Account",
    "token": "API token",
    "signing key": "Signing key",
    "cbm implementation": "CBM implementation",
    "poc": "Point of contact",
    "capacity project": "Capacity-building project",
    "dialogue": "Dialogue",
    "assistance request": "Request for assistance",
    "assistance offer": "Offer of assistance",
    "team": "Team",
    "deployment": "Team deployment",
    "communication check": "Communication check",
    "pqc inventory": "Cryptographic inventory",
    "export": "Export",
    "un document": "UN document",
    "un paragraph": "UN document paragraph",
    "un position": "Position on a UN paragraph",
    "un statement": "UN statement",
    "statement": "Statement",
    "public response": "Public response",
    "sitrep": "Situation report",
    "alert": "Alert",
    "webhook target": "Webhook target",
}


def action_label(action: str) -> str:
    """The reader's words for ``action``; an action no longer recorded (a trail kept from an
    older version) reads as its code rather than hiding the entry."""
    return ACTION_LABELS.get(action, action)
