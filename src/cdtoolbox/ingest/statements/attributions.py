"""Who a statement holds responsible, and how firmly: the attribution ladder of
docs/statements.md, read with the `attribution` phrases of statement_phrases.yaml.

A State counts as held responsible where an attribution phrase names it in its {state} slot
("conducted by the Russian Federation", "from the territory of China"); the strongest phrase
naming it decides. A sentence that relays another State's attribution ("The Czech Republic
has identified the People's Republic of China as responsible") holds it only as ``relayed``,
unless the State relaying it is the issuer itself. An actor named in the sentence that decided
is given with the State when it is the only one named there.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cdtoolbox.ingest.statements.mentions import Mentions
from cdtoolbox.ingest.statements.patterns import Phrases
from cdtoolbox.ingest.statements.spans import ReadingView
from cdtoolbox.model.statement import AttributionStrength, Evidence, ReadAttribution

__all__ = ["read_attributions"]


@dataclass(slots=True)
class _Held:
    strength: AttributionStrength
    spans: list[tuple[int, int]]
    sentence: tuple[int, int]


def read_attributions(
    view: ReadingView,
    masked: str,
    mentions: Mentions,
    ladder: Sequence[tuple[AttributionStrength, Sequence[Phrases]]],
    relay: Phrases | None,
    issuer_country: str | None,
) -> tuple[ReadAttribution, ...]:
    if not mentions.states:
        return ()
    # The strength each naming of a State is read at. Where one naming is read at several,
    # "associated" prevails: it qualifies the actor ("campaigns by Chinese state-affiliated
    # actors"), so the phrase that also reads "by Chinese" says less than it seems to.
    at: dict[int, tuple[AttributionStrength, tuple[int, int]]] = {}
    for strength, patterns in ladder:
        for pattern in patterns:
            if not pattern.present(view.words.vocabulary):
                continue
            for match in pattern.finditer(masked):
                for index, slot in enumerate(match.groups(), start=1):
                    if slot is None:
                        continue
                    start = match.start(index)
                    if mentions.state_at(start) is None:
                        continue
                    previous = at.get(start)
                    if previous is None or strength is AttributionStrength.ASSOCIATED:
                        at[start] = (strength, match.span())
    held: dict[str, _Held] = {}
    for start, (strength, span) in sorted(at.items()):
        mention = mentions.state_at(start)
        if mention is None:
            continue
        sentence = view.sentence(span[0])
        level = strength
        if _relayed(view, mentions, relay, sentence, mention.id, issuer_country):
            level = AttributionStrength.RELAYED
        current = held.get(mention.id)
        if current is None or level.rank < current.strength.rank:
            held[mention.id] = _Held(level, [span], sentence)
        elif level is current.strength:
            current.spans.append(span)
    readings = []
    for state, found in held.items():
        start, end = found.sentence
        actors = {mention.id for mention in mentions.actors_between(start, end)}
        readings.append(
            ReadAttribution(
                state=state,
                actor=actors.pop() if len(actors) == 1 else None,
                strength=found.strength,
                evidence=tuple(Evidence(a, b, view.text[a:b]) for a, b in sorted(set(found.spans))),
            )
        )
    return tuple(sorted(readings, key=lambda item: (item.strength.rank, item.state or "")))


def _relayed(
    view: ReadingView,
    mentions: Mentions,
    relay: Phrases | None,
    sentence: tuple[int, int],
    state: str,
    issuer_country: str | None,
) -> bool:
    if relay is None:
        return False
    start, end = sentence
    cue = relay.search(view.view, start, end)
    if cue is None:
        return False
    # The State relaying is the one named before the relaying words ("The Czech Republic has
    # identified …", "the United States' statement"), other than the one held responsible.
    speakers = [
        mention.id
        for mention in mentions.states_between(start, cue.end())
        if mention.id != state and not mention.organ
    ]
    if not speakers:
        speakers = [
            mention.id for mention in mentions.states_between(start, end) if mention.id != state
        ]
    return not (issuer_country is not None and speakers and speakers[0] == issuer_country)
