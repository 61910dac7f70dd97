"""The public responses as seen by one transaction: the bundled file's and the analysts',
each under its markings. Reads fail closed: a read that does not name the reader's
classification sees unclassified responses only. Every write moves the responses' revision
counter, which the precedent indexes of the assessment derive from."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, Select, delete, func, insert, select, update

from cdtoolbox.errors import Conflict, NotFound
from cdtoolbox.model import PartialDate, PublicResponse, RespondingPartyKind, Verification
from cdtoolbox.model.response_codec import incident_draft_to_dict
from cdtoolbox.model.response_record import (
    IncidentDraft,
    ResponseOrigin,
    ResponseQuery,
    ResponseRecord,
    ResponseState,
)
from cdtoolbox.model.vocabulary import Classification, Confidence, Likelihood, Tlp
from cdtoolbox.store.documents import read_document, write_document
from cdtoolbox.store.integers import check_version
from cdtoolbox.store.markings import within_clearance
from cdtoolbox.store.responses_schema import response_incidents, responses
from cdtoolbox.store.revisions import RecordKind, StoreRevisions

__all__ = ["ResponseRepository"]

_RESPONSE = "public response"
_HINT = "`cdt responses list` shows the responses you may read"
# Bundled responses in the file's order, then the analysts' by date: ``coalesce`` rather than
# NULLS LAST, which the two backends order differently.
_LAST = 2**31 - 1
_ORDER = (
    func.coalesce(responses.c.bundled_position, _LAST),
    responses.c.issued_on,
    responses.c.id,
)


def _draft(document: dict[str, Any]) -> IncidentDraft:
    return IncidentDraft(
        slug=document["slug"],
        title=document["title"],
        date=document["date"],
        countries=tuple(document["countries"]),
        sectors=tuple(document["sectors"]),
        state=document["state"],
        actor=document["actor"],
        strength=document["strength"],
        likelihood=Likelihood(document["likelihood"]) if document["likelihood"] else None,
        confidence=Confidence(document["confidence"]) if document["confidence"] else None,
        wording=document["wording"],
        source=document["source"],
    )


def _columns(record: ResponseRecord) -> dict[str, object]:
    response = record.response
    return {
        "id": response.id,
        "issued_on": str(response.date),
        "party_kind": response.party_kind.value,
        "party": response.party,
        "country": response.country,
        "instrument": response.instrument_id,
        "measure": response.measure,
        "wording": response.attribution_wording,
        "state_named": response.state_named,
        "incidents": write_document({"items": list(response.incidents)}),
        "listed": write_document({"items": list(response.listed)}),
        "sources": write_document({"items": list(response.sources)}),
        "status": response.status.value,
        "state": record.state.value,
        "origin": record.origin.value,
        "tlp": record.tlp.value,
        "classification": record.classification.value if record.classification else None,
        "classification_rank": Classification.rank_of(record.classification),
        "drafted_by": record.drafted_by,
        "drafted_at": record.drafted_at.isoformat(),
        "confirmed_by": record.confirmed_by,
        "confirmed_at": record.confirmed_at.isoformat() if record.confirmed_at else None,
        "statement_id": record.statement_id,
        "incident_draft": (
            write_document(incident_draft_to_dict(record.incident_draft))
            if record.incident_draft
            else None
        ),
        "bundled_position": record.bundled_position,
        "version": record.version,
    }


def _record(row: Row[Any]) -> ResponseRecord:
    return ResponseRecord(
        response=PublicResponse(
            id=row.id,
            date=PartialDate.parse(row.issued_on),
            party_kind=RespondingPartyKind(row.party_kind),
            party=row.party,
            measure=row.measure,
            sources=tuple(read_document(row.sources)["items"]),
            status=Verification(row.status),
            country=row.country,
            instrument_id=row.instrument,
            incidents=tuple(read_document(row.incidents)["items"]),
            attribution_wording=row.wording,
            state_named=row.state_named,
            listed=tuple(read_document(row.listed)["items"]),
        ),
        state=ResponseState(row.state),
        origin=ResponseOrigin(row.origin),
        tlp=Tlp(row.tlp),
        classification=Classification(row.classification) if row.classification else None,
        drafted_by=row.drafted_by,
        drafted_at=datetime.fromisoformat(row.drafted_at),
        confirmed_by=row.confirmed_by,
        confirmed_at=datetime.fromisoformat(row.confirmed_at) if row.confirmed_at else None,
        statement_id=row.statement_id,
        incident_draft=_draft(read_document(row.incident_draft)) if row.incident_draft else None,
        bundled_position=row.bundled_position,
        version=row.version,
    )


class ResponseRepository:
    def __init__(self, connection: Connection) -> None:
        self._connection = connection
        self._revisions = StoreRevisions(connection)

    def find(self, response_id: str) -> ResponseRecord | None:
        """The response with this id, whatever its marking: for the library's own writes,
        which decide what the writer may be told of it."""
        found = self._records(select(responses).where(responses.c.id == response_id))
        return found[0] if found else None

    def get(
        self, response_id: str, clearance: Tlp, classification: Classification | None = None
    ) -> ResponseRecord:
        """The response, if marked at most ``clearance`` and classified at most
        ``classification``; else ``NotFound``, as for a response never stored."""
        found = self._records(
            select(responses).where(
                responses.c.id == response_id,
                *within_clearance(responses, clearance, classification),
            )
        )
        if not found:
            raise NotFound(_RESPONSE, response_id, _HINT)
        return found[0]

    def list(
        self, query: ResponseQuery, clearance: Tlp, classification: Classification | None = None
    ) -> tuple[ResponseRecord, ...]:
        """The responses ``query`` asks for that the clearances cover: the bundled ones in the
        file's order, then the analysts' by date."""
        selected = select(responses).where(*within_clearance(responses, clearance, classification))
        if query.state is not None:
            selected = selected.where(responses.c.state == query.state.value)
        if query.statement is not None:
            selected = selected.where(responses.c.statement_id == query.statement)
        if query.incident is not None:
            selected = selected.where(
                responses.c.id.in_(
                    select(response_incidents.c.response_id).where(
                        response_incidents.c.slug == query.incident
                    )
                )
            )
        return self._records(selected)

    def confirmed_for(
        self,
        slugs: Iterable[str] | None,
        clearance: Tlp,
        classification: Classification | None = None,
    ) -> dict[str, tuple[PublicResponse, ...]]:
        """The confirmed responses the clearances cover, by the slug of each incident they
        concern, in the order of ``list``: of the incidents ``slugs`` names, or (``None``)
        of every incident."""
        wanted = None if slugs is None else set(slugs)
        if wanted is not None and not wanted:
            return {}
        selected = select(responses).where(
            responses.c.state == ResponseState.CONFIRMED.value,
            *within_clearance(responses, clearance, classification),
        )
        if wanted is not None:
            selected = selected.where(
                responses.c.id.in_(
                    select(response_incidents.c.response_id).where(
                        response_incidents.c.slug.in_(sorted(wanted))
                    )
                )
            )
        found: dict[str, list[PublicResponse]] = {}
        for record in self._records(selected):
            for slug in record.response.incidents:
                if wanted is None or slug in wanted:
                    found.setdefault(slug, []).append(record.response)
        return {slug: tuple(items) for slug, items in found.items()}

    def add(self, record: ResponseRecord) -> ResponseRecord:
        """Store a response whose id is new, as version 1."""
        stored = record.evolve(version=1)
        self._connection.execute(insert(responses).values(**_columns(stored)))
        self._link(stored.id, stored.response.incidents)
        self._revisions.bump(RecordKind.RESPONSES)
        return stored

    def update(self, record: ResponseRecord, expected_version: int) -> ResponseRecord:
        """Replace the response if it is still at ``expected_version``; Conflict otherwise."""
        check_version(_RESPONSE, expected_version)
        stored = record.evolve(version=expected_version + 1)
        result = self._connection.execute(
            update(responses)
            .where(responses.c.id == record.id, responses.c.version == expected_version)
            .values(**_columns(stored))
        )
        if result.rowcount != 1:
            current = self.find(record.id)
            if current is None:
                raise NotFound(_RESPONSE, record.id, _HINT)
            raise Conflict(_RESPONSE, record.id, expected_version, current.version)
        self._connection.execute(
            delete(response_incidents).where(response_incidents.c.response_id == record.id)
        )
        self._link(stored.id, stored.response.incidents)
        self._revisions.bump(RecordKind.RESPONSES)
        return stored

    def remove(self, response_id: str) -> None:
        """Delete the response (its incident links go with it)."""
        self._connection.execute(
            delete(response_incidents).where(response_incidents.c.response_id == response_id)
        )
        self._connection.execute(delete(responses).where(responses.c.id == response_id))
        self._revisions.bump(RecordKind.RESPONSES)

    def _link(self, response_id: str, slugs: Iterable[str]) -> None:
        rows = [{"response_id": response_id, "slug": slug} for slug in dict.fromkeys(slugs)]
        if rows:
            self._connection.execute(insert(response_incidents), rows)

    def _records(self, selected: Select[Any]) -> tuple[ResponseRecord, ...]:
        return tuple(_record(row) for row in self._connection.execute(selected.order_by(*_ORDER)))
