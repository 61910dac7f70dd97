import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cdtoolbox.knowledge import normalise_alias
from cdtoolbox.knowledge.aliases import NameIndex

SEPARATORS = [" ", "  ", "-", "_", ".", "/", "'", "(", ")", ",", "\t", "·"]


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Fancy Bear", "fancybear"),
        ("FANCY-BEAR", "fancybear"),
        ("APT 28", "apt28"),
        ("Türkiye", "turkiye"),
        ("Korea (Democratic People's Republic of)", "koreademocraticpeoplesrepublicof"),
        ("TEMP.Noble", "tempnoble"),
        ("Straße", "strasse"),
        ("  ", ""),
    ],
)
def test_normalised_keys(text: str, key: str) -> None:
    assert normalise_alias(text) == key


@given(st.text())
def test_normalising_twice_changes_nothing(text: str) -> None:
    once = normalise_alias(text)
    assert normalise_alias(once) == once
    assert all(char.isalnum() for char in once)


@st.composite
def spelled_differently(draw: st.DrawFn) -> tuple[str, str]:
    """A name and the same name with other letter case and separators sprinkled in."""
    word = draw(st.text(alphabet=string.ascii_letters + string.digits, min_size=1))
    variant = []
    for char in word:
        if draw(st.booleans()):
            variant.append(draw(st.sampled_from(SEPARATORS)))
        variant.append(char.upper() if draw(st.booleans()) else char.lower())
    variant.append(draw(st.sampled_from(["", *SEPARATORS])))
    return word, "".join(variant)


@given(spelled_differently())
def test_case_spaces_and_punctuation_do_not_matter(pair: tuple[str, str]) -> None:
    word, variant = pair
    assert normalise_alias(variant) == normalise_alias(word) == word.lower()


def test_name_index_keeps_every_owner_of_a_shared_name() -> None:
    index = NameIndex([("Grizzly Steppe", "a"), ("grizzly-steppe", "b"), ("APT28", "a")])
    assert index.lookup("GRIZZLY STEPPE") == ("a", "b")
    assert index.lookup("apt 28") == ("a",)
    assert index.lookup("nothing") == ()


def test_name_index_suggests_close_names() -> None:
    index = NameIndex([("Sandworm", "a"), ("Sofacy", "b")])
    assert index.close_names("Sandwrom") == ("Sandworm",)
    assert index.close_names("zzz") == ()
