"""The OECD DAC sector codes of IATI's Sector (vocabulary 1) and SectorCategory (vocabulary 2)
codelists, complete, each with the capacity-building themes it maps to: the codes and names from
``iati_codelists.yaml``, the themes from ``dac_sectors.yaml`` (which names its sources and why a
code maps to a theme or none).

Both files are packaged and read-only; they are read once per process, on the first IATI file
that names a DAC sector.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from cdtoolbox.knowledge.datafiles import DataFile, read_data_file
from cdtoolbox.knowledge.iati_codelists import IatiCodelists, iati_codelists
from cdtoolbox.model.capacity import CapacityTheme

__all__ = [
    "SECTOR_CODELISTS",
    "DacCodelists",
    "DacSector",
    "dac_codelists",
    "load_dac_codelists",
]

_ENTITY = "DAC sector"


@dataclass(frozen=True)
class DacSector:
    code: str
    name: str
    themes: tuple[CapacityTheme, ...]  # empty: broader than any theme


@dataclass(frozen=True)
class DacCodelists:
    """The codes by IATI sector vocabulary: "1" the 5-digit purpose codes, "2" the 3-digit
    categories; withdrawn codes are not among them."""

    by_vocabulary: dict[str, dict[str, DacSector]]
    sources: tuple[str, ...]
    version: int

    def find(self, vocabulary: str, code: str) -> DacSector | None:
        return self.by_vocabulary.get(vocabulary, {}).get(code)


#: The IATI codelist of each DAC sector vocabulary.
SECTOR_CODELISTS = {"1": "Sector", "2": "SectorCategory"}


def load_dac_codelists(data: DataFile, codelists: IatiCodelists) -> DacCodelists:
    known = {theme.value for theme in CapacityTheme}
    purposes = codelists["Sector"]
    mapped: dict[str, tuple[CapacityTheme, ...]] = {}
    for reader in data.entries("themes", _ENTITY):
        code = reader.text("id")
        problem = purposes.problem(code)
        if problem is not None:
            raise reader.fail("id", code, problem)
        themes = reader.texts("themes")
        for theme in themes:
            if theme not in known:
                raise reader.fail("themes", theme, f"is not one of {', '.join(sorted(known))}")
        mapped[code] = tuple(CapacityTheme(theme) for theme in themes)
    by_vocabulary = {
        vocabulary: {
            code: DacSector(code, name, mapped.get(code, ()) if vocabulary == "1" else ())
            for code, name in codelists[codelist].codes.items()
        }
        for vocabulary, codelist in SECTOR_CODELISTS.items()
    }
    return DacCodelists(
        by_vocabulary,
        (*data.sources, *(codelists[name].source for name in SECTOR_CODELISTS.values())),
        data.version,
    )


@cache
def dac_codelists() -> DacCodelists:
    """The packaged codelists with their themes, read once."""
    return load_dac_codelists(read_data_file("dac_sectors.yaml"), iati_codelists())
