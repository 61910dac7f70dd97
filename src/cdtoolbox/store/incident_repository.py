"""Incidents in the store: add, read, change with optimistic versions, delete, and query."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, delete, func, or_, select, update
from sqlalchemy.exc import IntegrityError

from cdtoolbox.errors import Conflict, InvalidInput, NotFound
from cdtoolbox.model import Incident, IncidentFilter, IncidentSort, Page
from cdtoolbox.model.codec import incident_from_dict, incident_to_dict
from cdtoolbox.model.vocabulary import Classification
from cdtoolbox.store.batches import chunks
from cdtoolbox.store.documents import read_document, write_document
from cdtoolbox.store.incident_index import clear_indexes, linked_actor_ids, write_indexes
from cdtoolbox.store.incident_query import SORT_KEYS, filter_conditions
from cdtoolbox.store.integers import check_version
from cdtoolbox.store.pagination import MAX_PAGE_SIZE, SortKey, check_limit, every_page
from cdtoolbox.store.revisions import RecordKind, StoreRevisions
from cdtoolbox.store.schema import actors, incidents
from cdtoolbox.store.text_search import TextSearch

__all__ = ["IncidentRepository"]


class IncidentRepository:
    """The incidents visible in one transaction.

    A stored incident carries ``version`` 1 after ``add`` and one more after every
    ``update``; an update or delete based on an older version raises ``Conflict``.
    Incidents may only name actors the store holds (``ActorRepository.upsert_many``).
    """

    def __init__(self, connection: Connection, text_search: TextSearch) -> None:
        self._connection = connection
        self._text_search = text_search
        self._revisions = StoreRevisions(connection)

    def add(self, incident: Incident) -> Incident:
        """Store a new incident as version 1.

        A duplicate id or slug is bad input (``InvalidInput``), not a ``Conflict``: no
        version was stale, the caller must choose another id or slug.
        """
        stored = incident.evolve(version=1)
        ids, slug_owners = self._taken_handles([stored])
        _refuse_taken(stored, ids, slug_owners)
        self._refuse_unknown_actors(stored)
        try:
            self._connection.execute(incidents.insert().values(**_columns(stored)))
        except IntegrityError:
            raise _slug_taken(stored.slug, "or its id ") from None
        write_indexes(self._connection, [stored], self._text_search)
        self._bump_revision()
        return stored

    def add_many(self, given: Sequence[Incident]) -> tuple[Incident, ...]:
        """Store many new incidents as version 1 with a few statements per batch (imports).

        The same checks, in the same order and with the same errors, as ``add`` called on
        each incident in turn: an incident whose id or slug an earlier one of the batch took
        is refused as if that one were already stored. The first incident that fails a check
        raises, and the caller's transaction takes nothing of the batch.
        """
        stored = [incident.evolve(version=1) for incident in given]
        # What the store holds is read in a few queries up front; the batch's own incidents
        # join these as they pass their checks, as each ``add`` would find its predecessors.
        ids, slug_owners = self._taken_handles(stored)
        wanted = sorted({actor for i in stored for actor in linked_actor_ids(i)})
        known: set[str] = set()
        for actor_ids in chunks(wanted):
            query = select(actors.c.id).where(actors.c.id.in_(actor_ids))
            known.update(self._connection.execute(query).scalars())
        for incident in stored:
            _refuse_taken(incident, ids, slug_owners)
            _refuse_actors_not_in(incident, known)
            ids.add(incident.id)
            slug_owners[incident.slug] = incident.id
        for part in chunks(stored):
            try:
                self._connection.execute(incidents.insert(), [_columns(i) for i in part])
            except IntegrityError:
                raise _batch_taken(part) from None
        write_indexes(self._connection, stored, self._text_search)
        if stored:
            self._revisions.bump(RecordKind.INCIDENTS, len(stored))
        return tuple(stored)

    def _taken_handles(self, given: Sequence[Incident]) -> tuple[set[str], dict[str, str]]:
        """The ids among ``given``'s that stored incidents carry, and the stored owner of each
        of ``given``'s slugs that is taken."""
        ids: set[str] = set()
        slug_owners: dict[str, str] = {}
        for part in chunks(given):
            wanted_ids = {incident.id for incident in part}
            wanted_slugs = {incident.slug for incident in part}
            query = select(incidents.c.id, incidents.c.slug).where(
                or_(incidents.c.id.in_(wanted_ids), incidents.c.slug.in_(wanted_slugs))
            )
            for row in self._connection.execute(query):
                if row.id in wanted_ids:
                    ids.add(row.id)
                if row.slug in wanted_slugs:
                    slug_owners[row.slug] = row.id
        return ids, slug_owners

    def taken_slugs(self, slugs: Collection[str]) -> set[str]:
        """Those of ``slugs`` that stored incidents carry."""
        found: set[str] = set()
        for part in chunks(sorted(set(slugs))):
            query = select(incidents.c.slug).where(incidents.c.slug.in_(part))
            found.update(self._connection.execute(query).scalars())
        return found

    def get(self, id_or_slug: str) -> Incident:
        query = select(incidents.c.id, incidents.c.version, incidents.c.document).where(
            or_(incidents.c.id == id_or_slug, incidents.c.slug == id_or_slug)
        )
        rows = self._connection.execute(query).all()
        if not rows:
            raise NotFound("incident", id_or_slug)
        # An id wins over a slug, should one incident's slug be another's id.
        row = next((row for row in rows if row.id == id_or_slug), rows[0])
        return _incident(row.document, row.version)

    def get_many(self, incident_ids: Sequence[str]) -> dict[str, Incident]:
        """The stored incidents among ``incident_ids``, by id (unknown ids are left out)."""
        found: dict[str, Incident] = {}
        for part in chunks(sorted(set(incident_ids))):
            query = select(incidents.c.id, incidents.c.version, incidents.c.document).where(
                incidents.c.id.in_(part)
            )
            for row in self._connection.execute(query):
                found[row.id] = _incident(row.document, row.version)
        return found

    def exists(self, incident_id: str) -> bool:
        query = select(incidents.c.id).where(incidents.c.id == incident_id)
        return self._connection.execute(query).first() is not None

    def slug_exists(self, slug: str) -> bool:
        query = select(incidents.c.id).where(incidents.c.slug == slug)
        return self._connection.execute(query).first() is not None

    def update(self, incident: Incident, expected_version: int) -> Incident:
        """Replace the stored incident if it is still at ``expected_version``.

        Returns the incident as stored, at ``expected_version + 1``.
        """
        check_version("incident", expected_version)
        stored = incident.evolve(version=expected_version + 1)
        self._refuse_slug_of_another(stored)
        self._refuse_unknown_actors(stored)
        try:
            result = self._connection.execute(
                update(incidents)
                .where(incidents.c.id == stored.id, incidents.c.version == expected_version)
                .values(**_columns(stored))
            )
        except IntegrityError:
            raise _slug_taken(stored.slug) from None
        if result.rowcount != 1:
            self._refuse_stale(stored.id, expected_version)
        clear_indexes(self._connection, [stored.id], self._text_search)
        write_indexes(self._connection, [stored], self._text_search)
        self._bump_revision()
        return stored

    def delete(self, incident_id: str, expected_version: int) -> None:
        check_version("incident", expected_version)
        result = self._connection.execute(
            delete(incidents).where(
                incidents.c.id == incident_id, incidents.c.version == expected_version
            )
        )
        if result.rowcount != 1:
            self._refuse_stale(incident_id, expected_version)
        clear_indexes(self._connection, [incident_id], self._text_search)
        self._bump_revision()

    def _bump_revision(self) -> None:
        self._revisions.bump(RecordKind.INCIDENTS)

    def list(
        self,
        filter: IncidentFilter,
        sort: IncidentSort = IncidentSort.START_DESC,
        limit: int = 50,
        cursor: str | None = None,
        *,
        counted: bool = True,
    ) -> Page[Incident]:
        """One page of the incidents matching ``filter``; ``total`` counts all of them
        (None unless ``counted``)."""
        check_limit(limit)
        return self._page(filter, sort, limit, cursor, totalled=counted)

    def every(
        self, filter: IncidentFilter, sort: IncidentSort = IncidentSort.START_DESC
    ) -> Iterator[Incident]:
        """Every incident matching ``filter``, in ``sort`` order, read a page at a time."""
        # Uncounted pages: a later page of ``list`` counts the matches again, which nobody
        # reading them all needs.
        pages = every_page(
            lambda cursor: self._page(filter, sort, MAX_PAGE_SIZE, cursor, totalled=False)
        )
        for page in pages:
            yield from page.items

    def _page(
        self,
        filter: IncidentFilter,
        sort: IncidentSort,
        limit: int,
        cursor: str | None,
        *,
        totalled: bool,
    ) -> Page[Incident]:
        key = _sort_key(sort)
        conditions = filter_conditions(filter, self._text_search)
        # The first page counts the matches in the pass that sorts them (a window count), and
        # the sort carries ids, not documents: the documents are read for the page alone.
        # Filtering twice, and sorting every matching document, cost a list page half its
        # time with 10,000 incidents.
        counted = totalled and cursor is None
        columns = [incidents.c.id, key.column.label("key")]
        if counted:
            columns.append(func.count().over().label("total"))
        query = select(*columns).where(*conditions)
        if cursor is not None:
            query = query.where(key.after(*key.read_cursor(cursor)))
        rows = self._connection.execute(query.order_by(*key.order_by()).limit(limit + 1)).all()
        next_cursor = None
        if len(rows) > limit:
            last = rows[limit - 1]
            next_cursor = key.cursor(last.key, last.id)
        page_ids = [row.id for row in rows[:limit]]
        found = self.get_many(page_ids)
        total: int | None
        if not totalled:
            total = None
        elif not counted:
            total = self.count(filter)
        elif rows:
            total = int(rows[0].total)
        else:
            total = 0
        return Page(
            items=tuple(found[key] for key in page_ids if key in found),
            next_cursor=next_cursor,
            total=total,
        )

    def count(self, filter: IncidentFilter) -> int:
        conditions = filter_conditions(filter, self._text_search)
        query = select(func.count()).select_from(incidents).where(*conditions)
        return int(self._connection.execute(query).scalar_one())

    def _refuse_slug_of_another(self, incident: Incident) -> None:
        owner = self._connection.execute(
            select(incidents.c.id).where(
                incidents.c.slug == incident.slug, incidents.c.id != incident.id
            )
        ).scalar()
        if owner is not None:
            raise InvalidInput(
                "incident", "slug", incident.slug, f"is already used by incident {owner!r}"
            )

    def _refuse_unknown_actors(self, incident: Incident) -> None:
        wanted = linked_actor_ids(incident)
        if not wanted:
            return
        known = set(
            self._connection.execute(select(actors.c.id).where(actors.c.id.in_(wanted))).scalars()
        )
        _refuse_actors_not_in(incident, known)

    def _refuse_stale(self, incident_id: str, expected_version: int) -> None:
        actual = self._connection.execute(
            select(incidents.c.version).where(incidents.c.id == incident_id)
        ).scalar()
        if actual is None:
            raise NotFound("incident", incident_id)
        raise Conflict("incident", incident_id, expected_version, actual)


_UNKNOWN_ACTOR = "is not a threat actor known to the store"


def _refuse_taken(incident: Incident, ids: set[str], slug_owners: dict[str, str]) -> None:
    """Refuse ``incident`` if its id is among ``ids`` or its slug has an owner."""
    if incident.id in ids:
        raise InvalidInput("incident", "id", incident.id, "is already used by another incident")
    owner = slug_owners.get(incident.slug)
    if owner is not None:
        raise InvalidInput(
            "incident", "slug", incident.slug, f"is already used by incident {owner!r}"
        )


def _refuse_actors_not_in(incident: Incident, known: set[str]) -> None:
    for position, actor_id in enumerate(incident.actor_ids):
        if actor_id not in known:
            raise InvalidInput("incident", f"actor_ids[{position}]", actor_id, _UNKNOWN_ACTOR)
    for position, attribution in enumerate(incident.attributions):
        if attribution.actor_id and attribution.actor_id not in known:
            field = f"attributions[{position}].actor_id"
            raise InvalidInput("incident", field, attribution.actor_id, _UNKNOWN_ACTOR)


def _slug_taken(slug: str, also: str = "") -> InvalidInput:
    # Reached only when another writer took the slug (or id) after our check: PostgreSQL
    # runs writers side by side, SQLite holds its write lock for the whole transaction.
    return InvalidInput("incident", "slug", slug, f"{also}is already used by another incident")


def _batch_taken(part: Sequence[Incident]) -> InvalidInput:
    # As ``_slug_taken``; the failed statement inserted the whole part, so which incident of
    # it collided is unknown (PostgreSQL has aborted the transaction: it cannot be asked).
    if len(part) == 1:
        return _slug_taken(part[0].slug, "or its id ")
    slugs = f"{part[0].slug} … {part[-1].slug}"
    reason = "(the slug or id of one of these incidents) is already used by another incident"
    return InvalidInput("incident", "slug", slugs, reason)


def _sort_key(sort: IncidentSort | str) -> SortKey:
    try:
        return SORT_KEYS[IncidentSort(sort)]
    except ValueError:
        names = ", ".join(order.value for order in IncidentSort)
        raise InvalidInput("query", "sort", sort, f"is not one of: {names}") from None


def _incident(document: str, version: int) -> Incident:
    # The version column is authoritative; the document's copy is for readers of dumps.
    # Set before decoding rather than evolved after: one Incident built per row, not two.
    data = read_document(document)
    data["version"] = version
    return incident_from_dict(data)


def _naive_utc(moment: datetime | None) -> datetime | None:
    """Timestamps compare as UTC without zone: SQLite has no zone-aware type to sort by."""
    if moment is None or moment.tzinfo is None:
        return moment
    return moment.astimezone(UTC).replace(tzinfo=None)


def _columns(incident: Incident) -> dict[str, Any]:
    start = incident.start
    end = incident.end or incident.start
    return {
        "id": incident.id,
        "slug": incident.slug,
        "title": incident.title,
        "start_date": start.earliest if start else None,
        "end_date": end.latest if end else None,
        "tlp": incident.tlp.value,
        "tlp_rank": incident.tlp.rank,
        "classification_rank": Classification.rank_of(incident.classification),
        "status": incident.status.value,
        "created_at": _naive_utc(incident.created_at),
        "updated_at": _naive_utc(incident.updated_at),
        "version": incident.version,
        "document": write_document(incident_to_dict(incident)),
    }
