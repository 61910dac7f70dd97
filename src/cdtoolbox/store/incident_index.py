"""The index rows derived from an incident: filter tables and full-text entry.

They are rewritten from the incident on every write and never read back as data; the JSON
document is the incident.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import Connection, Table, delete, select

from cdtoolbox.model import Incident
from cdtoolbox.model.codec import incident_from_dict
from cdtoolbox.store.batches import chunks, insert_plain_rows
from cdtoolbox.store.documents import read_document
from cdtoolbox.store.schema import (
    actor_aliases,
    incident_actors,
    incident_attributed_states,
    incident_index_tables,
    incident_sectors,
    incident_types,
    incident_victim_countries,
    incidents,
)
from cdtoolbox.store.text_search import TextSearch

__all__ = ["clear_indexes", "linked_actor_ids", "reindex_text", "write_indexes"]


def linked_actor_ids(incident: Incident) -> tuple[str, ...]:
    """Actors named by the incident or by any of its attributions, in first-seen order."""
    named = [*incident.actor_ids, *(item.actor_id for item in incident.attributions)]
    return tuple(dict.fromkeys(actor_id for actor_id in named if actor_id))


def _values(incident: Incident) -> dict[Table, tuple[str, ...]]:
    return {
        incident_types: tuple(kind.value for kind in incident.types),
        incident_victim_countries: incident.victim_countries,
        incident_sectors: incident.victim_sectors,
        incident_actors: linked_actor_ids(incident),
        incident_attributed_states: incident.attributed_states,
    }


def write_indexes(
    connection: Connection, stored: Sequence[Incident], text_search: TextSearch
) -> None:
    """Index incidents that have no index rows yet (new ones, or after ``clear_indexes``)."""
    rows: dict[Table, list[tuple[str, str]]] = {table: [] for table in incident_index_tables}
    for incident in stored:
        for table, values in _values(incident).items():
            rows[table].extend((incident.id, value) for value in dict.fromkeys(values))
    for table, table_rows in rows.items():
        insert_plain_rows(connection, table, ("incident_id", _value_column(table)), table_rows)
    names = _actor_names(connection, {a for i in stored for a in linked_actor_ids(i)})
    text_search.index(
        connection, [(incident.id, searchable_text(incident, names)) for incident in stored]
    )


def clear_indexes(
    connection: Connection, incident_ids: Sequence[str], text_search: TextSearch
) -> None:
    for part in chunks(incident_ids):
        for table in incident_index_tables:
            connection.execute(delete(table).where(table.c.incident_id.in_(part)))
        text_search.remove(connection, list(part))


def reindex_text(
    connection: Connection, incident_ids: Sequence[str], text_search: TextSearch
) -> None:
    """Rebuild the full-text entries of stored incidents, e.g. after their actors changed."""
    for part in chunks(incident_ids):
        documents = connection.execute(
            select(incidents.c.document).where(incidents.c.id.in_(part))
        ).scalars()
        stored = [incident_from_dict(read_document(document)) for document in documents]
        names = _actor_names(connection, {a for i in stored for a in linked_actor_ids(i)})
        text_search.remove(connection, list(part))
        text_search.index(
            connection, [(incident.id, searchable_text(incident, names)) for incident in stored]
        )


def searchable_text(incident: Incident, actor_names: dict[str, list[str]]) -> str:
    """Title, summary, victim organisations, source titles and the linked actors' names."""
    parts: list[str] = [incident.title, incident.summary]
    parts += [organisation.name for organisation in incident.victim_organisations]
    parts += [source.title for source in incident.sources]
    parts += [item.source.title for item in incident.attributions if item.source]
    for actor_id in linked_actor_ids(incident):
        parts += actor_names.get(actor_id, [])
    return "\n".join(part for part in parts if part)


def _actor_names(connection: Connection, actor_ids: Iterable[str]) -> dict[str, list[str]]:
    names: dict[str, list[str]] = {}
    for part in chunks(sorted(actor_ids)):
        query = (
            select(actor_aliases.c.actor_id, actor_aliases.c.alias)
            .where(actor_aliases.c.actor_id.in_(part))
            .order_by(actor_aliases.c.actor_id, actor_aliases.c.alias)
        )
        for actor_id, alias in connection.execute(query):
            names.setdefault(actor_id, []).append(alias)
    return names


def _value_column(table: Table) -> str:
    (column,) = (column.name for column in table.c if column.name != "incident_id")
    return column
