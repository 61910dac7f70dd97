"""Requests and offers of assistance, teams and their deployments (created by migration 0023).

Each record is stored whole as its JSON document (``model.assistance_codec``); the other
columns are indexes derived from it. Times are ISO 8601 UTC text of fixed width, which sorts
as time does in both databases, so "open and past its deadline" is one range read. The
bundled teams (knowledge) are not stored: a deployment's ``team_id`` names either kind, so it
has no foreign key and the service checks it.
"""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Index, Integer, Table, Text

from cdtoolbox.store.schema import metadata

__all__ = ["assistance_offers", "assistance_requests", "team_deployments", "teams"]


def _marking() -> list[Column[object]]:
    return [
        Column("tlp", Text, nullable=False),
        # Classification.rank_of the record's EU classification, 0 when unclassified.
        Column("classification_rank", Integer, nullable=False, server_default="0"),
    ]


def _incident() -> Column[object]:
    return Column(
        "incident_id", Text, ForeignKey("incidents.id", ondelete="SET NULL"), nullable=True
    )


assistance_requests = Table(
    "assistance_requests",
    metadata,
    Column("id", Text, primary_key=True),
    Column("channel", Text, nullable=False),
    Column("requester", Text, nullable=False),
    Column("addressee", Text, nullable=True),  # the State asked under norm 13(h)
    _incident(),
    Column("status", Text, nullable=False),
    Column("sent_at", Text, nullable=False),
    Column("deadline", Text, nullable=True),
    *_marking(),
    Column("version", Integer, nullable=False),
    Column("document", Text, nullable=False),
    # The open requests past a moment: the overdue ones, whoever reads.
    Index("ix_assistance_requests_status_deadline", "status", "deadline"),
    Index("ix_assistance_requests_incident", "incident_id"),
)

assistance_offers = Table(
    "assistance_offers",
    metadata,
    Column("id", Text, primary_key=True),
    Column(
        "request_id",
        Text,
        ForeignKey("assistance_requests.id", ondelete="CASCADE"),
        nullable=True,
    ),
    Column("offered_by", Text, nullable=False),
    Column("to_state", Text, nullable=True),
    Column("offered_at", Text, nullable=False),
    *_marking(),
    Column("document", Text, nullable=False),
    Index("ix_assistance_offers_request", "request_id"),
)

teams = Table(
    "teams",
    metadata,
    Column("id", Text, primary_key=True),
    Column("kind", Text, nullable=False),
    *_marking(),
    Column("document", Text, nullable=False),
)

team_deployments = Table(
    "team_deployments",
    metadata,
    Column("id", Text, primary_key=True),
    Column("team_id", Text, nullable=False),
    Column("location", Text, nullable=False),
    _incident(),
    Column("starts", Text, nullable=False),
    Column("ends", Text, nullable=True),
    *_marking(),
    Column("version", Integer, nullable=False),
    Column("document", Text, nullable=False),
    Index("ix_team_deployments_team_starts", "team_id", "starts"),
    Index("ix_team_deployments_incident", "incident_id"),
)
