"""The situation board's server-sent events: a write committed by another Toolbox (another
process, as far as the database can tell) reaches the open streams within two seconds, each
stream carries only what its reader may read, the streams are bounded, and a real server
with several workers stops cleanly with streams open.

The watcher itself is tested over a counter standing for the store's revision.
"""

from __future__ import annotations

import asyncio
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
import uvicorn

from account_support import PASSWORD, TEST_SECRET_KEY, add_user
from cdtoolbox.interfaces.http.app import create_app
from cdtoolbox.interfaces.web.board_watcher import BoardWatcher, StreamsFull
from cdtoolbox.interfaces.web.situation_stream import STREAM_PATH, board_revision
from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.model import Tlp
from cdtoolbox.model.access import Role
from cdtoolbox.toolbox import DATABASE_URL_VARIABLE, Settings, Toolbox
from tests_support import CHEAP_PASSWORDS

INCIDENT = "wannacry-2017"
TITLE = "WannaCry ransomware worm"
DELIVERY_SECONDS = 2.0


# -- the watcher ---------------------------------------------------------------------------


def test_the_watcher_wakes_its_streams_when_the_marker_moves_and_reads_nothing_without_one() -> (
    None
):
    reads: list[str] = []
    marker = ["1"]

    def revision() -> str:
        reads.append(marker[0])
        return marker[0]

    async def scenario() -> None:
        watcher = BoardWatcher(revision, interval=0.05)
        async with watcher.subscription("1") as first, watcher.subscription("1") as second:
            await asyncio.sleep(0.2)
            assert not first._woken.is_set() and not second._woken.is_set()
            marker[0] = "2"
            await asyncio.wait_for(first.next_change(), 1)
            await asyncio.wait_for(second.next_change(), 1)
            assert watcher.latest == "2"
        await asyncio.sleep(0.2)
        stopped_at = len(reads)
        await asyncio.sleep(0.3)
        assert len(reads) == stopped_at, "the watcher kept reading with no stream open"

    asyncio.run(scenario())
    assert reads, "the watcher never read the marker"


def test_a_stream_that_shows_an_older_board_is_woken_at_once() -> None:
    async def scenario() -> None:
        watcher = BoardWatcher(lambda: "5", interval=0.05)
        async with watcher.subscription("5") as current:
            await asyncio.sleep(0.15)
            async with watcher.subscription("4") as behind:
                await asyncio.wait_for(behind.next_change(), 1)
            assert not current._woken.is_set()

    asyncio.run(scenario())


def test_streams_are_bounded_per_process() -> None:
    async def scenario() -> None:
        watcher = BoardWatcher(lambda: "1", interval=0.05, capacity=2)
        async with watcher.subscription(None), watcher.subscription(None):
            assert watcher.full
            with pytest.raises(StreamsFull):
                async with watcher.subscription(None):
                    pass
        assert not watcher.full and watcher.open_streams == 0

    asyncio.run(scenario())


def test_streams_woken_by_one_change_share_one_read_per_reader() -> None:
    calls: list[str] = []

    def read(name: str) -> Callable[[], str]:
        def reading() -> str:
            calls.append(name)
            time.sleep(0.05)
            return name

        return reading

    async def scenario() -> None:
        watcher = BoardWatcher(lambda: "1", interval=0.05)
        async with watcher.subscription(None) as stream:
            await stream.next_change()
            answers = await asyncio.gather(
                *(watcher.shared("amber", read("amber")) for _ in range(5)),
                watcher.shared("red", read("red")),
            )
        assert answers == ["amber"] * 5 + ["red"]

    asyncio.run(scenario())
    assert sorted(calls) == ["amber", "red"]


# -- the stream over HTTP --------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Stream:
    """An open event stream read by a thread of its own: each ``board`` message's data."""

    response: httpx.Response
    boards: queue.Queue[str] = field(default_factory=queue.Queue)
    ended: threading.Event = field(default_factory=threading.Event)

    def next_board(self, timeout: float) -> str | None:
        try:
            return self.boards.get(timeout=timeout)
        except queue.Empty:
            return None

    def read(self) -> None:
        event, data = "", []
        try:
            for line in self.response.iter_lines():
                if line.startswith("event:"):
                    event = line.removeprefix("event:").strip()
                elif line.startswith("data:"):
                    data.append(line.removeprefix("data:").removeprefix(" "))
                elif not line:
                    if event == "board":
                        self.boards.put("\n".join(data))
                    event, data = "", []
        except (httpx.HTTPError, RuntimeError, ValueError):
            return  # closed by the test
        finally:
            self.ended.set()


@dataclass
class Server:
    base_url: str
    app: object
    #: The board's revision now, as the page names it to its stream.
    revision: Callable[[], str]
    clients: list[httpx.Client] = field(default_factory=list)

    def open(self, path: str | None = None, *, user: str | None = None) -> Stream:
        """A stream opened as the page opens it (after the revision it shows), or ``path``."""
        path = path or f"{STREAM_PATH}?after={self.revision()}"
        client = httpx.Client(
            base_url=self.base_url,
            auth=(user, PASSWORD) if user else None,
            timeout=httpx.Timeout(10, read=None),
        )
        self.clients.append(client)
        response = client.send(client.build_request("GET", path), stream=True)
        assert response.status_code == 200, response.read()[:300]
        assert response.headers["content-type"].startswith("text/event-stream")
        stream = Stream(response)
        threading.Thread(target=stream.read, daemon=True).start()
        return stream


@pytest.fixture
def server(fresh_toolbox: Toolbox, knowledge: KnowledgeBase) -> Iterator[Server]:
    """The application over a Toolbox of its own on the test's database, served by uvicorn
    on loopback: what the test writes through ``fresh_toolbox`` reaches it only through the
    database, as a write by another process would."""
    settings = Settings(fresh_toolbox.settings.database_url)
    with Toolbox(settings, knowledge=knowledge, passwords=CHEAP_PASSWORDS) as own:
        app = create_app(own, secret_key=TEST_SECRET_KEY)
        port = _free_port()
        config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
        running = uvicorn.Server(config)
        thread = threading.Thread(target=running.run, daemon=True)
        thread.start()
        deadline = time.monotonic() + 30
        while not running.started:
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.05)
        served = Server(f"http://127.0.0.1:{port}", app, lambda: board_revision(own))
        try:
            yield served
        finally:
            for client in served.clients:
                client.close()
            running.should_exit = True
            thread.join(timeout=15)


def _record(toolbox: Toolbox, summary: str, tlp: Tlp) -> float:
    """Record an event as the RED-cleared analyst; the time its transaction committed."""
    toolbox.situation.record_event(
        INCIDENT,
        by=toolbox.users.get("writer"),
        kind="meeting-held",
        summary=summary,
        tlp=tlp,
    )
    return time.monotonic()


@pytest.fixture
def accounts(fresh_toolbox: Toolbox) -> None:
    add_user(fresh_toolbox, "writer", Role.ANALYST, clearance=Tlp.RED)
    add_user(fresh_toolbox, "amber-reader", Role.VIEWER, clearance=Tlp.AMBER)
    add_user(fresh_toolbox, "red-reader", Role.VIEWER, clearance=Tlp.RED)


@pytest.mark.usefixtures("accounts")
def test_a_write_by_another_toolbox_reaches_every_open_stream_within_two_seconds(
    fresh_toolbox: Toolbox, server: Server
) -> None:
    amber = server.open(user="amber-reader")
    anonymous = server.open()
    time.sleep(1)  # both streams subscribed and the watcher's first read done
    committed = _record(fresh_toolbox, "Ministers met.", Tlp.GREEN)
    for stream in (amber, anonymous):
        board = stream.next_board(DELIVERY_SECONDS)
        assert board is not None, "the event did not reach the stream within 2 s"
        assert time.monotonic() - committed < DELIVERY_SECONDS + 0.5
        assert TITLE in board and "1 incident" in board


@pytest.mark.usefixtures("accounts")
def test_an_event_above_the_reader_never_reaches_their_stream(
    fresh_toolbox: Toolbox, server: Server
) -> None:
    amber = server.open(user="amber-reader")
    red = server.open(user="red-reader")
    time.sleep(1)
    _record(fresh_toolbox, "Red-only briefing.", Tlp.RED)
    red_board = red.next_board(DELIVERY_SECONDS)
    assert red_board is not None and TITLE in red_board
    # Twice the delivery time and more: the AMBER reader is sent nothing at all, not even an
    # unchanged table that would say something happened.
    assert amber.next_board(2 * DELIVERY_SECONDS) is None
    _record(fresh_toolbox, "Amber update.", Tlp.AMBER)
    amber_board = amber.next_board(DELIVERY_SECONDS)
    assert amber_board is not None and TITLE in amber_board
    assert "Red-only" not in amber_board
    red_again = red.next_board(DELIVERY_SECONDS)
    assert red_again is not None


@pytest.mark.usefixtures("accounts")
def test_a_client_showing_the_current_board_is_sent_nothing_until_a_write(
    fresh_toolbox: Toolbox, server: Server
) -> None:
    _record(fresh_toolbox, "Before the page.", Tlp.GREEN)
    marker = board_revision(fresh_toolbox)
    current = server.open(f"{STREAM_PATH}?after={marker}")
    behind = server.open(f"{STREAM_PATH}?after=0.0")
    behind_board = behind.next_board(DELIVERY_SECONDS)
    assert behind_board is not None and TITLE in behind_board
    assert current.next_board(1.5) is None


def test_the_stream_refuses_a_bad_filter_and_streams_beyond_its_bound(
    server: Server,
) -> None:
    with httpx.Client(base_url=server.base_url, timeout=10) as client:
        refused = client.get(STREAM_PATH, params={"status": "imaginary"})
        assert refused.status_code == 422
        assert not refused.headers["content-type"].startswith("text/event-stream")
    watcher = server.app.state.board_watcher  # type: ignore[attr-defined]
    watcher._capacity = 1
    server.open()
    deadline = time.monotonic() + 5
    while watcher.open_streams < 1:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    with httpx.Client(base_url=server.base_url, timeout=10) as client:
        full = client.get(STREAM_PATH)
    assert full.status_code == 503 and full.headers["retry-after"] == "30"
    assert "situation streams are open already" in full.text


def test_wrong_credentials_are_refused_as_the_page_refuses_them(server: Server) -> None:
    with httpx.Client(base_url=server.base_url, timeout=10, auth=("nobody", "wrong")) as client:
        page = client.get("/situation")
        refused = client.get(STREAM_PATH)
    assert page.status_code != 200
    assert refused.status_code == page.status_code
    assert (
        refused.headers.get("location", "").split("?")[0]
        == page.headers.get("location", "").split("?")[0]
    )
    assert not refused.headers.get("content-type", "").startswith("text/event-stream")


# -- a real `cdt serve --workers 2` ----------------------------------------------------------


def test_several_workers_stream_writes_and_stop_cleanly_with_streams_open(
    fresh_toolbox: Toolbox, tmp_path: Path
) -> None:
    add_user(fresh_toolbox, "writer", Role.ANALYST, clearance=Tlp.RED)
    port = _free_port()
    log = tmp_path / "serve.log"
    environment = {
        **os.environ,
        DATABASE_URL_VARIABLE: fresh_toolbox.settings.database_url,
        "XDG_DATA_HOME": str(tmp_path / "data-home"),
    }
    environment.pop("CDT_SECRET_KEY", None)
    cdt = Path(sys.executable).with_name("cdt")
    with log.open("wb") as output:
        process = subprocess.Popen(
            [str(cdt), "serve", "--workers", "2", "--port", str(port)],
            stdout=output,
            stderr=subprocess.STDOUT,
            env=environment,
        )
    served = Server(
        f"http://127.0.0.1:{port}", app=None, revision=lambda: board_revision(fresh_toolbox)
    )
    try:
        deadline = time.monotonic() + 120
        while log.read_text(errors="replace").count("Application startup complete") < 2:
            assert process.poll() is None and time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        # Each on a connection of its own: the kernel hands them to either worker.
        streams = [served.open() for _ in range(6)]
        time.sleep(1)
        _record(fresh_toolbox, "Seen by every worker.", Tlp.GREEN)
        for stream in streams:
            board = stream.next_board(DELIVERY_SECONDS)
            assert board is not None and TITLE in board
        process.send_signal(signal.SIGINT)
        process.wait(timeout=15)  # not held open by the streams
    finally:
        for client in served.clients:
            client.close()
        if process.poll() is None:
            process.kill()
            process.wait()


def test_a_stream_ends_after_its_lifetime_so_the_browser_signs_in_again(
    server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cdtoolbox.interfaces.web import situation_stream

    monkeypatch.setattr(situation_stream, "STREAM_SECONDS", 1)
    stream = server.open()
    assert stream.ended.wait(5), "the stream outlived its lifetime"
    watcher = server.app.state.board_watcher  # type: ignore[attr-defined]
    deadline = time.monotonic() + 5
    while watcher.open_streams:
        assert time.monotonic() < deadline, "the ended stream kept its subscription"
        time.sleep(0.05)
