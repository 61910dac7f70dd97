"""A government's response as an incident's description states it: which clauses count."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cdtoolbox.assess.described_response import described_government_response


@pytest.mark.parametrize(
    "text",
    [
        "The Polish government blamed Russia.",
        "Iranian officials accused the United States and Israel.",
        "In November 2021 US prosecutors charged two Iranian nationals.",
        "The Belgian government condemned the intrusion and prosecutors opened an inquiry.",
        "The FBI, ODNI and CISA attributed it to Iran on 19 August 2024.",
        "South Korean prosecutors attributed the intrusion to North Korea in March 2015.",
        "Taiwan's Ministry of Justice Investigation Bureau attributed the attacks to APT41.",
        "Iran's foreign minister Zarif blamed Israel and called it nuclear terrorism.",
        "The US Treasury sanctioned a company involved in January 2025.",
        "Germany's foreign office summoned the Russian ambassador.",
        "The Dutch government expelled four GRU officers.",
        "The US Department of Justice brought charges against three North Korean programmers.",
        "The theft was attributed to North Korea by the FBI in April 2022.",
        "Ukrainian officials and ESET attributed it to the Sandworm group.",
        # A European victim is not the Union speaking.
        "The Dutch government condemned the attack on a European energy company.",
    ],
)
def test_a_government_answering_in_the_description_counts(text: str) -> None:
    assert described_government_response(text) == text


@pytest.mark.parametrize(
    "text",
    [
        # Not a government's act, or not about the incident.
        "Researchers at ESET attributed it to the Sandworm group.",
        "Microsoft's president blamed Russia for the campaign.",
        "Company officials blamed a software failure.",
        "Hospital officials attributed the outage to a cyber-attack by Conti.",
        "Hackers breached the government's e-mail, and researchers attributed it to APT28.",
        "Government-backed hackers were blamed by Mandiant.",
        "The ministry confirmed that its servers had been attacked.",
        # Not public, or not done.
        "Russian nationalist hackers were suspected; no state attribution followed.",
        "US officials privately blamed Iran.",
        "Unnamed officials reportedly blamed China.",
        "The government declined to attribute the attack.",
        "The government has not blamed any state.",
        # A rebuttal by the state accused.
        "China's foreign ministry condemned the groundless accusations.",
        # The Union's own act is the EU levels' evidence, not a state's.
        "The High Representative condemned the attack on behalf of the EU.",
        "European officials condemned the attack.",
        "",
    ],
)
def test_other_clauses_do_not_count(text: str) -> None:
    assert described_government_response(text) is None


def test_the_first_answering_clause_is_quoted_and_long_ones_are_cut() -> None:
    text = (
        "Intruders stole data for years. Researchers blamed APT10; the Japanese government "
        "attributed the campaign to China's Ministry of State Security."
    )
    assert described_government_response(None, text) == (
        "the Japanese government attributed the campaign to China's Ministry of State Security."
    )
    long = "The Estonian government condemned the attacks " + "and the damage " * 40 + "."
    quoted = described_government_response(long)
    assert quoted is not None and len(quoted) == 240 and quoted.endswith("…")


@given(st.text(max_size=400))
def test_any_text_is_read_without_error(text: str) -> None:
    found = described_government_response(text)
    assert found is None or len(found) <= 240
