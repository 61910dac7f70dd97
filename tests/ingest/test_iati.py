"""IATI 2.03 activity XML: what the reader refuses (naming the activity and the element),
and the hostile files it never expands, fetches or parses."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cdtoolbox.errors import InvalidInput
from cdtoolbox.ingest.iati import MAX_BYTES, IatiActivity, write_activities
from cdtoolbox.ingest.iati import read_activities as read_with_regions
from cdtoolbox.knowledge.dac_sectors import dac_codelists
from cdtoolbox.knowledge.iati_codelists import iati_codelists
from cdtoolbox.model.capacity import CapacityProject, CapacityTheme, ProjectStatus

REGIONS = ("eastern-partnership", "western-balkans", "latin-america-caribbean")


def read_activities(data: bytes) -> list[IatiActivity]:
    """The reader, given two of the register's region ids."""
    return read_with_regions(data, regions=REGIONS)


ACTIVITY = """<?xml version="1.0" encoding="UTF-8"?>
<iati-activities version="2.03" generated-datetime="2026-12-01T10:00:00Z">
 <iati-activity last-updated-datetime="2026-11-30T10:00:00Z" xml:lang="en"
   default-currency="EUR">
  <iati-identifier>XM-EXAMPLE-cyber-skills-ge</iati-identifier>
  <reporting-org ref="XM-EXAMPLE" type="10"><narrative>Example donor</narrative></reporting-org>
  <title><narrative>Cyber skills for Georgia</narrative></title>
  <description type="1"><narrative>Training for Georgia's CERT.</narrative></description>
  <participating-org role="1" type="10"><narrative>European Union</narrative></participating-org>
  <participating-org role="4" type="21">
   <narrative>An implementing agency</narrative>
  </participating-org>
  <activity-status code="2"/>
  <activity-date type="1" iso-date="2025-01-01"/>
  <activity-date type="2" iso-date="2025-02-01"/>
  <activity-date type="3" iso-date="2027-12-31"/>
  <recipient-country code="GE" percentage="100"/>
  <sector vocabulary="99" code="skills"><narrative>Skills and awareness</narrative></sector>
  <sector vocabulary="99" code="incident-response"/>
  <budget type="1" status="1">
   <period-start iso-date="2025-01-01"/><period-end iso-date="2027-12-31"/>
   <value currency="EUR" value-date="2025-01-01">1500000</value>
  </budget>
  <document-link format="text/html" url="https://example.org/cyber-skills">
   <title><narrative>Project page</narrative></title><category code="A12"/>
  </document-link>
  <result type="2" aggregation-status="1">
   <title><narrative>CERT staff trained</narrative></title>
  </result>
 </iati-activity>
</iati-activities>
"""


def test_an_activity_written_by_hand_after_the_standard_reads() -> None:
    [activity] = read_activities(ACTIVITY.encode())
    project = activity.project
    assert activity.identifier == "XM-EXAMPLE-cyber-skills-ge"
    assert project.id == "cyber-skills-ge" and project.funder == "European Union"
    assert project.themes == (CapacityTheme.SKILLS, CapacityTheme.INCIDENT_RESPONSE)
    assert project.partner_countries == ("GE",) and project.budget_eur == 1_500_000
    assert project.starts_on is not None and project.starts_on.isoformat() == "2025-02-01"
    assert project.ends_on is not None and project.ends_on.isoformat() == "2027-12-31"
    assert project.status is ProjectStatus.ONGOING
    assert project.outcomes == ("CERT staff trained",)
    assert project.sources == ("https://example.org/cyber-skills",)
    assert project.note == "Training for Georgia's CERT."


@pytest.mark.parametrize(
    ("old", "new", "field", "value"),
    [
        ('<activity-status code="2"/>', "", "activity-status", None),
        (
            '<activity-status code="2"/>',
            '<activity-status code="9"/>',
            "activity-status/@code",
            "9",
        ),
        (
            'currency="EUR" value-date',
            'currency="Euro" value-date',
            "budget/value/@currency",
            "Euro",
        ),
        (' value-date="2025-01-01"', "", "value/@value-date", None),
        ('<period-end iso-date="2027-12-31"/>', "", "budget/period-end", None),
        (">1500000<", ">-1<", "budget/value", "-1"),
        ('code="skills"', 'code="gardening"', "sector/@code", "gardening"),
        (
            'vocabulary="99" code="skills"',
            'vocabulary="13" code="11110"',
            "sector/@vocabulary",
            "13",
        ),
        ('vocabulary="99" code="skills"', 'vocabulary="1" code="99999"', "sector/@code", "99999"),
        ('vocabulary="99" code="skills"', 'vocabulary="2" code="15130"', "sector/@code", "15130"),
        (
            'type="1" iso-date="2025-01-01"',
            'type="7" iso-date="2025-01-01"',
            "activity-date/@type",
            "7",
        ),
        ('iso-date="2025-02-01"', 'iso-date="1 Feb 2025"', "activity-date/@iso-date", "1 Feb 2025"),
        ("<title><narrative>Cyber skills for Georgia</narrative></title>", "", "title", None),
    ],
)
def test_a_missing_element_or_a_code_outside_its_codelist_is_refused_naming_both(
    old: str, new: str, field: str, value: object
) -> None:
    assert old in ACTIVITY
    with pytest.raises(InvalidInput) as refused:
        read_activities(ACTIVITY.replace(old, new, 1).encode())
    assert refused.value.location == "XM-EXAMPLE-cyber-skills-ge"
    assert (refused.value.field, refused.value.value) == (field, value)


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<iati-activities version="2.03"><iati-activity>
<iati-identifier>&lol9;</iati-identifier></iati-activity></iati-activities>
"""


def test_entity_expansion_is_refused_without_expanding(tmp_path: object) -> None:
    with pytest.raises(InvalidInput) as refused:
        read_activities(BILLION_LAUGHS.encode())
    assert refused.value.field == "DOCTYPE"


def test_an_external_entity_is_never_resolved(tmp_path: pytest.TempPathFactory) -> None:
    secret = tmp_path / "secret.txt"  # type: ignore[operator]
    secret.write_text("TOP-SECRET-CONTENT")
    hostile = f"""<?xml version="1.0"?>
<!DOCTYPE iati-activities [<!ENTITY xxe SYSTEM "file://{secret}">]>
<iati-activities version="2.03"><iati-activity>
<iati-identifier>&xxe;</iati-identifier></iati-activity></iati-activities>
"""
    with pytest.raises(InvalidInput) as refused:
        read_activities(hostile.encode())
    assert "TOP-SECRET-CONTENT" not in str(refused.value)
    assert refused.value.field == "DOCTYPE"


def test_a_file_above_the_limit_is_refused_before_it_is_parsed() -> None:
    oversized = b"<iati-activities>" + b" " * (MAX_BYTES + 1)
    with pytest.raises(InvalidInput) as refused:
        read_activities(oversized)
    assert refused.value.field == "size" and refused.value.value == len(oversized)


def test_malformed_xml_is_refused() -> None:
    with pytest.raises(InvalidInput) as refused:
        read_activities(b"<iati-activities version='2.03'><iati-activity>")
    assert refused.value.field == "xml"


def test_what_the_writer_writes_the_reader_reads_back_unchanged() -> None:
    project = CapacityProject(
        id="moldova-resilience",
        title="Cyber resilience for Moldova",
        funder="European Union",
        themes=(CapacityTheme.CRISIS_MANAGEMENT,),
        sources=("https://example.org/md",),
        instrument="NDICI-Global Europe",
        implementers=("Agency A", "Agency B"),
        partner_countries=("MD",),
        region="eastern-partnership",
        budget_eur=2_000_000,
        starts_on=date(2025, 1, 1),
        status=ProjectStatus.UNKNOWN,
        outcomes=("Crisis plan adopted",),
        note="Budget as announced.",
    )
    written = write_activities([project], "XM-EXAMPLE", "Example donor")
    [activity] = read_activities(written)
    assert activity.project == project


HANDWRITTEN = Path(__file__).parents[1] / "data" / "iati" / "handwritten-activity.xml"


def test_the_handwritten_activity_file_after_the_standards_example_reads() -> None:
    first, second = read_activities(HANDWRITTEN.read_bytes())
    project = first.project
    assert first.identifier == "AA-AAA-123456789-CYB-001" and project.id == "CYB-001"
    # DAC 15130 (legal and judicial development) and 15210 (security system reform) map to
    # themes; 22040 (ICT) to none.
    assert project.themes == (
        CapacityTheme.CYBERCRIME_LAW,
        CapacityTheme.E_EVIDENCE,
        CapacityTheme.NATIONAL_STRATEGY,
    )
    assert project.funder == "European Union" and project.implementers == ("Council of Europe",)
    assert project.partner_countries == ("MD", "GE")
    # 2025's original budget and 2026's revised one (in the activity's default currency).
    assert project.budget_eur == 600_000 + 750_000
    assert (project.starts_on, project.ends_on) == (date(2025, 2, 1), date(2026, 12, 31))
    assert project.outcomes == ("Cybercrime law adopted in Moldova",)
    # Only ICT, in the default vocabulary; a budget in US dollars; a funder named by its ref.
    other = second.project
    assert other.themes == () and other.budget_eur is None
    assert other.funder == "BB-BBB-123456789" and other.status is ProjectStatus.UNKNOWN
    assert other.note is not None
    assert "Budget given in USD, not recorded" in other.note
    assert "22040 Information and communication technology (ICT)" in other.note


def test_every_activity_status_date_type_and_organisation_role_of_the_standard_reads() -> None:
    for status in "123456":
        changed = ACTIVITY.replace(
            '<activity-status code="2"/>', f'<activity-status code="{status}"/>'
        )
        assert read_activities(changed.encode())
    only_planned = ACTIVITY.replace('<activity-date type="2" iso-date="2025-02-01"/>', "")
    [activity] = read_activities(only_planned.encode())
    assert activity.project.starts_on == date(2025, 1, 1)
    for role in "1234":
        extra = f'<participating-org role="{role}" ref="XM-OTHER"/>'
        changed = ACTIVITY.replace("<activity-status", extra + "<activity-status", 1)
        assert read_activities(changed.encode())


def test_a_budget_given_twice_for_a_period_is_refused() -> None:
    budget = ACTIVITY.split("<budget", 1)[1].split("</budget>", 1)[0]
    twice = ACTIVITY.replace("</budget>", "</budget><budget" + budget + "</budget>", 1)
    with pytest.raises(InvalidInput) as refused:
        read_activities(twice.encode())
    assert refused.value.field == "budget" and "twice" in refused.value.reason


EXAMPLE = Path(__file__).parents[1] / "data" / "iati" / "example-2.03-activity.xml"
EXAMPLE_ID = "AA-AAA-123456789-CYB-LAC-01"


def _example(old: str = "", new: str = "") -> bytes:
    text = EXAMPLE.read_text()
    assert old in text
    return text.replace(old, new, 1).encode()


def test_an_activity_written_after_the_published_2_03_example_reads_whole() -> None:
    """Every element the example uses is read or left aside; none is refused."""
    [activity] = read_activities(_example())
    project = activity.project
    assert activity.identifier == EXAMPLE_ID and project.id == "CYB-LAC-01"
    assert project.title == "Cyber incident response teams for South America"
    assert project.funder == "European Union"
    assert project.implementers == ("Example cyber security institute",)
    assert project.partner_countries == ("CO", "PE")
    # The region in the reporting organisation's vocabulary names a region of the register.
    assert project.region == "latin-america-caribbean"
    assert project.budget_eur == 800_000 + 1_700_000
    assert (project.starts_on, project.ends_on) == (date(2023, 3, 1), date(2026, 2, 27))
    assert project.status is ProjectStatus.COMPLETED
    assert project.outcomes == ("National CSIRTs handle incidents on their own",)
    assert project.sources == ("https://www.example.org/docs/csirt-report-2023.odt",)
    # DAC categories 111 and 112 are valid codes that map to no theme; the sectors in the
    # publisher's own vocabularies (98 and 99 with its vocabulary-uri) are not the themes.
    assert project.themes == ()
    assert project.note is not None
    assert (
        "No theme derived: the activity's sectors (111 I.1.a. Education, level nnspecified; "
        "112 I.1.b. Basic education) map to no capacity-building theme." in project.note
    )
    # The OECD DAC region is named in the note, never made the project's region.
    assert "Recipient region 489 (South America, regional; OECD DAC)." in project.note


def test_each_recipient_region_is_the_project_region_or_named_in_the_note() -> None:
    own = (
        '<recipient-region code="latin-america-caribbean" vocabulary="99" '
        'vocabulary-uri="http://example.com/vocab.html" percentage="100"/>'
    )
    several = (
        '<recipient-region code="150" vocabulary="2"/>'
        '<recipient-region code="A1" vocabulary="99" '
        'vocabulary-uri="http://example.com/vocab.html"/>'
        '<recipient-region code="western-balkans" vocabulary="99"/>'
        '<recipient-region code="eastern-partnership" vocabulary="99"/>'
        '<recipient-region code="89"/>'
    )
    [activity] = read_activities(_example(own, several))
    project = activity.project
    # The first region of the register's own; every other one named as the file gives it.
    assert project.region == "western-balkans"
    assert project.note is not None
    for named in (
        "Recipient region 489 (South America, regional; OECD DAC).",
        "Recipient region 150 (UN M49).",
        "Recipient region A1 (the reporting organisation's own vocabulary, "
        "http://example.com/vocab.html).",
        "Recipient region eastern-partnership (a region of this register).",
        # A region naming no vocabulary is in IATI's default one, the OECD DAC regions.
        "Recipient region 89 (Europe, regional; OECD DAC).",
    ):
        assert named in project.note
    only_dac = read_activities(_example(own))[0].project
    assert only_dac.region is None and only_dac.partner_countries == ("CO", "PE")


def _drop(element: str) -> tuple[str, str]:
    """The example's first ``element`` (through its closing tag), to remove."""
    text = EXAMPLE.read_text()
    start = text.index(f"<{element}")
    end = text.index(f"</{element}>", start) + len(f"</{element}>")
    return text[start:end], ""


@pytest.mark.parametrize(
    ("old", "new", "field", "value", "reason"),
    [
        (*_drop("title"), "title", None, "is required by IATI 2.03"),
        (*_drop("reporting-org"), "reporting-org", None, "is required by IATI 2.03"),
        # The example's first participating-org is its only funder.
        (
            *_drop("participating-org"),
            "participating-org",
            None,
            "with role 1 (funding) is required",
        ),
        ('<activity-status code="4"/>', "", "activity-status", None, "is required by IATI 2.03"),
        (
            # Without a vocabulary-uri, the reporting organisation's vocabulary is the themes.
            '<sector vocabulary="99" vocabulary-uri="http://example.com/vocab.html" code="B2"',
            '<sector vocabulary="99" code="B2"',
            "sector/@code",
            "B2",
            "is not a known value",
        ),
        (
            '<sector vocabulary="2" code="111"',
            '<sector vocabulary="2" code="119"',
            "sector/@code",
            "119",
            "is not a code of the IATI SectorCategory codelist (sector vocabulary 2)",
        ),
        (
            '<sector vocabulary="2" code="111"',
            '<sector vocabulary="1" code="15140"',
            "sector/@code",
            "15140",
            "was withdrawn from the IATI Sector codelist (sector vocabulary 1)",
        ),
        (
            '<sector vocabulary="98"',
            '<sector vocabulary="97"',
            "sector/@vocabulary",
            "97",
            "is not a code of the IATI SectorVocabulary codelist",
        ),
        (
            'code="489" vocabulary="1"',
            'code="487" vocabulary="1"',
            "recipient-region/@code",
            "487",
            "is not a code of the IATI Region codelist",
        ),
        (
            'code="489" vocabulary="1"',
            'code="489" vocabulary="3"',
            "recipient-region/@vocabulary",
            "3",
            "is not a code of the IATI RegionVocabulary codelist",
        ),
        (
            'code="489" vocabulary="1"',
            'code="Europe" vocabulary="2"',
            "recipient-region/@code",
            "Europe",
            "is not a UN M49 region code (three digits)",
        ),
        (
            '<activity-status code="4"/>',
            '<activity-status code="7"/>',
            "activity-status/@code",
            "7",
            "is not a code of the IATI ActivityStatus codelist",
        ),
        (
            'role="1" type="40"',
            'role="1" type="41"',
            "participating-org/@type",
            "41",
            "is not a code of the IATI OrganisationType codelist",
        ),
        (
            'role="2" type="10"',
            'role="5" type="10"',
            "participating-org/@role",
            "5",
            "is not a code of the IATI OrganisationRole codelist",
        ),
        (
            '<value currency="EUR" value-date="2023-03-01">800000',
            '<value currency="EEK" value-date="2023-03-01">800000',
            "budget/value/@currency",
            "EEK",
            "was withdrawn from the IATI Currency codelist",
        ),
        (
            '<description type="4">',
            '<description type="5">',
            "description/@type",
            "5",
            "is not a code of the IATI DescriptionType codelist",
        ),
    ],
)
def test_the_example_missing_a_required_element_or_with_a_code_off_its_codelist_is_refused(
    old: str, new: str, field: str, value: object, reason: str
) -> None:
    """Each refusal names the activity, the element or attribute, the value and why."""
    with pytest.raises(InvalidInput) as refused:
        read_activities(_example(old, new))
    assert refused.value.location == EXAMPLE_ID
    assert (refused.value.field, refused.value.value, refused.value.reason) == (
        field,
        value,
        reason,
    )


_SECTORS = iati_codelists()["Sector"]
_REGIONS = iati_codelists()["Region"]
_EXAMPLE_TEXT = EXAMPLE.read_text()


@given(st.sampled_from(sorted(_SECTORS.codes)), st.sampled_from(sorted(_REGIONS.codes)))
def test_any_published_sector_and_region_code_reads(sector: str, region: str) -> None:
    text = _EXAMPLE_TEXT.replace('vocabulary="2" code="111"', f'vocabulary="1" code="{sector}"', 1)
    text = text.replace('code="489" vocabulary="1"', f'code="{region}" vocabulary="1"', 1)
    [activity] = read_activities(text.encode())
    found = dac_codelists().find("1", sector)
    assert found is not None and activity.project.themes == found.themes
    assert activity.project.note is not None
    assert f"Recipient region {region} ({_REGIONS.codes[region]}; OECD DAC)." in (
        activity.project.note
    )


@given(st.text(alphabet="0123456789", min_size=1, max_size=6).filter(_SECTORS.problem))
def test_a_sector_code_off_the_published_list_is_refused(code: str) -> None:
    text = _EXAMPLE_TEXT.replace('vocabulary="2" code="111"', f'vocabulary="1" code="{code}"', 1)
    with pytest.raises(InvalidInput) as refused:
        read_activities(text.encode())
    assert (refused.value.field, refused.value.value) == ("sector/@code", code)
    assert refused.value.reason == f"{_SECTORS.problem(code)} (sector vocabulary 1)"
