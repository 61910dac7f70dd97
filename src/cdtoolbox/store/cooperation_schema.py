"""The tables of the cooperation registers (created by migrations 0011 and, for dialogues, 0013).

Each record is stored whole as its JSON document (``model.cooperation_codec``); the other
columns are indexes derived from it. Implementation history keeps every version written, so
the tracker can show how a State's reporting evolved.
"""

from __future__ import annotations

from sqlalchemy import Column, Index, Integer, Table, Text, UniqueConstraint

from cdtoolbox.store.schema import metadata

__all__ = [
    "cbm_implementation_history",
    "cbm_implementations",
    "dialogues",
    "poc_check_rounds",
    "points_of_contact",
]

cbm_implementations = Table(
    "cbm_implementations",
    metadata,
    Column("state", Text, primary_key=True),
    Column("measure_id", Text, primary_key=True),
    Column("status", Text, nullable=False),
    Column("tlp", Text, nullable=False),
    # Classification.rank_of the record's EU classification, 0 when unclassified (0018).
    Column("classification_rank", Integer, nullable=False, server_default="0"),
    Column("version", Integer, nullable=False),
    Column("document", Text, nullable=False),
)

cbm_implementation_history = Table(
    "cbm_implementation_history",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("state", Text, nullable=False),
    Column("measure_id", Text, nullable=False),
    Column("version", Integer, nullable=False),
    Column("tlp", Text, nullable=False),
    Column("classification_rank", Integer, nullable=False, server_default="0"),
    Column("document", Text, nullable=False),
    UniqueConstraint("state", "measure_id", "version", name="uq_cbm_history_version"),
)

points_of_contact = Table(
    "points_of_contact",
    metadata,
    Column("id", Text, primary_key=True),
    Column("state", Text, nullable=False),
    Column("network", Text, nullable=False),
    Column("tlp", Text, nullable=False),
    Column("classification_rank", Integer, nullable=False, server_default="0"),
    Column("version", Integer, nullable=False),
    Column("document", Text, nullable=False),
    Index("ix_points_of_contact_state_network", "state", "network"),
)

poc_check_rounds = Table(
    "poc_check_rounds",
    metadata,
    Column("id", Text, primary_key=True),
    Column("network", Text, nullable=False),
    Column("opened_at", Text, nullable=False),
    Column("version", Integer, nullable=False),
    Column("document", Text, nullable=False),
)

dialogues = Table(
    "dialogues",
    metadata,
    Column("id", Text, primary_key=True),
    Column("partner", Text, nullable=False),
    Column("kind", Text, nullable=False),
    Column("status", Text, nullable=False),
    Column("tlp", Text, nullable=False),
    Column("version", Integer, nullable=False),
    Column("document", Text, nullable=False),
    Index("ix_dialogues_partner", "partner"),
)
