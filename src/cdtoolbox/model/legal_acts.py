"""EU legal acts as the Official Journal titles them, and where EUR-Lex publishes them.

The register names its acts in words ("Council Implementing Regulation (EU) 2020/1125");
their EUR-Lex address follows from the name through the CELEX number (sector 3, the year,
``D`` for a decision or ``R`` for a regulation, the number on four digits), so no address is
written by hand and none can drift from the act it names. Only acts numbered the way the
Official Journal has numbered them since 2015 ("YYYY/N") are recognised; a text naming none
links nowhere rather than somewhere wrong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

__all__ = ["ActKind", "LegalAct", "legal_acts_in"]

_EUR_LEX = "https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:"

# "Council Decision (CFSP) 2019/797", "Decision (CFSP) 2020/651", "Council Implementing
# Regulation (EU) 2024/1390", "Commission Implementing Regulation (EU) 2022/595".
_ACT = re.compile(
    r"(?:(?:Council|Commission)\s+)?(?:Implementing\s+)?(?P<kind>Decision|Regulation)"
    r"\s+\((?P<series>CFSP|EU)\)\s+(?P<year>(?:19|20)\d\d)/(?P<number>\d{1,5})\b"
)


class ActKind(StrEnum):
    DECISION = "decision"
    REGULATION = "regulation"

    @property
    def celex_letter(self) -> str:
        return "D" if self is ActKind.DECISION else "R"


@dataclass(frozen=True)
class LegalAct:
    """One act named in a text: its kind, year and number, and the words that named it."""

    kind: ActKind
    year: int
    number: int
    title: str  # as the text wrote it, e.g. "Council Decision (CFSP) 2020/651"

    @property
    def celex(self) -> str:
        """The CELEX number, e.g. "32019D0797" for Decision (CFSP) 2019/797."""
        return f"3{self.year}{self.kind.celex_letter}{self.number:04d}"

    @property
    def eur_lex_url(self) -> str:
        return _EUR_LEX + self.celex


def legal_acts_in(text: str) -> tuple[LegalAct, ...]:
    """Every act ``text`` names, in order of appearance, each once."""
    found: dict[str, LegalAct] = {}
    for match in _ACT.finditer(text):
        act = LegalAct(
            kind=ActKind(match["kind"].lower()),
            year=int(match["year"]),
            number=int(match["number"]),
            title=match[0],
        )
        found.setdefault(act.celex, act)
    return tuple(found.values())
