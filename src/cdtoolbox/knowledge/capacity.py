"""The bundled capacity-building projects and regions, read from ``capacity.yaml``.

Every project and region names its sources. A partner that is not an ISO 3166-1 country, a
region the file does not define, a theme outside the closed vocabulary, a negative budget or an
end before the start is refused when the file is read.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from cdtoolbox.knowledge.countries import CountryCatalogue
from cdtoolbox.knowledge.datafiles import DataFile, EntryReader
from cdtoolbox.knowledge.diplomacy import Register
from cdtoolbox.model.capacity import (
    CapacityProject,
    CapacityTheme,
    ProjectStatus,
    project_problem,
)

__all__ = ["CapacityRegister", "Region", "load_capacity"]

_PROJECT = "capacity project"


@dataclass(frozen=True)
class Region:
    id: str
    name: str
    countries: tuple[str, ...]  # empty for "global"
    sources: tuple[str, ...]


class CapacityRegister(Register[CapacityProject]):
    """The bundled projects, in file order, and the regions they and the gaps query name."""

    def __init__(
        self,
        projects: Iterable[CapacityProject],
        regions: Mapping[str, Region],
        version: int,
        non_partners: Iterable[Region] = (),
    ) -> None:
        super().__init__(_PROJECT, projects, version)
        self.regions = dict(regions)
        # Groups of States that provide capacity building (the OECD DAC's members), with the
        # sources that say so: no gap is reported for them.
        self.non_partners = tuple(non_partners)

    def provider_states(self) -> frozenset[str]:
        """The States of ``non_partners``: providers of capacity building, not partners."""
        return frozenset(code for group in self.non_partners for code in group.countries)


def load_capacity(data: DataFile, countries: CountryCatalogue) -> CapacityRegister:
    regions: dict[str, Region] = {}
    for reader in data.entries("regions", "region"):
        members = tuple(
            _country(reader, "countries", code, countries)
            for code in reader.texts("countries", required=False)
        )
        region = Region(reader.text("id"), reader.text("name"), members, reader.sources())
        regions[region.id] = region
    non_partners = [
        Region(
            reader.text("id"),
            reader.text("name"),
            tuple(_country(reader, "countries", c, countries) for c in reader.texts("countries")),
            reader.sources(),
        )
        for reader in data.entries("non_partners", "group of States")
    ]
    projects = []
    for reader in data.entries("projects", _PROJECT):
        region_id = reader.optional_text("region")
        if region_id is not None and region_id not in regions:
            raise reader.fail("region", region_id, "is not a region of the file")
        project = CapacityProject(
            id=reader.text("id"),
            title=reader.text("title"),
            funder=reader.text("funder"),
            themes=tuple(CapacityTheme(t) for t in _themes(reader)),
            sources=reader.sources(),
            instrument=reader.optional_text("instrument"),
            implementers=reader.texts("implementers", required=False),
            partner_countries=tuple(
                _country(reader, "partner_countries", code, countries)
                for code in reader.texts("partner_countries", required=False)
            ),
            region=region_id,
            budget_eur=(
                reader.integer("budget_eur", 0, 10**12) if reader.has("budget_eur") else None
            ),
            starts_on=reader.date("starts_on") if reader.has("starts_on") else None,
            ends_on=reader.date("ends_on") if reader.has("ends_on") else None,
            status=reader.choice("status", ProjectStatus),
            outcomes=reader.texts("outcomes", required=False),
            note=reader.optional_text("note"),
        )
        problem = project_problem(project)
        if problem is not None:
            raise reader.fail(*problem)
        projects.append(project)
    return CapacityRegister(projects, regions, data.version, non_partners)


def _themes(reader: EntryReader) -> tuple[str, ...]:
    themes = reader.texts("themes")
    known = {t.value for t in CapacityTheme}
    for theme in themes:
        if theme not in known:
            raise reader.fail("themes", theme, f"is not one of {', '.join(sorted(known))}")
    return themes


def _country(reader: EntryReader, field: str, code: str, countries: CountryCatalogue) -> str:
    country = countries.find(code)
    if country is None or country.code != code:
        raise reader.fail(field, code, "is not an ISO 3166-1 alpha-2 code")
    return code
