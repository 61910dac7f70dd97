"""How a command gets its Toolbox and how library errors become exit statuses and messages."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import TYPE_CHECKING

import typer
from rich.console import Console, ConsoleDimensions, Group, RenderableType
from rich.markup import escape
from rich.panel import Panel
from rich.text import Text

from cdtoolbox.errors import CdtError, ImportRejected, InvalidInput
from cdtoolbox.interfaces.cli.global_options import USER_VARIABLE
from cdtoolbox.model.access import SYSTEM_USER, User
from cdtoolbox.toolbox.settings import Settings, Staleness

if TYPE_CHECKING:
    from cdtoolbox.toolbox import Toolbox

__all__ = [
    "EXIT_CODES",
    "USER_VARIABLE",
    "acting_user",
    "err_console",
    "error_document",
    "exit_code_for",
    "fills_width",
    "framed",
    "open_toolbox",
    "out_console",
    "print_json",
]

# Lines are never cut for a pipe or a file: rich would otherwise assume 80 columns there and
# split words, slugs and cursor tokens that scripts and readers copy from the output.
UNWRAPPED_WIDTH = 1_000_000


class _UnwrappedWhenPiped(Console):
    """A console at the terminal's width on a terminal, and at no width limit elsewhere."""

    @property
    def size(self) -> ConsoleDimensions:
        if self.is_terminal:
            return super().size
        return ConsoleDimensions(UNWRAPPED_WIDTH, super().size.height)

    @size.setter
    def size(self, new_size: tuple[int, int]) -> None:
        Console.size.fset(self, new_size)  # type: ignore[attr-defined]


out_console = _UnwrappedWhenPiped(highlight=False)
err_console = _UnwrappedWhenPiped(stderr=True, highlight=False, soft_wrap=True)


def fills_width() -> bool:
    """Whether tables stretch to the terminal (only on one: a pipe has no width to fill)."""
    return out_console.is_terminal


def framed(title: str, body: RenderableType, *, expand: bool = False) -> RenderableType:
    """A record's view: boxed under its title on a terminal, plain lines for a pipe or file.

    Unwrapped, a box would be as wide as the longest paragraph and pad every line to it.
    """
    heading = Text(title, style="bold")
    if out_console.is_terminal:
        return Panel(body, title=heading, expand=expand)
    return Group(heading, body)


# One table maps library errors to exit statuses: 2 = the input was wrong, 1 = anything else.
EXIT_CODES: tuple[tuple[type[CdtError], int], ...] = (
    (InvalidInput, 2),
    (ImportRejected, 2),
    (CdtError, 1),
)


def exit_code_for(error: CdtError) -> int:
    for kind, code in EXIT_CODES:
        if isinstance(error, kind):
            return code
    return 1


def error_document(error: CdtError) -> dict[str, object]:
    """A library error for scripts: its kind, message, exit status and every field error."""
    document: dict[str, object] = {
        "error": type(error).__name__,
        "message": str(error),
        "exit_code": exit_code_for(error),
    }
    if isinstance(error, ImportRejected):
        document["source"] = error.source
        document["errors"] = [field_error.as_dict() for field_error in error.errors]
    elif isinstance(error, InvalidInput):
        document["errors"] = [error.as_dict()]
    return document


@contextmanager
def open_toolbox(
    ctx: typer.Context, *, json_errors: bool = False, staleness: Staleness | None = None
) -> Iterator[Toolbox]:
    """Yield a Toolbox for the command; turn library errors into a message and an exit status.

    With ``json_errors`` (commands run with --json) the error is also written to stdout as
    ``error_document`` — every field error of a refused import, where the message on stderr
    shows the first twenty. ``staleness`` replaces the default (every derived view exact)
    for a long-running command (``cdt serve``).
    """
    # ctx.obj may also carry a ready knowledge base (an embedding program's, or a test's).
    state = ctx.obj if isinstance(ctx.obj, dict) else {}
    settings = Settings.from_environment(database_url=state.get("database_url"))
    if staleness is not None:
        settings = replace(settings, staleness=staleness)
    try:
        from cdtoolbox.toolbox.composition import (
            Toolbox,  # here: help and option errors never need the store
        )

        with Toolbox(settings, knowledge=state.get("knowledge")) as toolbox:
            yield toolbox
    except CdtError as error:
        err_console.print(f"[bold red]error:[/] {escape(str(error))}")
        if json_errors:
            print_json(error_document(error))
        elif isinstance(error, ImportRejected) and len(error.errors) > _SHOWN_ERRORS:
            err_console.print("(run with --json to list every error)")
        raise typer.Exit(exit_code_for(error)) from None


# ImportRejected's message lists this many errors, then counts the rest.
_SHOWN_ERRORS = 20


def acting_user(ctx: typer.Context, toolbox: Toolbox) -> User:
    """The account a command acts as: ``--user``/CDT_USER, else the local operator.

    The command line trusts whoever runs it on the server (they can read the database file
    anyway), so it asks for no password; ``--user`` makes the audit trail name the person and
    applies that account's role, state and clearance.
    """
    state = ctx.find_root().obj
    username = state.get("user") if isinstance(state, dict) else None
    return toolbox.users.get(username) if username else SYSTEM_USER


def print_json(value: object) -> None:
    """Machine-readable output on stdout (UTF-8, stable key order as produced)."""
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2) + "\n")
