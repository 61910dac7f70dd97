"""The OECD DAC sector codes of IATI's Sector (vocabulary 1) and SectorCategory (vocabulary 2)
codelists that cyber capacity building is reported under, and the themes each maps to, read
from ``dac_sectors.yaml`` (which names its sources and why a code maps to a theme or none).

The file is packaged and read-only; it is read once per process, on the first IATI file that
names a DAC sector.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from cdtoolbox.knowledge.datafiles import DataFile, read_data_file
from cdtoolbox.model.capacity import CapacityTheme

__all__ = ["DacCodelists", "DacSector", "dac_codelists", "load_dac_codelists"]

_ENTITY = "DAC sector"


@dataclass(frozen=True)
class DacSector:
    code: str
    name: str
    themes: tuple[CapacityTheme, ...]  # empty: broader than any theme


@dataclass(frozen=True)
class DacCodelists:
    """The codes by IATI sector vocabulary: "1" the 5-digit purpose codes, "2" the 3-digit
    categories."""

    by_vocabulary: dict[str, dict[str, DacSector]]
    names: dict[str, str]  # the codelist's name per vocabulary, as IATI calls it
    sources: tuple[str, ...]
    version: int

    def find(self, vocabulary: str, code: str) -> DacSector | None:
        return self.by_vocabulary.get(vocabulary, {}).get(code)


def load_dac_codelists(data: DataFile) -> DacCodelists:
    known = {theme.value for theme in CapacityTheme}
    categories: dict[str, DacSector] = {}
    for reader in data.entries("categories", _ENTITY):
        code = reader.text("id")
        if len(code) != 3 or not code.isdigit():
            raise reader.fail("id", code, "must be a DAC 3-digit code")
        categories[code] = DacSector(code, reader.text("name"), ())
    purposes: dict[str, DacSector] = {}
    for reader in data.entries("purposes", _ENTITY):
        code = reader.text("id")
        if len(code) != 5 or not code.isdigit():
            raise reader.fail("id", code, "must be a DAC 5-digit purpose code")
        category = reader.text("category")
        if category not in categories or not code.startswith(category):
            raise reader.fail("category", category, "is not the code's category in the file")
        themes = reader.texts("themes", required=False)
        for theme in themes:
            if theme not in known:
                raise reader.fail("themes", theme, f"is not one of {', '.join(sorted(known))}")
        purposes[code] = DacSector(
            code, reader.text("name"), tuple(CapacityTheme(theme) for theme in themes)
        )
    return DacCodelists(
        {"1": purposes, "2": categories},
        {"1": "Sector (DAC 5-digit)", "2": "SectorCategory (DAC 3-digit)"},
        data.sources,
        data.version,
    )


@cache
def dac_codelists() -> DacCodelists:
    """The packaged codelists, read once."""
    return load_dac_codelists(read_data_file("dac_sectors.yaml"))
