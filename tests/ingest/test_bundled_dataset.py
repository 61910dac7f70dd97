"""The curated dataset bundled with cdtoolbox: complete, sourced, stable and readable."""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from cdtoolbox.errors import ImportRejected
from cdtoolbox.ingest import bundled
from cdtoolbox.ingest.bundled import BUNDLED_DATASET_VERSION, bundled_incident_documents
from cdtoolbox.knowledge import KnowledgeBase

# The timeline of the EEAS factsheet "Peace and stability in cyberspace" (domain reference §6);
# WannaCry and NotPetya are separate entries.
FACTSHEET_SLUGS = (
    "stuxnet-2010",
    "yahoo-2013",
    "sony-pictures-2014",
    "apt1-2013",
    "ukraine-power-grid-2015",
    "cyberberkut-germany-ddos-2015",
    "opsinglegateway-2015",
    "cloud-hopper-2017",
    "dyn-ddos-2016",
    "binary-guardians-2017",
    "equifax-2017",
    "singhealth-2018",
    "olympic-destroyer-2018",
    "dnc-2016",
    "wannacry-2017",
    "notpetya-2017",
    "marriott-starwood-2018",
    "mashhad-airport-2018",
)

# Incidents behind EU-level responses (Council conclusions, HR declarations, sanctions listings).
EU_RESPONSE_SLUGS = (
    "bundestag-2015",
    "opcw-2018",
    "ukraine-power-grid-2016",
    "bangladesh-bank-2016",
    "solarwinds-2020",
    "microsoft-exchange-2021",
    "ghostwriter-2021",
    "viasat-ka-sat-2022",
    "albania-2022",
    "estonia-gru-29155-2020",
    "apt28-spd-czechia-2023",
    "conti-ransomware-2021",
    "callisto-star-blizzard-2023",
)

# Ids once released must never change: stores and STIX exports refer to them.
RELEASED_IDS = {
    "stuxnet-2010": "c7de8ab6-df50-51e8-a5a8-ef9ca92c7b31",
    "ukraine-power-grid-2015": "80c9b384-1481-5ca2-a339-b76653b04827",
    "wannacry-2017": "912951bb-b82f-572a-80f6-189a6af4ab34",
    "notpetya-2017": "015a7f80-6b45-544b-b92d-18990ef3654b",
}

IMPACT_FIGURES = (
    "records_exposed",
    "people_affected",
    "systems_affected",
    "financial_loss_usd",
    "outage_hours",
)
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
DATASET_PAGE = Path(__file__).parents[2] / "docs" / "dataset.md"


@pytest.fixture(scope="module")
def documents() -> list[dict[str, object]]:
    return bundled_incident_documents()


@pytest.fixture(scope="module")
def by_slug(documents: list[dict[str, object]]) -> dict[str, Mapping[str, Any]]:
    return {str(document["slug"]): _mapping(document) for document in documents}


def _mapping(value: object) -> Mapping[str, Any]:
    assert isinstance(value, Mapping), f"{value!r} is not a mapping"
    return value


def _listed(document: Mapping[str, Any], key: str) -> list[Any]:
    value = document.get(key) or []
    assert isinstance(value, list), f"{key} of {document['slug']} is not a list"
    return value


def _victims(document: Mapping[str, Any], key: str) -> list[Any]:
    return _listed(_mapping(document.get("victims") or {}), key)


def test_every_factsheet_incident_is_bundled(by_slug: dict[str, Mapping[str, Any]]) -> None:
    missing = [slug for slug in FACTSHEET_SLUGS if slug not in by_slug]
    assert missing == []


def test_the_incidents_behind_eu_responses_are_bundled(
    by_slug: dict[str, Mapping[str, Any]],
) -> None:
    missing = [slug for slug in EU_RESPONSE_SLUGS if slug not in by_slug]
    assert missing == []


def test_ids_are_unique_canonical_uuids(documents: list[dict[str, object]]) -> None:
    ids = [document.get("id") for document in documents]
    for value in ids:
        assert isinstance(value, str)
        assert str(uuid.UUID(value)) == value
    assert len(set(ids)) == len(ids)


def test_released_ids_never_change(by_slug: dict[str, Mapping[str, Any]]) -> None:
    assert {slug: by_slug[slug]["id"] for slug in RELEASED_IDS} == RELEASED_IDS


def test_slugs_are_unique_and_well_formed(documents: list[dict[str, object]]) -> None:
    slugs = [document.get("slug") for document in documents]
    assert all(isinstance(slug, str) and _SLUG.match(slug) for slug in slugs), slugs
    assert len(set(slugs)) == len(slugs)


@pytest.mark.parametrize("slug", FACTSHEET_SLUGS + EU_RESPONSE_SLUGS)
def test_every_entry_cites_a_public_source_with_a_url(
    by_slug: dict[str, Mapping[str, Any]], slug: str
) -> None:
    sources = [_mapping(source) for source in _listed(by_slug[slug], "sources")]
    assert sources, f"{slug} has no source"
    for source in sources:
        assert str(source.get("url", "")).startswith(("https://", "http://")), source


@pytest.mark.parametrize("slug", FACTSHEET_SLUGS + EU_RESPONSE_SLUGS)
def test_every_attribution_is_dated_and_sourced(
    by_slug: dict[str, Mapping[str, Any]], slug: str
) -> None:
    for attribution in _listed(by_slug[slug], "attributions"):
        record = _mapping(attribution)
        assert record.get("date"), f"{slug}: undated attribution {record}"
        source = _mapping(record.get("source"))
        assert str(source.get("url", "")).startswith(("https://", "http://")), record


def test_eu_sanctions_listings_never_name_a_state(documents: list[dict[str, object]]) -> None:
    """Listings are not attribution to a state (recital of Decision (CFSP) 2019/797)."""
    listings = [
        _mapping(attribution)
        for document in documents
        for attribution in _listed(_mapping(document), "attributions")
        if _mapping(_mapping(attribution)["by"])["kind"] == "eu"
        and "legal" in (_mapping(attribution).get("basis") or [])
    ]
    assert listings, "the dataset should record the EU sanctions listings"
    assert [listing for listing in listings if listing.get("state")] == []


def test_every_impact_figure_says_where_it_stands(documents: list[dict[str, object]]) -> None:
    unexplained = [
        document["slug"]
        for document in documents
        if any(_mapping(document.get("impact") or {}).get(name) for name in IMPACT_FIGURES)
        and not _mapping(document.get("impact") or {}).get("notes")
    ]
    assert unexplained == []


def test_the_bundle_is_public_and_confirmed(documents: list[dict[str, object]]) -> None:
    assert {(document.get("tlp"), document.get("status")) for document in documents} == {
        ("clear", "confirmed")
    }


def test_stuxnet_summary_names_the_damaged_centrifuges_at_natanz(
    by_slug: dict[str, Mapping[str, Any]],
) -> None:
    summary = str(by_slug["stuxnet-2010"]["summary"])
    assert "centrifuges" in summary
    assert "Natanz" in summary


def test_wannacry_and_notpetya_are_typed_ransomware(
    by_slug: dict[str, Mapping[str, Any]],
) -> None:
    assert "ransomware" in _listed(by_slug["wannacry-2017"], "types")
    assert {"ransomware", "wiper", "supply-chain"} <= set(
        _listed(by_slug["notpetya-2017"], "types")
    )


def test_wannacry_carries_the_us_attribution_of_19_december_2017(
    by_slug: dict[str, Mapping[str, Any]],
) -> None:
    us = [
        _mapping(attribution)
        for attribution in _listed(by_slug["wannacry-2017"], "attributions")
        if _mapping(attribution)["by"]["name"] == "United States"
    ]
    political = [a for a in us if str(a["date"]) == "2017-12-19"]
    assert len(political) == 1
    assert political[0]["state"] == "KP"
    assert "North Korea" in political[0]["wording"]
    assert str(political[0]["source"]["url"]).startswith("https://")


def test_ukraine_grid_2015_is_sabotage_of_ukrainian_electricity(
    by_slug: dict[str, Mapping[str, Any]],
) -> None:
    grid = by_slug["ukraine-power-grid-2015"]
    assert _victims(grid, "countries") == ["UA"]
    assert "energy.electricity" in _victims(grid, "sectors")
    assert "sabotage" in _listed(grid, "types")


@pytest.mark.parametrize(
    ("slug", "expected"),
    [
        ("dnc-2016", {"election-interference", "hack-and-leak", "espionage"}),
        ("cyberberkut-germany-ddos-2015", {"ddos"}),
        ("opsinglegateway-2015", {"ddos"}),
        ("binary-guardians-2017", {"defacement"}),
        ("mashhad-airport-2018", {"defacement"}),
    ],
)
def test_incident_types_follow_the_factsheet(
    by_slug: dict[str, Mapping[str, Any]], slug: str, expected: set[str]
) -> None:
    assert expected <= set(_listed(by_slug[slug], "types"))


@pytest.mark.parametrize("slug", ["apt1-2013", "cloud-hopper-2017"])
def test_campaigns_are_marked(by_slug: dict[str, Mapping[str, Any]], slug: str) -> None:
    assert by_slug[slug]["campaign"] is True


def test_the_documentation_table_matches_the_data(documents: list[dict[str, object]]) -> None:
    """docs/dataset.md lists every bundled incident with its start and types, and no other."""
    rows = {}
    for line in DATASET_PAGE.read_text(encoding="utf-8").splitlines():
        if line.startswith("| `"):
            cells = [cell.strip() for cell in line.strip("|").split("|")]
            rows[cells[0].strip("`")] = (cells[2], cells[3])
    expected = {
        str(document["slug"]): (
            str(document["start"]),
            ", ".join(str(kind) for kind in _listed(_mapping(document), "types")),
        )
        for document in documents
    }
    assert rows == expected


def test_each_call_hands_out_fresh_documents() -> None:
    first = bundled_incident_documents()
    first[0]["title"] = "changed by a caller"
    assert bundled_incident_documents()[0]["title"] != "changed by a caller"


def test_a_file_of_another_release_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bundled, "BUNDLED_DATASET_VERSION", "1999.1.1")
    with pytest.raises(ImportRejected) as rejected:
        bundled_incident_documents()
    assert "version" in str(rejected.value.errors[0])
    assert BUNDLED_DATASET_VERSION != "1999.1.1"


def test_every_document_reads_against_the_real_knowledge_base(
    documents: list[dict[str, object]], knowledge: KnowledgeBase
) -> None:
    """Every country, sector and actor name in the bundle resolves, unambiguously."""
    from cdtoolbox.ingest.incident_document import read_incident_document

    failures: list[str] = []
    for document in documents:
        try:
            read_incident_document(document, knowledge, location=str(document["slug"]))
        except ImportRejected as rejected:
            failures.extend(str(error) for error in rejected.errors)
    assert failures == []
