from datetime import date

import pytest

from cdtoolbox.errors import InvalidInput, NotFound
from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.knowledge.countries import load_countries
from cdtoolbox.knowledge.datafiles import DataFile, parse_data_file, read_data_file


def test_every_iso_3166_country_is_known(knowledge: KnowledgeBase) -> None:
    countries = knowledge.countries.all()
    assert len(countries) == 249
    assert [country.code for country in countries] == sorted(c.code for c in countries)


def test_the_eu_has_27_members_with_accession_dates(knowledge: KnowledgeBase) -> None:
    members = knowledge.countries.eu_members()
    assert len(members) == 27
    codes = {country.code for country in members}
    assert {"DE", "FR", "HR", "CY"} <= codes
    assert not codes & {"GB", "NO", "CH", "UA"}
    assert knowledge.countries.eu_accession("HR") == date(2013, 7, 1)
    assert knowledge.countries.eu_accession("GB") is None


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("UA", "UA"),
        ("ukr", "UA"),
        ("Ukraine", "UA"),
        ("Russian Federation", "RU"),
        ("Russia", "RU"),
        ("Korea (Democratic People's Republic of)", "KP"),
        ("North Korea", "KP"),
        ("DPRK", "KP"),
        ("Iran (Islamic Republic of)", "IR"),
        ("Korea (Republic of)", "KR"),
        ("South Korea", "KR"),
        ("UK", "GB"),
        ("United Kingdom of Great Britain and Northern Ireland", "GB"),
        ("USA", "US"),
        ("U.S.", "US"),
        ("united states", "US"),
        ("Syria", "SY"),
        ("Venezuela", "VE"),
        ("Vietnam", "VN"),
        ("Taiwan", "TW"),
        ("Moldova", "MD"),
        ("Bolivia", "BO"),
        ("Tanzania", "TZ"),
        ("Laos", "LA"),
        ("Czechia", "CZ"),
        ("Czech Republic", "CZ"),
        ("Türkiye", "TR"),
        ("Turkey", "TR"),
        ("turkiye", "TR"),
        ("The Philippines", "PH"),
        ("Palestine", "PS"),
        ("China", "CN"),
        ("People's Republic of China", "CN"),
    ],
)
def test_countries_resolve_from_codes_and_names(
    knowledge: KnowledgeBase, text: str, code: str
) -> None:
    assert knowledge.countries.resolve(text).code == code
    assert knowledge.country_code(text) == code


def test_an_unknown_country_is_invalid_input_for_the_callers_field(
    knowledge: KnowledgeBase,
) -> None:
    with pytest.raises(InvalidInput) as raised:
        knowledge.countries.resolve("Ukrain", field="victims[2].country")
    assert str(raised.value) == (
        "country `victims[2].country`: 'Ukrain' is not an ISO 3166 country code or name"
    )
    assert knowledge.countries.find("Middle East") is None
    assert knowledge.country_code("Europe") is None


def test_get_is_by_alpha_2_code_only(knowledge: KnowledgeBase) -> None:
    assert knowledge.countries.get("de").alpha3 == "DEU"
    with pytest.raises(NotFound):
        knowledge.countries.get("Germany")


def test_the_misp_country_galaxy_enriches_countries(knowledge: KnowledgeBase) -> None:
    germany = knowledge.countries.get("DE")
    assert germany.eu_member
    assert germany.continent == "Europe"
    assert germany.budapest_convention == "parties"
    assert germany.official_name == "Federal Republic of Germany"
    assert knowledge.countries.get("AQ").continent == "Antarctica"


def _display_names() -> DataFile:
    return read_data_file("country_names.yaml")


def _aliases_file(body: str) -> str:
    return f"version: 1\nsource: test\naliases:\n{body}"


def test_an_alias_contradicting_iso_data_is_refused() -> None:
    aliases = parse_data_file("country_aliases.yaml", _aliases_file("  Germany: FR\n"))
    with pytest.raises(InvalidInput) as raised:
        load_countries([], read_data_file("eu_members.yaml"), aliases, _display_names())
    assert "already names DE" in str(raised.value)
    assert raised.value.location == "country_aliases.yaml"


def test_an_alias_to_an_unknown_code_is_refused() -> None:
    aliases = parse_data_file("country_aliases.yaml", _aliases_file("  Kosovo: XK\n"))
    with pytest.raises(InvalidInput, match="'XK' is not an ISO 3166 country code or name"):
        load_countries([], read_data_file("eu_members.yaml"), aliases, _display_names())


def test_readers_see_the_eu_style_guide_short_names_and_codes(knowledge: KnowledgeBase) -> None:
    countries = knowledge.countries
    assert countries.get("KP").name == "North Korea"
    assert countries.get("KP").iso_name == "Korea, Democratic People's Republic of"
    assert countries.get("TW").name == "Taiwan"
    assert countries.get("RU").name == "Russia"
    assert countries.get("DE").name == "Germany" and countries.get("DE").iso_name is None
    # EL and UK are what the EU shows; the identifier stays the ISO code.
    assert countries.get("GR").display_code == "EL" and countries.get("GR").code == "GR"
    assert countries.get("GB").display_code == "UK"
    assert countries.get("FR").display_code == "FR"
    assert countries.find("EL") == countries.get("GR")
    assert countries.find("Myanmar/Burma") == countries.get("MM")


def test_the_display_codes_read_alone_are_the_catalogues() -> None:
    # A fresh knowledge base: the codes must be read without the catalogue having been built.
    alone = KnowledgeBase()
    codes = dict(alone.country_display_codes)
    assert "countries" not in alone.__dict__
    shown = {c.code: c.display_code for c in alone.countries.all() if c.display_code != c.code}
    assert codes == shown == {"GR": "EL", "GB": "UK"}


def test_no_country_name_has_a_comma(knowledge: KnowledgeBase) -> None:
    """Pages and reports list countries separated by commas."""
    assert [c.name for c in knowledge.countries.all() if "," in c.name] == []


def test_a_display_name_for_an_unknown_code_or_with_a_comma_is_refused() -> None:
    aliases = read_data_file("country_aliases.yaml")
    members = read_data_file("eu_members.yaml")
    head = "version: 1\nsource: test\ncodes: {GR: EL}\nnames:\n"
    unknown = parse_data_file("country_names.yaml", head + "  XK: Kosovo\n")
    with pytest.raises(InvalidInput, match="'XK' is not an ISO 3166 country"):
        load_countries([], members, aliases, unknown)
    comma = parse_data_file("country_names.yaml", head + "  KP: Korea, North\n")
    with pytest.raises(InvalidInput, match="must not contain a comma"):
        load_countries([], members, aliases, comma)
