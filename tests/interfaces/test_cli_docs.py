"""The published command reference is the commands' own help, and every command has help."""

from __future__ import annotations

from pathlib import Path

import typer.main

from cdtoolbox.interfaces.cli.app import app
from cdtoolbox.interfaces.cli.help_reference import render_cli_reference

DOCS = Path(__file__).resolve().parents[2] / "docs" / "cli.md"


def test_docs_cli_md_is_up_to_date() -> None:
    assert DOCS.read_text(encoding="utf-8") == render_cli_reference(), (
        "docs/cli.md is stale: run scripts/render-cli-docs"
    )


def test_every_command_and_option_has_help() -> None:
    def walk(command, path):  # type: ignore[no-untyped-def]
        yield path, command
        if hasattr(command, "list_commands"):
            context = command.context_class(command)
            for name in command.list_commands(context):
                yield from walk(command.get_command(context, name), f"{path} {name}")

    for path, command in walk(typer.main.get_command(app), "cdt"):
        assert command.help, f"`{path}` has no help text"
        for parameter in command.params:
            if parameter.param_type_name == "option" and "--help" not in parameter.opts:
                assert parameter.help, f"`{path}` option {parameter.opts} has no help"
