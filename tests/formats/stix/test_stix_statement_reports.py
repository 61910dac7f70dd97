"""The report a statement becomes, written alone (docs/stix-mapping.md, "Statements"): valid
STIX 2.1, byte-stable, never classified nor above the export's TLP, its text cut only past
the limit and then with a note, a national issuer the State's own identity."""

from __future__ import annotations

import json
import uuid
from collections import Counter
from typing import Any

import pytest
from stix2validator import ValidationOptions, validate_string

from cdtoolbox.formats.stix import export_bundle
from cdtoolbox.formats.stix.report_writer import (
    DESCRIPTION_LIMIT,
    StatementRefs,
    report_description,
)
from cdtoolbox.formats.stix.vocabulary import TLP2_MARKING_IDS
from cdtoolbox.model.statement import IssuerKind
from cdtoolbox.model.vocabulary import Classification, Tlp
from statement_support import statement

NAMESPACE = uuid.UUID("6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f")
TEXT = "Council conclusions on cyber diplomacy\n\nThe Council recalls the framework."


def bundle_of(*entries: StatementRefs, max_tlp: Tlp = Tlp.RED) -> dict[str, Any]:
    data = export_bundle([], [], max_tlp=max_tlp, id_namespace=NAMESPACE, statements=entries)
    result = validate_string(data.decode(), ValidationOptions(version="2.1"))
    assert result.errors == [] and result.is_valid
    assert not Counter(str(warning) for warning in result.warnings)
    return dict(json.loads(data))


def objects(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [obj for obj in bundle["objects"] if obj["type"] == kind]


def test_a_statement_naming_nothing_refers_to_its_issuer_identity() -> None:
    bundle = bundle_of(StatementRefs(statement(TEXT)))
    (report,) = objects(bundle, "report")
    issuer = next(obj for obj in objects(bundle, "identity") if obj["id"] in report["object_refs"])
    assert issuer["name"] == "Council of the European Union"
    assert issuer["object_marking_refs"] == [TLP2_MARKING_IDS[Tlp.CLEAR]]
    assert report["name"] == "Council conclusions on cyber diplomacy"
    assert report["published"] == "2024-06-24T00:00:00.000Z"


def test_a_national_issuer_is_the_states_identity() -> None:
    national = statement(TEXT, issuer=IssuerKind.MEMBER_STATE, country="EE")
    bundle = bundle_of(StatementRefs(national))
    (report,) = objects(bundle, "report")
    (state,) = [obj for obj in objects(bundle, "identity") if obj["id"] in report["object_refs"]]
    assert state["sectors"] == ["government-national"]
    assert state["extensions"][next(iter(state["extensions"]))]["state"] == "EE"


def test_one_issuer_of_two_statements_is_written_once_at_the_wider_marking() -> None:
    green = statement(TEXT, tlp=Tlp.GREEN)
    clear = statement(TEXT + "\nA second text.")
    bundle = bundle_of(StatementRefs(green), StatementRefs(clear))
    reports = objects(bundle, "report")
    assert len(reports) == 2 and reports[0]["object_refs"] == reports[1]["object_refs"]
    (issuer,) = [
        obj for obj in objects(bundle, "identity") if obj["id"] in reports[0]["object_refs"]
    ]
    assert issuer["object_marking_refs"] == [TLP2_MARKING_IDS[Tlp.CLEAR]]


@pytest.mark.parametrize(
    ("tlp", "classification", "max_tlp"),
    [
        (Tlp.CLEAR, Classification.RESTREINT_UE, Tlp.RED),
        (Tlp.RED, None, Tlp.AMBER_STRICT),
        (Tlp.AMBER, None, Tlp.GREEN),
    ],
)
def test_classified_statements_and_those_above_the_ceiling_are_withheld(
    tlp: Tlp, classification: Classification | None, max_tlp: Tlp
) -> None:
    kept = statement(TEXT)
    hidden = statement(TEXT + "\nHidden.", tlp=tlp, classification=classification)
    bundle = bundle_of(StatementRefs(kept), StatementRefs(hidden), max_tlp=max_tlp)
    (report,) = objects(bundle, "report")
    assert hidden.sha256 not in json.dumps(bundle)
    assert kept.sha256 in json.dumps(report)


def test_the_export_is_byte_stable() -> None:
    entry = StatementRefs(statement(TEXT, url="https://example.org/conclusions"))
    first = export_bundle([], [], max_tlp=Tlp.CLEAR, id_namespace=NAMESPACE, statements=[entry])
    again = export_bundle([], [], max_tlp=Tlp.CLEAR, id_namespace=NAMESPACE, statements=[entry])
    assert first == again


def test_a_text_past_the_limit_is_cut_at_a_paragraph_with_a_note() -> None:
    paragraph = "The Council condemns the activity. " * 40
    long = statement("\n\n".join([paragraph] * 30), url="https://example.org/act")
    assert len(long.text) > 30_000
    cut = report_description(long, limit=30_000)
    assert len(cut) < 30_000 + 300
    kept, note = cut.split("\n\n[Cut at ")
    assert long.text.startswith(kept) and kept.endswith("activity.")
    assert "https://example.org/act" in note and long.sha256 in note
    short = statement(TEXT)
    assert report_description(short) == TEXT
    assert len(report_description(statement("word " * DESCRIPTION_LIMIT))) < DESCRIPTION_LIMIT + 300
