"""Full-text search: user text is words, never query syntax, on both backends."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st
from store_factories import examples_for, reference_incidents, save

from cdtoolbox.model import IncidentFilter
from cdtoolbox.store import Database
from cdtoolbox.store.text_search import search_terms

ODD_PIECES = (
    '"',
    "'",
    "*",
    "AND",
    "OR",
    "NOT",
    "NEAR(",
    "(",
    ")",
    "-",
    ":",
    "^",
    "!",
    "&",
    "|",
    "<->",
    "\\",
    "%",
    "_",
    "centrifuge",
    "title:",
    "\x00",
    "​",
)


def test_search_terms_are_the_words_without_syntax() -> None:
    assert search_terms('"Fancy Bear" AND *wiper* -ukraine') == (
        "Fancy",
        "Bear",
        "wiper",
        "ukraine",
    )
    assert search_terms("Énergie énergie") == ("Énergie",)
    assert search_terms("") == ()
    assert search_terms(None) == ()
    assert search_terms("*** ''' ---") == ()
    assert len(search_terms(" ".join(f"w{n}" for n in range(100)))) == 32


def test_english_stop_words_are_left_out_alike_on_both_backends(database: Database) -> None:
    # PostgreSQL's english configuration drops them from its queries; SQLite's FTS5 would
    # require each of them to appear in the text.
    assert search_terms("The Attack on the grid") == ("Attack", "grid")
    assert search_terms("the of and") == ()
    save(database, *reference_incidents())
    with database.read() as store:
        page = store.incidents.list(IncidentFilter(text="what of the centrifuges it had"))
    assert [item.id for item in page.items] == ["stuxnet"]


def test_odd_text_never_fails_the_query(database: Database, backend: str) -> None:
    save(database, *reference_incidents())
    everything = {item.id for item in reference_incidents()}
    odd_text = st.lists(st.sampled_from(ODD_PIECES) | st.text(max_size=8), max_size=6).map(" ".join)

    @settings(max_examples=examples_for(backend), deadline=None)
    @given(text=odd_text)
    @example(text='"centrifuge')
    @example(text="centrifuge*")
    @example(text="AND")
    @example(text="")
    @example(text="NEAR(centrifuge natanz, 5)")
    def check(text: str) -> None:
        with database.read() as store:
            page = store.incidents.list(IncidentFilter(text=text), limit=100)
            count = store.incidents.count(IncidentFilter(text=text))
        found = {item.id for item in page.items}
        assert found <= everything
        assert count == len(found)
        if [term.lower() for term in search_terms(text)] == ["centrifuge"]:
            assert found == {"stuxnet"}

    check()


def test_quotes_and_operators_in_text_are_plain_words(database: Database) -> None:
    save(database, *reference_incidents())
    with database.read() as store:
        for text in ('"centrifuges"', "centrifuges*", "(centrifuges)", "centrifuges:"):
            page = store.incidents.list(IncidentFilter(text=text))
            assert [item.id for item in page.items] == ["stuxnet"], text
