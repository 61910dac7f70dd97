"""Small helpers shared by test modules (importable because pytest puts tests/ on the path)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine
from typer.testing import CliRunner

from cdtoolbox.interfaces.cli.app import app
from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.model.access import SYSTEM_USER, Role, User
from cdtoolbox.model.vocabulary import Tlp
from cdtoolbox.toolbox import Toolbox
from cdtoolbox.toolbox.passwords import PasswordHasher


@contextmanager
def counted_statements() -> Iterator[list[str]]:
    """Every statement sent to any database while the block runs (an executemany once)."""
    sent: list[str] = []

    def record(*arguments: object) -> None:
        sent.append(str(arguments[2]))

    event.listen(Engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(Engine, "before_cursor_execute", record)


def slugs_of(listing: dict[str, Any]) -> set[str]:
    """The slugs of a `--json` incident listing."""
    return {item["slug"] for item in listing["items"]}


class Cli:
    """Runs `cdt` in-process with the session's knowledge base (no reload per command)."""

    def __init__(self, knowledge: KnowledgeBase) -> None:
        self._knowledge = knowledge
        self._runner = CliRunner()

    def __call__(self, url: str, *args: str | Path, input: str | None = None) -> Any:
        """``input`` is what the user types at prompts (none: a prompt reads end of input)."""
        arguments = ["--database-url", url, *map(str, args)]
        env = {key: value for key, value in os.environ.items() if key != "CDT_DATABASE_URL"}
        return self._runner.invoke(
            app,
            arguments,
            obj={"knowledge": self._knowledge},
            env=env,
            input=input,
            catch_exceptions=False,
        )


# The production scrypt cost takes a quarter of a second per hash; the format and checks are
# the same at this cost.
CHEAP_PASSWORDS = PasswordHasher(log2_n=4, block_size=1, parallelism=1)


def wannacry_twin(title: str, **changes: Any) -> dict[str, Any]:
    """An incident document so close to the bundled WannaCry that it is its nearest precedent:
    the tests that hide a precedent above a reader's clearance mark it ``tlp="red"``."""
    return {
        "title": title,
        "start": "2017-05-13",
        "types": ["ransomware"],
        "victims": {"countries": ["GB"], "sectors": ["health"]},
        "actors": ["Lazarus Group"],
        **changes,
    }


PASSWORD = "correct horse battery staple"


def add_user(
    toolbox: Toolbox,
    username: str,
    role: Role,
    *,
    clearance: Tlp = Tlp.AMBER,
    member_state: str | None = None,
) -> User:
    return toolbox.users.add(
        by=SYSTEM_USER,
        username=username,
        display_name=username.replace("-", " ").title(),
        role=role,
        clearance=clearance,
        member_state=member_state,
        password=PASSWORD,
    )
