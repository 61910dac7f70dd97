"""A small stand-in for the knowledge base: just enough countries, sectors and actors, for the
readers of incident files and exchange formats."""

from __future__ import annotations

from cdtoolbox.errors import InvalidInput

APT28 = "actor--apt28"
LAZARUS = "actor--lazarus-group"
SANDWORM = "actor--sandworm"

COUNTRIES = {
    "GB": ("GBR", "United Kingdom"),
    "UA": ("UKR", "Ukraine"),
    "US": ("USA", "United States"),
    "KP": ("PRK", "North Korea"),
    "RU": ("RUS", "Russia"),
    "FR": ("FRA", "France"),
    "DE": ("DEU", "Germany"),
    "NO": ("NOR", "Norway"),
    "EE": ("EST", "Estonia"),
    "ES": ("ESP", "Spain"),
}
SECTORS = {
    "health": "Health",
    "energy": "Energy",
    "energy.electricity": "Electricity",
    "public-administration": "Public administration",
    "government.elections": "Elections",
    "transport": "Transport",
}
ACTORS = {
    APT28: ("APT28", "Fancy Bear", "Sofacy", "Strontium", "Team 74"),
    LAZARUS: ("Lazarus Group", "Hidden Cobra"),
    SANDWORM: ("Sandworm", "Voodoo Bear", "Team 74"),
}
ACTOR_NAMES = {actor_id: names[0] for actor_id, names in ACTORS.items()}


class FakeResolver:
    """Resolves case-insensitively, like the knowledge base; ``Team 74`` is ambiguous."""

    def __init__(self) -> None:
        self.country_codes = tuple(COUNTRIES)
        self.sector_ids = tuple(SECTORS)
        self.actor_names = dict(ACTOR_NAMES)
        self.countries = {
            spelling.casefold(): code
            for code, (alpha3, name) in COUNTRIES.items()
            for spelling in (code, alpha3, name)
        }
        self.sectors = {
            spelling.casefold(): sector_id
            for sector_id, name in SECTORS.items()
            for spelling in (sector_id, name)
        }
        self.actors: dict[str, set[str]] = {}
        for actor_id, names in ACTORS.items():
            for spelling in (actor_id, *names):
                self.actors.setdefault(spelling.casefold(), set()).add(actor_id)

    def country_code(self, text: str) -> str | None:
        return self.countries.get(text.strip().casefold())

    def sector_id(self, text: str) -> str | None:
        return self.sectors.get(text.strip().casefold())

    def actor_id(self, text: str) -> str | None:
        matches = self.actors.get(text.strip().casefold(), set())
        if len(matches) > 1:
            names = ", ".join(sorted(ACTOR_NAMES[match] for match in matches))
            raise InvalidInput("actor", "alias", text, f"is an alias of several actors: {names}")
        return next(iter(matches), None)
