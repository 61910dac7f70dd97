"""The sanctions register in the store: regimes and listings, with their indexes."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update

from cdtoolbox.errors import Conflict, InvalidInput, NotFound
from cdtoolbox.knowledge.listed_names import name_keys
from cdtoolbox.model.sanctions import Listing, ListingFilter, Regime
from cdtoolbox.model.sanctions_codec import (
    listing_from_dict,
    listing_to_dict,
    regime_from_dict,
    regime_to_dict,
)
from cdtoolbox.store.documents import read_document, write_document
from cdtoolbox.store.integers import check_version
from cdtoolbox.store.revisions import RecordKind, StoreRevisions
from cdtoolbox.store.sanctions_schema import (
    sanction_listing_actors,
    sanction_listing_incidents,
    sanction_listing_names,
    sanction_listings,
    sanction_regimes,
)

__all__ = ["SanctionRepository"]

_LISTING_HINT = "`cdt sanctions list` shows every listing"


class SanctionRepository:
    """The sanctions register as seen by one transaction.

    Versions are optimistic locks: ``update`` takes the version the change was based on and
    raises ``Conflict`` when someone else wrote in between.
    """

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    # --- Regimes ---------------------------------------------------------------------------

    def regime_exists(self, regime_id: str) -> bool:
        query = select(sanction_regimes.c.id).where(sanction_regimes.c.id == regime_id)
        return self._connection.execute(query).first() is not None

    def add_regime(self, regime: Regime, now: datetime) -> Regime:
        if self.regime_exists(regime.id):
            raise InvalidInput("sanctions regime", "id", regime.id, "is already in the register")
        stored = regime.evolve(version=1)
        self._connection.execute(
            insert(sanction_regimes).values(
                id=stored.id,
                name=stored.name,
                updated_at=now.isoformat(),
                version=1,
                document=write_document(regime_to_dict(stored)),
            )
        )
        return stored

    def get_regime(self, regime_id: str) -> Regime:
        row = self._connection.execute(
            select(sanction_regimes.c.document).where(sanction_regimes.c.id == regime_id)
        ).first()
        if row is None:
            raise NotFound("sanctions regime", regime_id, "run `cdt init` to load the register")
        return regime_from_dict(read_document(row.document))

    def regimes(self) -> list[Regime]:
        rows = self._connection.execute(
            select(sanction_regimes.c.document).order_by(sanction_regimes.c.id)
        )
        return [regime_from_dict(read_document(row.document)) for row in rows]

    def update_regime(self, regime: Regime, expected_version: int, now: datetime) -> Regime:
        check_version("sanctions regime", expected_version)
        stored = regime.evolve(version=expected_version + 1)
        result = self._connection.execute(
            update(sanction_regimes)
            .where(
                sanction_regimes.c.id == regime.id,
                sanction_regimes.c.version == expected_version,
            )
            .values(
                name=stored.name,
                updated_at=now.isoformat(),
                version=stored.version,
                document=write_document(regime_to_dict(stored)),
            )
        )
        if result.rowcount != 1:
            current = self.get_regime(regime.id)
            raise Conflict("sanctions regime", regime.id, expected_version, current.version)
        return stored

    # --- Listings --------------------------------------------------------------------------

    def exists(self, listing_id: str) -> bool:
        query = select(sanction_listings.c.id).where(sanction_listings.c.id == listing_id)
        return self._connection.execute(query).first() is not None

    def add(self, listing: Listing, now: datetime) -> Listing:
        """Store a new listing (its ``version`` becomes 1 and both timestamps ``now``)."""
        if self.exists(listing.id):
            raise InvalidInput("listing", "id", listing.id, "is already in the register")
        if not self.regime_exists(listing.regime_id):
            raise InvalidInput("listing", "regime_id", listing.regime_id, "is not a known regime")
        stored = listing.evolve(created_at=now, updated_at=now, version=1)
        self._connection.execute(insert(sanction_listings).values(**_columns(stored)))
        self._write_indexes(stored)
        StoreRevisions(self._connection).bump(RecordKind.SANCTIONS)
        return stored

    def get(self, listing_id: str) -> Listing:
        row = self._connection.execute(
            select(sanction_listings.c.document).where(sanction_listings.c.id == listing_id)
        ).first()
        if row is None:
            raise NotFound("listing", listing_id, _LISTING_HINT)
        return listing_from_dict(read_document(row.document))

    def update(self, listing: Listing, expected_version: int, now: datetime) -> Listing:
        """Replace a listing if its stored version is still ``expected_version``."""
        check_version("listing", expected_version)
        stored = listing.evolve(updated_at=now, version=expected_version + 1)
        columns = _columns(stored)
        del columns["id"]
        result = self._connection.execute(
            update(sanction_listings)
            .where(
                sanction_listings.c.id == listing.id,
                sanction_listings.c.version == expected_version,
            )
            .values(**columns)
        )
        if result.rowcount != 1:
            current = self.get(listing.id)
            raise Conflict("listing", listing.id, expected_version, current.version)
        for table in (sanction_listing_names, sanction_listing_incidents, sanction_listing_actors):
            self._connection.execute(delete(table).where(table.c.listing_id == listing.id))
        self._write_indexes(stored)
        StoreRevisions(self._connection).bump(RecordKind.SANCTIONS)
        return stored

    def list(self, query: ListingFilter | None = None) -> tuple[Listing, ...]:
        """Listings matching ``query``, oldest listing first (then by id)."""
        wanted = query or ListingFilter()
        statement = select(sanction_listings.c.document).order_by(
            sanction_listings.c.listed_on, sanction_listings.c.id
        )
        for condition in _conditions(wanted):
            statement = statement.where(condition)
        rows = self._connection.execute(statement)
        return tuple(listing_from_dict(read_document(row.document)) for row in rows)

    def named(self, keys: Iterable[str]) -> tuple[tuple[Listing, str], ...]:
        """Listings one of whose names has one of ``keys`` (``listed_names.name_keys``), each
        with the name that matched, in listing order."""
        wanted = sorted(set(keys))
        if not wanted:
            return ()
        rows = self._connection.execute(
            select(sanction_listing_names.c.listing_id, sanction_listing_names.c.name)
            .where(sanction_listing_names.c.name_key.in_(wanted))
            .order_by(sanction_listing_names.c.listing_id, sanction_listing_names.c.name)
        ).all()
        matched: dict[str, str] = {}
        for row in rows:
            matched.setdefault(row.listing_id, row.name)
        listings = {item.id: item for item in self._by_ids(matched)}
        return tuple((listings[key], name) for key, name in matched.items() if key in listings)

    def names(self) -> tuple[tuple[str, str], ...]:
        """Every (listing id, name or alias) pair, for partial-name screening."""
        rows = self._connection.execute(
            select(sanction_listing_names.c.listing_id, sanction_listing_names.c.name)
            .distinct()
            .order_by(sanction_listing_names.c.listing_id, sanction_listing_names.c.name)
        )
        return tuple((row.listing_id, row.name) for row in rows)

    def get_many(self, listing_ids: Iterable[str]) -> dict[str, Listing]:
        return {item.id: item for item in self._by_ids(listing_ids)}

    def incident_keys(self) -> tuple[str, ...]:
        """Every incident slug some listing cites."""
        rows = self._connection.execute(
            select(sanction_listing_incidents.c.incident)
            .distinct()
            .order_by(sanction_listing_incidents.c.incident)
        )
        return tuple(str(row.incident) for row in rows)

    def _by_ids(self, listing_ids: Iterable[str]) -> tuple[Listing, ...]:
        wanted = sorted(set(listing_ids))
        if not wanted:
            return ()
        rows = self._connection.execute(
            select(sanction_listings.c.document)
            .where(sanction_listings.c.id.in_(wanted))
            .order_by(sanction_listings.c.listed_on, sanction_listings.c.id)
        )
        return tuple(listing_from_dict(read_document(row.document)) for row in rows)

    def _write_indexes(self, listing: Listing) -> None:
        names = {
            key: name for name in reversed(listing.names) for key in name_keys(name)
        }  # reversed: when a name and an alias share a key, the listed name is kept
        if names:
            self._connection.execute(
                insert(sanction_listing_names),
                [
                    {"listing_id": listing.id, "name_key": key, "name": name}
                    for key, name in sorted(names.items())
                ],
            )
        if listing.incidents:
            self._connection.execute(
                insert(sanction_listing_incidents),
                [{"listing_id": listing.id, "incident": slug} for slug in set(listing.incidents)],
            )
        actor_ids = {link.actor_id for link in listing.actors}
        if actor_ids:
            self._connection.execute(
                insert(sanction_listing_actors),
                [{"listing_id": listing.id, "actor": actor_id} for actor_id in actor_ids],
            )


def _columns(listing: Listing) -> dict[str, Any]:
    return {
        "id": listing.id,
        "regime_id": listing.regime_id,
        "kind": listing.kind.value,
        "name": listing.name,
        "listed_on": listing.listed_on.isoformat(),
        "sponsor": listing.sponsor,
        "active": listing.active,
        "updated_at": listing.updated_at.isoformat() if listing.updated_at else "",
        "version": listing.version,
        "document": write_document(listing_to_dict(listing)),
    }


def _conditions(query: ListingFilter) -> list[Any]:
    table = sanction_listings
    conditions: list[Any] = []
    if query.regime_id is not None:
        conditions.append(table.c.regime_id == query.regime_id)
    if query.kind is not None:
        conditions.append(table.c.kind == query.kind.value)
    if query.sponsor is not None:
        conditions.append(table.c.sponsor == query.sponsor)
    if query.since is not None:
        conditions.append(table.c.listed_on >= query.since.isoformat())
    if query.until is not None:
        conditions.append(table.c.listed_on <= query.until.isoformat())
    if query.active is not None:
        conditions.append(table.c.active == query.active)
    if query.incident is not None:
        cited = select(sanction_listing_incidents.c.listing_id).where(
            sanction_listing_incidents.c.incident == query.incident
        )
        conditions.append(table.c.id.in_(cited))
    if query.actor_ids:
        linked = select(sanction_listing_actors.c.listing_id).where(
            sanction_listing_actors.c.actor.in_(sorted(set(query.actor_ids)))
        )
        conditions.append(table.c.id.in_(linked))
    return conditions
