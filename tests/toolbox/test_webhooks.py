"""Signed webhooks to a real receiver on loopback: the signature verifies, a 500 is retried
with a pause, a timeout is bounded, a redirect is not followed, a target outside the
allow-list is refused, and nothing above a target's marking (nor anything classified) is
sent. No network beyond 127.0.0.1."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from cdtoolbox.errors import Forbidden, InvalidInput
from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.model.access import SYSTEM_USER, Role
from cdtoolbox.model.alerts import Alert, AlertRule
from cdtoolbox.model.vocabulary import Classification, Tlp
from cdtoolbox.toolbox import Settings, Toolbox
from cdtoolbox.toolbox.webhook_delivery import UrllibTransport
from cdtoolbox.toolbox.webhooks import WebhookService
from toolbox_support import CHEAP_PASSWORDS

SECRET = "a shared secret of at least thirty-two characters"


@dataclass
class Receiver:
    """Answers each path with the statuses queued for it (then 200), records every request."""

    base: str = ""
    plans: dict[str, list[int]] = field(default_factory=dict)
    delays: dict[str, float] = field(default_factory=dict)
    received: list[tuple[str, dict[str, str], bytes]] = field(default_factory=list)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    state = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            state.received.append((self.path, dict(self.headers), body))
            time.sleep(state.delays.get(self.path, 0))
            queued = state.plans.get(self.path, [])
            status = queued.pop(0) if queued else 200
            self.send_response(status)
            if status in (301, 302, 307, 308):
                self.send_header("Location", state.base + "/elsewhere")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture
def toolbox(fresh_url: str, knowledge: KnowledgeBase, receiver: Receiver) -> Iterator[Toolbox]:
    settings = Settings(fresh_url, webhook_allow=(receiver.base + "/hooks/",))
    with Toolbox(settings, knowledge=knowledge, passwords=CHEAP_PASSWORDS) as box:
        yield box


def _service(toolbox: Toolbox, receiver: Receiver, pauses: list[float]) -> WebhookService:
    return WebhookService(
        toolbox.database,
        toolbox.clock,
        toolbox.ids,
        toolbox.audit,
        (receiver.base + "/hooks/",),
        UrllibTransport(),
        timeout=0.5,
        attempts=3,
        backoff=0.25,
        sleep=pauses.append,
    )


def _alert(tlp: Tlp = Tlp.GREEN, classification: Classification | None = None) -> Alert:
    moment = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
    return Alert(
        id=f"alert-{tlp.value}-{classification}",
        rule=AlertRule.SEVERE_IN_SEVERAL_STATES,
        subject_kind="incident",
        subject_id="incident-1",
        summary=f"Summary at {tlp.value}",
        first_seen=moment,
        last_seen=moment,
        tlp=tlp,
        classification=classification,
    )


def _verify(headers: dict[str, str], body: bytes) -> bool:
    timestamp = headers["X-Cdt-Timestamp"]
    expected = hmac.new(
        SECRET.encode(), timestamp.encode() + b"." + body, hashlib.sha256
    ).hexdigest()
    return hmac.compare_digest(headers["X-Cdt-Signature"], "sha256=" + expected)


def test_a_target_outside_the_allow_list_or_added_by_a_non_administrator_is_refused(
    toolbox: Toolbox, receiver: Receiver
) -> None:
    analyst = toolbox.users.add(
        by=SYSTEM_USER, username="ana", display_name="ana", role=Role.ANALYST
    )
    with pytest.raises(Forbidden):
        toolbox.webhooks.add(receiver.base + "/hooks/a", secret=SECRET, by=analyst)
    for url, field_name in (
        (receiver.base + "/other", "url"),
        ("https://example.org/hooks/", "url"),
        ("ftp://127.0.0.1/hooks/", "url"),
    ):
        with pytest.raises(InvalidInput) as refused:
            toolbox.webhooks.add(url, secret=SECRET, by=SYSTEM_USER)
        assert refused.value.field == field_name
    with pytest.raises(InvalidInput) as short:
        toolbox.webhooks.add(receiver.base + "/hooks/a", secret="short", by=SYSTEM_USER)
    assert short.value.field == "secret"
    assert toolbox.webhooks.list(by=SYSTEM_USER) == ()


def test_a_new_alert_reaches_the_receiver_signed(toolbox: Toolbox, receiver: Receiver) -> None:
    toolbox.webhooks.add(receiver.base + "/hooks/soc", secret=SECRET, by=SYSTEM_USER)
    document = {
        "title": "Ministries breached again",
        "start": "2026-11",
        "types": ["espionage"],
        "victims": {"countries": ["FR", "DE"], "sectors": ["government"]},
        "attributions": [
            {"by": {"kind": "state", "name": "Germany", "country": "DE"}, "actor": "APT28"}
        ],
        "tlp": "green",
    }
    toolbox.incidents.add([document], source="tests", by=SYSTEM_USER)
    sent = [json.loads(body) for path, _, body in receiver.received if path == "/hooks/soc"]
    assert "sanctioned-actor-active-again" in {item["alert"]["rule"] for item in sent}
    assert all(_verify(headers, body) for _, headers, body in receiver.received)
    logged = toolbox.webhooks.deliveries(by=SYSTEM_USER)
    assert logged and {d.outcome for d in logged} == {"delivered"}


def test_a_server_error_is_retried_with_a_pause_and_bounded(
    toolbox: Toolbox, receiver: Receiver
) -> None:
    toolbox.webhooks.add(receiver.base + "/hooks/flaky", secret=SECRET, by=SYSTEM_USER)
    toolbox.webhooks.add(receiver.base + "/hooks/down", secret=SECRET, by=SYSTEM_USER)
    receiver.plans = {"/hooks/flaky": [500], "/hooks/down": [500, 502, 503, 500]}
    pauses: list[float] = []
    deliveries = _service(toolbox, receiver, pauses).notify([_alert()])
    by_url = {d.target_id: d for d in deliveries}
    targets = {t.url.rsplit("/", 1)[1]: t.id for t in toolbox.webhooks.list(by=SYSTEM_USER)}
    flaky, down = by_url[targets["flaky"]], by_url[targets["down"]]
    assert (flaky.outcome, flaky.attempts, flaky.status) == ("delivered", 2, 200)
    assert (down.outcome, down.attempts, down.status) == ("failed", 3, 503)
    assert [path for path, _, _ in receiver.received].count("/hooks/down") == 3
    assert sorted(pauses) == [0.25, 0.25, 0.5]  # doubling after each failed attempt


def test_a_timeout_ends_an_attempt_and_a_redirect_is_not_followed(
    toolbox: Toolbox, receiver: Receiver
) -> None:
    toolbox.webhooks.add(receiver.base + "/hooks/slow", secret=SECRET, by=SYSTEM_USER)
    toolbox.webhooks.add(receiver.base + "/hooks/moved", secret=SECRET, by=SYSTEM_USER)
    receiver.delays = {"/hooks/slow": 2.0}
    receiver.plans = {"/hooks/moved": [302]}
    started = time.monotonic()
    deliveries = _service(toolbox, receiver, []).notify([_alert()])
    assert time.monotonic() - started < 5  # three attempts of 0.5 s, not three of 2 s
    outcomes = {d.detail.split(":")[0]: d for d in deliveries}
    slow = outcomes["no answer"]
    assert (slow.outcome, slow.attempts) == ("failed", 3)
    moved = outcomes["answered 302"]
    assert (moved.outcome, moved.attempts, moved.status) == ("failed", 1, 302)
    assert "/elsewhere" not in [path for path, _, _ in receiver.received]


def test_nothing_above_the_targets_marking_and_nothing_classified_is_sent(
    toolbox: Toolbox, receiver: Receiver
) -> None:
    toolbox.webhooks.add(receiver.base + "/hooks/green", secret=SECRET, by=SYSTEM_USER)
    toolbox.webhooks.add(
        receiver.base + "/hooks/amber", secret=SECRET, by=SYSTEM_USER, max_tlp="amber"
    )
    alerts = [_alert(Tlp.AMBER), _alert(Tlp.CLEAR, Classification.RESTREINT_UE)]
    deliveries = _service(toolbox, receiver, []).notify(alerts)
    sent = [(path, json.loads(body)["alert"]["tlp"]) for path, _, body in receiver.received]
    assert sent == [("/hooks/amber", "amber")]
    withheld = [d for d in deliveries if d.outcome == "withheld"]
    assert len(withheld) == 3
    assert sum("classified" in d.detail for d in withheld) == 2
