"""Threat actors in the store: bulk upsert from the knowledge base, lookup by alias, listing."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import Connection, bindparam, delete, func, or_, select, update

from cdtoolbox.errors import InvalidInput, NotFound
from cdtoolbox.knowledge.aliases import normalise_alias
from cdtoolbox.model import Page, ThreatActor, Tlp
from cdtoolbox.model.codec import actor_from_dict, actor_to_dict
from cdtoolbox.store.batches import chunks, insert_plain_rows
from cdtoolbox.store.documents import read_document, write_document
from cdtoolbox.store.incident_index import reindex_text
from cdtoolbox.store.pagination import MAX_PAGE_SIZE, SortKey, check_limit, every_page
from cdtoolbox.store.revisions import RecordKind, StoreRevisions
from cdtoolbox.store.schema import actor_aliases, actors, incident_actors
from cdtoolbox.store.text_search import TextSearch

__all__ = ["ActorRepository"]

_BY_NAME = SortKey("name", actors.c.sort_name, actors.c.id)


class ActorRepository:
    """The threat actors visible in one transaction.

    Every name of an actor (its name and each alias) is indexed in normalised form
    (``knowledge.aliases.normalise_alias``), so "Fancy Bear", "fancy-bear" and "FANCY BEAR"
    find the same actor.

    Reads take ``max_tlp``, the clearance of whoever will see the result: an actor marked
    above it is neither returned nor counted, exactly as if it were not stored.
    """

    def __init__(self, connection: Connection, text_search: TextSearch) -> None:
        self._connection = connection
        self._text_search = text_search

    def upsert_many(self, given: Iterable[ThreatActor]) -> int:
        """Insert new actors and replace changed ones; returns how many were written.

        Unchanged actors are left alone, so loading the same reference data twice writes
        nothing. When a later item has the same id as an earlier one, the later one wins.
        Incidents linked to a changed actor are re-indexed for full-text search under the
        actor's new names.
        """
        batch = {actor.id: actor for actor in given}
        documents = {actor_id: write_document(actor_to_dict(a)) for actor_id, a in batch.items()}
        self._refuse_shared_slugs(batch)
        stored = self._stored_documents(list(batch))
        new = [batch[key] for key in batch if key not in stored]
        changed = [batch[key] for key in batch if key in stored and stored[key] != documents[key]]
        insert_plain_rows(
            self._connection,
            actors,
            _ACTOR_COLUMNS,
            [_in_order(_columns(actor, documents[actor.id]), _ACTOR_COLUMNS) for actor in new],
        )
        if changed:
            self._connection.execute(
                update(actors)
                .where(actors.c.id == bindparam("actor_key"))
                .values({name: bindparam(name) for name in _REPLACED_COLUMNS}),
                [
                    {**_columns(actor, documents[actor.id]), "actor_key": actor.id}
                    for actor in changed
                ],
            )
            for part in chunks([actor.id for actor in changed]):
                self._connection.execute(
                    delete(actor_aliases).where(actor_aliases.c.actor_id.in_(part))
                )
        alias_rows = [row for actor in (*new, *changed) for row in _alias_rows(actor)]
        insert_plain_rows(self._connection, actor_aliases, _ALIAS_COLUMNS, alias_rows)
        if changed:
            self._reindex_incidents_of([actor.id for actor in changed])
        if new or changed:
            StoreRevisions(self._connection).bump(RecordKind.ACTORS)
        return len(new) + len(changed)

    def get(self, id_or_slug: str, *, max_tlp: Tlp) -> ThreatActor:
        query = select(actors.c.id, actors.c.document).where(
            or_(actors.c.id == id_or_slug, actors.c.slug == id_or_slug),
            actors.c.tlp_rank <= max_tlp.rank,
        )
        rows = self._connection.execute(query).all()
        if not rows:
            raise NotFound("threat actor", id_or_slug)
        row = next((row for row in rows if row.id == id_or_slug), rows[0])
        return _actor(row.document)

    def get_many(self, actor_ids: Iterable[str], *, max_tlp: Tlp) -> dict[str, ThreatActor]:
        """The stored actors among ``actor_ids``, by id (unknown ids are left out)."""
        found: dict[str, ThreatActor] = {}
        for part in chunks(sorted(set(actor_ids))):
            query = select(actors.c.document).where(
                actors.c.id.in_(part), actors.c.tlp_rank <= max_tlp.rank
            )
            for row in self._connection.execute(query):
                actor = _actor(row.document)
                found[actor.id] = actor
        return found

    def find_by_alias(self, name: str, *, max_tlp: Tlp) -> list[ThreatActor]:
        """Every actor with ``name`` among its names, compared in normalised form."""
        key = normalise_alias(name)
        if not key:
            return []
        owners = select(actor_aliases.c.actor_id).where(actor_aliases.c.alias_normalised == key)
        query = (
            select(actors.c.document)
            .where(actors.c.id.in_(owners), actors.c.tlp_rank <= max_tlp.rank)
            .order_by(*_BY_NAME.order_by())
        )
        return [_actor(row.document) for row in self._connection.execute(query)]

    def list(
        self,
        *,
        max_tlp: Tlp,
        sponsor: str | None = None,
        limit: int = 50,
        cursor: str | None = None,
    ) -> Page[ThreatActor]:
        """One page of actors by name, optionally only those a state is suspected to sponsor."""
        check_limit(limit)
        query = select(actors.c.id, actors.c.sort_name, actors.c.document).where(
            actors.c.tlp_rank <= max_tlp.rank
        )
        if sponsor is not None:
            query = query.where(actors.c.sponsor == sponsor)
        if cursor is not None:
            query = query.where(_BY_NAME.after(*_BY_NAME.read_cursor(cursor)))
        rows = self._connection.execute(query.order_by(*_BY_NAME.order_by()).limit(limit + 1))
        fetched = rows.all()
        next_cursor = None
        if len(fetched) > limit:
            last = fetched[limit - 1]
            next_cursor = _BY_NAME.cursor(last.sort_name, last.id)
        return Page(
            items=tuple(_actor(row.document) for row in fetched[:limit]),
            next_cursor=next_cursor,
            total=self.count(max_tlp=max_tlp, sponsor=sponsor),
        )

    def every(self, *, max_tlp: Tlp, sponsor: str | None = None) -> Iterator[ThreatActor]:
        """Every actor marked at most ``max_tlp`` (and sponsored by ``sponsor``), by name,
        read a page at a time."""
        pages = every_page(
            lambda cursor: self.list(
                max_tlp=max_tlp, sponsor=sponsor, limit=MAX_PAGE_SIZE, cursor=cursor
            )
        )
        for page in pages:
            yield from page.items

    def count(self, *, max_tlp: Tlp, sponsor: str | None = None) -> int:
        query = select(func.count()).select_from(actors).where(actors.c.tlp_rank <= max_tlp.rank)
        if sponsor is not None:
            query = query.where(actors.c.sponsor == sponsor)
        return int(self._connection.execute(query).scalar_one())

    def incident_ids_for_actor(self, actor_id: str) -> tuple[str, ...]:
        """Ids of the incidents that name the actor, directly or in an attribution."""
        query = (
            select(incident_actors.c.incident_id)
            .where(incident_actors.c.actor_id == actor_id)
            .order_by(incident_actors.c.incident_id)
        )
        return tuple(self._connection.execute(query).scalars())

    def _stored_documents(self, actor_ids: Sequence[str]) -> dict[str, str]:
        stored: dict[str, str] = {}
        for part in chunks(actor_ids):
            query = select(actors.c.id, actors.c.document).where(actors.c.id.in_(part))
            stored.update((row.id, row.document) for row in self._connection.execute(query))
        return stored

    def _refuse_shared_slugs(self, batch: dict[str, ThreatActor]) -> None:
        owners: dict[str, str] = {}
        for actor in batch.values():
            other = owners.setdefault(actor.slug, actor.id)
            if other != actor.id:
                reason = f"is given to both {other!r} and {actor.id!r}"
                raise InvalidInput("threat actor", "slug", actor.slug, reason)
        for part in chunks(sorted(owners)):
            query = select(actors.c.id, actors.c.slug).where(actors.c.slug.in_(part))
            for row in self._connection.execute(query):
                if row.id != owners[row.slug] and row.id not in batch:
                    raise InvalidInput(
                        "threat actor", "slug", row.slug, f"is already used by actor {row.id!r}"
                    )

    def _reindex_incidents_of(self, actor_ids: Sequence[str]) -> None:
        incident_ids: set[str] = set()
        for part in chunks(actor_ids):
            query = select(incident_actors.c.incident_id).where(
                incident_actors.c.actor_id.in_(part)
            )
            incident_ids.update(self._connection.execute(query).scalars())
        reindex_text(self._connection, sorted(incident_ids), self._text_search)


_REPLACED_COLUMNS = tuple(column.name for column in actors.c if column.name != "id")


def _columns(actor: ThreatActor, document: str) -> dict[str, Any]:
    return {
        "id": actor.id,
        "slug": actor.slug,
        "name": actor.name,
        "sponsor": actor.sponsor,
        "country": actor.country,
        "origin": actor.origin,
        "tlp_rank": actor.tlp.rank,
        "document": document,
        "sort_name": actor.sort_key,
    }


_ACTOR_COLUMNS = (
    "id",
    "slug",
    "name",
    "sponsor",
    "country",
    "origin",
    "tlp_rank",
    "document",
    "sort_name",
)


def _in_order(columns: dict[str, Any], names: tuple[str, ...]) -> tuple[Any, ...]:
    return tuple(columns[name] for name in names)


_ALIAS_COLUMNS = ("actor_id", "alias_normalised", "alias")


def _alias_rows(actor: ThreatActor) -> list[tuple[str, str, str]]:
    """One row per distinct normalised name (``_ALIAS_COLUMNS``); the first spelling seen is
    kept."""
    rows: dict[str, tuple[str, str, str]] = {}
    for name in actor.names:
        key = normalise_alias(name)
        if key and key not in rows:
            rows[key] = (actor.id, key, name)
    return list(rows.values())


def _actor(document: str) -> ThreatActor:
    return actor_from_dict(read_document(document))
