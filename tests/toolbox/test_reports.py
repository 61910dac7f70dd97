"""The decision brief through the Toolbox: what it says about a real incident, that it shows
only what its reader is cleared for and carries the highest marking of what it includes, that
the same store gives the same document, and that a refused brief writes no file."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from cdtoolbox.errors import InvalidInput, NotFound
from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.model import Tlp
from cdtoolbox.model.access import SYSTEM_USER, Role, User
from cdtoolbox.report import BRIEF_SCHEMA, ReportFormat, read_report_format
from cdtoolbox.toolbox import Settings, Toolbox
from toolbox_support import CHEAP_PASSWORDS

NOTPETYA = "notpetya-2017"
AMBER_COPY = "NotPetya as reported by a partner"


@pytest.fixture(scope="module")
def box(initialised_url: str, knowledge: KnowledgeBase) -> Iterator[Toolbox]:
    with Toolbox(
        Settings(initialised_url), knowledge=knowledge, passwords=CHEAP_PASSWORDS
    ) as toolbox:
        yield toolbox


@pytest.fixture(scope="module")
def green(box: Toolbox) -> User:
    return box.users.add(
        by=SYSTEM_USER,
        username="green-reader",
        display_name="Green Reader",
        role=Role.VIEWER,
        clearance=Tlp.GREEN,
    )


@pytest.fixture(scope="module")
def amber_copy(box: Toolbox) -> str:
    """NotPetya again, as a partner's TLP:AMBER record: NotPetya's closest precedent."""
    (document,) = (
        item
        for item in json.loads("".join(box.incidents.export_json(by=SYSTEM_USER)))["incidents"]
        if item["slug"] == NOTPETYA
    )
    copy = {key: value for key, value in document.items() if key not in ("id", "slug")}
    copy.update(title=AMBER_COPY, tlp="amber")
    (added,) = box.incidents.add([copy], by=SYSTEM_USER).created
    return added.slug


def test_the_notpetya_brief_says_how_severe_who_did_it_and_what_to_do(box: Toolbox) -> None:
    brief = box.reports.brief(NOTPETYA, by=SYSTEM_USER)

    assert (brief.schema, brief.slug, brief.tlp, brief.tlp_label) == (
        BRIEF_SCHEMA,
        NOTPETYA,
        "clear",
        "TLP:CLEAR",
    )
    assert brief.severity.level == "critical"
    assert any(d.label == "Economic loss" and d.score == "4 of 4" for d in brief.severity.drivers)
    assert ("Financial loss", "US$ 10,000,000,000") in {(f.label, f.value) for f in brief.facts}
    assert brief.attribution.states == ("Russia (RU), named by United Kingdom, United States",)
    assert [claim.party for claim in brief.attribution.claims] == [
        "United Kingdom",
        "United States",
        "United States",
        "Council of the European Union",
    ]
    top = brief.options[0]
    assert (top.rank, top.instrument_id, top.decision_rule) == (
        1,
        "restrictive.listing",
        "needs the unanimity of the Member States",
    )
    assert "Power grid attack in western Ukraine (BlackEnergy)" in {p.title for p in top.precedents}
    assert brief.response_level == "EU restrictive measures"
    assert {n.id for n in brief.norms} >= {"13f", "13i"}
    # Every note is cited, numbered in order, and every citation has its note.
    numbers = [note.number for note in brief.notes]
    assert numbers == list(range(1, len(numbers) + 1))
    cited = set(brief.what_happened_notes)
    cited.update(n for claim in brief.attribution.claims for n in claim.notes)
    assert cited == set(numbers)


def test_the_same_store_gives_byte_identical_documents(
    box: Toolbox, initialised_url: str, knowledge: KnowledgeBase
) -> None:
    with Toolbox(Settings(initialised_url), knowledge=knowledge) as other:
        for kind in ReportFormat:
            first = box.reports.brief_document(NOTPETYA, kind, by=SYSTEM_USER)
            assert first == other.reports.brief_document(NOTPETYA, kind, by=SYSTEM_USER), kind
    document = json.loads(box.reports.brief_document(NOTPETYA, ReportFormat.JSON, by=SYSTEM_USER))
    assert document["schema"] == BRIEF_SCHEMA
    assert document["severity"]["level"] == "critical"


def test_a_brief_carries_the_highest_marking_of_the_precedents_it_cites(
    box: Toolbox, green: User, amber_copy: str
) -> None:
    cleared = box.reports.brief(NOTPETYA, by=SYSTEM_USER)
    assert AMBER_COPY in {p.title for p in cleared.precedents}
    assert (cleared.tlp, cleared.tlp_label) == ("amber", "TLP:AMBER")
    html = box.reports.brief_document(NOTPETYA, ReportFormat.HTML, by=SYSTEM_USER).decode()
    assert 'content: "TLP:AMBER"' in html

    # A reader cleared for TLP:GREEN gets the brief without the amber precedent, marked CLEAR.
    seen = box.reports.brief(NOTPETYA, by=green)
    assert AMBER_COPY not in {p.title for p in seen.precedents}
    assert (
        AMBER_COPY
        not in box.reports.brief_document(NOTPETYA, ReportFormat.MARKDOWN, by=green).decode()
    )
    assert seen.tlp == "clear"


def test_an_incident_above_the_readers_clearance_is_not_found_like_a_missing_one(
    box: Toolbox, green: User, amber_copy: str
) -> None:
    with pytest.raises(NotFound) as hidden:
        box.reports.brief(amber_copy, by=green)
    with pytest.raises(NotFound) as missing:
        box.reports.brief("no-such-incident", by=green)
    assert str(hidden.value).replace(amber_copy, "KEY") == str(missing.value).replace(
        "no-such-incident", "KEY"
    )
    assert box.reports.brief(amber_copy, by=SYSTEM_USER).tlp == "amber"


def test_write_brief_replaces_the_file_whole_and_leaves_it_untouched_on_a_refusal(
    box: Toolbox, tmp_path: Path
) -> None:
    target = tmp_path / "brief.json"
    target.write_text("previous")
    with pytest.raises(NotFound):
        box.reports.write_brief("no-such-incident", ReportFormat.JSON, target, by=SYSTEM_USER)
    assert target.read_text() == "previous"

    size = box.reports.write_brief(NOTPETYA, ReportFormat.JSON, target, by=SYSTEM_USER)
    written = target.read_bytes()
    assert len(written) == size
    assert written == box.reports.brief_document(NOTPETYA, ReportFormat.JSON, by=SYSTEM_USER)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["brief.json"]


@pytest.mark.parametrize(
    ("where", "reason"),
    [
        ("missing/brief.md", "is in a folder that does not exist"),
        (".", "is a folder, not a file"),
    ],
)
def test_an_output_path_that_cannot_be_written_is_refused_before_anything_is_made(
    box: Toolbox, tmp_path: Path, where: str, reason: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        box.reports.write_brief(NOTPETYA, ReportFormat.MARKDOWN, tmp_path / where, by=SYSTEM_USER)
    assert (refused.value.field, refused.value.reason) == ("output", reason)
    assert not (tmp_path / "missing").exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write to any folder")
def test_a_folder_without_write_permission_is_refused(box: Toolbox, tmp_path: Path) -> None:
    tmp_path.chmod(0o500)
    try:
        with pytest.raises(InvalidInput, match="may not write"):
            box.reports.write_brief(
                NOTPETYA, ReportFormat.MARKDOWN, tmp_path / "brief.md", by=SYSTEM_USER
            )
    finally:
        tmp_path.chmod(0o700)


def test_an_unknown_format_is_refused_naming_the_known_ones() -> None:
    assert read_report_format(" PDF ") is ReportFormat.PDF
    with pytest.raises(InvalidInput) as refused:
        read_report_format("docx")
    assert str(refused.value) == "report `format`: 'docx' is not one of html, pdf, md, json"


def test_docs_reports_describe_every_key_of_the_json_brief(box: Toolbox) -> None:
    """docs/reports.md promises readers the JSON layout: a key added to the brief without a
    row there fails here."""
    document = json.loads(box.reports.brief_document(NOTPETYA, ReportFormat.JSON, by=SYSTEM_USER))
    docs = (Path(__file__).resolve().parents[2] / "docs" / "reports.md").read_text("utf-8")
    assert f"`schema`: `{BRIEF_SCHEMA}`" in docs
    nested = {
        key: sorted(document[key][0] if isinstance(document[key], list) else document[key])
        for key in ("facts", "severity", "attribution", "norms", "law", "options", "notes")
    }
    nested["claims"] = sorted(document["attribution"]["claims"][0])
    nested["precedents"] = sorted(document["precedents"][0])
    for key in (*document, *(field for fields in nested.values() for field in fields)):
        assert f"`{key}`" in docs, key


def test_a_brief_on_a_member_states_own_conduct_points_to_the_internal_procedures(
    box: Toolbox,
) -> None:
    """The Toolbox is external action: spyware a Member State's authorities turned on their
    own citizens gets no option, and the brief says why and which procedures answer it."""
    (added,) = box.incidents.add(
        [
            {
                "title": "Spyware against journalists attributed to a Member State's authorities",
                "summary": "Researchers found Pegasus on the phones of journalists and lawyers.",
                "start": "2019",
                "types": ["espionage"],
                "victims": {"countries": ["HU"], "sectors": ["media", "civil-society"]},
                "attributions": [
                    {
                        "by": {"kind": "researcher", "name": "Citizen Lab"},
                        "state": "HU",
                        "basis": ["technical"],
                        "public": True,
                    }
                ],
            }
        ],
        by=SYSTEM_USER,
    ).created
    brief = box.reports.brief(added.slug, by=SYSTEM_USER)
    assert (brief.response_level, brief.options) == ("no political response", ())
    assert any("Hungary (HU), an EU Member State" in r for r in brief.response_level_reasons)
    names = [procedure.name for procedure in brief.internal_procedures]
    assert "European Parliament committee of inquiry" in names
    cited = {n for procedure in brief.internal_procedures for n in procedure.notes}
    assert cited and cited <= {note.number for note in brief.notes}
    for kind in (ReportFormat.HTML, ReportFormat.MARKDOWN):
        text = box.reports.brief_document(added.slug, kind, by=SYSTEM_USER).decode()
        assert "Internal procedures instead of the Toolbox" in text, kind
        assert "European Parliament committee of inquiry" in text, kind
        assert "an EU Member State" in text, kind
        assert "No Toolbox option is recommended." in text, kind
    document = json.loads(box.reports.brief_document(added.slug, ReportFormat.JSON, by=SYSTEM_USER))
    assert document["internal_procedures"][0]["name"] == names[0]
