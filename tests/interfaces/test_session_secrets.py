"""The session cookie's signature and the installation's secret key."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cdtoolbox.errors import InvalidInput
from cdtoolbox.interfaces.http.secret_key import (
    SECRET_KEY_FILE,
    SECRET_KEY_VARIABLE,
    load_secret_key,
)
from cdtoolbox.interfaces.http.session_cookie import sign_session, unsign_session

KEY = b"k" * 40
payloads = st.dictionaries(
    st.text(max_size=8),
    st.one_of(st.none(), st.integers(), st.text(max_size=40), st.floats(allow_nan=False)),
    max_size=5,
)


@given(payloads)
def test_a_signed_session_reads_back(payload: dict[str, object]) -> None:
    assert unsign_session(sign_session(payload, KEY), KEY) == payload


@given(payloads, st.integers(min_value=0), st.characters())
def test_any_altered_character_voids_the_cookie(
    payload: dict[str, object], where: int, replacement: str
) -> None:
    value = sign_session(payload, KEY)
    index = where % len(value)
    altered = value[:index] + replacement + value[index + 1 :]
    if altered != value:
        assert unsign_session(altered, KEY) is None


@given(st.text(max_size=200))
def test_garbage_never_raises(value: str) -> None:
    assert unsign_session(value, KEY) is None


def test_another_key_does_not_read_it() -> None:
    value = sign_session({"u": "ana"}, KEY)
    assert unsign_session(value, b"x" * 40) is None


def test_the_configured_key_wins_and_must_be_long(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cdt.sqlite3'}"
    configured = "c" * 32
    assert load_secret_key(url, {SECRET_KEY_VARIABLE: configured}) == configured.encode()
    with pytest.raises(InvalidInput, match="shorter than 32 characters"):
        load_secret_key(url, {SECRET_KEY_VARIABLE: "short"})
    assert not (tmp_path / SECRET_KEY_FILE).exists()


def test_a_key_is_created_once_beside_the_database_for_its_owner_only(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'data' / 'cdt.sqlite3'}"
    first = load_secret_key(url, {})
    path = tmp_path / "data" / SECRET_KEY_FILE
    assert path.exists() and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_secret_key(url, {}) == first  # a restart keeps the sessions
    assert len(first) >= 32 and list(path.parent.iterdir()) == [path]


def test_an_in_memory_database_gets_a_key_in_memory_only() -> None:
    first = load_secret_key("sqlite:///:memory:", {})
    assert len(first) >= 32 and load_secret_key("sqlite://", {}) != first
