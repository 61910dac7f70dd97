"""Screening keys for listed names: case, accents, punctuation and word order do not matter."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cdtoolbox.knowledge.listed_names import name_key, name_keys, name_words, words_within


@pytest.mark.parametrize(
    ("typed", "listed"),
    [
        ("Qiang GAO", "GAO Qiang"),
        ("gao-qiang", "GAO Qiang"),
        ("  ZHANG   shilong ", "ZHANG Shilong"),
        ("Skliánko Oleksandr", "Oleksandr SKLIANKO"),
        ("I-SOON", "i-Soon"),
        ("корчагин николай александрович", "Николай Александрович Корчагин"),
    ],
)
def test_the_same_name_written_differently_shares_a_key(typed: str, listed: str) -> None:
    assert set(name_keys(typed)) & set(name_keys(listed))


def test_a_name_typed_without_spaces_is_found_by_its_compact_key() -> None:
    assert "gaoqiang" in name_keys("GaoQiang") and "gaoqiang" in name_keys("GAO Qiang")


def test_different_names_do_not_share_keys() -> None:
    assert not set(name_keys("Gao Qiang")) & set(name_keys("Zhang Shilong"))
    assert name_keys("?!") == ()


def test_a_name_with_words_left_out_is_only_partly_within() -> None:
    assert words_within("Alexey Minin", "Alexey Valeryevich MININ")
    assert not words_within("Minin", "Alexey Valeryevich MININ")  # one word is not enough
    assert not words_within("Alexey Morenets", "Alexey Valeryevich MININ")
    assert not words_within("of Co", "Haitai Technology Development Co. Ltd")  # too short


words = st.lists(
    st.text(alphabet=st.characters(categories=("L",)), min_size=1, max_size=8),
    min_size=1,
    max_size=4,
)


@given(words, st.randoms())
def test_word_order_never_changes_the_key(parts: list[str], random: object) -> None:
    shuffled = list(parts)
    random.shuffle(shuffled)  # type: ignore[attr-defined]
    assert name_key(" ".join(parts)) == name_key(" ".join(shuffled))


@given(st.text(max_size=40))
def test_a_key_is_its_own_key(text: str) -> None:
    key = name_key(text)
    assert name_key(key) == key
    assert all(word == word.casefold() for word in name_words(key))
