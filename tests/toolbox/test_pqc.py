"""The PQC transition tracker through the library, on both backends (issue 20, item 3):
imports replace an organisation's inventory in one audited transaction, a bad file changes
nothing, and readers see only what their role and clearance allow."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from cdtoolbox.errors import Forbidden, ImportRejected, InvalidInput
from cdtoolbox.model.access import SYSTEM_USER, Role, User
from cdtoolbox.model.pqc import InventoryImport, QuantumStatus
from cdtoolbox.model.vocabulary import Tlp
from cdtoolbox.toolbox import Settings, Toolbox
from tests_support import add_user

DATA = Path(__file__).parents[1] / "data" / "pqc"


def _import(toolbox: Toolbox, path: Path, **options: object) -> InventoryImport:
    defaults: dict[str, object] = {
        "organisation": "Federal Foreign Office",
        "member_state": "Germany",
        "sector": "government",
    }
    return toolbox.pqc.import_file(path, **{**defaults, **options}, by=SYSTEM_USER)  # type: ignore[arg-type]


def _statuses(toolbox: Toolbox) -> dict[str, QuantumStatus]:
    found = toolbox.pqc.assets(toolbox.pqc.filter_from(), by=SYSTEM_USER)
    return {item.asset.algorithm: item.classification.status for item in found}


def test_the_acceptance_cbom_is_stored_and_classified(toolbox: Toolbox) -> None:
    report = toolbox.pqc.import_file(
        DATA / "acceptance.cdx.json",
        organisation="Federal Foreign Office",
        member_state="Germany",
        sector="government",
        by=SYSTEM_USER,
    )
    assert report.inventories == (("DE", "Federal Foreign Office", 5, 0),)
    assert _statuses(toolbox) == {
        "RSA-2048": QuantumStatus.VULNERABLE,
        "ECDSA P-256": QuantumStatus.VULNERABLE,
        "AES-128-GCM": QuantumStatus.WEAKENED,
        "AES-256-GCM": QuantumStatus.RESISTANT,
        "ML-KEM-768": QuantumStatus.RESISTANT,
    }
    exposed = toolbox.pqc.assets(toolbox.pqc.filter_from(hndl=True), by=SYSTEM_USER)
    assert [item.asset.algorithm for item in exposed] == ["RSA-2048"]
    [entry] = toolbox.audit.entries(by=SYSTEM_USER, entity="pqc inventory")
    assert (entry.action, entry.key, entry.actor) == (
        "pqc.import",
        "DE/Federal Foreign Office",
        "system",
    )


def test_a_second_import_replaces_the_inventory(toolbox: Toolbox, tmp_path: Path) -> None:
    _import(toolbox, DATA / "acceptance.cdx.json")
    smaller = tmp_path / "smaller.csv"
    smaller.write_text("algorithm,criticality\nML-KEM-1024,high\n", encoding="utf-8")
    report = toolbox.pqc.import_file(
        smaller, organisation="Federal Foreign Office", member_state="DE", by=SYSTEM_USER
    )
    assert report.inventories == (("DE", "Federal Foreign Office", 1, 5),)
    assert _statuses(toolbox) == {"ML-KEM-1024": QuantumStatus.RESISTANT}


def test_a_cbom_without_algorithms_empties_the_organisation_s_inventory(
    toolbox: Toolbox, tmp_path: Path
) -> None:
    _import(toolbox, DATA / "acceptance.cdx.json")
    empty = tmp_path / "migrated.cdx.json"
    empty.write_text(
        json.dumps({"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1}),
        encoding="utf-8",
    )
    report = _import(toolbox, empty)
    assert report.inventories == (("DE", "Federal Foreign Office", 0, 5),)
    assert _statuses(toolbox) == {}
    with pytest.raises(InvalidInput, match="holds no algorithm asset"):
        toolbox.pqc.import_file(empty, by=SYSTEM_USER)


def test_a_csv_names_several_organisations_and_states(toolbox: Toolbox) -> None:
    report = toolbox.pqc.import_file(DATA / "inventory.csv", by=SYSTEM_USER)
    assert report.inventories == (
        ("ES", "Grid operator", 2, 0),
        ("FR", "Ministry of Foreign Affairs", 2, 0),
    )
    progress = toolbox.pqc.progress(by=SYSTEM_USER)
    assert [(row.key, row.total, row.resistant, row.hndl) for row in progress.by_member_state] == [
        ("ES", 2, 1, 0),  # ECDHE with data secret 5 years: until 2031 < horizon? no: 2031 > 2030
        ("FR", 2, 1, 1),
    ]
    assert [row.key for row in progress.by_sector] == ["energy", "government"]
    assert [row.label for row in progress.by_member_state] == ["Spain", "France"]


@pytest.mark.parametrize(
    ("name", "content", "field"),
    [
        ("old.json", json.dumps({"bomFormat": "CycloneDX", "specVersion": "1.5"}), "specVersion"),
        ("broken.json", "{", "content"),
        ("inventory.txt", "algorithm\nRSA\n", "file"),
    ],
)
def test_a_bad_file_is_refused_naming_it_and_changes_nothing(
    toolbox: Toolbox, tmp_path: Path, name: str, content: str, field: str
) -> None:
    _import(toolbox, DATA / "acceptance.cdx.json")
    before = _statuses(toolbox)
    audited = len(toolbox.audit.entries(by=SYSTEM_USER))
    bad = tmp_path / name
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(InvalidInput) as refused:
        _import(toolbox, bad)
    assert refused.value.field == field
    assert str(bad) in str(refused.value)
    assert _statuses(toolbox) == before
    assert len(toolbox.audit.entries(by=SYSTEM_USER)) == audited


def test_one_bad_row_refuses_every_organisation_of_the_file(
    toolbox: Toolbox, tmp_path: Path
) -> None:
    mixed = tmp_path / "mixed.csv"
    shutil.copy(DATA / "inventory.csv", mixed)
    with mixed.open("a", encoding="utf-8") as file:
        file.write("Grid operator,Atlantis,energy,,RSA,,,,,,high\n")
    with pytest.raises(ImportRejected) as refused:
        toolbox.pqc.import_file(mixed, by=SYSTEM_USER)
    [error] = refused.value.errors
    assert (error.field, error.location) == ("member_state", f"{mixed} line 6")
    assert _statuses(toolbox) == {}


def test_a_missing_organisation_or_state_is_named(toolbox: Toolbox) -> None:
    with pytest.raises(ImportRejected) as refused:
        toolbox.pqc.import_file(DATA / "acceptance.cdx.json", member_state="DE", by=SYSTEM_USER)
    assert {error.field for error in refused.value.errors} == {"organisation"}
    with pytest.raises(InvalidInput, match="not an EU Member State"):
        _import(toolbox, DATA / "acceptance.cdx.json", member_state="Norway")


def test_readers_see_only_what_their_clearance_allows(toolbox: Toolbox) -> None:
    _import(toolbox, DATA / "acceptance.cdx.json", tlp=Tlp.RED)
    _import(
        toolbox,
        DATA / "inventory.csv",
        organisation=None,
        member_state=None,
        sector=None,
        tlp=Tlp.GREEN,
    )
    viewer = add_user(toolbox, "vera", Role.VIEWER, clearance=Tlp.AMBER)
    seen = toolbox.pqc.assets(toolbox.pqc.filter_from(), by=viewer)
    assert {item.asset.member_state for item in seen} == {"ES", "FR"}
    assert toolbox.pqc.progress(by=viewer).overall.total == 4
    assert toolbox.pqc.progress(by=SYSTEM_USER).overall.total == 9


def test_an_import_keeps_what_lies_above_the_importer_s_clearance(toolbox: Toolbox) -> None:
    _import(toolbox, DATA / "acceptance.cdx.json", tlp=Tlp.RED)
    analyst = add_user(toolbox, "ana", Role.ANALYST, clearance=Tlp.AMBER)
    report = toolbox.pqc.import_file(
        DATA / "acceptance.cdx.json",
        organisation="Federal Foreign Office",
        member_state="DE",
        by=analyst,
    )
    # To the analyst the red inventory does not exist: nothing was replaced, nothing removed.
    assert report.inventories == (("DE", "Federal Foreign Office", 5, 0),)
    assert toolbox.pqc.progress(by=SYSTEM_USER).overall.total == 10
    with pytest.raises(Forbidden, match="cleared up to TLP:AMBER"):
        _import_as(toolbox, analyst, Tlp.RED)


def _import_as(toolbox: Toolbox, user: User, tlp: Tlp) -> None:
    toolbox.pqc.import_file(
        DATA / "acceptance.cdx.json",
        organisation="X",
        member_state="DE",
        tlp=tlp,
        by=user,
    )


def test_the_audit_entry_of_an_import_is_hidden_above_the_reader_s_clearance(
    toolbox: Toolbox,
) -> None:
    _import(toolbox, DATA / "acceptance.cdx.json", tlp=Tlp.AMBER)
    green = add_user(toolbox, "gil", Role.ANALYST, clearance=Tlp.GREEN)
    amber = add_user(toolbox, "amy", Role.ANALYST, clearance=Tlp.AMBER)
    assert toolbox.audit.entries(by=green, entity="pqc inventory") == []
    assert len(toolbox.audit.entries(by=amber, entity="pqc inventory")) == 1


def test_a_viewer_may_read_but_not_import(toolbox: Toolbox) -> None:
    viewer = add_user(toolbox, "vic", Role.VIEWER)
    with pytest.raises(Forbidden, match="import data"):
        _import_as(toolbox, viewer, Tlp.AMBER)
    assert toolbox.pqc.assets(toolbox.pqc.filter_from(), by=viewer) == []


def test_filters_resolve_names_and_refuse_unknown_values(toolbox: Toolbox) -> None:
    query = toolbox.pqc.filter_from(member_state="germany", sector="Energy", status="Weakened")
    assert (query.member_state, query.sector, query.status) == (
        "DE", "energy", QuantumStatus.WEAKENED,
    )  # fmt: skip
    with pytest.raises(InvalidInput, match="is not one of"):
        toolbox.pqc.filter_from(status="broken")


def test_the_quantum_horizon_is_a_setting(toolbox: Toolbox, migrated_url: str) -> None:
    assert toolbox.pqc.horizon.year == 2030
    _import(toolbox, DATA / "acceptance.cdx.json")
    with Toolbox(
        Settings(migrated_url, pqc_quantum_horizon=2060), knowledge=toolbox.knowledge
    ) as later:
        assert later.pqc.horizon.year == 2060
        assert later.pqc.progress(by=SYSTEM_USER).overall.hndl == 0
    assert toolbox.pqc.progress(by=SYSTEM_USER).overall.hndl == 1


def test_the_horizon_setting_is_read_from_the_environment() -> None:
    settings = Settings.from_environment(
        {"CDT_PQC_QUANTUM_HORIZON": "2033"}, database_url="sqlite://"
    )
    assert settings.pqc_quantum_horizon == 2033
    with pytest.raises(InvalidInput, match="CDT_PQC_QUANTUM_HORIZON"):
        Settings.from_environment({"CDT_PQC_QUANTUM_HORIZON": "soon"}, database_url="sqlite://")
