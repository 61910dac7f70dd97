"""The PQC inventory repository on both backends: an inventory is replaced as the importer
sees it, and lists filter by clearance, organisation, Member State and sector."""

from __future__ import annotations

from datetime import UTC, datetime

from cdtoolbox.model.pqc import Criticality, CryptoAsset
from cdtoolbox.model.vocabulary import Tlp
from cdtoolbox.store import Database

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


def _asset(number: int, organisation: str, state: str, tlp: Tlp, sector: str | None) -> CryptoAsset:
    return CryptoAsset(
        id=f"asset-{number}",
        organisation=organisation,
        member_state=state,
        sector=sector,
        algorithm="RSA-2048",
        parameter="2048",
        primitive="pke",
        system="Mail gateway",
        protocol="TLS 1.2",
        library="OpenSSL 3.0",
        data_lifetime_years=30,
        criticality=Criticality.HIGH,
        tlp=tlp,
        source="inventory.csv",
        reference=f"line {number + 1}",
        recorded_at=NOW,
    )


def test_assets_round_trip_and_filter(database: Database) -> None:
    stored = [
        _asset(1, "Ministry", "FR", Tlp.GREEN, "government"),
        _asset(2, "Ministry", "FR", Tlp.RED, "government"),
        _asset(3, "Grid", "ES", Tlp.CLEAR, "energy"),
    ]
    with database.transaction() as store:
        store.pqc.replace_inventory("FR", "Ministry", stored[:2], Tlp.RED)
        store.pqc.replace_inventory("ES", "Grid", stored[2:], Tlp.RED)
    with database.read() as store:
        assert store.pqc.list(Tlp.RED) == [stored[2], stored[0], stored[1]]
        assert [a.id for a in store.pqc.list(Tlp.AMBER)] == ["asset-3", "asset-1"]
        assert [a.id for a in store.pqc.list(Tlp.RED, member_state="ES")] == ["asset-3"]
        assert [a.id for a in store.pqc.list(Tlp.RED, sector="government")] == [
            "asset-1", "asset-2",
        ]  # fmt: skip
        assert store.pqc.list(Tlp.RED, organisation="Nobody") == []


def test_a_replacement_removes_only_what_the_importer_could_see(database: Database) -> None:
    with database.transaction() as store:
        store.pqc.replace_inventory(
            "FR",
            "Ministry",
            [
                _asset(1, "Ministry", "FR", Tlp.GREEN, None),
                _asset(2, "Ministry", "FR", Tlp.RED, None),
            ],
            Tlp.RED,
        )
    with database.transaction() as store:
        replaced = store.pqc.replace_inventory(
            "FR", "Ministry", [_asset(3, "Ministry", "FR", Tlp.AMBER, None)], Tlp.AMBER
        )
    assert replaced == 1
    with database.read() as store:
        assert [a.id for a in store.pqc.list(Tlp.RED)] == ["asset-2", "asset-3"]
