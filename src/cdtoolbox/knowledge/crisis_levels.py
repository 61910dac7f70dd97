"""The EU cyber crisis blueprint's cooperation levels, the bodies convened at each and the
acts that set them out, read from ``crisis_levels.yaml``.

Every level, body and act names its sources. The file must describe each ``CrisisLevel`` once,
and a level may convene only the bodies the file defines.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date

from cdtoolbox.errors import InvalidInput
from cdtoolbox.knowledge.datafiles import DataFile
from cdtoolbox.model.situation import CrisisLevel

__all__ = ["BlueprintAct", "CrisisBody", "CrisisLevelEntry", "CrisisLevels", "load_crisis_levels"]


@dataclass(frozen=True)
class CrisisBody:
    id: str
    name: str
    description: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class CrisisLevelEntry:
    level: CrisisLevel
    name: str
    description: str
    bodies: tuple[CrisisBody, ...]
    sources: tuple[str, ...]


@dataclass(frozen=True)
class BlueprintAct:
    id: str
    title: str
    adopted: date
    note: str | None
    sources: tuple[str, ...]


class CrisisLevels:
    """The levels in rising order, the bodies by id and the blueprint acts, oldest first."""

    def __init__(
        self,
        levels: Mapping[CrisisLevel, CrisisLevelEntry],
        bodies: Mapping[str, CrisisBody],
        acts: tuple[BlueprintAct, ...],
        version: int,
    ) -> None:
        self._levels = dict(levels)
        self.bodies = dict(bodies)
        self.acts = acts
        self.version = version

    def __iter__(self) -> Iterator[CrisisLevelEntry]:
        return (self._levels[level] for level in CrisisLevel)

    def get(self, level: CrisisLevel) -> CrisisLevelEntry:
        return self._levels[level]


def load_crisis_levels(data: DataFile) -> CrisisLevels:
    bodies: dict[str, CrisisBody] = {}
    for reader in data.entries("bodies", "crisis body"):
        body = CrisisBody(
            reader.text("id"), reader.text("name"), reader.text("description"), reader.sources()
        )
        bodies[body.id] = body
    levels: dict[CrisisLevel, CrisisLevelEntry] = {}
    for reader in data.entries("levels", "crisis level"):
        level = reader.choice("id", CrisisLevel)
        convened = []
        for body_id in reader.texts("bodies", required=False):
            if body_id not in bodies:
                raise reader.fail("bodies", body_id, "is not a body of the file")
            convened.append(bodies[body_id])
        levels[level] = CrisisLevelEntry(
            level,
            reader.text("name"),
            reader.text("description"),
            tuple(convened),
            reader.sources(),
        )
    missing = [level.value for level in CrisisLevel if level not in levels]
    if missing:
        reason = "is not described in the file"
        raise InvalidInput("crisis level", "levels", missing[0], reason, data.name)
    acts = tuple(
        sorted(
            (
                BlueprintAct(
                    reader.text("id"),
                    reader.text("title"),
                    reader.date("adopted"),
                    reader.optional_text("note"),
                    reader.sources(),
                )
                for reader in data.entries("acts", "blueprint act")
            ),
            key=lambda act: act.adopted,
        )
    )
    return CrisisLevels(levels, bodies, acts, data.version)
