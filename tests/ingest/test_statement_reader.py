"""The statement reader: what it reads from official texts, with evidence for every item."""

from __future__ import annotations

from pathlib import Path

import pytest

from cdtoolbox.ingest.bundled import bundled_incident_documents
from cdtoolbox.ingest.statements import IncidentName, IncidentNames, StatementReader
from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.model.statement import AttributionStrength, Evidence, MeasureKind, StatementReading
from cdtoolbox.model.statement_codec import reading_to_dict

LABELLED = Path(__file__).parent.parent / "data" / "statements"
VIASAT = LABELLED / "train" / "viasat-2022-en.txt"


@pytest.fixture(scope="module")
def reader(knowledge: KnowledgeBase) -> StatementReader:
    return StatementReader.from_knowledge(knowledge)


@pytest.fixture(scope="module")
def incidents(reader: StatementReader) -> IncidentNames:
    return reader.incident_names(
        IncidentName(str(document["slug"]), str(document["title"]))
        for document in bundled_incident_documents()
    )


def strengths(reading: StatementReading) -> dict[str | None, str]:
    return {item.state: item.strength.value for item in reading.attributions}


def test_the_viasat_declaration_reads_as_the_eus_first_explicit_attribution(
    reader: StatementReader, incidents: IncidentNames
) -> None:
    reading = reader.read(VIASAT.read_text("utf-8"), incidents)
    assert reading.instrument.id == "stability.hr_declaration"
    assert reading.issuer.kind.value == "hr-on-behalf-of-eu"
    assert strengths(reading) == {"RU": "explicit"}
    assert [item.id for item in reading.targets.countries] == ["UA"]
    assert [item.id for item in reading.incidents] == ["viasat-ka-sat-2022"]
    assert reading.date is not None and reading.date.value.isoformat() == "2022-05-10"
    assert reading.language == "en"
    [attribution] = reading.attributions
    assert "conducted by the Russian Federation" in attribution.evidence[0].quote


def every_evidence(reading: StatementReading) -> list[Evidence]:
    found: list[Evidence] = []
    for value in (reading.date, reading.issuer, reading.instrument):
        found.extend(getattr(value, "evidence", ()))
    for group in (
        reading.aligned,
        reading.incidents,
        reading.actors,
        reading.attributions,
        reading.targets.countries,
        reading.targets.sectors,
        reading.norms,
        reading.law,
        reading.measures,
    ):
        for item in group:
            found.extend(item.evidence)
    return found


@pytest.mark.parametrize("path", sorted(LABELLED.glob("*/*.txt")), ids=lambda path: path.name)
def test_every_item_quotes_the_words_at_its_offsets(
    reader: StatementReader, incidents: IncidentNames, path: Path
) -> None:
    text = path.read_text("utf-8")
    reading = reader.read(text, incidents)
    evidence = every_evidence(reading)
    assert evidence
    for item in evidence:
        assert text[item.start : item.end] == item.quote
    assert reader.read(text, incidents) == reading  # deterministic


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("We condemn the cyber-attack conducted by the Russian Federation.", {"RU": "explicit"}),
        ("The campaign by the Russia-controlled APT28 hit Germany.", {"RU": "explicit"}),
        (
            "These activities were undertaken from the territory of China.",
            {"CN": "territorial"},
        ),
        ("Member States associated these activities with the Russian State.", {"RU": "associated"}),
        (
            "The EU notes the United States' assessment that it was conducted by Iran.",
            {"IR": "relayed"},
        ),
        ("Cette cyberactivité a été menée par la Fédération de Russie.", {"RU": "explicit"}),
        ("Ces activités ont été menées depuis le territoire de la Chine.", {"CN": "territorial"}),
        ("Des États membres les ont associées à l'État russe.", {"RU": "associated"}),
        ("The EU condemns malicious cyber activities against Ukraine.", {}),
    ],
)
def test_the_attribution_ladder(
    reader: StatementReader, sentence: str, expected: dict[str, str]
) -> None:
    assert strengths(reader.read(sentence)) == expected


def ladder_examples() -> list[tuple[str, str]]:
    """The (strength, example) rows of the ladder in docs/statements.md."""
    document = (Path(__file__).parents[2] / "docs" / "statements.md").read_text("utf-8")
    ladder = document.split("## The attribution ladder")[1].split("\n## ")[0]
    rows = []
    for line in ladder.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0].startswith("`") and cells[2] != "—":
            rows.append((cells[0].strip("`"), cells[2]))
    return rows


def test_the_docs_name_every_strength_of_the_ladder() -> None:
    documented = {strength for strength, _ in ladder_examples()}
    assert documented == {item.value for item in AttributionStrength} - {"none"}


@pytest.mark.parametrize(("strength", "example"), ladder_examples())
def test_docs_examples_read_at_their_strength(
    reader: StatementReader, strength: str, example: str
) -> None:
    assert list(strengths(reader.read(example)).values()) == [strength]


def test_a_state_relaying_is_the_issuer_itself_only_when_it_says_so_in_its_own_name(
    reader: StatementReader,
) -> None:
    sentence = (
        "The Czech Republic has identified the People's Republic of China as responsible "
        "for the campaign against its Ministry of Foreign Affairs."
    )
    eu = reader.read("Statement by the High Representative on behalf of the EU\n\n" + sentence)
    national = reader.read("Ministry of Foreign Affairs of the Czech Republic\n\n" + sentence)
    assert strengths(eu) == {"CN": "relayed"}
    assert strengths(national) == {"CN": "explicit"}
    assert national.issuer.kind.value == "member-state" and national.issuer.country == "CZ"
    assert national.instrument.id == "national-attribution"


def test_a_national_office_not_naming_its_country_speaks_for_the_state_it_names_as_subject(
    reader: StatementReader,
) -> None:
    body = (
        "A campaign against providers in Finland was conducted by the Chinese Ministry of "
        "State Security.\n\nFinland attributes this campaign. Finland condemns it."
    )
    reading = reader.read("National Cyber Security Centre\n\n" + body)
    assert reading.issuer.kind.value == "member-state" and reading.issuer.country == "FI"
    assert reading.instrument.id == "national-attribution"
    # Two States as often the subject of a sentence: the office's country is not guessed.
    tied = reader.read(
        "National Cyber Security Centre\n\nFinland condemns the campaign. China denies it."
    )
    assert tied.issuer.kind.value == "other"


def test_an_agency_named_in_the_heading_is_its_states_even_beside_a_victim_ministry(
    reader: StatementReader,
) -> None:
    reading = reader.read(
        "Espionage at the Ministry of Defence of Georgia\n\n"
        "General Intelligence and Security Service (AIVD)\n\n"
        "The intrusion was conducted by a state-sponsored actor from the People's Republic of "
        "China."
    )
    assert reading.issuer.country == "NL" and reading.issuer.kind.value == "member-state"
    assert strengths(reading) == {"CN": AttributionStrength.ASSOCIATED.value}
    assert reading.instrument.id == "national-attribution"


def test_a_state_affiliated_actor_attributes_only_an_association(
    reader: StatementReader,
) -> None:
    reading = reader.read("The UK exposed campaigns by Chinese state-affiliated actors.")
    assert strengths(reading) == {"CN": AttributionStrength.ASSOCIATED.value}


def test_actors_are_read_by_any_alias_on_word_boundaries_and_never_from_common_words(
    reader: StatementReader,
) -> None:
    reading = reader.read(
        "Advanced Persistent Threat 40 and Fancy Bear struck, as did APT-31. Silence fell; "
        "Mercury rose. APT280 and xAPT28 are no names."
    )
    assert [item.id for item in reading.actors] == ["APT40", "APT28", "APT31"]


def test_an_alias_several_actors_share_counts_only_for_the_one_named_otherwise(
    reader: StatementReader,
) -> None:
    shared = reader.read("Nobelium struck again.")
    named = reader.read("APT29, which Microsoft calls Nobelium, struck again.")
    assert [item.id for item in shared.actors] == []
    assert [item.id for item in named.actors] == ["APT29"]
    assert len(named.actors[0].evidence) == 2


def test_a_listing_names_who_is_listed_and_a_renewal_its_new_end_dates(
    reader: StatementReader,
) -> None:
    listing = reader.read((LABELLED / "train" / "listing-2025-01-en.txt").read_text("utf-8"))
    assert listing.instrument.id == "restrictive.listing"
    assert {m.subject for m in listing.measures if m.kind is MeasureKind.LISTING} == {
        "Nikolay Alexandrovich KORCHAGIN",
        "Vitaly SHEVCHENKO",
        "Yuriy Fedorovich DENISOV",
    }
    assert listing.attributions == ()
    renewal = reader.read((LABELLED / "train" / "renewal-2025-05-fr.txt").read_text("utf-8"))
    assert renewal.instrument.id == "restrictive.framework_renewal"
    assert {m.until.isoformat() for m in renewal.measures if m.until} == {
        "2028-05-18",
        "2026-05-18",
    }


def test_norms_and_law_are_read_by_their_content_in_english_and_french(
    reader: StatementReader,
) -> None:
    english = reader.read(
        "States should not knowingly allow their territory to be used for malicious "
        "activities, exercise due diligence and ensure the integrity of ICT products and "
        "services and their supply chain, in line with the norms of responsible State behaviour."
    )
    french = reader.read(
        "Nous invitons la Chine à ne pas laisser son territoire être utilisé pour des "
        "cyberactivités malveillantes, dans le respect de la souveraineté des États."
    )
    assert [item.id for item in english.norms] == ["13c", "13i"]
    assert [item.id for item in english.law] == ["law.due_diligence"]
    assert [item.id for item in french.norms] == ["13c"]
    assert [item.id for item in french.law] == ["law.sovereignty"]
    # The generic reference names no norm.
    assert reader.read("Contrary to the norms of responsible State behaviour.").norms == ()


def test_the_date_of_issue_is_the_headings_not_an_events(reader: StatementReader) -> None:
    reading = reader.read("Press release\n1er juin 2021\n\nThe attack of 24 February 2022 …")
    assert reading.date is not None and reading.date.value.isoformat() == "2021-06-01"
    assert reader.read("An attack took place.").date is None


def test_countries_aligning_with_a_declaration_are_read(reader: StatementReader) -> None:
    reading = reader.read(
        "Declaration by the High Representative on behalf of the EU\n\n"
        "The candidate countries North Macedonia, Montenegro and Albania align themselves "
        "with this declaration."
    )
    assert {item.id for item in reading.aligned} == {"MK", "ME", "AL"}


def test_the_json_document_has_exactly_the_documented_keys(
    reader: StatementReader, incidents: IncidentNames
) -> None:
    document = reading_to_dict(reader.read(VIASAT.read_text("utf-8"), incidents))
    assert list(document) == [
        "date",
        "issuer",
        "aligned",
        "language",
        "instrument",
        "incidents",
        "actors",
        "attributions",
        "targets",
        "norms",
        "law",
        "measures",
        "date_origin",
        "evidence",
    ]
    assert document["attributions"][0]["state"] == "RU"
    assert set(document["attributions"][0]) == {"state", "actor", "strength", "evidence"}
    assert set(document["issuer"]) == {"kind", "name", "country"}
    assert set(document["targets"]) == {"countries", "sectors"}
    # Every value the issue of the format names is plain; its places are under `evidence`.
    assert isinstance(document["date"], str) and isinstance(document["instrument"], str)
    assert all(isinstance(slug, str) for slug in document["incidents"])
    assert set(document["evidence"]["incidents"]) == set(document["incidents"])
    assert set(document["evidence"]["targets"]["countries"]) == set(
        document["targets"]["countries"]
    )
