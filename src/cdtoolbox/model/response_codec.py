"""A stored public response as a plain JSON document: the ``--json`` output of
``cdt responses`` and ``cdt statements draft`` (docs/statements.md, "Drafts and confirmed
responses")."""

from __future__ import annotations

from typing import Any

from cdtoolbox.model.response_record import IncidentDraft, ResponseRecord

__all__ = ["incident_draft_to_dict", "response_record_to_dict"]


def incident_draft_to_dict(draft: IncidentDraft) -> dict[str, Any]:
    return {
        "slug": draft.slug,
        "title": draft.title,
        "date": draft.date,
        "countries": list(draft.countries),
        "sectors": list(draft.sectors),
        "state": draft.state,
        "actor": draft.actor,
        "strength": draft.strength,
        "likelihood": draft.likelihood.value if draft.likelihood else None,
        "confidence": draft.confidence.value if draft.confidence else None,
        "wording": draft.wording,
        "source": draft.source,
    }


def response_record_to_dict(record: ResponseRecord) -> dict[str, Any]:
    response = record.response
    return {
        "id": response.id,
        "state": record.state.value,
        "origin": record.origin.value,
        "date": str(response.date),
        "party_kind": response.party_kind.value,
        "party": response.party,
        "country": response.country,
        "instrument": response.instrument_id,
        "measure": response.measure,
        "incidents": list(response.incidents),
        "wording": response.attribution_wording,
        "state_named": response.state_named,
        "listed": list(response.listed),
        "sources": list(response.sources),
        "status": response.status.value,
        "tlp": record.tlp.value,
        "classification": record.classification.value if record.classification else None,
        "drafted_by": record.drafted_by,
        "drafted_at": record.drafted_at.isoformat(),
        "confirmed_by": record.confirmed_by,
        "confirmed_at": record.confirmed_at.isoformat() if record.confirmed_at else None,
        "statement": record.statement_id,
        "incident_draft": (
            incident_draft_to_dict(record.incident_draft) if record.incident_draft else None
        ),
        "version": record.version,
    }
