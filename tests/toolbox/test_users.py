from __future__ import annotations

from datetime import UTC, datetime

import pytest

from cdtoolbox.errors import Forbidden, InvalidInput, NotAuthenticated
from cdtoolbox.model.access import SYSTEM_USER, Permission, Role
from cdtoolbox.model.vocabulary import Tlp
from cdtoolbox.store import dump
from cdtoolbox.toolbox import Toolbox
from cdtoolbox.toolbox.passwords import PasswordHasher

PASSWORD = "a long enough passphrase"


def test_a_user_signs_in_with_the_password_and_not_with_another(toolbox: Toolbox) -> None:
    added = toolbox.users.add(
        by=SYSTEM_USER,
        username="Ana",
        display_name="Ana Analyst",
        role=Role.ANALYST,
        password=PASSWORD,
    )
    assert added.username == "ana"
    assert toolbox.users.authenticate("ana", PASSWORD) == toolbox.users.get("ana")
    assert toolbox.users.authenticate("ana", PASSWORD).role is Role.ANALYST  # remembered
    with pytest.raises(NotAuthenticated):
        toolbox.users.authenticate("ana", PASSWORD + "x")
    with pytest.raises(NotAuthenticated):
        toolbox.users.authenticate("nobody", PASSWORD)


def test_the_password_is_stored_only_as_an_scrypt_hash(toolbox: Toolbox) -> None:
    toolbox.users.add(
        by=SYSTEM_USER, username="ana", display_name="A", role=Role.ANALYST, password=PASSWORD
    )
    contents = dump(toolbox.database)
    assert PASSWORD not in contents
    assert "$scrypt$" in contents
    audit = toolbox.audit.entries(by=SYSTEM_USER, entity="user", key="ana")
    assert audit[0].after is not None and audit[0].after["password_set"] is True
    assert "$scrypt$" not in str(audit)


def test_short_passwords_and_bad_usernames_are_refused_naming_the_field(toolbox: Toolbox) -> None:
    with pytest.raises(InvalidInput, match=r"password.*shorter than 12"):
        toolbox.users.add(
            by=SYSTEM_USER, username="ana", display_name="A", role=Role.VIEWER, password="short"
        )
    with pytest.raises(InvalidInput, match="username"):
        toolbox.users.add(by=SYSTEM_USER, username="a b", display_name="A", role=Role.VIEWER)
    with pytest.raises(InvalidInput, match=r"username.*already taken"):
        toolbox.users.add(by=SYSTEM_USER, username="ana", display_name="A", role=Role.VIEWER)
        toolbox.users.add(by=SYSTEM_USER, username="ana", display_name="A", role=Role.VIEWER)


def test_a_delegate_is_bound_to_one_member_state(toolbox: Toolbox) -> None:
    delegate = toolbox.users.add(
        by=SYSTEM_USER, username="fr", display_name="FR", role=Role.DELEGATE, member_state="France"
    )
    assert delegate.member_state == "FR"
    with pytest.raises(InvalidInput, match=r"member_state.*required"):
        toolbox.users.add(by=SYSTEM_USER, username="x1", display_name="X", role=Role.DELEGATE)
    with pytest.raises(InvalidInput, match="not a Member State"):
        toolbox.users.add(
            by=SYSTEM_USER, username="x2", display_name="X", role=Role.DELEGATE, member_state="NO"
        )
    with pytest.raises(InvalidInput, match="only set for member-state delegates"):
        toolbox.users.add(
            by=SYSTEM_USER, username="x3", display_name="X", role=Role.ANALYST, member_state="FR"
        )


def test_only_administrators_manage_accounts(toolbox: Toolbox) -> None:
    analyst = toolbox.users.add(by=SYSTEM_USER, username="ana", display_name="A", role=Role.ANALYST)
    with pytest.raises(Forbidden, match="manage user accounts"):
        toolbox.users.add(by=analyst, username="eve", display_name="E", role=Role.ADMIN)
    with pytest.raises(Forbidden):
        toolbox.users.list(by=analyst)
    assert [user.username for user in toolbox.users.list(by=SYSTEM_USER)] == ["ana"]


def test_a_disabled_account_cannot_sign_in(toolbox: Toolbox) -> None:
    toolbox.users.add(
        by=SYSTEM_USER, username="ana", display_name="A", role=Role.ANALYST, password=PASSWORD
    )
    toolbox.users.update("ana", by=SYSTEM_USER, active=False)
    with pytest.raises(NotAuthenticated):
        toolbox.users.authenticate("ana", PASSWORD)


def test_bearer_tokens_sign_in_until_revoked_or_expired(toolbox: Toolbox) -> None:
    viewer = toolbox.users.add(
        by=SYSTEM_USER, username="vic", display_name="V", role=Role.VIEWER, clearance=Tlp.GREEN
    )
    token, secret = toolbox.users.issue_token("vic", "feed reader", by=viewer)
    assert secret.startswith("cdt_") and secret not in dump(toolbox.database)
    assert toolbox.users.authenticate_token(secret).username == "vic"
    with pytest.raises(NotAuthenticated):
        toolbox.users.authenticate_token(secret[:-1] + ("A" if secret[-1] != "A" else "B"))
    toolbox.users.revoke_token(token.token_id, by=viewer)
    with pytest.raises(NotAuthenticated):
        toolbox.users.authenticate_token(secret)
    _, expiring = toolbox.users.issue_token(
        "vic", "short", by=SYSTEM_USER, expires_at=datetime(2026, 11, 25, 9, 0, 30, tzinfo=UTC)
    )
    assert toolbox.users.authenticate_token(expiring).username == "vic"
    for _ in range(40):  # the fixed clock ticks a second per read
        toolbox.clock.now()
    with pytest.raises(NotAuthenticated):
        toolbox.users.authenticate_token(expiring)


def test_token_counts_are_the_tokens_that_would_sign_in_now_for_administrators_only(
    toolbox: Toolbox,
) -> None:
    viewer = toolbox.users.add(by=SYSTEM_USER, username="vic", display_name="V", role=Role.VIEWER)
    toolbox.users.add(by=SYSTEM_USER, username="ana", display_name="A", role=Role.ANALYST)
    toolbox.users.issue_token("vic", "kept", by=viewer)
    revoked, _ = toolbox.users.issue_token("vic", "revoked", by=viewer)
    toolbox.users.revoke_token(revoked.token_id, by=viewer)
    toolbox.users.issue_token(
        "vic", "expired", by=SYSTEM_USER, expires_at=datetime(2026, 11, 25, 9, 0, 30, tzinfo=UTC)
    )
    for _ in range(40):  # the fixed clock ticks a second per read
        toolbox.clock.now()
    assert toolbox.users.usable_token_counts(by=SYSTEM_USER) == {"ana": 0, "vic": 1}
    with pytest.raises(Forbidden):
        toolbox.users.usable_token_counts(by=viewer)


def test_a_user_cannot_issue_tokens_for_someone_else(toolbox: Toolbox) -> None:
    viewer = toolbox.users.add(by=SYSTEM_USER, username="vic", display_name="V", role=Role.VIEWER)
    toolbox.users.add(by=SYSTEM_USER, username="ana", display_name="A", role=Role.ANALYST)
    with pytest.raises(Forbidden):
        toolbox.users.issue_token("ana", "stolen", by=viewer)


def test_roles_grant_what_the_permission_table_says() -> None:
    delegate = SYSTEM_USER.evolve(username="d", role=Role.DELEGATE, member_state="FR")
    assert delegate.can(Permission.RECORD_POSITION)
    assert not delegate.can(Permission.EDIT_CASES)
    assert not SYSTEM_USER.can(Permission.RECORD_POSITION)
    assert SYSTEM_USER.can(Permission.MANAGE_USERS)
    assert not SYSTEM_USER.evolve(active=False).can(Permission.READ)


def test_stored_hash_parameters_are_read_back_from_the_hash() -> None:
    strong = PasswordHasher(log2_n=5, block_size=2, parallelism=1)
    stored = strong.hash(PASSWORD)
    assert PasswordHasher(log2_n=4, block_size=1, parallelism=1).verify(PASSWORD, stored)
    assert not strong.verify(PASSWORD, "$scrypt$garbage")
