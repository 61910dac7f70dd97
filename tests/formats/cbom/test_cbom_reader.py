"""Reading cryptographic inventories: CycloneDX 1.6 CBOM (JSON) and CSV (issue 20, item 3).

Every refusal is an InvalidInput naming the file; any bytes read either as assets or as
such a refusal (a property test per reader)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cdtoolbox.errors import ImportRejected, InvalidInput
from cdtoolbox.formats.cbom import COLUMNS, read_cbom, read_inventory_csv
from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.model.pqc import Criticality, DeclaredAsset

DATA = Path(__file__).parents[2] / "data" / "pqc"
ACCEPTANCE = DATA / "acceptance.cdx.json"


def _document() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(ACCEPTANCE.read_text(encoding="utf-8"))
    return document


def _read(document: object, source: str = "inventory.cdx.json") -> list[DeclaredAsset]:
    return read_cbom(json.dumps(document).encode(), source)


def test_the_acceptance_cbom_reads_every_algorithm_with_where_it_is_used() -> None:
    assets = {asset.algorithm: asset for asset in read_cbom(ACCEPTANCE.read_bytes(), "a.json")}
    assert set(assets) == {"RSA-2048", "ECDSA P-256", "AES-128-GCM", "AES-256-GCM", "ML-KEM-768"}
    rsa = assets["RSA-2048"]
    assert (rsa.parameter, rsa.primitive, rsa.library) == ("2048", "pke", "OpenSSL")
    assert (rsa.data_lifetime_years, rsa.criticality) == (25, Criticality.HIGH)
    # The BOM's subject is the system; the TLS cipher suite names ECDSA and AES-256.
    assert rsa.system == "Consular visa system"
    assert assets["ECDSA P-256"].protocol == "TLS 1.3"
    assert assets["ECDSA P-256"].parameter == "secp256r1"
    assert assets["AES-128-GCM"].protocol is None
    assert rsa.reference == "rsa"


@pytest.mark.parametrize("version", ["1.5", "1.4", "1.7", 1.6, None])
def test_a_bom_that_is_not_cyclonedx_1_6_is_refused_naming_the_file(version: object) -> None:
    document = _document()
    document["specVersion"] = version
    with pytest.raises(InvalidInput) as refused:
        _read(document, "old.cdx.json")
    assert refused.value.field == "specVersion"
    assert refused.value.location == "old.cdx.json"
    assert "must be 1.6" in str(refused.value)


def test_a_document_that_is_not_cyclonedx_is_refused() -> None:
    with pytest.raises(InvalidInput) as refused:
        _read({"spdxVersion": "SPDX-2.3"})
    assert refused.value.field == "bomFormat"


def test_a_schema_violation_names_the_field_and_the_reason() -> None:
    document = _document()
    document["components"][2]["cryptoProperties"]["assetType"] = "algorithmic"
    with pytest.raises(InvalidInput) as refused:
        _read(document, "broken.json")
    assert refused.value.field == "components[2].cryptoProperties.assetType"
    assert '"algorithmic" is not one of' in refused.value.reason
    assert refused.value.location == "broken.json"


def test_a_bom_ref_used_twice_is_refused() -> None:
    document = _document()
    document["components"][3]["bom-ref"] = "rsa"
    with pytest.raises(InvalidInput) as refused:
        _read(document, "dup.json")
    assert refused.value.field == "components[3].bom-ref"
    assert "already the bom-ref of components[2]" in refused.value.reason


@pytest.mark.parametrize(
    ("data", "field"),
    [(b"{not json", "content"), (b"[1, 2]", "content"), (b"\xff\xfe", "encoding")],
)
def test_malformed_files_are_refused_naming_the_file(data: bytes, field: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        read_cbom(data, "x.json")
    assert (refused.value.field, refused.value.location) == (field, "x.json")


@pytest.mark.parametrize(
    ("name", "value", "reason"),
    [
        ("cdtoolbox:pqc:data-lifetime-years", "forever", "whole number of years"),
        ("cdtoolbox:pqc:criticality", "urgent", "is not one of: low, medium, high"),
    ],
)
def test_a_wrong_tracker_property_names_the_component(name: str, value: str, reason: str) -> None:
    document = _document()
    rsa = next(item for item in document["components"] if item.get("bom-ref") == "rsa")
    rsa["properties"] = [{"name": name, "value": value}]
    with pytest.raises(InvalidInput) as refused:
        _read(document, "p.json")
    assert refused.value.field == name
    assert refused.value.location == "p.json component rsa"
    assert reason in refused.value.reason


def test_the_csv_inventory_reads_every_row() -> None:
    assets = read_inventory_csv((DATA / "inventory.csv").read_bytes(), "inventory.csv")
    assert [asset.algorithm for asset in assets] == [
        "RSA-3072", "AES-256-GCM", "ECDHE", "ML-DSA-65",
    ]  # fmt: skip
    first = assets[0]
    assert (first.organisation, first.member_state, first.sector) == (
        "Ministry of Foreign Affairs", "FR", "government",
    )  # fmt: skip
    assert (first.data_lifetime_years, first.criticality, first.reference) == (
        50, Criticality.HIGH, "line 2",
    )  # fmt: skip
    assert assets[2].parameter == "P-384"


def test_a_csv_with_bad_rows_is_refused_with_every_error() -> None:
    data = b"algorithm,criticality,data_lifetime_years\nRSA,urgent,\n,high,\nAES,low,-3\n"
    with pytest.raises(ImportRejected) as refused:
        read_inventory_csv(data, "bad.csv")
    assert [(error.field, error.location) for error in refused.value.errors] == [
        ("criticality", "bad.csv line 2"),
        ("algorithm", "bad.csv line 3"),
        ("data_lifetime_years", "bad.csv line 4"),
    ]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "the file is empty"),
        (b"algo\nRSA\n", "is not a column"),
        (b"system\nmail\n", "has no `algorithm` column"),
        (b"algorithm,algorithm\nRSA,RSA\n", "names a column twice"),
    ],
)
def test_a_csv_without_a_usable_header_is_refused(data: bytes, reason: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        read_inventory_csv(data, "h.csv")
    assert reason in refused.value.reason
    assert refused.value.location is not None and refused.value.location.startswith("h.csv")


def _read_or_refuse(reader: Any, data: bytes) -> None:
    try:
        assets = reader(data, "fuzz")
    except ImportRejected as refused:
        assert refused.errors
        assert all(isinstance(error, InvalidInput) for error in refused.errors)
        assert all((error.location or "").startswith("fuzz") for error in refused.errors)
    except InvalidInput as refused:
        assert (refused.location or "").startswith("fuzz")
    else:
        assert all(isinstance(asset, DeclaredAsset) and asset.algorithm for asset in assets)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_read_as_a_cbom_or_a_refusal(data: bytes) -> None:
    _read_or_refuse(read_cbom, data)


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=12,
)


@settings(max_examples=150, deadline=None)
@given(
    st.fixed_dictionaries(
        {"bomFormat": st.just("CycloneDX"), "specVersion": st.just("1.6")},
        optional={"components": st.lists(_JSON, max_size=3), "version": _JSON},
    )
)
def test_any_cyclonedx_1_6_shaped_json_reads_or_is_refused(document: dict[str, Any]) -> None:
    _read_or_refuse(read_cbom, json.dumps(document).encode())


@settings(max_examples=200, deadline=None)
@given(
    st.binary(max_size=300)
    | st.text(max_size=200).map(lambda text: ("algorithm,criticality\n" + text).encode())
)
def test_any_bytes_read_as_a_csv_inventory_or_a_refusal(data: bytes) -> None:
    _read_or_refuse(read_inventory_csv, data)


def test_docs_pqc_md_lists_every_csv_column_and_algorithm_family(
    knowledge: KnowledgeBase,
) -> None:
    text = (Path(__file__).parents[3] / "docs" / "pqc.md").read_text(encoding="utf-8")
    for column in COLUMNS:
        assert f"| `{column}` |" in text, column
    for rule in knowledge.pqc.algorithms:
        assert f"| {rule.family} " in text, rule.family
