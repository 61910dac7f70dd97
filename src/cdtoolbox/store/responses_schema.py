"""The tables of the public responses (created by migration 0027).

``responses`` keeps each response with its markings, its state and who drafted and confirmed
it; the values a response holds as lists (incidents, sources, persons listed) and a draft's
incident are JSON documents. ``response_incidents`` holds one row per incident slug a response
concerns, so the responses of an incident are found with an index.
"""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Index, Integer, Table, Text

from cdtoolbox.store.schema import metadata

__all__ = ["response_incidents", "responses"]

responses = Table(
    "responses",
    metadata,
    Column("id", Text, primary_key=True),
    # "YYYY-MM-DD" or "YYYY-MM" (PartialDate): text sorts as dates do, on both backends.
    Column("issued_on", Text, nullable=False),
    Column("party_kind", Text, nullable=False),
    Column("party", Text, nullable=False),
    Column("country", Text, nullable=True),
    Column("instrument", Text, nullable=True),
    Column("measure", Text, nullable=False),
    Column("wording", Text, nullable=True),
    Column("state_named", Text, nullable=True),
    # JSON list, in the response's own order; response_incidents indexes it.
    Column("incidents", Text, nullable=False),
    Column("listed", Text, nullable=False),  # JSON list
    Column("sources", Text, nullable=False),  # JSON list
    Column("status", Text, nullable=False),
    Column("state", Text, nullable=False),  # draft | confirmed
    Column("origin", Text, nullable=False),  # bundled | analyst
    Column("tlp", Text, nullable=False),
    Column("classification", Text, nullable=True),
    Column("classification_rank", Integer, nullable=False, server_default="0"),
    Column("drafted_by", Text, nullable=False),
    Column("drafted_at", Text, nullable=False),
    Column("confirmed_by", Text, nullable=True),
    Column("confirmed_at", Text, nullable=True),
    Column(
        "statement_id",
        Text,
        ForeignKey("statements.id", name="fk_responses_statement_id", ondelete="SET NULL"),
        nullable=True,
    ),
    Column("incident_draft", Text, nullable=True),  # JSON document, drafts only
    # Where a bundled response stands in the file: the responses of an incident are given in
    # the file's order (EU acts, then national ones), an analyst's after them by date.
    Column("bundled_position", Integer, nullable=True),
    Column("version", Integer, nullable=False),
    Index("ix_responses_state", "state"),
    Index("ix_responses_statement_id", "statement_id"),
)

response_incidents = Table(
    "response_incidents",
    metadata,
    Column(
        "response_id",
        Text,
        ForeignKey("responses.id", name="fk_response_incidents_response_id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("slug", Text, primary_key=True),
    Index("ix_response_incidents_slug", "slug"),
)
