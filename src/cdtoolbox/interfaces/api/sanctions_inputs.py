"""Request bodies that change the sanctions register (Pydantic v2), and their domain values."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from cdtoolbox.errors import InvalidInput
from cdtoolbox.model import PartialDate
from cdtoolbox.model.diplomacy import Verification
from cdtoolbox.model.sanctions import Delisting, Renewal

__all__ = ["DelistingIn", "RenewalIn"]

_STATUS = (
    "How it was checked: `verified` (read in the primary text), `secondary` (a reliable "
    "report) or `unverified`"
)
_VERSION = "Refuse the change (409) if someone changed the record since this version"


def _examples(*examples: dict[str, Any]) -> ConfigDict:
    return ConfigDict(json_schema_extra={"examples": list(examples)}, extra="forbid")


class RenewalIn(BaseModel):
    model_config = _examples(
        {
            "act": "Council Decision (CFSP) 2026/1043",
            "decided_on": "2026-05-12",
            "summary": "Listings prolonged until 18 May 2027.",
            "sources": ["https://eur-lex.europa.eu/eli/dec/2026/1043/oj"],
            "listings_until": "2027-05-18",
            "status": "verified",
        }
    )

    act: str = Field(min_length=1, description="The Council act")
    decided_on: str = Field(description="When the Council decided: YYYY, YYYY-MM or YYYY-MM-DD")
    summary: str = Field(min_length=1, description="What it did, in one line")
    sources: list[str] = Field(description="Where it is published (EUR-Lex URLs)")
    listings_until: date | None = Field(None, description="The new date the listings lapse")
    framework_until: date | None = Field(None, description="The new date the framework lapses")
    status: Verification = Field(Verification.VERIFIED, description=_STATUS)
    expected_version: int | None = Field(None, description=_VERSION)

    def to_renewal(self) -> Renewal:
        try:
            decided_on = PartialDate.parse(self.decided_on)
        except ValueError as error:
            raise InvalidInput("renewal", "decided_on", self.decided_on, str(error)) from None
        return Renewal(
            decided_on=decided_on,
            act=self.act,
            summary=self.summary,
            sources=tuple(self.sources),
            status=self.status,
            framework_until=self.framework_until,
            listings_until=self.listings_until,
        )


class DelistingIn(BaseModel):
    model_config = _examples(
        {
            "delisted_on": "2026-06-01",
            "act": "Council Implementing Regulation (EU) 2026/1200",
            "reason": "The Council found the grounds no longer met.",
            "sources": ["https://eur-lex.europa.eu/eli/reg_impl/2026/1200/oj"],
            "status": "verified",
        }
    )

    delisted_on: date
    act: str = Field(min_length=1, description="The Council act that removed the entry")
    reason: str = Field(min_length=1, description="Why, as the act or its recitals say")
    sources: list[str] = Field(description="Where it is published (EUR-Lex URLs)")
    status: Verification = Field(Verification.VERIFIED, description=_STATUS)
    expected_version: int | None = Field(None, description=_VERSION)

    def to_delisting(self) -> Delisting:
        return Delisting(
            delisted_on=self.delisted_on,
            act=self.act,
            reason=self.reason,
            sources=tuple(self.sources),
            status=self.status,
        )
