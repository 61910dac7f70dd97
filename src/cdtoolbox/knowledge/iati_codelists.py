"""The IATI codelists an IATI 2.03 activity file is checked against, complete as IATI publishes
them, read from ``iati_codelists.yaml`` (which names the repository, path and commit each list
was converted from).

A codelist keeps its active codes and, apart, the codes IATI has withdrawn: a withdrawn code is
refused for what it is, not as an unknown one. The file is packaged and read-only; it is read
once per process, on the first IATI file read.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from cdtoolbox.errors import InvalidInput
from cdtoolbox.knowledge.datafiles import DataFile, read_data_file

__all__ = ["CODELIST_NAMES", "Codelist", "IatiCodelists", "iati_codelists", "load_iati_codelists"]

_ENTITY = "IATI codelist"

#: The codelists the activity reader checks codes against; the file must hold each of them.
CODELIST_NAMES = (
    "ActivityDateType",
    "ActivityStatus",
    "BudgetStatus",
    "BudgetType",
    "Currency",
    "DescriptionType",
    "OrganisationRole",
    "OrganisationType",
    "Region",
    "RegionVocabulary",
    "ResultType",
    "Sector",
    "SectorCategory",
    "SectorVocabulary",
)


@dataclass(frozen=True)
class Codelist:
    """One IATI codelist: its active codes and its withdrawn ones, each with its English name."""

    name: str
    source: str
    codes: Mapping[str, str]
    withdrawn: Mapping[str, str]

    def problem(self, code: str) -> str | None:
        """Why ``code`` is no code of this list, or None when it is an active one."""
        if code in self.codes:
            return None
        if code in self.withdrawn:
            return f"was withdrawn from the IATI {self.name} codelist"
        return f"is not a code of the IATI {self.name} codelist"


@dataclass(frozen=True)
class IatiCodelists:
    lists: Mapping[str, Codelist]
    sources: tuple[str, ...]
    version: int

    def __getitem__(self, name: str) -> Codelist:
        return self.lists[name]


def load_iati_codelists(data: DataFile) -> IatiCodelists:
    section = data.section("codelists", _ENTITY)
    if not isinstance(section, list):
        raise InvalidInput(_ENTITY, "codelists", "(a mapping)", "must be a list", data.name)
    lists: dict[str, Codelist] = {}
    # entries() checks each mapping and its id; the raw mappings give the code tables.
    for reader, raw in zip(data.entries("codelists", _ENTITY), section, strict=True):
        name = reader.text("id")
        codes = _names(reader.location, name, "codes", raw.get("codes"), required=True)
        withdrawn = _names(reader.location, name, "withdrawn", raw.get("withdrawn"))
        both = sorted(set(codes) & set(withdrawn))
        if both:
            raise reader.fail("withdrawn", both[0], "is also an active code")
        lists[name] = Codelist(name, reader.text("source"), codes, withdrawn)
    missing = [name for name in CODELIST_NAMES if name not in lists]
    if missing:
        raise InvalidInput(_ENTITY, "id", missing[0], "is missing from the file", data.name)
    categories = lists["SectorCategory"]
    for code in (*lists["Sector"].codes, *lists["Sector"].withdrawn):
        # A DAC purpose code begins with the 3-digit code of its category.
        if len(code) != 5 or not code.isdigit():
            raise InvalidInput(_ENTITY, "Sector", code, "must be a DAC 5-digit code", data.name)
        if code[:3] not in categories.codes and code[:3] not in categories.withdrawn:
            reason = "has no category in the SectorCategory codelist"
            raise InvalidInput(_ENTITY, "Sector", code, reason, data.name)
    return IatiCodelists(lists, data.sources, data.version)


def _names(
    location: str, codelist: str, field: str, value: Any, *, required: bool = False
) -> dict[str, str]:
    if value is None and not required:
        return {}
    if not isinstance(value, dict) or not value:
        raise InvalidInput(_ENTITY, f"{codelist}.{field}", value, "must be a mapping", location)
    names: dict[str, str] = {}
    for code, name in value.items():
        if not isinstance(code, str) or not isinstance(name, str) or not name.strip():
            reason = "must map a quoted code to its name"
            raise InvalidInput(_ENTITY, f"{codelist}.{field}", code, reason, location)
        names[code] = name.strip()
    return names


@cache
def iati_codelists() -> IatiCodelists:
    """The packaged codelists, read once."""
    return load_iati_codelists(read_data_file("iati_codelists.yaml"))
