"""The channels of a request for assistance and the teams bundled as reference data, read
from ``assistance.yaml``.

Every channel and team names its sources. The file must describe each ``Channel`` once; a
response time is given only where the sources confirm it (the PESCO CRRT's 72 hours), and a
request through that channel is due then unless its sender says otherwise.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from cdtoolbox.errors import InvalidInput
from cdtoolbox.knowledge.countries import CountryCatalogue
from cdtoolbox.knowledge.datafiles import DataFile, EntryReader
from cdtoolbox.model.assistance import Channel, Team, TeamKind

__all__ = ["AssistanceKnowledge", "ChannelEntry", "load_assistance"]

#: A response time beyond a month is no rapid response: the file is wrong.
_MOST_HOURS = 24 * 31


@dataclass(frozen=True)
class ChannelEntry:
    channel: Channel
    name: str
    basis: str
    route: str
    response_hours: int | None  # confirmed response time; None: the sources set none
    sources: tuple[str, ...]


class AssistanceKnowledge:
    """The channels in declaration order and the bundled teams by id."""

    def __init__(
        self, channels: Mapping[Channel, ChannelEntry], teams: Mapping[str, Team], version: int
    ) -> None:
        self._channels = dict(channels)
        self.teams = dict(teams)
        self.version = version

    def __iter__(self) -> Iterator[ChannelEntry]:
        return (self._channels[channel] for channel in Channel)

    def channel(self, channel: Channel) -> ChannelEntry:
        return self._channels[channel]


def load_assistance(data: DataFile, countries: CountryCatalogue) -> AssistanceKnowledge:
    channels: dict[Channel, ChannelEntry] = {}
    for reader in data.entries("channels", "assistance channel"):
        entry = ChannelEntry(
            reader.choice("id", Channel),
            reader.text("name"),
            reader.text("basis"),
            reader.text("route"),
            _hours(reader),
            reader.sources(),
        )
        channels[entry.channel] = entry
    missing = [channel.value for channel in Channel if channel not in channels]
    if missing:
        reason = "is not described in the file"
        raise InvalidInput("assistance channel", "channels", missing[0], reason, data.name)
    teams: dict[str, Team] = {}
    for reader in data.entries("teams", "team"):
        teams[reader.text("id")] = Team(
            id=reader.text("id"),
            name=reader.text("name"),
            kind=reader.choice("kind", TeamKind),
            lead=_state(reader, countries, reader.text("lead")) if reader.has("lead") else None,
            participants=_states(reader, countries, "participants"),
            observers=_states(reader, countries, "observers"),
            skills=reader.texts("skills", required=False),
            response_hours=_hours(reader),
            who_may_request=reader.optional_text("who_may_request"),
            note=reader.optional_text("note"),
            sources=reader.sources(),
            bundled=True,
        )
    return AssistanceKnowledge(channels, teams, data.version)


def _hours(reader: EntryReader) -> int | None:
    if not reader.has("response_hours"):
        return None
    return reader.integer("response_hours", 1, _MOST_HOURS)


def _states(reader: EntryReader, countries: CountryCatalogue, field: str) -> tuple[str, ...]:
    return tuple(_state(reader, countries, code, field) for code in reader.texts(field))


def _state(reader: EntryReader, countries: CountryCatalogue, code: str, field: str = "lead") -> str:
    country = countries.find(code)
    if country is None or country.code != code:
        raise reader.fail(field, code, "is not an ISO 3166-1 alpha-2 code")
    return code
