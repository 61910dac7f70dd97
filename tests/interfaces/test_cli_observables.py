"""`cdt observables …` and the linked incidents of `cdt incidents show --json`, on both
backends: a STIX and a MISP incident sharing an address name each other."""

from __future__ import annotations

import json
from pathlib import Path

from misp_support import CLOUD_HOPPER_UUID, cloud_hopper
from observable_support import SHARED, partner_bundle
from tests_support import Cli


def test_a_stix_and_a_misp_incident_show_each_other_as_linked(
    cli: Cli, fresh_url: str, tmp_path: Path
) -> None:
    stix = tmp_path / "partner.json"
    stix.write_bytes(partner_bundle())
    imported = cli(fresh_url, "import", "stix", stix, "--json")
    assert imported.exit_code == 0, imported.output
    misp = tmp_path / "event.json"
    misp.write_text(cloud_hopper().to_json(), encoding="utf-8")
    assert cli(fresh_url, "import", "misp", misp).exit_code == 0
    found = json.loads(cli(fresh_url, "observables", "find", SHARED, "--json").stdout)
    ids = {item["incident_id"] for item in found["items"]}
    assert CLOUD_HOPPER_UUID in ids and len(ids) == 2
    (stix_id,) = ids - {CLOUD_HOPPER_UUID}
    for incident, other in ((stix_id, CLOUD_HOPPER_UUID), (CLOUD_HOPPER_UUID, stix_id)):
        shown = json.loads(cli(fresh_url, "incidents", "show", incident, "--json").stdout)
        assert shown["linked_incidents"] == [
            {
                "incident_id": other,
                "title": shown["linked_incidents"][0]["title"],
                "shared": [{"kind": "ipv4", "value": SHARED}],
            }
        ]
        linked = json.loads(cli(fresh_url, "observables", "linked", incident, "--json").stdout)
        assert linked["items"] == shown["linked_incidents"]
    text = cli(fresh_url, "observables", "linked", CLOUD_HOPPER_UUID).stdout
    assert SHARED in text


def test_an_invalid_observable_is_refused_with_exit_2_naming_the_field(
    cli: Cli, fresh_url: str
) -> None:
    refused = cli(fresh_url, "observables", "add", "wannacry-2017", "ipv4", "300.1.1.1")
    assert refused.exit_code == 2
    assert "value" in refused.output and "300.1.1.1" in refused.output
    added = cli(
        fresh_url, "observables", "add", "wannacry-2017", "domain", "Kill.Switch.EXAMPLE", "--json"
    )
    assert added.exit_code == 0, added.output
    assert json.loads(added.stdout)["value"] == "kill.switch.example"
    listed = json.loads(cli(fresh_url, "observables", "list", "wannacry-2017", "--json").stdout)
    assert [item["value"] for item in listed["items"]] == ["kill.switch.example"]
