"""Reading what users type for the cooperation registers: States, measures, statuses, dates
and moments. Each refusal names the entity, the field, the value and the reason, before
anything is written."""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum
from typing import TypeVar

from cdtoolbox.errors import InvalidInput
from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.model import ConfidenceBuildingMeasure, Tlp
from cdtoolbox.model.access import User
from cdtoolbox.model.sources import WEB_URL_RULE, is_web_url
from cdtoolbox.model.vocabulary import Classification
from cdtoolbox.toolbox.access import refuse_above_classification

__all__ = [
    "choice",
    "classification",
    "day",
    "measure",
    "moment",
    "state",
    "tlp",
    "web_address",
]

EnumT = TypeVar("EnumT", bound=StrEnum)


def state(knowledge: KnowledgeBase, entity: str, value: str, field: str = "state") -> str:
    """An ISO 3166-1 alpha-2 code from a code or a country name."""
    country = knowledge.countries.find(value) if value.strip() else None
    if country is None:
        raise InvalidInput(entity, field, value, "is not an ISO 3166 country code or name")
    return country.code


def measure(knowledge: KnowledgeBase, entity: str, value: str) -> ConfidenceBuildingMeasure:
    wanted = value.strip().upper()
    if wanted not in knowledge.cbms:
        reason = "is not a confidence-building measure id (e.g. OSCE-CBM-3; `cdt cbms list`)"
        raise InvalidInput(entity, "measure", value, reason)
    return knowledge.cbms.get(wanted)


def framework(knowledge: KnowledgeBase, entity: str, value: str) -> str:
    ids = [f.id for f in knowledge.cbms.frameworks]
    wanted = value.strip().lower()
    if wanted not in ids:
        raise InvalidInput(entity, "framework", value, f"is not one of: {', '.join(ids)}")
    return wanted


def choice(entity: str, field: str, value: EnumT | str, vocabulary: type[EnumT]) -> EnumT:
    try:
        return vocabulary(value.strip().lower() if isinstance(value, str) else value)
    except ValueError:
        allowed = ", ".join(member.value for member in vocabulary)
        raise InvalidInput(entity, field, value, f"is not one of: {allowed}") from None


def tlp(entity: str, value: Tlp | str, field: str = "tlp") -> Tlp:
    if isinstance(value, Tlp):
        return value
    return choice(entity, field, value.removeprefix("TLP:").removeprefix("tlp:"), Tlp)


def classification(
    entity: str, value: Classification | str | None, writer: User
) -> Classification | None:
    """An EU classification level given by ``writer`` (None: unclassified), in any spelling
    the incident files accept; TRÈS SECRET UE is refused with the reason, and so is a level
    above the writer's classification clearance (nobody records what they could not read)."""
    if value is None or isinstance(value, Classification):
        level = value
    else:
        from cdtoolbox.ingest.fields import FieldError, read_classification

        try:
            level = read_classification(value)
        except FieldError as error:
            raise InvalidInput(entity, "classification", value, error.reason) from None
    refuse_above_classification(entity, level, writer)
    return level


def day(entity: str, field: str, value: date | str, today: date) -> date:
    """A calendar date written YYYY-MM-DD, not after ``today``."""
    if isinstance(value, datetime):
        value = value.date()
    if not isinstance(value, date):
        try:
            value = date.fromisoformat(value.strip())
        except ValueError:
            raise InvalidInput(entity, field, value, "must be a date written YYYY-MM-DD") from None
    if value > today:
        raise InvalidInput(entity, field, value.isoformat(), f"is after today ({today})")
    return value


def moment(entity: str, field: str, value: datetime | str, now: datetime) -> datetime:
    """A moment written in ISO 8601 (a time without an offset is taken as UTC), not later
    than ``now``."""
    if not isinstance(value, datetime):
        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError:
            reason = "must be a date and time written YYYY-MM-DDTHH:MM[:SS][+HH:MM]"
            raise InvalidInput(entity, field, value, reason) from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    if value > now:
        raise InvalidInput(entity, field, value.isoformat(), f"is later than now ({now})")
    return value.astimezone(UTC)


def web_address(entity: str, field: str, value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    if not is_web_url(value.strip()):
        raise InvalidInput(entity, field, value, WEB_URL_RULE)
    return value.strip()
