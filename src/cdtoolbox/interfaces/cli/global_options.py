"""The options every `cdt` command takes: which database, and which account acts.

Kept apart from the commands so that the root group, which parses them before any
sub-command is imported, costs only Typer to import.
"""

from __future__ import annotations

from typing import Annotated

import typer

from cdtoolbox.toolbox.settings import DATABASE_URL_VARIABLE

__all__ = ["USER_VARIABLE", "DatabaseUrlOption", "UserOption"]

USER_VARIABLE = "CDT_USER"

DatabaseUrlOption = Annotated[
    str | None,
    typer.Option(
        "--database-url",
        envvar=DATABASE_URL_VARIABLE,
        help=(
            "Database to use: sqlite:///PATH (embedded, the default lives in your user data "
            "directory) or postgresql+psycopg://USER:PASSWORD@HOST/DB."
        ),
        show_envvar=True,
    ),
]

UserOption = Annotated[
    str | None,
    typer.Option(
        "--user",
        envvar=USER_VARIABLE,
        help=(
            "Act as this account: its role, Member State and clearance apply and the audit "
            "trail names it. Default: the local operator 'system' (an administrator who "
            "cannot record a Member State's position)."
        ),
        show_envvar=True,
    ),
]
