"""Render every command's ``--help`` into one Markdown page (docs/cli.md), so the published
reference is generated from the code and a test can tell when it has drifted."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import typer.main

from cdtoolbox.interfaces.cli.app import app

__all__ = ["render_cli_reference"]

_WIDTH = 100


def _walk(command: Any, path: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], Any]]:
    # Typer ships its own copy of click, so commands are walked by their interface, not class.
    yield path, command
    if hasattr(command, "list_commands"):
        context = command.context_class(command)
        for name in sorted(command.list_commands(context)):
            sub = command.get_command(context, name)
            if sub is not None and not sub.hidden:
                yield from _walk(sub, (*path, name))


def render_cli_reference() -> str:
    """Every command's help, in command order, as Markdown."""
    sections = [
        "# `cdt` command reference",
        "",
        "Generated from the code by `scripts/render-cli-docs`; a test fails when this page "
        "and the commands disagree.",
    ]
    for path, command in _walk(typer.main.get_command(app), ("cdt",)):
        context = command.context_class(
            command, info_name=" ".join(path), max_content_width=_WIDTH, terminal_width=_WIDTH
        )
        help_text = command.get_help(context).rstrip()
        sections += ["", f"## `{' '.join(path)}`", "", "```text", help_text, "```"]
    return "\n".join(sections) + "\n"
