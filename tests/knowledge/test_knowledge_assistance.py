"""``assistance.yaml``: every channel described once with its sources, the bundled PESCO CRRT
as the compiled reference states it, and a file that breaks the rules refused by name."""

from __future__ import annotations

import pytest

from cdtoolbox.errors import InvalidInput
from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.knowledge.assistance import load_assistance
from cdtoolbox.knowledge.datafiles import parse_data_file
from cdtoolbox.model.assistance import Channel, TeamKind


def test_each_channel_is_described_with_its_sources(knowledge: KnowledgeBase) -> None:
    entries = list(knowledge.assistance)
    assert [entry.channel for entry in entries] == list(Channel)
    for entry in entries:
        assert entry.basis and entry.route and entry.sources, entry.channel
    # Only the CRRT's response time is confirmed by the sources; no other channel has one.
    hours = {entry.channel: entry.response_hours for entry in entries}
    assert hours == {channel: None for channel in Channel} | {Channel.PESCO_CRRT: 72}


def test_the_pesco_crrt_is_bundled_with_lead_participants_and_observers(
    knowledge: KnowledgeBase,
) -> None:
    team = knowledge.assistance.teams["pesco-crrt"]
    assert team.kind is TeamKind.PESCO_CRRT and team.lead == "LT"
    assert set(team.participants) == {"BE", "HR", "DK", "EE", "LT", "NL", "PL", "RO", "SI"}
    assert set(team.observers) == {"FI", "FR", "GR", "IT", "ES"}
    assert "https://crrts.eu/index.html" in team.sources


def test_a_missing_channel_or_an_unknown_state_is_refused(knowledge: KnowledgeBase) -> None:
    source = "source: [x]\n"
    channel = "- {{id: {0}, name: n, basis: b, route: r, source: [s]}}\n"
    all_channels = "".join(channel.format(c.value) for c in Channel)
    missing = parse_data_file(
        "a.yaml", f"version: 1\n{source}channels:\n{channel.format('norm-13h')}"
    )
    with pytest.raises(InvalidInput) as refused:
        load_assistance(missing, knowledge.countries)
    assert refused.value.field == "channels"
    bad_team = (
        f"version: 1\n{source}channels:\n{all_channels}teams:\n"
        "- {id: t, name: T, kind: national, participants: [XX], source: [s]}\n"
    )
    with pytest.raises(InvalidInput) as unknown:
        load_assistance(parse_data_file("a.yaml", bad_team), knowledge.countries)
    assert (unknown.value.field, unknown.value.value) == ("participants", "XX")
