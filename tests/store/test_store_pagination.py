"""Keyset pagination: every order walks all pages once, cursors are checked."""

from __future__ import annotations

import base64
import json
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from store_factories import examples_for, incident, save

from cdtoolbox.errors import InvalidInput
from cdtoolbox.model import Incident, IncidentFilter, IncidentSort, IncidentType, Page
from cdtoolbox.store import MAX_PAGE_SIZE, Database, every_page

WORDS = ("alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf")


def many_incidents() -> list[Incident]:
    """23 incidents with tied and missing sort values, so ties and NULLs are crossed."""
    items = []
    for number in range(23):
        start = None if number % 5 == 0 else f"2020-0{1 + number % 4}-1{number % 3}"
        updated = None
        if number % 7:
            updated = datetime(2024, 1, 1, tzinfo=UTC) + timedelta(hours=number % 6)
        items.append(
            incident(
                f"inc{number:02d}",
                title=WORDS[number % len(WORDS)],
                start=start,
                updated_at=updated,
                types=(IncidentType.ESPIONAGE if number % 2 else IncidentType.DDOS,),
            )
        )
    return items


def _dated_then_undated(items: list[Incident], key: object, descending: bool) -> list[str]:
    dated = [item for item in items if key(item) is not None]  # type: ignore[operator]
    undated = [item for item in items if key(item) is None]  # type: ignore[operator]
    dated.sort(key=lambda item: (key(item), item.id), reverse=descending)  # type: ignore[operator]
    undated.sort(key=lambda item: item.id, reverse=descending)
    return [item.id for item in (*dated, *undated)]


def expected_order(items: list[Incident], sort: IncidentSort) -> list[str]:
    if sort is IncidentSort.TITLE:
        return [item.id for item in sorted(items, key=lambda item: (item.title, item.id))]
    if sort is IncidentSort.UPDATED_DESC:
        return _dated_then_undated(items, lambda item: item.updated_at, descending=True)

    def start(item: Incident) -> date | None:
        return item.start.earliest if item.start else None

    return _dated_then_undated(items, start, descending=sort is IncidentSort.START_DESC)


def walk(
    database: Database, query: IncidentFilter, sort: IncidentSort, limit: int
) -> tuple[list[str], list[int | None]]:
    seen: list[str] = []
    totals: list[int | None] = []
    cursor = None
    while True:
        with database.read() as store:
            page = store.incidents.list(query, sort=sort, limit=limit, cursor=cursor)
        assert len(page.items) <= limit
        seen += [item.id for item in page.items]
        totals.append(page.total)
        cursor = page.next_cursor
        if cursor is None:
            return seen, totals


@pytest.mark.parametrize("sort", list(IncidentSort))
def test_pages_visit_every_incident_once_in_order(database: Database, sort: IncidentSort) -> None:
    items = many_incidents()
    save(database, *items)
    seen, totals = walk(database, IncidentFilter(), sort, limit=4)
    assert seen == expected_order(items, sort)
    assert len(set(seen)) == len(items)
    assert totals == [len(items)] * 6


@pytest.mark.parametrize("sort", [IncidentSort.START_DESC, IncidentSort.START_ASC])
def test_pages_of_a_filtered_listing(database: Database, sort: IncidentSort) -> None:
    items = many_incidents()
    save(database, *items)
    query = IncidentFilter(types=(IncidentType.ESPIONAGE,))
    wanted = [item for item in items if IncidentType.ESPIONAGE in item.types]
    seen, totals = walk(database, query, sort, limit=3)
    assert seen == expected_order(wanted, sort)
    assert set(totals) == {len(wanted)}


@pytest.mark.parametrize("sort", list(IncidentSort))
def test_every_incident_is_read_once_in_order(database: Database, sort: IncidentSort) -> None:
    items = many_incidents()
    save(database, *items)
    query = IncidentFilter(types=(IncidentType.ESPIONAGE,))
    wanted = [item for item in items if IncidentType.ESPIONAGE in item.types]
    with database.read() as store:
        assert [item.id for item in store.incidents.every(IncidentFilter(), sort)] == (
            expected_order(items, sort)
        )
        assert [item.id for item in store.incidents.every(query, sort)] == (
            expected_order(wanted, sort)
        )


def test_every_page_follows_the_cursors_to_the_last_page() -> None:
    pages = {
        None: Page(items=(1, 2), next_cursor="a", total=5),
        "a": Page(items=(3, 4), next_cursor="b"),
        "b": Page(items=(5,), next_cursor=None),
    }
    asked: list[str | None] = []

    def read_page(cursor: str | None) -> Page[int]:
        asked.append(cursor)
        return pages[cursor]

    walked = every_page(read_page)
    assert asked == []  # nothing is read before the first page is asked for
    assert [item for page in walked for item in page.items] == [1, 2, 3, 4, 5]
    assert asked == [None, "a", "b"]


def test_an_exact_page_has_no_next_cursor(database: Database) -> None:
    save(database, *many_incidents()[:4])
    with database.read() as store:
        page = store.incidents.list(IncidentFilter(), limit=4)
    assert len(page.items) == 4
    assert page.next_cursor is None


def test_incidents_added_between_pages_do_not_repeat_what_was_seen(database: Database) -> None:
    save(database, *many_incidents())
    with database.read() as store:
        first = store.incidents.list(IncidentFilter(), sort=IncidentSort.TITLE, limit=5)
    with database.transaction() as store:
        store.incidents.add(incident("early", title="aardvark"))
    with database.read() as store:
        second = store.incidents.list(
            IncidentFilter(), sort=IncidentSort.TITLE, limit=5, cursor=first.next_cursor
        )
    assert not {item.id for item in first.items} & {item.id for item in second.items}
    assert "early" not in {item.id for item in second.items}


def _cursor(payload: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode()


START = IncidentSort.START_DESC


@pytest.mark.parametrize(
    ("sort", "cursor"),
    [
        (START, ""),
        (START, "not a cursor"),
        (START, "%%%"),
        (START, "é"),
        (START, _cursor([1, 2])),
        (START, _cursor({"order": "-start"})),
        (START, _cursor({"order": "-start", "after": ["yesterday", "inc01"]})),
        (START, _cursor({"order": "-start", "after": ["2020-01-01", 7]})),
        (START, _cursor({"order": "-start", "after": ["2020-01-01"]})),
        (IncidentSort.TITLE, _cursor({"order": "title", "after": [None, "inc01"]})),
    ],
)
def test_a_malformed_cursor_is_invalid_input(
    database: Database, sort: IncidentSort, cursor: str
) -> None:
    with database.read() as store, pytest.raises(InvalidInput) as refused:
        store.incidents.list(IncidentFilter(), sort=sort, cursor=cursor)
    assert (refused.value.entity, refused.value.field) == ("query", "cursor")
    assert "start again from the first page" in str(refused.value)


def test_a_cursor_of_another_order_is_refused(database: Database) -> None:
    save(database, *many_incidents())
    with database.read() as store:
        page = store.incidents.list(IncidentFilter(), sort=IncidentSort.TITLE, limit=2)
        assert page.next_cursor is not None
        with pytest.raises(InvalidInput, match="another order"):
            store.incidents.list(IncidentFilter(), cursor=page.next_cursor)


@pytest.mark.parametrize("limit", [0, -1, MAX_PAGE_SIZE + 1])
def test_a_page_size_out_of_range_is_invalid_input(database: Database, limit: int) -> None:
    with database.read() as store, pytest.raises(InvalidInput) as refused:
        store.incidents.list(IncidentFilter(), limit=limit)
    assert refused.value.field == "limit"


def test_any_cursor_text_gives_a_page_or_invalid_input(database: Database, backend: str) -> None:
    save(database, *many_incidents()[:3])

    @settings(max_examples=examples_for(backend), deadline=None)
    @given(cursor=st.text(max_size=60) | st.binary(max_size=40).map(_raw_cursor))
    def check(cursor: str) -> None:
        with database.read() as store:
            try:
                page = store.incidents.list(IncidentFilter(), cursor=cursor)
            except InvalidInput as error:
                assert error.field == "cursor"
            else:
                assert len(page.items) <= 3

    check()


def _raw_cursor(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode()


def test_an_unknown_order_is_invalid_input(database: Database) -> None:
    with database.read() as store, pytest.raises(InvalidInput) as refused:
        store.incidents.list(IncidentFilter(), sort="newest")  # type: ignore[arg-type]
    assert str(refused.value) == (
        "query `sort`: 'newest' is not one of: -start, start, title, -updated"
    )
