"""The tables of the UN process register (created by migration 0017).

Each record is stored whole as its JSON document (``model.un_process_codec``); the other
columns are the keys and indexes derived from it, the TLP marking among them so that a reader's
clearance filters in SQL.
"""

from __future__ import annotations

from sqlalchemy import Column, Index, Integer, Table, Text, UniqueConstraint

from cdtoolbox.store.schema import metadata

__all__ = ["un_documents", "un_paragraphs", "un_positions", "un_statements"]

un_documents = Table(
    "un_documents",
    metadata,
    Column("id", Text, primary_key=True),
    Column("session", Text, nullable=False),
    Column("symbol", Text, nullable=True),
    Column("dated", Text, nullable=False),
    Column("tlp", Text, nullable=False),
    # Classification.rank_of the record's EU classification, 0 when unclassified (0019).
    Column("classification_rank", Integer, nullable=False, server_default="0"),
    Column("version", Integer, nullable=False),
    Column("document", Text, nullable=False),
    UniqueConstraint("symbol", name="uq_un_documents_symbol"),
    Index("ix_un_documents_session", "session"),
)

un_paragraphs = Table(
    "un_paragraphs",
    metadata,
    Column("document_id", Text, primary_key=True),
    Column("number", Text, primary_key=True),
    # The order paragraphs were recorded in, which is the document's order when entered in
    # reading order; numbers such as "12bis" or "C.3" do not sort by themselves.
    Column("seq", Integer, nullable=False),
    Column("tlp", Text, nullable=False),
    # Classification.rank_of the record's EU classification, 0 when unclassified (0019).
    Column("classification_rank", Integer, nullable=False, server_default="0"),
    Column("document", Text, nullable=False),
)

un_positions = Table(
    "un_positions",
    metadata,
    Column("document_id", Text, primary_key=True),
    Column("paragraph", Text, primary_key=True),
    Column("party", Text, primary_key=True),
    Column("tlp", Text, nullable=False),
    # Classification.rank_of the record's EU classification, 0 when unclassified (0019).
    Column("classification_rank", Integer, nullable=False, server_default="0"),
    Column("version", Integer, nullable=False),
    Column("document", Text, nullable=False),
)

un_statements = Table(
    "un_statements",
    metadata,
    Column("id", Text, primary_key=True),
    Column("session", Text, nullable=False),
    Column("party", Text, nullable=False),
    Column("dated", Text, nullable=False),
    Column("tlp", Text, nullable=False),
    # Classification.rank_of the record's EU classification, 0 when unclassified (0019).
    Column("classification_rank", Integer, nullable=False, server_default="0"),
    Column("document", Text, nullable=False),
    Index("ix_un_statements_session", "session"),
)
