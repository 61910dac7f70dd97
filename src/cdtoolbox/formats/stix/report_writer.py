"""A statement of the archive as a STIX 2.1 ``report``: the official text, where it was
published, and the incidents and intrusion sets it names (docs/stix-mapping.md, "Statements").

Which objects a report may refer to is decided by the bundle writer, which knows what the
bundle holds; this module only shapes the objects.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time
from typing import Any, Final

from cdtoolbox.formats.stix.extension import issuer_payload, statement_payload
from cdtoolbox.formats.stix.identifiers import stix_id
from cdtoolbox.formats.stix.timestamps import format_timestamp
from cdtoolbox.formats.stix.vocabulary import EXTENSION_ID, SPEC_VERSION, TLP2_MARKING_IDS
from cdtoolbox.model import Tlp
from cdtoolbox.model.statement import IssuerKind, Statement

__all__ = [
    "DESCRIPTION_LIMIT",
    "STATEMENT_REPORT_TYPES",
    "StatementRefs",
    "issuer_country",
    "issuer_identity",
    "issuer_identity_id",
    "statement_report",
    "statement_report_id",
]

#: The longest text a report's ``description`` carries, in characters. Official statements
#: run to a few thousand characters; a longer text (a legal act, a whole report: the archive
#: takes files up to 10 MB) is cut at a paragraph before this, with a note saying where its
#: whole text is, so that a partner's tools receive a report the size of a statement, not of
#: a document they can fetch from its address.
DESCRIPTION_LIMIT: Final = 60_000
#: report-type-ov: an official statement is an account of a threat and of who is held
#: responsible for it, which is what "threat-report" names.
STATEMENT_REPORT_TYPES: Final = ("threat-report",)
_ARCHIVE_SOURCE: Final = "cdtoolbox-statement"
# The name of an issuer identity when the statement gives the issuer's kind alone.
_ISSUER_NAMES: Final = {
    IssuerKind.COUNCIL: "Council of the European Union",
    IssuerKind.HR_ON_BEHALF_OF_EU: "High Representative, on behalf of the European Union",
    IssuerKind.HR: "High Representative of the Union for Foreign Affairs and Security Policy",
    IssuerKind.EEAS_SPOKESPERSON: "Spokesperson of the European External Action Service",
    IssuerKind.COMMISSION: "European Commission",
}


@dataclass(frozen=True, slots=True)
class StatementRefs:
    """A statement to export with what it names, resolved to our ids: the stored incidents
    (ids, not slugs) and the stored actors (ids, not names) of its reading."""

    statement: Statement
    incident_ids: tuple[str, ...] = ()
    actor_ids: tuple[str, ...] = ()


def statement_report_id(namespace: uuid.UUID, statement: Statement) -> str:
    # From the digest, not the archive id: the same text exported by one producer is one
    # report, whatever archive it was added to.
    return stix_id(namespace, "report", f"statement:{statement.sha256}")


def issuer_identity_id(namespace: uuid.UUID, statement: Statement) -> str:
    """The identity a statement naming nothing refers to: its issuer. A national issuer is
    the State, the same identity attributions to that State point at."""
    country = issuer_country(statement)
    if country is not None:
        return stix_id(namespace, "identity", f"state:{country}")
    name = statement.issuer_name or _ISSUER_NAMES.get(statement.issuer_kind, "")
    return stix_id(namespace, "identity", f"issuer:{statement.issuer_kind.value}:{name}")


def issuer_identity(
    statement: Statement, namespace: uuid.UUID, moment: datetime, tlp: Tlp
) -> dict[str, Any]:
    """The identity of a non-national issuer (a national one is a State's identity)."""
    name = (
        statement.issuer_name
        or _ISSUER_NAMES.get(statement.issuer_kind)
        or (statement.issuer_kind.value.replace("-", " ").capitalize())
    )
    stamp = format_timestamp(moment)
    return {
        "type": "identity",
        "spec_version": SPEC_VERSION,
        "id": issuer_identity_id(namespace, statement),
        "created": stamp,
        "modified": stamp,
        "name": name,
        "identity_class": "organization",
        "object_marking_refs": [TLP2_MARKING_IDS[tlp]],
        "extensions": {EXTENSION_ID: issuer_payload(statement.issuer_kind)},
    }


def statement_report(
    statement: Statement, namespace: uuid.UUID, object_refs: Sequence[str]
) -> dict[str, Any]:
    """The report of one statement, referring to ``object_refs`` (at least one)."""
    if not object_refs:
        raise ValueError(f"statement {statement.id}: a STIX report refers to at least one object")
    stamp = format_timestamp(statement.recorded_at)
    published = (
        datetime.combine(statement.date, time(0, 0), tzinfo=UTC)
        if statement.date is not None
        else statement.recorded_at
    )
    obj: dict[str, Any] = {
        "type": "report",
        "spec_version": SPEC_VERSION,
        "id": statement_report_id(namespace, statement),
        "created": stamp,
        "modified": stamp,
        "name": report_name(statement),
        "description": report_description(statement),
        "report_types": list(STATEMENT_REPORT_TYPES),
        "published": format_timestamp(published),
        "object_refs": list(object_refs),
    }
    if statement.language:
        obj["lang"] = statement.language
    references: list[dict[str, Any]] = []
    if statement.source_url:
        references.append({"source_name": "publisher", "url": statement.source_url})
    # The digest is of the normalised text (docs/statements.md), not of the page at the URL:
    # it names the text in the archive, so it travels as that reference's id, not as the
    # page's ``hashes``.
    references.append(
        {
            "source_name": _ARCHIVE_SOURCE,
            "external_id": statement.sha256,
            "description": "SHA-256 of the statement's normalised text",
        }
    )
    obj["external_references"] = references
    obj["object_marking_refs"] = [TLP2_MARKING_IDS[statement.tlp]]
    obj["extensions"] = {EXTENSION_ID: statement_payload(statement)}
    return obj


def report_name(statement: Statement) -> str:
    """The statement's first line of text, else its file's name."""
    for line in statement.text.splitlines():
        if line.strip():
            return line.strip()[:300]
    return statement.file_name


def report_description(statement: Statement, limit: int = DESCRIPTION_LIMIT) -> str:
    """The text, whole when it is at most ``limit`` characters; else cut at the last
    paragraph (or line) break before the limit, with a note naming the whole text."""
    text = statement.text.strip()
    if len(text) <= limit:
        return text
    head = text[:limit]
    cut = max(head.rfind("\n\n"), head.rfind("\n"))
    if cut > limit // 2:
        head = head[:cut]
    where = f" at {statement.source_url}" if statement.source_url else ""
    return (
        f"{head.rstrip()}\n\n[Cut at {len(head.rstrip())} of {len(text)} characters. The whole "
        f"text is published{where or ' by its issuer'}; SHA-256 of its normalised text: "
        f"{statement.sha256}.]"
    )


def issuer_country(statement: Statement) -> str | None:
    """The State that issued a national statement, when the reading found it."""
    if statement.issuer_kind not in (IssuerKind.MEMBER_STATE, IssuerKind.THIRD_STATE):
        return None
    if "issuer" in statement.given:
        return None  # the analyst's issuer replaces the one read, and its country with it
    return statement.reading.issuer.country
