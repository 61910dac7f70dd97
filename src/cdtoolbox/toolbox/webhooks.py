"""Webhook targets, configured by administrators within the allow-list of the settings, and
the signed delivery of new alerts to them (see docs/situation.md, "Webhooks").

An alert is sent only to a configured target whose URL the allow-list still admits, only
when its marking is at most the target's TLP (TLP:GREEN unless the administrator set more),
and never when it is EU classified; a withheld alert is logged as such. A delivery waits at
most ``timeout`` seconds per attempt and makes at most ``attempts`` attempts, doubling the
pause between them, retrying only when no answer or a server error (5xx) came.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from urllib.parse import urlsplit

from cdtoolbox.errors import InvalidInput, NotFound
from cdtoolbox.model import Tlp
from cdtoolbox.model.access import Permission, User
from cdtoolbox.model.alerts import Alert
from cdtoolbox.model.ports import Clock, IdFactory
from cdtoolbox.model.webhook_codec import target_to_dict
from cdtoolbox.model.webhooks import WebhookDelivery, WebhookTarget
from cdtoolbox.store import Database
from cdtoolbox.toolbox import cooperation_inputs as inputs
from cdtoolbox.toolbox.access import require
from cdtoolbox.toolbox.audit import AuditService
from cdtoolbox.toolbox.webhook_delivery import WebhookTransport, signed_headers

__all__ = ["MIN_SECRET_LENGTH", "WebhookService"]

_TARGET = "webhook target"
#: A shorter shared secret is guessed too easily to authenticate anything.
MIN_SECRET_LENGTH = 32


class WebhookService:
    def __init__(
        self,
        database: Database,
        clock: Clock,
        ids: IdFactory,
        audit: AuditService,
        allow: Sequence[str],
        transport: WebhookTransport,
        *,
        timeout: float = 5.0,
        attempts: int = 3,
        backoff: float = 0.5,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._database = database
        self._clock = clock
        self._ids = ids
        self._audit = audit
        self._allow = tuple(allow)
        self._transport = transport
        self._timeout = timeout
        self._attempts = attempts
        self._backoff = backoff
        self._sleep = sleep

    def add(
        self, url: str, *, secret: str, by: User, max_tlp: Tlp | str = Tlp.GREEN
    ) -> WebhookTarget:
        """Configure a target (administrators): ``url`` must start with a prefix of the
        allow-list, ``secret`` be at least MIN_SECRET_LENGTH characters."""
        require(by, Permission.MANAGE_WEBHOOKS)
        address = url.strip()
        problem = self._url_problem(address)
        if problem is not None:
            raise InvalidInput(_TARGET, "url", address, problem)
        if len(secret.strip()) < MIN_SECRET_LENGTH:
            reason = f"is shorter than {MIN_SECRET_LENGTH} characters"
            raise InvalidInput(_TARGET, "secret", "…", reason)
        marking = inputs.tlp(_TARGET, max_tlp, field="max_tlp")
        target = WebhookTarget(
            id=self._ids.new_id("webhook-target"),
            url=address,
            max_tlp=marking,
            added_at=self._clock.now(),
            added_by=by.username,
        )
        with self._database.transaction() as store:
            if store.webhooks.url_taken(address):
                raise InvalidInput(_TARGET, "url", address, "is already a target")
            store.webhooks.add(target, secret.strip())
            self._audit.record(
                store,
                by=by,
                action="webhook.add",
                entity=_TARGET,
                key=target.id,
                before=None,
                after=target_to_dict(target),
            )
        return target

    def remove(self, target_id: str, *, by: User) -> None:
        require(by, Permission.MANAGE_WEBHOOKS)
        with self._database.transaction() as store:
            held = {t.id: t for t, _ in store.webhooks.targets()}.get(target_id.strip())
            if held is None or not store.webhooks.remove(held.id):
                raise NotFound(_TARGET, target_id, "`cdt webhooks list`")
            self._audit.record(
                store,
                by=by,
                action="webhook.remove",
                entity=_TARGET,
                key=held.id,
                before=target_to_dict(held),
                after=None,
            )

    def list(self, *, by: User) -> tuple[WebhookTarget, ...]:
        require(by, Permission.MANAGE_WEBHOOKS)
        with self._database.read() as store:
            return tuple(target for target, _ in store.webhooks.targets())

    def deliveries(self, *, by: User, limit: int = 100) -> tuple[WebhookDelivery, ...]:
        require(by, Permission.MANAGE_WEBHOOKS)
        with self._database.read() as store:
            return tuple(store.webhooks.deliveries(limit))

    def notify(self, alerts: Sequence[Alert]) -> tuple[WebhookDelivery, ...]:
        """Send each new alert to every target that may receive it, and log each delivery."""
        if not alerts:
            return ()
        with self._database.read() as store:
            targets = store.webhooks.targets()
        logged = [
            self._deliver(target, secret, alert) for target, secret in targets for alert in alerts
        ]
        with self._database.transaction() as store:
            for delivery in logged:
                store.webhooks.log(delivery)
        return tuple(logged)

    def _deliver(self, target: WebhookTarget, secret: str, alert: Alert) -> WebhookDelivery:
        started = self._clock.now()

        def logged(outcome: str, attempts: int, status: int | None, detail: str) -> WebhookDelivery:
            return WebhookDelivery(
                id=self._ids.new_id("webhook-delivery"),
                target_id=target.id,
                alert_id=alert.id,
                at=started,
                outcome=outcome,
                attempts=attempts,
                status=status,
                detail=detail,
            )

        if alert.classification is not None:
            return logged("withheld", 0, None, "EU classified alerts are never sent")
        if alert.tlp.rank > target.max_tlp.rank:
            return logged("withheld", 0, None, f"{alert.tlp.label} is above the target's")
        problem = self._url_problem(target.url)
        if problem is not None:
            return logged("withheld", 0, None, f"the URL {problem}")
        body = _body(alert)
        status: int | None = None
        detail = ""
        for attempt in range(1, self._attempts + 1):
            if attempt > 1:
                self._sleep(self._backoff * 2 ** (attempt - 2))
            headers = signed_headers(secret, int(self._clock.now().timestamp()), body)
            try:
                status = self._transport.post(target.url, body, headers, self._timeout)
            except OSError as error:
                status, detail = None, f"no answer: {error}"
                continue
            if 200 <= status < 300:
                return logged("delivered", attempt, status, "")
            detail = f"answered {status}"
            if status < 500:
                # A redirect or a refusal will not change on retry; a redirect is not followed.
                return logged("failed", attempt, status, detail)
        return logged("failed", self._attempts, status, detail)

    def _url_problem(self, url: str) -> str | None:
        parts = urlsplit(url)
        if parts.scheme not in ("https", "http") or not parts.hostname:
            return "is not an http(s) URL with a host"
        if not any(url.startswith(prefix) for prefix in self._allow):
            return "is outside the configured allow-list (CDT_WEBHOOK_ALLOW)"
        return None


def _body(alert: Alert) -> bytes:
    """What a target receives: the alert's own fields, at a marking it may receive."""
    document = {
        "id": alert.id,
        "rule": alert.rule.value,
        "rule_label": alert.rule.label,
        "subject_kind": alert.subject_kind,
        "subject_id": alert.subject_id,
        "summary": alert.summary,
        "first_seen": alert.first_seen.isoformat(),
        "last_seen": alert.last_seen.isoformat(),
        "tlp": alert.tlp.value,
    }
    return json.dumps({"alert": document}, ensure_ascii=False, sort_keys=True).encode("utf-8")
