"""A command group whose sub-commands are imported when they are used.

Each ``cdt`` sub-command lives in a module that imports what it needs (the store, the
assessment engine, the exchange formats), and importing all of them cost every run of ``cdt``
most of its start-up. The group declares each sub-command's name, where it lives and the first
paragraph of its help; ``cdt --help``, completion of a sub-command's name and a misspelt name's
suggestions read that declaration, and a sub-command's module is imported only when that
sub-command is resolved: run, asked for its own ``--help`` or walked by the full reference.
A test compares every declared help with the module's own, so the two cannot drift.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping, MutableMapping
from dataclasses import dataclass
from typing import Any, ClassVar

import typer
import typer.main

# Typer ships its own copy of click; the group's methods take its classes.
from typer import _click
from typer._click.shell_completion import CompletionItem
from typer.core import TyperCommand, TyperGroup
from typer.models import CommandInfo, TyperInfo

__all__ = ["LazySubcommand", "LazyTyperGroup"]


@dataclass(frozen=True, slots=True)
class LazySubcommand:
    """A sub-command known by name before its module is imported.

    ``target`` is ``"module:attribute"``: a ``typer.Typer`` becomes a group of commands, a
    function a single command. ``help`` is the first paragraph of the sub-command's own help.
    """

    name: str
    target: str
    help: str

    def short_help(self, limit: int = 45) -> str:
        """The listing line, truncated by click's own rule as if the command were loaded."""
        return TyperCommand(name=self.name, help=self.help).get_short_help_str(limit)

    def load(self, group: TyperGroup) -> _click.Command:
        """Import the sub-command and build it with the settings the group passes down."""
        module, _, attribute = self.target.partition(":")
        declared = getattr(importlib.import_module(module), attribute)
        if isinstance(declared, typer.Typer):
            return typer.main.get_group_from_info(
                TyperInfo(declared, name=self.name),
                # Only names Typer's traceback guard; the root disables pretty tracebacks.
                pretty_exceptions_short=True,
                suggest_commands=group.suggest_commands,
                rich_markup_mode=group.rich_markup_mode,
            )
        return typer.main.get_command_from_info(
            CommandInfo(name=self.name, callback=declared),
            pretty_exceptions_short=True,
            rich_markup_mode=group.rich_markup_mode,
        )


class _Subcommands(MutableMapping[str, _click.Command]):
    """The group's ``commands``: every declared name is a key; a value is built on first read.

    Click and Typer read ``commands`` for names (suggestions for a misspelt command) and
    ``get_command`` reads one value, so only the sub-command asked for is imported.
    """

    def __init__(self, group: TyperGroup, declared: tuple[LazySubcommand, ...]) -> None:
        self._group = group
        self._declared = {entry.name: entry for entry in declared}
        self._loaded: dict[str, _click.Command] = {}
        self._order = list(self._declared)

    def __getitem__(self, name: str) -> _click.Command:
        if name not in self._loaded:
            entry = self._declared.get(name)
            if entry is None:
                raise KeyError(name)
            self._loaded[name] = entry.load(self._group)
        return self._loaded[name]

    def __setitem__(self, name: str, command: _click.Command) -> None:
        if name not in self._order:
            self._order.append(name)
        self._loaded[name] = command

    def __delitem__(self, name: str) -> None:
        if name not in self._order:
            raise KeyError(name)
        self._order.remove(name)
        self._declared.pop(name, None)
        self._loaded.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._order))

    def __len__(self) -> int:
        return len(self._order)

    def __contains__(self, name: object) -> bool:
        return name in self._order

    def visible(self) -> list[str]:
        """The names listed in help and completion: declared ones are never hidden."""
        return [
            name
            for name in self._order
            if name not in self._loaded or not self._loaded[name].hidden
        ]

    def summary(self, name: str, limit: int) -> str:
        """A visible sub-command's listing line, without importing a declared one."""
        if name in self._loaded:
            return self._loaded[name].get_short_help_str(limit)
        return self._declared[name].short_help(limit)


class LazyTyperGroup(TyperGroup):
    """A Typer group that also offers the ``subcommands`` a subclass declares, in that order,
    after the commands registered on the ``typer.Typer`` itself."""

    subcommands: ClassVar[tuple[LazySubcommand, ...]] = ()

    def __init__(self, **attributes: Any) -> None:
        super().__init__(**attributes)
        registered: Mapping[str, _click.Command] = self.commands
        self.commands = _Subcommands(self, self.subcommands)
        for name, command in registered.items():
            self.commands[name] = command

    def _subcommands(self) -> _Subcommands:
        assert isinstance(self.commands, _Subcommands)
        return self.commands

    def format_commands(self, ctx: _click.Context, formatter: _click.HelpFormatter) -> None:
        # As TyperGroup lists them (click's rule for the width), from the declarations.
        subcommands = self._subcommands()
        names = subcommands.visible()
        if names:
            limit = formatter.width - 6 - max(len(name) for name in names)
            with formatter.section("Commands"):
                formatter.write_dl([(name, subcommands.summary(name, limit)) for name in names])

    def shell_complete(self, ctx: _click.Context, incomplete: str) -> list[CompletionItem]:
        subcommands = self._subcommands()
        results = [
            CompletionItem(name, help=subcommands.summary(name, 45))
            for name in subcommands.visible()
            if name.startswith(incomplete)
        ]
        # Options of the group itself, as TyperGroup adds them after the commands.
        results.extend(_click.Command.shell_complete(self, ctx, incomplete))
        return results
