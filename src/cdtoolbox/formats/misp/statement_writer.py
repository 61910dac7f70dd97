"""Statements of the archive as MISP event reports (docs/misp-mapping.md, "Statements").

A statement's report rides in the event of each exported incident it names whose marking is
at least the statement's own: whoever receives that event may read the statement. A statement
that names no such incident gets an event of its own, tagged with its TLP and with
``cdtoolbox:statement``, which our import recognises and skips (statements enter the archive
from their files). Classified statements and those above the export's TLP never leave.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from datetime import UTC
from typing import Any, Final

from cdtoolbox.formats.misp.event_writer import MispEventContext, event_tag
from cdtoolbox.formats.misp.tags import machine_tag
from cdtoolbox.formats.misp.vocabulary import (
    CDT_NAMESPACE,
    CDT_STATEMENT,
    DISTRIBUTION_BY_TLP,
    REFERENCE_CATEGORY,
)
from cdtoolbox.formats.stix.report_writer import StatementRefs, report_name
from cdtoolbox.model import Incident, Tlp
from cdtoolbox.model.statement import Statement

__all__ = ["StatementPlacement", "statement_markdown", "statement_report"]

# CommonMark's backslash escapes for what would otherwise turn plain text into markup (or
# raw HTML): the text reads as it was written, in MISP's report view as in the JSON.
_MARKDOWN_SPECIAL: Final = re.compile(r"([\\`*_\[\]<>#|])")
_UNDEFINED_THREAT_LEVEL: Final = "4"
_ANALYSIS_COMPLETED: Final = "2"  # the text is what it is: nothing is left to analyse


def statement_markdown(statement: Statement) -> str:
    """The report's content: what the statement is (issuer, date, instrument, source and
    the digest of its text), then its text, every paragraph kept."""
    facts = [f"- Issuer: {_escape(_issuer(statement))}"]
    if statement.date is not None:
        facts.append(f"- Date: {statement.date.isoformat()}")
    facts.append(f"- Instrument: `{statement.instrument}`")
    if statement.language:
        facts.append(f"- Language: {statement.language}")
    if statement.source_url:
        facts.append(f"- Source: <{statement.source_url}>")
    facts.append(f"- SHA-256 of the normalised text: `{statement.sha256}`")
    paragraphs = [_escape(part.strip()) for part in re.split(r"\n\s*\n", statement.text.strip())]
    # Within a paragraph, a line break stays one (two trailing spaces, CommonMark's hard break).
    body = "\n\n".join("  \n".join(part.splitlines()) for part in paragraphs if part)
    return "\n".join(facts) + "\n\n" + body


def statement_report(
    statement: Statement, context: MispEventContext, *, event_uuid: str
) -> dict[str, Any]:
    """The event report of ``statement`` in the event ``event_uuid``."""
    return {
        "uuid": str(
            uuid.uuid5(context.namespace, f"misp-statement:{statement.sha256}:{event_uuid}")
        ),
        "name": report_name(statement),
        "content": statement_markdown(statement),
        "distribution": str(DISTRIBUTION_BY_TLP[statement.tlp]),
        "timestamp": _stamp(statement),
        "deleted": False,
    }


class StatementPlacement:
    """Where each exported statement goes: into the events of the incidents it names, or
    into an event of its own. Ask :meth:`reports_for` for every incident written, then
    :meth:`own_events` once."""

    def __init__(self, statements: Iterable[StatementRefs], max_tlp: Tlp) -> None:
        self._leaving: list[Statement] = []
        self._by_incident: dict[str, list[Statement]] = {}
        self._placed: set[str] = set()
        self.withheld = 0
        self.reports = 0
        for entry in statements:
            statement = entry.statement
            if statement.classification is not None or statement.tlp.rank > max_tlp.rank:
                # EU classified information never leaves through an exchange, whatever its TLP.
                self.withheld += 1
                continue
            self._leaving.append(statement)
            for incident_id in entry.incident_ids:
                self._by_incident.setdefault(incident_id, []).append(statement)

    def reports_for(self, incident: Incident, context: MispEventContext) -> list[dict[str, Any]]:
        """The reports of the statements naming ``incident`` (being exported) and marked at
        most as it is."""
        reports = []
        for statement in self._by_incident.get(incident.id, ()):
            if statement.tlp.rank <= incident.tlp.rank:
                reports.append(statement_report(statement, context, event_uuid=incident.id))
                self._placed.add(statement.id)
        self.reports += len(reports)
        return reports

    def own_events(self, context: MispEventContext) -> list[dict[str, Any]]:
        """An event for each statement no incident's event took."""
        events = []
        for statement in self._leaving:
            if statement.id not in self._placed:
                events.append(statement_event(statement, context))
                self.reports += 1
        return events


def statement_event(statement: Statement, context: MispEventContext) -> dict[str, Any]:
    """The event of a statement that rides in no incident's event."""
    event_uuid = str(uuid.uuid5(context.namespace, f"misp-statement-event:{statement.sha256}"))
    stamp = _stamp(statement)
    day = statement.date or statement.recorded_at.astimezone(UTC).date()
    tags = [
        f"tlp:{statement.tlp.value}",
        machine_tag(CDT_NAMESPACE, CDT_STATEMENT, statement.sha256),
    ]
    event: dict[str, Any] = {
        "uuid": event_uuid,
        "info": report_name(statement),
        "date": day.isoformat(),
        "timestamp": stamp,
        "publish_timestamp": stamp,
        "published": True,
        "analysis": _ANALYSIS_COMPLETED,
        "threat_level_id": _UNDEFINED_THREAT_LEVEL,
        "distribution": str(DISTRIBUTION_BY_TLP[statement.tlp]),
        "extends_uuid": "",
        "Orgc": {"name": context.organisation, "uuid": context.organisation_uuid},
        "Tag": [event_tag(name, statement.tlp) for name in tags],
        "Attribute": [],
        "EventReport": [statement_report(statement, context, event_uuid=event_uuid)],
    }
    if statement.source_url:
        event["Attribute"].append(
            {
                "uuid": str(uuid.uuid5(context.namespace, f"misp-attribute:{event_uuid}:link")),
                "type": "link",
                "category": REFERENCE_CATEGORY,
                "value": statement.source_url,
                "comment": report_name(statement),
                "to_ids": False,
                "disable_correlation": False,
                "deleted": False,
                "timestamp": stamp,
            }
        )
    return {"Event": event}


def _stamp(statement: Statement) -> str:
    return str(int(statement.recorded_at.timestamp()))


def _issuer(statement: Statement) -> str:
    kind = statement.issuer_kind.value
    return f"{statement.issuer_name} ({kind})" if statement.issuer_name else kind


def _escape(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)
