"""The cue vocabulary read from incident summaries: every phrase means its cue, and only it."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cdtoolbox.assess.cues import CUES, Cue, find_cues, find_cues_one_by_one, find_figures

EXAMPLES = {
    Cue.ZERO_DAY: "The intruders exploited a zero-day in the mail server.",
    Cue.SUPPLY_CHAIN: "Malware was delivered through a trojanised software update.",
    Cue.CUSTOM_TOOLING: "The group used custom malware and a UEFI rootkit.",
    Cue.DESTRUCTIVE: "A wiper destroyed data on thousands of machines.",
    Cue.PERSISTENCE: "They kept a backdoor in the network for several years.",
    Cue.HIJACKING: "Attackers hijacked the broadcaster's satellite feed.",
    Cue.CLASSIFIED: "Classified documents of the defence ministry were taken.",
    Cue.PERSONAL_DATA: "Passport scans and personal data of citizens leaked.",
    Cue.SPECIAL_DATA: "Therapy notes and medical records of patients were stolen.",
    Cue.COMMERCIAL_DATA: "Trade secrets and source code were exfiltrated.",
    Cue.POLITICAL_DATA: "E-mails of the party's leadership were published.",
    Cue.MASS_SCALE: "Data of millions of customers were exposed.",
    Cue.NATIONAL_SCALE: "Card payments failed nationwide.",
    Cue.POWER_OUTAGE: "About 80,000 customers were left without power.",
    Cue.PHYSICAL: "The malware targeted industrial control systems at the plant.",
    Cue.LONG_OUTAGE: "Hospital systems were down for several days.",
    Cue.EXTENDED_OUTAGE: "The library's catalogue was unavailable for months.",
    Cue.THEFT_OF_FUNDS: "The group stole $81 million through fraudulent transfers.",
    Cue.ATTEMPT: "A spearphishing campaign targeted the ministry's staff.",
    Cue.ELECTION: "The leak came two days before the presidential election.",
    Cue.ARMED_CONFLICT: "The attack came hours before the invasion began.",
}


def test_the_table_covers_every_cue_once() -> None:
    assert [cue for cue, _ in CUES] == list(Cue)


@pytest.mark.parametrize("cue", list(Cue))
def test_each_cue_is_found_in_a_sentence_that_says_it(cue: Cue) -> None:
    found = find_cues(EXAMPLES[cue])
    assert cue in found
    assert found[cue].lower() in EXAMPLES[cue].lower()


@pytest.mark.parametrize(
    "text",
    [
        "The software was patched; a warning was issued.",  # "war" only as a word
        "Staff received e-mails.",
        "The company's website was defaced.",
        "",
    ],
)
def test_ordinary_words_are_no_cues(text: str) -> None:
    assert find_cues(text) == {}


def test_cues_are_read_from_every_text_given() -> None:
    found = find_cues("Ransomware attack", None, "Services were down for days.")
    assert set(found) == {Cue.LONG_OUTAGE}


def test_figures_are_read_with_their_nouns_and_money_is_not_a_count() -> None:
    figures = find_figures(
        "The wiper erased about 30,000 workstations; records of 3 billion accounts leaked; "
        "1,500 businesses were hit; losses reached USD 100 million."
    )
    assert figures["systems_affected"] == (30_000, "30,000 workstations")
    assert figures["people_affected"][0] == 3_000_000_000
    assert figures["organisations"][0] == 1_500
    assert find_figures("Losses of USD 100 million and EUR 5 million.") == {}


# Words of the cue phrases themselves, so that random texts hit cues often, side by side and
# overlapping, in any case.
_CUE_WORDS = sorted(
    {word for _, pattern in CUES for word in re.findall(r"[A-Za-z]{2,}", pattern.pattern)}
    - {"b", "w", "S"}
)


@given(
    st.lists(
        st.tuples(
            st.sampled_from(_CUE_WORDS),
            st.sampled_from([" ", " ", "-", "\n", ", ", ". ", " 30,000 "]),
            st.booleans(),
        ),
        max_size=30,
    )
)
def test_the_single_scan_finds_what_a_search_per_cue_finds(
    words: list[tuple[str, str, bool]],
) -> None:
    text = "".join((word.upper() if shout else word) + gap for word, gap, shout in words)
    assert find_cues(text) == find_cues_one_by_one(text)


def test_text_whose_lower_case_is_longer_is_read_the_plain_way() -> None:
    # "İ" lower-cases to two code points; the positions of the lower-cased text would shift.
    text = "İstanbul: a zero-day exploited in a supply chain attack"
    assert find_cues(text) == find_cues_one_by_one(text)
    assert {Cue.ZERO_DAY, Cue.SUPPLY_CHAIN} <= set(find_cues(text))
