"""The server admits requests in order of arrival, a few at a time (interfaces.http.admission)."""

from __future__ import annotations

import asyncio
from collections.abc import MutableMapping
from typing import Any

import pytest

from cdtoolbox.interfaces.http.admission import AdmissionQueue

Message = MutableMapping[str, Any]


class Recorder:
    """An ASGI application that notes when each request starts and waits for a go-ahead
    before it answers (``/stream`` answers at once and keeps streaming until told)."""

    def __init__(self) -> None:
        self.started: list[str] = []
        self.go: dict[str, asyncio.Event] = {}

    async def __call__(self, scope: Message, receive: Any, send: Any) -> None:
        path = scope["path"]
        if scope["method"] == "POST":
            while (await receive()).get("more_body", False):
                pass
        self.started.append(path)
        gate = self.go.setdefault(path, asyncio.Event())
        if path == "/stream":
            await send({"type": "http.response.start", "status": 200, "headers": []})
            await gate.wait()
            await send({"type": "http.response.body", "body": b"done"})
            return
        await gate.wait()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})


def request(path: str, method: str = "GET", headers: list[tuple[bytes, bytes]] | None = None):  # type: ignore[no-untyped-def]
    return {"type": "http", "method": method, "path": path, "headers": headers or []}


async def run(app: Any, scope: Message, body: asyncio.Queue[Message] | None = None) -> None:
    async def receive() -> Message:
        if body is None:
            await asyncio.sleep(3600)
            return {"type": "http.disconnect"}
        return await body.get()

    async def send(message: Message) -> None:
        return None

    await app(scope, receive, send)


async def settle() -> None:
    for _ in range(20):
        await asyncio.sleep(0)


def test_requests_are_admitted_a_few_at_a_time_in_the_order_they_arrived() -> None:
    async def scenario() -> None:
        inner = Recorder()
        app = AdmissionQueue(inner, limit=1)
        tasks = []
        for path in ("/a", "/b", "/c"):
            tasks.append(asyncio.create_task(run(app, request(path))))
            await settle()
        assert inner.started == ["/a"]  # the others wait for the place
        for path, expected in (("/a", ["/a", "/b"]), ("/b", ["/a", "/b", "/c"])):
            inner.go.setdefault(path, asyncio.Event()).set()
            await settle()
            assert inner.started == expected
        inner.go.setdefault("/c", asyncio.Event()).set()
        await asyncio.gather(*tasks)

    asyncio.run(scenario())


def test_a_request_whose_body_is_still_arriving_holds_no_place() -> None:
    async def scenario() -> None:
        inner = Recorder()
        app = AdmissionQueue(inner, limit=1)
        body: asyncio.Queue[Message] = asyncio.Queue()
        upload = asyncio.create_task(
            run(app, request("/upload", "POST", [(b"content-length", b"10")]), body)
        )
        await body.put({"type": "http.request", "body": b"12345", "more_body": True})
        await settle()
        reader = asyncio.create_task(run(app, request("/read")))
        await settle()
        assert inner.started == ["/read"]  # not behind the slow upload
        await body.put({"type": "http.request", "body": b"67890", "more_body": False})
        await settle()
        assert inner.started == ["/read"]  # its body in, the upload now waits its turn
        inner.go.setdefault("/read", asyncio.Event()).set()
        await settle()
        assert inner.started == ["/read", "/upload"]
        inner.go.setdefault("/upload", asyncio.Event()).set()
        await asyncio.gather(upload, reader)

    asyncio.run(scenario())


def test_a_streamed_answer_gives_its_place_up_once_it_starts() -> None:
    async def scenario() -> None:
        inner = Recorder()
        app = AdmissionQueue(inner, limit=1)
        stream = asyncio.create_task(run(app, request("/stream")))
        await settle()
        after = asyncio.create_task(run(app, request("/after")))
        await settle()
        assert inner.started == ["/stream", "/after"]
        inner.go.setdefault("/after", asyncio.Event()).set()
        inner.go["/stream"].set()
        await asyncio.gather(stream, after)

    asyncio.run(scenario())


def test_a_request_that_fails_gives_its_place_up() -> None:
    async def failing(scope: Message, receive: Any, send: Any) -> None:
        raise RuntimeError("boom")

    async def scenario() -> None:
        app = AdmissionQueue(failing, limit=1)
        for _ in range(3):
            with pytest.raises(RuntimeError):
                await asyncio.wait_for(run(app, request("/x")), 5)

    asyncio.run(scenario())


def test_the_limit_is_at_least_one() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        AdmissionQueue(Recorder(), limit=0)


def test_a_crowded_process_among_several_asks_some_clients_to_reconnect() -> None:
    async def answer(scope: Message, receive: Any, send: Any) -> None:
        await asyncio.sleep(0.001)
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    async def closed_connections(spread: bool, clients: int, rounds: int) -> int:
        app = AdmissionQueue(answer, limit=1, spread_connections=spread)
        closing = 0

        async def client() -> None:
            nonlocal closing
            for _ in range(rounds):

                async def send(message: Message) -> None:
                    nonlocal closing
                    if (b"connection", b"close") in message.get("headers", []):
                        closing += 1

                await app(request("/"), receive_nothing, send)

        await asyncio.gather(*(client() for _ in range(clients)))
        return closing

    async def receive_nothing() -> Message:
        await asyncio.sleep(3600)
        return {"type": "http.disconnect"}

    async def scenario() -> None:
        crowded = await closed_connections(True, clients=20, rounds=20)
        alone = await closed_connections(True, clients=1, rounds=400)
        one_process = await closed_connections(False, clients=20, rounds=20)
        # 400 answers each: with 19 waiting, about one in 16 asks its client to reconnect;
        # a client alone never waits, and one process has nowhere to hand connections on.
        assert 15 <= crowded <= 40
        assert alone == 0
        assert one_process == 0

    asyncio.run(scenario())
