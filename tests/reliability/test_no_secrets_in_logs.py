"""Passwords, password hashes and bearer tokens never reach the logs or the audit trail."""

from __future__ import annotations

import base64
import logging

import pytest

from cdtoolbox.interfaces.http.app import create_app
from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.model.access import SYSTEM_USER, Role
from cdtoolbox.toolbox import Settings, Toolbox
from tests_support import CHEAP_PASSWORDS
from web_support import TestClient

PASSWORD = "correct horse battery staple"
WRONG = "incorrect mule battery staple"


def test_sign_ins_and_tokens_leave_no_secret_behind(
    database_url: str, knowledge: KnowledgeBase, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    with Toolbox(Settings(database_url), knowledge=knowledge, passwords=CHEAP_PASSWORDS) as box:
        box.database.migrate()
        box.users.add(
            by=SYSTEM_USER, username="ana", display_name="A", role=Role.ANALYST, password=PASSWORD
        )
        _, token = box.users.issue_token("ana", "logs", by=SYSTEM_USER)
        with TestClient(
            create_app(box, secret_key=b"s" * 32), raise_server_exceptions=False
        ) as client:
            page = client.get("/login").text
            csrf = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
            for password in (WRONG, PASSWORD):
                client.post(
                    "/login",
                    data={"username": "ana", "password": password, "csrf_token": csrf},
                    follow_redirects=False,
                )
            for secret in (PASSWORD, WRONG):
                basic = base64.b64encode(f"ana:{secret}".encode()).decode()
                client.get("/api/v1/me", headers={"Authorization": f"Basic {basic}"})
            client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
            client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}x"})
        trail = str(box.audit.entries(by=SYSTEM_USER))
        # The stored hash must not be logged either.
        with box.database.connect(read_only=True) as connection:
            hashed = connection.exec_driver_sql("select password_hash from users").scalar()
    logged = caplog.text
    for secret in (PASSWORD, WRONG, token, str(hashed)):
        assert secret not in logged
        assert secret not in trail
