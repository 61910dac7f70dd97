"""Helpers for the API, page and browser tests: an in-process client and a live server."""

from __future__ import annotations

import re
import socket
import threading
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn
from fastapi import FastAPI
from starlette.exceptions import StarletteDeprecationWarning

with warnings.catch_warnings():
    # Starlette asks for the `httpx2` fork in its test client; `httpx` (which the project
    # installs) works the same, so its deprecation notice is not ours to act on.
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from starlette.testclient import TestClient

__all__ = ["TestClient", "incident_slugs", "live_server"]

_INCIDENT_LINK = re.compile(r'<th scope="row"><a href="/incidents/([^"?#/]+)">')


def incident_slugs(page_html: str) -> list[str]:
    """The incidents listed in the table of an Incidents page, in order."""
    return _INCIDENT_LINK.findall(page_html)


@contextmanager
def live_server(app: FastAPI, **options: Any) -> Iterator[str]:
    """Serve ``app`` with uvicorn on a free loopback port; yields its base URL. ``options``
    are further ``uvicorn.Config`` settings.

    The port is bound here and the socket handed to uvicorn: finding a free port and binding
    it later would let a test in another pytest-xdist worker take it in between.
    """
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    port: int = listener.getsockname()[1]
    config = uvicorn.Config(
        app, host="127.0.0.1", port=port, log_level="warning", lifespan="off", **options
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [listener]}, name="cdt-test-server", daemon=True
    )
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=20)
        listener.close()


#: The widths every page is read at: a laptop and a phone.
PAGE_WIDTHS = (1440, 390)

# The elements whose right edge passes the window's, widest first, leaving out those a
# scrolling box of their own holds (a wide table in its scroll box is as designed).
_WIDER_THAN_THE_WINDOW = """() => {
    const held = (element) => {
        for (let box = element.parentElement; box !== document.body; box = box.parentElement) {
            if (getComputedStyle(box).overflowX !== "visible") return true;
        }
        return false;
    };
    return [...document.querySelectorAll("body *")]
        .map((element) => [element, element.getBoundingClientRect().right - window.innerWidth])
        .filter(([element, over]) => over > 0 && !held(element))
        .sort((a, b) => b[1] - a[1])
        .slice(0, 3)
        .map(([element, over]) =>
            `${element.tagName.toLowerCase()}${element.id ? "#" + element.id : ""}` +
            `${element.className ? "." + String(element.className).split(" ").join(".") : ""}` +
            ` by ${Math.ceil(over)} px`);
}"""


def assert_no_sideways_scroll(page: Any, what: str = "the page") -> None:
    """Fail when ``what`` scrolls sideways at the window's width, naming the elements that
    stick out. Measured once the page has settled: a layout caught half-built is no finding."""
    page.wait_for_load_state("load")
    width = page.evaluate("window.innerWidth")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    wider = page.evaluate(_WIDER_THAN_THE_WINDOW) if overflow > 0 else []
    assert overflow <= 0, f"{what} scrolls sideways at {width} px: {', '.join(wider)}"


def at_each_width(
    page: Any, screenshot: Any, name: str, *, focus: Any = None, what: str = "the page"
) -> Iterator[int]:
    """Show the page at each of :data:`PAGE_WIDTHS`, with ``focus`` scrolled into view, keep a
    screenshot ``name-WIDTH`` of the view, and fail when ``what`` scrolls sideways; yields each
    width so a test can check more at it."""
    for width in PAGE_WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        if focus is not None:
            focus.scroll_into_view_if_needed()
        screenshot(page, f"{name}-{width}", full_page=False)
        assert_no_sideways_scroll(page, what)
        yield width


def show_at_each_width(
    page: Any, screenshot: Any, name: str, *, focus: Any = None, what: str = "the page"
) -> None:
    """:func:`at_each_width` for a test with nothing more to check at each width."""
    for _ in at_each_width(page, screenshot, name, focus=focus, what=what):
        pass
