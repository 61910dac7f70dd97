"""What a request handler gets from the application: the Toolbox, and the filter values the
query string carries.

The application holds one Toolbox (``create_app`` puts it on ``app.state``); handlers receive
it as a FastAPI dependency, so tests and embedding programs pass their own.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from starlette.datastructures import QueryParams

from cdtoolbox.toolbox import Toolbox

__all__ = ["LISTING_PARAMETERS", "ToolboxDep", "filter_values", "toolbox_of"]

LISTING_PARAMETERS = ("sort", "limit", "cursor")
"""Query parameters that shape a listing rather than filter it."""


def toolbox_of(request: Request) -> Toolbox:
    toolbox: Toolbox = request.app.state.toolbox
    return toolbox


async def _toolbox_dependency(request: Request) -> Toolbox:
    # A coroutine, so that FastAPI resolves it on the event loop: a plain function would be
    # queued for a worker thread behind every request already waiting for one.
    return toolbox_of(request)


ToolboxDep = Annotated[Toolbox, Depends(_toolbox_dependency)]


def filter_values(
    params: QueryParams, besides: tuple[str, ...] = LISTING_PARAMETERS
) -> dict[str, list[str]]:
    """Every query parameter except ``besides``, with all its values, for ``filter_from``.

    Routes declare each filter for the documentation, but read the values here, by name, so a
    misspelt filter (``?victim_contry=UA``) is refused by the library instead of ignored.
    """
    values: dict[str, list[str]] = {}
    for name, value in params.multi_items():
        if name not in besides:
            values.setdefault(name, []).append(value)
    return values
