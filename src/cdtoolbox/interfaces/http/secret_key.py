"""The installation's secret key, which signs session cookies.

It must survive restarts (or every restart signs everyone out) and be the same on every
server process behind one address. In order:

1. ``CDT_SECRET_KEY``, when set: at least 32 characters. Set it when several hosts serve
   one installation (docs/deployment.md); the worker processes of one ``cdt serve
   --workers`` read the one file below, which ``cdt serve`` makes before starting them.
2. Otherwise a random key created once in the file ``secret-key`` beside the SQLite database
   (or, with PostgreSQL, in the user's data directory), readable by its owner only. Whoever
   can read that file can read the database beside it, so it grants nothing more.
3. An in-memory database does not survive a restart either: its key is a random one, kept
   in memory only.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import tempfile
from collections.abc import Mapping
from pathlib import Path

import platformdirs

from cdtoolbox.errors import InvalidInput

__all__ = ["SECRET_KEY_FILE", "SECRET_KEY_VARIABLE", "key_directory", "load_secret_key"]

SECRET_KEY_VARIABLE = "CDT_SECRET_KEY"
SECRET_KEY_FILE = "secret-key"
_MIN_LENGTH = 32
_SQLITE_PREFIX = "sqlite:///"


def key_directory(database_url: str) -> Path | None:
    """Where the generated key is kept: beside the SQLite file, else the user's data folder;
    None for an in-memory database."""
    if database_url.startswith("sqlite:"):
        location = database_url[len(_SQLITE_PREFIX) :].split("?", 1)[0]
        if not database_url.startswith(_SQLITE_PREFIX) or location in ("", ":memory:"):
            return None
        return Path(location).parent
    return Path(platformdirs.user_data_dir("cdtoolbox", appauthor=False))


def load_secret_key(database_url: str, environ: Mapping[str, str] | None = None) -> bytes:
    env = os.environ if environ is None else environ
    configured = env.get(SECRET_KEY_VARIABLE)
    if configured is not None:
        if len(configured.strip()) < _MIN_LENGTH:
            raise InvalidInput(
                "setting",
                SECRET_KEY_VARIABLE,
                "…",
                f"is shorter than {_MIN_LENGTH} characters; generate one with "
                "`python -c 'import secrets; print(secrets.token_hex(32))'`",
            )
        return configured.strip().encode("utf-8")
    directory = key_directory(database_url)
    if directory is None:
        return secrets.token_hex(32).encode("ascii")
    return _stored_key(directory / SECRET_KEY_FILE)


def _stored_key(path: Path) -> bytes:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        # Written whole under a temporary name, then linked into place: a process starting at
        # the same moment either finds no file or a complete one, and one key wins.
        descriptor, temporary = tempfile.mkstemp(prefix=".secret-key-", dir=path.parent)
        try:
            with os.fdopen(descriptor, "w", encoding="ascii") as file:
                file.write(secrets.token_hex(32) + "\n")
            with contextlib.suppress(FileExistsError):
                os.link(temporary, path)
        finally:
            os.unlink(temporary)
    return _read(path)


def _read(path: Path) -> bytes:
    key = path.read_text(encoding="ascii").strip()
    if len(key) < _MIN_LENGTH:
        raise InvalidInput(
            "file", str(path), "…", f"holds a secret key shorter than {_MIN_LENGTH} characters"
        )
    return key.encode("ascii")
