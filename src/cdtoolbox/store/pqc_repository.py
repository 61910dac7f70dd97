"""The cryptographic inventories of the post-quantum transition tracker, as seen by one
transaction."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Connection, RowMapping, delete, insert, select

from cdtoolbox.model.pqc import Criticality, CryptoAsset
from cdtoolbox.model.vocabulary import Classification, Tlp
from cdtoolbox.store.pqc_schema import pqc_assets

__all__ = ["PqcRepository"]


class PqcRepository:
    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def replace_inventory(
        self,
        member_state: str,
        organisation: str,
        assets: Sequence[CryptoAsset],
        clearance: Tlp,
        classification: Classification | None = None,
    ) -> int:
        """Put ``assets`` in place of the organisation's inventory as an importer cleared up
        to ``clearance`` and ``classification`` sees it; returns how many assets that was.
        Assets marked or classified above the clearances stay: to the importer they do not
        exist."""
        removed = self._connection.execute(
            delete(pqc_assets).where(
                pqc_assets.c.member_state == member_state,
                pqc_assets.c.organisation == organisation,
                pqc_assets.c.tlp_rank <= clearance.rank,
                pqc_assets.c.classification_rank <= Classification.rank_of(classification),
            )
        ).rowcount
        if assets:
            self._connection.execute(insert(pqc_assets), [_row(asset) for asset in assets])
        return int(removed or 0)

    def list(
        self,
        clearance: Tlp,
        *,
        classification: Classification | None = None,
        organisation: str | None = None,
        member_state: str | None = None,
        sector: str | None = None,
    ) -> list[CryptoAsset]:
        """The assets marked at most ``clearance`` and classified at most ``classification``
        (left unset: unclassified only), by Member State, organisation, system."""
        query = select(pqc_assets).where(
            pqc_assets.c.tlp_rank <= clearance.rank,
            pqc_assets.c.classification_rank <= Classification.rank_of(classification),
        )
        if organisation is not None:
            query = query.where(pqc_assets.c.organisation == organisation)
        if member_state is not None:
            query = query.where(pqc_assets.c.member_state == member_state)
        if sector is not None:
            query = query.where(pqc_assets.c.sector == sector)
        query = query.order_by(
            pqc_assets.c.member_state,
            pqc_assets.c.organisation,
            pqc_assets.c.system,
            pqc_assets.c.algorithm,
            pqc_assets.c.id,
        )
        return [_asset(row._mapping) for row in self._connection.execute(query)]


def _row(asset: CryptoAsset) -> dict[str, object]:
    return {
        "id": asset.id,
        "organisation": asset.organisation,
        "member_state": asset.member_state,
        "sector": asset.sector,
        "algorithm": asset.algorithm,
        "parameter": asset.parameter,
        "primitive": asset.primitive,
        "system": asset.system,
        "protocol": asset.protocol,
        "library": asset.library,
        "data_lifetime_years": asset.data_lifetime_years,
        "criticality": asset.criticality.value,
        "tlp": asset.tlp.value,
        "tlp_rank": asset.tlp.rank,
        "classification": asset.eu_classification.value if asset.eu_classification else None,
        "classification_rank": Classification.rank_of(asset.eu_classification),
        "source": asset.source,
        "reference": asset.reference,
        "recorded_at": asset.recorded_at.isoformat(),
    }


def _asset(row: RowMapping) -> CryptoAsset:
    return CryptoAsset(
        id=row["id"],
        organisation=row["organisation"],
        member_state=row["member_state"],
        sector=row["sector"],
        algorithm=row["algorithm"],
        parameter=row["parameter"],
        primitive=row["primitive"],
        system=row["system"],
        protocol=row["protocol"],
        library=row["library"],
        data_lifetime_years=row["data_lifetime_years"],
        criticality=Criticality(row["criticality"]),
        tlp=Tlp(row["tlp"]),
        source=row["source"],
        reference=row["reference"],
        recorded_at=datetime.fromisoformat(row["recorded_at"]),
        eu_classification=(
            Classification(row["classification"]) if row["classification"] else None
        ),
    )
