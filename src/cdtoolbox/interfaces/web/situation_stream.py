"""The situation board's updates, pushed to the open ``/situation`` pages as server-sent
events (``GET /situation/stream``, docs/web.md).

The stream is authenticated and filtered as the page is. It is woken by the process's one
``BoardWatcher`` and then reads the board again for its own reader, within that reader's
clearance: a change is sent only when the table that reader sees differs from the one they
were last sent, so an event above them causes no visible change at all. Each message is the
board's table as the page draws it (``event: board``, its ``id`` the revision it shows, which
a reconnecting browser sends back as ``Last-Event-ID``); comments keep idle connections open.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Mapping

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from cdtoolbox.interfaces.http.authentication import AuthenticateFirst, ReaderDep, is_anonymous
from cdtoolbox.interfaces.http.request_context import ToolboxDep
from cdtoolbox.interfaces.web.board_watcher import BoardWatcher, StreamsFull
from cdtoolbox.model.access import User
from cdtoolbox.toolbox import Toolbox

__all__ = [
    "HEARTBEAT_SECONDS",
    "RETRY_MILLISECONDS",
    "STREAM_PATH",
    "STREAM_SECONDS",
    "board_revision",
    "board_watcher",
    "router",
]

router = APIRouter(route_class=AuthenticateFirst)

STREAM_PATH = "/situation/stream"
FILTERS = ("state", "sector", "status", "level")
#: A comment this often keeps proxies and browsers from closing an idle stream.
HEARTBEAT_SECONDS = 15
#: How long a browser waits before reconnecting a dropped stream.
RETRY_MILLISECONDS = 3000
#: A stream ends after this long and the browser reconnects, signing in again: a session
#: ended or an account changed (its clearance lowered, say) holds a stream no longer.
STREAM_SECONDS = 600


def board_revision(toolbox: Toolbox) -> str:
    """The board's revision marker as the streams carry it (``SituationService.revision``)."""
    return ".".join(str(counter) for counter in toolbox.situation.revision())


def board_watcher(request: Request) -> BoardWatcher:
    watcher: BoardWatcher = request.app.state.board_watcher
    return watcher


def board_filters(request: Request) -> dict[str, str]:
    params = request.query_params
    return {name: params.get(name, "").strip() for name in FILTERS}


def render_board_table(
    request: Request,
    toolbox: Toolbox,
    viewer: User,
    filters: Mapping[str, str],
    since: str | None = None,
) -> str:
    """The board's table for ``viewer`` as the page draws it, rows updated after ``since``
    marked (InvalidInput for a bad filter or time)."""
    rows = toolbox.situation.board(
        since=since,
        state=filters["state"] or None,
        sector=filters["sector"] or None,
        status=filters["status"] or None,
        level=filters["level"] or None,
        by=viewer,
    )
    template = request.app.state.templates.get_template("situation/board_table.html")
    # Response cases are for signed-in users (docs/web.md): not named to visitors.
    html: str = template.render(rows=rows, show_cases=not is_anonymous(viewer), since=since)
    return html


@router.get(STREAM_PATH)
async def board_stream(request: Request, toolbox: ToolboxDep, viewer: ReaderDep) -> Response:
    from sse_starlette import EventSourceResponse, ServerSentEvent
    from starlette.concurrency import run_in_threadpool

    filters = board_filters(request)
    watcher = board_watcher(request)
    if watcher.full:
        raise HTTPException(
            status_code=503,
            detail=f"{watcher.capacity} situation streams are open already; reload later",
            headers={"Retry-After": "30"},
        )
    seen = request.headers.get("last-event-id") or request.query_params.get("after") or None
    since = request.query_params.get("since") or None

    def opening() -> tuple[str, str]:
        marker = board_revision(toolbox)
        return marker, render_board_table(request, toolbox, viewer, filters, since)

    # A bad filter is refused now, as the page refuses it, not once the stream has opened.
    current, table = await run_in_threadpool(opening)
    # What the client shows: this very table when it names the revision read before it.
    shown = table if seen == current else None
    # The same account with the same filters reads the same board: one read for all of them.
    key = (viewer.username, is_anonymous(viewer), tuple(sorted(filters.items())), since)

    async def changes() -> AsyncIterator[ServerSentEvent]:
        nonlocal shown
        yield ServerSentEvent(comment="situation board", retry=RETRY_MILLISECONDS)
        ends = time.monotonic() + STREAM_SECONDS
        try:
            async with watcher.subscription(seen) as subscription:
                while True:
                    try:
                        await asyncio.wait_for(
                            subscription.next_change(), timeout=ends - time.monotonic()
                        )
                    except TimeoutError:
                        return
                    marker = watcher.latest
                    table = await watcher.shared(
                        key, lambda: render_board_table(request, toolbox, viewer, filters, since)
                    )
                    subscription.seen = marker
                    if table != shown:
                        shown = table
                        yield ServerSentEvent(data=table, event="board", id=marker)
        except StreamsFull:
            # Filled up between the check and now: the browser retries after RETRY_MILLISECONDS.
            return

    return EventSourceResponse(
        changes(),
        ping=HEARTBEAT_SECONDS,
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )
