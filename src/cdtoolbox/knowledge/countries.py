"""Countries: ISO 3166-1 from pycountry, enriched from the MISP country galaxy and data files.

Codes are ISO 3166-1 alpha-2 everywhere data is exchanged; the names and codes a reader sees
follow the EU Interinstitutional Style Guide (``country_names.yaml``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from cdtoolbox.errors import InvalidInput, NotFound
from cdtoolbox.knowledge.aliases import normalise_alias
from cdtoolbox.knowledge.datafiles import DataFile, EntryReader
from cdtoolbox.model import Country

__all__ = ["CountryCatalogue", "display_codes", "load_countries"]

NOT_A_COUNTRY = "is not an ISO 3166 country code or name"

# GeoNames continent codes, as used in the MISP country galaxy's ``Continent`` field.
_CONTINENTS = {
    "AF": "Africa",
    "AN": "Antarctica",
    "AS": "Asia",
    "EU": "Europe",
    "NA": "North America",
    "OC": "Oceania",
    "SA": "South America",
}

_LEADING_ARTICLE = re.compile(r"^\s*the\s+", re.IGNORECASE)


class CountryCatalogue:
    """Every ISO 3166-1 country, looked up by code or by any of its names."""

    def __init__(
        self,
        countries: Iterable[Country],
        names: Mapping[str, str],
        accessions: Mapping[str, date],
        populations: Mapping[str, int] | None = None,
    ) -> None:
        self._by_code = {country.code: country for country in sorted(countries, key=_code)}
        self._names = dict(names)  # normalised name or code -> alpha-2
        self._accessions = dict(accessions)
        self._populations = dict(populations or {})

    def __len__(self) -> int:
        return len(self._by_code)

    def all(self) -> tuple[Country, ...]:
        """Every country, ordered by alpha-2 code."""
        return tuple(self._by_code.values())

    def get(self, code: str) -> Country:
        """The country with this alpha-2 code (any case)."""
        country = self._by_code.get(code.strip().upper())
        if country is None:
            raise NotFound("country", code, "use an ISO 3166-1 alpha-2 code such as DE or UA")
        return country

    def find(self, text: str) -> Country | None:
        """The country ``text`` names (alpha-2, alpha-3, name or common short name), if any."""
        code = self._names.get(normalise_alias(text))
        if code is None:
            code = self._names.get(normalise_alias(_LEADING_ARTICLE.sub("", text)))
        return self._by_code[code] if code else None

    def resolve(self, text: str, field: str = "country") -> Country:
        """Like ``find``, but an unknown name is an ``InvalidInput`` for ``field``."""
        country = self.find(text)
        if country is None:
            raise InvalidInput("country", field, text, NOT_A_COUNTRY)
        return country

    def eu_members(self) -> tuple[Country, ...]:
        return tuple(country for country in self._by_code.values() if country.eu_member)

    def eu_accession(self, code: str) -> date | None:
        """When the country joined the EU; ``None`` for non-members."""
        return self._accessions.get(self.get(code).code)

    def eu_population(self, code: str) -> int | None:
        """A Member State's population in thousands (see eu_members.yaml); None for others."""
        return self._populations.get(self.get(code).code)


def _code(country: Country) -> str:
    return country.code


def load_countries(
    galaxy_entries: Iterable[Mapping[str, Any]],
    eu_members: DataFile,
    aliases: DataFile,
    display_names: DataFile,
) -> CountryCatalogue:
    """Build the catalogue from pycountry, the MISP ``country`` galaxy and our three data files.

    ``galaxy_entries`` are the galaxy's cluster values as dicts (``value``, ``meta``); entries
    without an ISO 3166-1 code known to pycountry (e.g. Kosovo) are ignored.
    """
    # Imported here: a command that only shows codes (display_codes) never reads ISO 3166.
    import pycountry

    galaxy_meta = {
        str(meta["ISO"]).upper(): meta
        for entry in galaxy_entries
        if isinstance(meta := entry.get("meta"), Mapping) and meta.get("ISO")
    }
    accessions, populations = _read_members(eu_members)
    short_names, eu_codes = _read_display_names(display_names)
    countries: list[Country] = []
    names: dict[str, str] = {}
    for record in pycountry.countries:
        meta = galaxy_meta.get(record.alpha_2, {})
        continent = meta.get("Continent")
        short_name = short_names.pop(record.alpha_2, None)
        countries.append(
            Country(
                code=record.alpha_2,
                alpha3=record.alpha_3,
                name=short_name or record.name,
                official_name=getattr(record, "official_name", None),
                eu_member=record.alpha_2 in accessions,
                budapest_convention=meta.get("budapest-convention"),
                continent=_CONTINENTS.get(str(continent)) if continent else None,
                numeric=getattr(record, "numeric", None),
                iso_name=record.name if short_name else None,
                eu_code=eu_codes.pop(record.alpha_2, None),
            )
        )
        for attribute in ("alpha_2", "alpha_3", "name", "official_name", "common_name"):
            value = getattr(record, attribute, None)
            if value:
                # ISO data first: an earlier code or name is never overridden by a later one.
                names.setdefault(normalise_alias(value), record.alpha_2)
        if short_name:
            names.setdefault(normalise_alias(short_name), record.alpha_2)
    unknown = sorted(short_names) or sorted(eu_codes)
    if unknown:
        raise InvalidInput("country name", "code", unknown[0], NOT_A_COUNTRY, display_names.name)
    for code, eu_code in ((c.code, c.eu_code) for c in countries if c.eu_code):
        # "EL" finds Greece; an EU code that is some other country's ISO code would be ambiguous.
        existing = names.setdefault(normalise_alias(eu_code), code)
        if existing != code:
            raise InvalidInput(
                "country name", code, eu_code, f"is the ISO code of {existing}", display_names.name
            )
    known_codes = {country.code for country in countries}
    unknown_members = sorted(set(accessions) - known_codes)
    if unknown_members:
        raise InvalidInput("EU member", "code", unknown_members[0], NOT_A_COUNTRY, eu_members.name)
    _add_aliases(names, aliases, known_codes)
    return CountryCatalogue(countries, names, accessions, populations)


def display_codes(display_names: DataFile) -> dict[str, str]:
    """The codes the EU shows instead of the ISO alpha-2 code (GR: EL, GB: UK), by ISO code.

    The same table the catalogue gives each country as ``eu_code``, read without the catalogue
    for a view that shows stored codes and no names (every other country is shown under its
    ISO code); ``load_countries`` checks it against ISO 3166.
    """
    return _read_display_names(display_names)[1]


def _read_members(data: DataFile) -> tuple[dict[str, date], dict[str, int]]:
    accessions: dict[str, date] = {}
    populations: dict[str, int] = {}
    for reader in data.entries("members", "EU member", id_field="code"):
        code = reader.text("code").upper()
        accessions[code] = reader.date("joined")
        populations[code] = reader.integer("population", 1, 1_000_000)
    return accessions, populations


def _read_display_names(data: DataFile) -> tuple[dict[str, str], dict[str, str]]:
    """The Style Guide short names and EU codes, keyed by ISO alpha-2 code."""
    tables: list[dict[str, str]] = []
    for key in ("names", "codes"):
        section = data.section(key, "country name")
        if not isinstance(section, Mapping):
            raise InvalidInput("country name", key, "(a list)", "must be a mapping", data.name)
        reader = EntryReader(section, "country name", data.name)
        table = {str(code).upper(): reader.text(code) for code in section}
        for code, text in table.items():
            if "," in text:
                # Pages and reports list countries separated by commas.
                raise reader.fail(code, text, "must not contain a comma")
        tables.append(table)
    return tables[0], tables[1]


def _add_aliases(names: dict[str, str], data: DataFile, known_codes: set[str]) -> None:
    section = data.section("aliases", "country alias")
    if not isinstance(section, dict):
        raise InvalidInput("country alias", "aliases", "(a list)", "must be a mapping", data.name)
    reader = EntryReader(section, "country alias", data.name)
    for alias in section:
        code = reader.text(alias).upper()
        if code not in known_codes:
            raise reader.fail(alias, code, NOT_A_COUNTRY)
        key = normalise_alias(str(alias))
        existing = names.setdefault(key, code)
        if existing != code:
            raise reader.fail(alias, code, f"already names {existing} in ISO 3166 data")
