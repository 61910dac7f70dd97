"""Keyset pagination: pages ordered by one sort key plus the id, continued by opaque cursors.

A cursor is the urlsafe base64 of a small JSON object naming the order and the last row
seen. It is opaque to callers: nothing promises its content, only that the next page
starts right after the row it names, however rows are inserted in between.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, and_, or_
from sqlalchemy.sql.elements import UnaryExpression

from cdtoolbox.errors import InvalidInput
from cdtoolbox.model import Page

__all__ = ["MAX_PAGE_SIZE", "SortKey", "check_limit", "every_page"]

T = TypeVar("T")

MAX_PAGE_SIZE = 1000
_MAX_CURSOR_LENGTH = 20_000


def check_limit(limit: int) -> None:
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_PAGE_SIZE:
        raise InvalidInput(
            "query", "limit", limit, f"must be a whole number from 1 to {MAX_PAGE_SIZE}"
        )


def every_page(read_page: Callable[[str | None], Page[T]]) -> Iterator[Page[T]]:
    """Every page of a query, first to last: ``read_page`` reads the page after a cursor
    (None: the first). The one loop over cursors, for whoever needs all the rows; each page
    is a bounded keyset query, so no query holds more than a page of documents."""
    cursor: str | None = None
    while True:
        page = read_page(cursor)
        yield page
        if page.next_cursor is None:
            return
        cursor = page.next_cursor


def _encode(value: object) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, date | datetime):
        return value.isoformat()
    raise TypeError(f"cannot put {type(value).__name__} in a cursor")


@dataclass(frozen=True)
class SortKey:
    """One order of a listing: ``column`` (then ``id_column``) ascending or descending.

    Rows whose ``column`` is NULL come last in either direction.
    """

    name: str
    column: ColumnElement[Any]
    id_column: ColumnElement[str]
    descending: bool = False
    nullable: bool = False
    decode: Callable[[str], object] = str

    def order_by(self) -> list[UnaryExpression[Any]]:
        if self.descending:
            order = [self.column.desc(), self.id_column.desc()]
        else:
            order = [self.column.asc(), self.id_column.asc()]
        if self.nullable:
            order[0] = order[0].nulls_last()
        return order

    def after(self, value: object, key: str) -> ColumnElement[bool]:
        """Rows that come after the row with sort value ``value`` and id ``key``."""
        later_id = self.id_column < key if self.descending else self.id_column > key
        if value is None:
            return and_(self.column.is_(None), later_id)
        later_value = self.column < value if self.descending else self.column > value
        condition = or_(later_value, and_(self.column == value, later_id))
        return or_(condition, self.column.is_(None)) if self.nullable else condition

    def cursor(self, value: object, key: str) -> str:
        payload = json.dumps({"order": self.name, "after": [_encode(value), key]})
        return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")

    def read_cursor(self, cursor: str) -> tuple[object, str]:
        """The (sort value, id) a cursor of this order names; InvalidInput if it is not one."""
        try:
            order, value, key = _parse(cursor)
        except (ValueError, TypeError, KeyError, RecursionError):
            raise _not_a_cursor(cursor) from None
        if order != self.name:
            raise InvalidInput(
                "query",
                "cursor",
                cursor,
                "belongs to a listing in another order; start again from the first page",
            )
        if value is None:
            if not self.nullable:
                raise _not_a_cursor(cursor)
            return None, key
        try:
            return self.decode(value), key
        except ValueError:
            raise _not_a_cursor(cursor) from None


def _not_a_cursor(cursor: str) -> InvalidInput:
    return InvalidInput(
        "query",
        "cursor",
        cursor,
        "is not a cursor this listing gave out; start again from the first page",
    )


def _parse(cursor: str) -> tuple[object, str | None, str]:
    if len(cursor) > _MAX_CURSOR_LENGTH:
        raise ValueError("cursor too long")
    payload = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    order, (value, key) = payload["order"], payload["after"]
    if not isinstance(key, str) or not (value is None or isinstance(value, str)):
        raise ValueError("malformed cursor")
    return order, value, key
