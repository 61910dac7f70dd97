"""A partner's STIX bundle whose incident shares an address with the MISP test event."""

from __future__ import annotations

from stix_support import TLP_GREEN, bundle, relationship, sdo

SHARED = "198.51.100.7"
AMBER = "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82"  # TLP 2.0 AMBER+STRICT


def partner_bundle(*, marking: str = TLP_GREEN) -> bytes:
    """A STIX incident indicated by an indicator whose pattern names the shared address and a
    domain, sighted three times, and observed data naming a file hash."""
    incident = sdo("incident", "watering-hole", name="Watering hole", object_marking_refs=[marking])
    indicator = sdo(
        "indicator",
        "c2",
        pattern=f"[ipv4-addr:value = '{SHARED}'] OR [domain-name:value = 'C2.Example.ORG']",
        pattern_type="stix",
        valid_from="2024-02-01T00:00:00Z",
        object_marking_refs=[marking],
    )
    file = {
        "type": "file",
        "spec_version": "2.1",
        "id": "file--0c6f3f0a-1b3e-5d6f-9a1b-2c3d4e5f6a7b",
        "hashes": {"SHA-256": "F" * 64},
    }
    observed = sdo(
        "observed-data",
        "sample",
        first_observed="2024-02-02T00:00:00Z",
        last_observed="2024-02-03T00:00:00Z",
        number_observed=1,
        object_refs=[file["id"]],
        object_marking_refs=[marking],
    )
    sighting = sdo("sighting", "seen", sighting_of_ref=indicator["id"], count=3)
    return bundle(
        incident,
        indicator,
        file,
        observed,
        sighting,
        relationship("indicates", indicator["id"], incident["id"], object_marking_refs=[marking]),
        relationship("related-to", incident["id"], observed["id"], object_marking_refs=[marking]),
    )
