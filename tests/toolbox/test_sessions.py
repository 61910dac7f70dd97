"""Sign-in sessions kept by the library: they end on sign-out, on expiry, and when the account
that signed in changes what it may do (both backends)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest

from cdtoolbox.errors import NotAuthenticated
from cdtoolbox.model.access import SYSTEM_USER, Role, User
from cdtoolbox.model.vocabulary import Tlp
from cdtoolbox.store import dump
from cdtoolbox.toolbox import Toolbox
from cdtoolbox.toolbox.sessions import SessionService

PASSWORD = "a long enough passphrase"


def add_analyst(toolbox: Toolbox, username: str = "ana") -> User:
    return toolbox.users.add(
        by=SYSTEM_USER,
        username=username,
        display_name="Ana Analyst",
        role=Role.ANALYST,
        clearance=Tlp.AMBER,
        password=PASSWORD,
    )


def test_signing_out_ends_that_session_and_no_other(toolbox: Toolbox) -> None:
    ana = add_analyst(toolbox)
    laptop = toolbox.sessions.start(by=ana)
    phone = toolbox.sessions.start(by=ana)
    assert toolbox.sessions.user_of(laptop) == toolbox.sessions.user_of(phone) == ana

    toolbox.sessions.end(laptop)
    with pytest.raises(NotAuthenticated):
        toolbox.sessions.user_of(laptop)
    assert toolbox.sessions.user_of(phone) == ana
    toolbox.sessions.end(laptop)  # signing out twice is harmless


def test_the_store_keeps_a_digest_of_the_session_secret_never_the_secret(
    toolbox: Toolbox,
) -> None:
    secret = toolbox.sessions.start(by=add_analyst(toolbox))
    contents = dump(toolbox.database)
    assert "== sign_in_sessions (1 rows)" in contents
    assert secret not in contents
    with pytest.raises(NotAuthenticated):
        toolbox.sessions.user_of(secret[:-1] + ("A" if secret[-1] != "A" else "B"))


def test_a_session_expires_after_its_lifetime(toolbox: Toolbox) -> None:
    short = SessionService(
        toolbox.database, toolbox.clock, toolbox.audit, lifetime=timedelta(seconds=5)
    )
    secret = short.start(by=add_analyst(toolbox))
    assert short.user_of(secret).username == "ana"
    for _ in range(5):  # the fixed clock ticks a second per read
        toolbox.clock.now()
    with pytest.raises(NotAuthenticated):
        short.user_of(secret)


def test_signing_in_again_ends_the_browsers_previous_session_and_forgets_ended_ones(
    toolbox: Toolbox,
) -> None:
    ana = add_analyst(toolbox)
    first = toolbox.sessions.start(by=ana)
    second = toolbox.sessions.start(by=ana, replacing=first)
    with pytest.raises(NotAuthenticated):
        toolbox.sessions.user_of(first)
    # An ended session can never be resumed, so signing in deletes it.
    assert "== sign_in_sessions (1 rows)" in dump(toolbox.database)
    toolbox.sessions.end(second)
    assert "== sign_in_sessions (1 rows)" in dump(toolbox.database)
    third = toolbox.sessions.start(by=ana)
    assert "== sign_in_sessions (1 rows)" in dump(toolbox.database)
    assert toolbox.sessions.user_of(third) == ana


def test_a_disabled_account_starts_no_session(toolbox: Toolbox) -> None:
    ana = add_analyst(toolbox)
    toolbox.users.update("ana", by=SYSTEM_USER, active=False)
    with pytest.raises(NotAuthenticated):
        toolbox.sessions.start(by=ana)


ACCOUNT_CHANGES: dict[str, Callable[[Toolbox], object]] = {
    "password": lambda box: box.users.set_password("ana", "another passphrase", by=SYSTEM_USER),
    "own password": lambda box: box.users.set_password(
        "ana", "another passphrase", by=box.users.get("ana")
    ),
    "role": lambda box: box.users.update("ana", by=SYSTEM_USER, role=Role.VIEWER),
    "clearance": lambda box: box.users.update("ana", by=SYSTEM_USER, clearance=Tlp.GREEN),
    "member state": lambda box: box.users.update(
        "ana", by=SYSTEM_USER, role=Role.DELEGATE, member_state="FR"
    ),
    "disabled": lambda box: box.users.update("ana", by=SYSTEM_USER, active=False),
}


@pytest.mark.parametrize("change", ACCOUNT_CHANGES.values(), ids=ACCOUNT_CHANGES.keys())
def test_changing_what_an_account_may_do_ends_all_its_sessions(
    toolbox: Toolbox, change: Callable[[Toolbox], object]
) -> None:
    ana = add_analyst(toolbox)
    ben = add_analyst(toolbox, "ben")
    sessions = [toolbox.sessions.start(by=ana), toolbox.sessions.start(by=ana)]
    others = toolbox.sessions.start(by=ben)
    change(toolbox)
    for secret in sessions:
        with pytest.raises(NotAuthenticated):
            toolbox.sessions.user_of(secret)
    assert toolbox.sessions.user_of(others) == ben  # other accounts' sessions go on


def test_a_change_that_grants_nothing_new_keeps_the_sessions(toolbox: Toolbox) -> None:
    secret = toolbox.sessions.start(by=add_analyst(toolbox))
    toolbox.users.update("ana", by=SYSTEM_USER, display_name="Ana A. Analyst")
    toolbox.users.update("ana", by=SYSTEM_USER, role=Role.ANALYST, clearance=Tlp.AMBER)
    assert toolbox.sessions.user_of(secret).display_name == "Ana A. Analyst"


def test_disabling_an_account_revokes_its_tokens_for_good_and_audits_it(
    toolbox: Toolbox,
) -> None:
    add_analyst(toolbox)
    token, secret = toolbox.users.issue_token("ana", "feed", by=SYSTEM_USER)
    toolbox.users.update("ana", by=SYSTEM_USER, active=False)
    toolbox.users.update("ana", by=SYSTEM_USER, active=True)
    with pytest.raises(NotAuthenticated):
        toolbox.users.authenticate_token(secret)  # enabling again brings no token back
    [listed] = toolbox.users.tokens("ana", by=SYSTEM_USER)
    assert listed.revoked_at is not None
    revocations = toolbox.audit.entries(by=SYSTEM_USER, entity="token", key=token.token_id)
    assert [(entry.action, entry.actor) for entry in revocations] == [
        ("token.issue", "system"),
        ("token.revoke", "system"),
    ]
    assert toolbox.audit.verify(by=SYSTEM_USER).intact


def test_a_password_change_keeps_the_api_tokens(toolbox: Toolbox) -> None:
    # Tokens are credentials of their own, revoked one by one; a routine password change must
    # not cut off the integrations that use them.
    add_analyst(toolbox)
    _, secret = toolbox.users.issue_token("ana", "feed", by=SYSTEM_USER)
    toolbox.users.set_password("ana", "another passphrase", by=SYSTEM_USER)
    assert toolbox.users.authenticate_token(secret).username == "ana"


def test_signing_in_and_out_is_in_the_audit_trail(toolbox: Toolbox) -> None:
    ana = add_analyst(toolbox)
    laptop = toolbox.sessions.start(by=ana)
    toolbox.sessions.end(laptop)
    toolbox.sessions.end(laptop)  # already over: recorded once
    toolbox.sessions.end("a secret no session has")
    trail = toolbox.audit.entries(by=SYSTEM_USER, entity="user", key="ana")
    assert [(entry.action, entry.actor) for entry in trail] == [
        ("user.add", "system"),
        ("session.start", "ana"),
        ("session.end", "ana"),
    ]
    assert toolbox.audit.verify(by=SYSTEM_USER).intact
