"""The Toolbox assesses against the sanctions register as stored, not as bundled."""

from __future__ import annotations

from datetime import date

from cdtoolbox.model import Verification
from cdtoolbox.model.access import SYSTEM_USER
from cdtoolbox.model.sanctions import Delisting
from cdtoolbox.toolbox import Toolbox


def _sabotage(toolbox: Toolbox, actor: str) -> str:
    document = {
        "title": f"Sabotage of a Polish grid operator by {actor}",
        "start": "2019-12",
        "types": ["sabotage", "wiper"],
        "summary": "The attack caused power outages for 200,000 customers for several hours.",
        "victims": {"countries": ["PL"], "sectors": ["energy.electricity"]},
        "actors": [actor],
        "sources": [{"title": "CERT advisory", "url": "https://example.org/advisory"}],
    }
    return toolbox.incidents.add([document], source="tests", by=SYSTEM_USER).created[0].slug


def test_a_delisting_in_the_store_ends_the_listed_actor_rule(toolbox: Toolbox) -> None:
    toolbox.init()
    sandworm = toolbox.knowledge.actor_id("Sandworm")
    assert sandworm is not None
    for listing in toolbox.sanctions.list(actor="Sandworm", by=SYSTEM_USER):
        toolbox.sanctions.delist(
            listing.id,
            Delisting(
                date(2026, 1, 5),
                "Council Implementing Regulation (test)",
                "test",
                ("https://eur-lex.europa.eu/test",),
                Verification.VERIFIED,
            ),
            by=SYSTEM_USER,
        )
    # Lazarus Group's listing (Chosun Expo, 2020-07-30) is still in force; Sandworm's are not,
    # although the bundled register still holds them.
    lazarus = toolbox.assessments.assess(_sabotage(toolbox, "Lazarus Group"), by=SYSTEM_USER)
    assert lazarus.recommendation.response_level.rule == "listed-actor"
    sandworm_attack = toolbox.assessments.assess(_sabotage(toolbox, "Sandworm"), by=SYSTEM_USER)
    assert sandworm_attack.recommendation.response_level.rule != "listed-actor"
