"""The /pqc page (issue 20, item 3): milestones, progress by Member State and sector, the
assets to replace with their HNDL flag — within the reader's clearance."""

from __future__ import annotations

from pathlib import Path

from cdtoolbox.model.access import SYSTEM_USER
from cdtoolbox.model.vocabulary import Tlp
from cdtoolbox.toolbox import Toolbox
from web_support import TestClient

DATA = Path(__file__).parents[1] / "data" / "pqc"


def _imported(toolbox: Toolbox) -> None:
    toolbox.pqc.import_file(
        DATA / "acceptance.cdx.json",
        organisation="Federal Foreign Office",
        member_state="DE",
        sector="government",
        by=SYSTEM_USER,
    )
    toolbox.pqc.import_file(DATA / "inventory.csv", tlp=Tlp.CLEAR, by=SYSTEM_USER)


def test_the_page_shows_milestones_progress_and_the_assets_to_replace(
    fresh_toolbox: Toolbox, fresh_analyst: TestClient
) -> None:
    _imported(fresh_toolbox)
    page = fresh_analyst.get("/pqc")
    assert page.status_code == 200
    html = page.text
    for text in ("M1 · by", "M2 · by", "M3 · by", "Quantum horizon: 2030", "Germany", "Energy"):
        assert text in html, text
    # The broken, exposed asset comes first; resistant ones are not listed to replace.
    table = html.split('class="pqc-assets"', 1)[1]
    assert table.index("RSA-2048") < table.index("ECDSA P-256") < table.index("AES-128-GCM")
    assert '<th scope="row">ML-KEM-768' not in table
    assert '<th scope="row">AES-256-GCM' not in table
    assert table.count("pqc-hndl") == 2  # RSA-2048 (Germany) and RSA-3072 (France)


def test_an_anonymous_visitor_does_not_see_an_amber_inventory(
    fresh_toolbox: Toolbox, fresh_client: TestClient
) -> None:
    _imported(fresh_toolbox)
    html = fresh_client.get("/pqc").text
    assert "Federal Foreign Office" not in html
    assert "Ministry of Foreign Affairs" in html


def test_a_filter_narrows_the_assets_and_a_wrong_one_is_named(
    fresh_toolbox: Toolbox, fresh_analyst: TestClient
) -> None:
    _imported(fresh_toolbox)
    table = fresh_analyst.get("/pqc", params={"member_state": "FR"}).text.split("pqc-assets")[1]
    assert "RSA-3072" in table and "RSA-2048" not in table
    refused = fresh_analyst.get("/pqc", params={"sector": "astrology"})
    assert refused.status_code == 422
    assert "is not a known sector" in refused.text
