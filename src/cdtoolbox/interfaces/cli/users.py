"""`cdt users …`: accounts, roles, passwords and API tokens."""

from __future__ import annotations

import sys
from datetime import UTC, datetime, time
from typing import Annotated

import typer
from rich.table import Table

from cdtoolbox.errors import InvalidInput
from cdtoolbox.interfaces.cli.context import acting_user, open_toolbox, out_console, print_json
from cdtoolbox.interfaces.cli.option_values import option_classification
from cdtoolbox.model.access import Role, User
from cdtoolbox.model.audit_codec import user_record
from cdtoolbox.model.vocabulary import Classification, Tlp

__all__ = ["app"]

app = typer.Typer(
    help="User accounts: viewer, analyst, delegate (of one Member State), approver, admin.",
    no_args_is_help=True,
)

PasswordStdinOption = Annotated[
    bool,
    typer.Option("--password-stdin", help="Read the password from standard input (for scripts)."),
]


@app.command("add")
def add_command(
    ctx: typer.Context,
    username: Annotated[str, typer.Argument(help="Login name: lower-case letters, digits, . _ -")],
    role: Annotated[Role, typer.Option("--role", help="What the account may do.")],
    name: Annotated[str | None, typer.Option("--name", help="Display name.")] = None,
    state: Annotated[
        str | None, typer.Option("--state", help="Member State a delegate speaks for.")
    ] = None,
    clearance: Annotated[
        Tlp, typer.Option("--clearance", help="Most restricted TLP marking the user may read.")
    ] = Tlp.AMBER,
    classification_clearance: Annotated[
        str | None,
        typer.Option(
            "--classification-clearance",
            help="Highest EU classification the user may read: restreint-ue, confidentiel-ue "
            "or secret-ue (default: unclassified records only).",
        ),
    ] = None,
    password: Annotated[
        bool, typer.Option("--password", help="Prompt for a password (else: token sign-in only).")
    ] = False,
    password_stdin: PasswordStdinOption = False,
) -> None:
    """Create an account (administrators only)."""
    secret = _read_password(password, password_stdin)
    with open_toolbox(ctx) as toolbox:
        user = toolbox.users.add(
            by=acting_user(ctx, toolbox),
            username=username,
            display_name=name or username,
            role=role,
            clearance=clearance,
            classification_clearance=option_classification(
                "--classification-clearance", classification_clearance
            ),
            member_state=state,
            password=secret,
        )
    out_console.print(f"Created {user.username}: {user.label}, cleared to {_cleared_to(user)}.")


@app.command("list")
def list_command(
    ctx: typer.Context,
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
) -> None:
    """List accounts (administrators only)."""
    with open_toolbox(ctx) as toolbox:
        users = toolbox.users.list(by=acting_user(ctx, toolbox))
    if json_output:
        print_json({"items": [user_record(user) for user in users], "total": len(users)})
        return
    table = Table(
        "Username",
        "Name",
        "Role",
        "State",
        "Clearance",
        "Classification clearance",
        "Active",
        title="Accounts",
    )
    for user in users:
        table.add_row(
            user.username,
            user.display_name,
            user.role.label,
            user.member_state or "",
            user.clearance.label,
            Classification.label_of(user.classification_clearance),
            "yes" if user.active else "no",
        )
    out_console.print(table)


@app.command("set")
def set_command(
    ctx: typer.Context,
    username: Annotated[str, typer.Argument(help="The account.")],
    role: Annotated[Role | None, typer.Option("--role", help="New role.")] = None,
    state: Annotated[str | None, typer.Option("--state", help="Member State (delegates).")] = None,
    clearance: Annotated[
        Tlp | None, typer.Option("--clearance", help="New clearance (most restricted TLP).")
    ] = None,
    classification_clearance: Annotated[
        str | None,
        typer.Option(
            "--classification-clearance",
            help="New highest EU classification the user may read: restreint-ue, "
            "confidentiel-ue, secret-ue, or unclassified to withdraw it.",
        ),
    ] = None,
    active: Annotated[
        bool | None,
        typer.Option(
            "--active/--disabled",
            help="Enable or disable sign-in; disabling also revokes the account's API tokens.",
        ),
    ] = None,
) -> None:
    """Change an account's role, state, clearance or whether it may sign in.

    Any of these changes signs the account out of every browser session.
    """
    from cdtoolbox.toolbox.users import Keep

    with open_toolbox(ctx) as toolbox:
        user = toolbox.users.update(
            username,
            by=acting_user(ctx, toolbox),
            role=role,
            member_state=state,
            clearance=clearance,
            classification_clearance=(
                Keep.KEEP
                if classification_clearance is None
                else option_classification("--classification-clearance", classification_clearance)
            ),
            active=active,
        )
    out_console.print(f"{user.username}: {user.label}, {_cleared_to(user)}, active={user.active}.")


@app.command("passwd")
def passwd_command(
    ctx: typer.Context,
    username: Annotated[str, typer.Argument(help="The account.")],
    password_stdin: PasswordStdinOption = False,
) -> None:
    """Set an account's password; it signs the account out of every browser session.

    API tokens keep working: revoke them with `cdt users revoke` if the password leaked.
    """
    secret = _read_password(True, password_stdin)
    assert secret is not None
    with open_toolbox(ctx) as toolbox:
        toolbox.users.set_password(username, secret, by=acting_user(ctx, toolbox))
    out_console.print(f"Password of {username} changed.")


@app.command("token")
def token_command(
    ctx: typer.Context,
    username: Annotated[str, typer.Argument(help="The account the token signs in as.")],
    label: Annotated[str, typer.Option("--label", help="What the token is for.")] = "API token",
    expires: Annotated[
        str | None, typer.Option("--expires", help="Last day of validity, YYYY-MM-DD (UTC).")
    ] = None,
) -> None:
    """Issue a bearer token for the API and TAXII; it is printed once and never stored."""
    expires_at = None
    if expires:
        try:
            expires_at = datetime.combine(datetime.fromisoformat(expires).date(), time.max, UTC)
        except ValueError:
            raise typer.BadParameter("use YYYY-MM-DD", param_hint="--expires") from None
    with open_toolbox(ctx) as toolbox:
        token, secret = toolbox.users.issue_token(
            username, label, by=acting_user(ctx, toolbox), expires_at=expires_at
        )
    out_console.print(f"Token {token.token_id} for {token.username} ({token.label}):")
    sys.stdout.write(secret + "\n")
    out_console.print("Keep it now: it cannot be shown again. Revoke with `cdt users revoke`.")


@app.command("revoke")
def revoke_command(
    ctx: typer.Context, token_id: Annotated[str, typer.Argument(help="The token's id.")]
) -> None:
    """Revoke a bearer token."""
    with open_toolbox(ctx) as toolbox:
        token = toolbox.users.revoke_token(token_id, by=acting_user(ctx, toolbox))
    out_console.print(f"Revoked token {token.token_id} of {token.username}.")


def _read_password(prompt: bool, from_stdin: bool) -> str | None:
    if from_stdin:
        secret = sys.stdin.readline().rstrip("\r\n")
        if not secret:
            raise InvalidInput("option", "--password-stdin", "", "read an empty password")
        return secret
    if prompt:
        return str(typer.prompt("Password", hide_input=True, confirmation_prompt=True))
    return None


def _cleared_to(user: User) -> str:
    return f"{user.clearance.label} and {Classification.label_of(user.classification_clearance)}"
