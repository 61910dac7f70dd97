"""`cdt keys …` and `cdt verify`: hybrid signing keys (ML-DSA-65 with Ed25519), the keyring of
partners' public keys, and checking a detached signature; `--sign` for the export commands."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.table import Table

from cdtoolbox.errors import InvalidInput
from cdtoolbox.interfaces.cli.context import (
    acting_user,
    fills_width,
    open_toolbox,
    out_console,
    print_json,
)
from cdtoolbox.interfaces.cli.sign_option import passphrase
from cdtoolbox.model.signing import KeyringEntry

if TYPE_CHECKING:
    pass

__all__ = [
    "app",
    "verify_command",
]

app = typer.Typer(
    help=(
        "Hybrid signing keys (ML-DSA-65 with Ed25519) and the keyring of partners' public "
        "keys that `cdt verify` trusts."
    ),
    no_args_is_help=True,
)

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]


@app.command("generate")
def generate_command(
    ctx: typer.Context,
    name: Annotated[str, typer.Option("--name", help="Who signs, e.g. 'EEAS SG.CYBER'.")],
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            help="The private key file to create (never overwritten; readable by you only).",
            dir_okay=False,
        ),
    ],
    json_output: JsonOption = False,
) -> None:
    """Make a hybrid signing key (ML-DSA-65 with Ed25519), encrypted under a passphrase
    (Argon2id, AES-256-GCM) taken from $CDT_SIGNING_PASSPHRASE or asked for twice."""
    with open_toolbox(ctx, json_errors=json_output) as toolbox:
        key = toolbox.signatures.generate(name, output, passphrase(confirm=True))
    if json_output:
        print_json({"name": key.name, "fingerprint": key.fingerprint, "file": str(output)})
    else:
        out_console.print(
            f"Key {key.fingerprint} ({key.name}) written to {output}.\n"
            f"Give partners its public half: cdt keys export-public {output}",
            markup=False,
        )


@app.command("export-public")
def export_public_command(
    ctx: typer.Context,
    key_file: Annotated[Path, typer.Argument(help="A private or public key file.")],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write (default: stdout).")
    ] = None,
) -> None:
    """Write the public half of a key, for partners to import; needs no passphrase."""
    from cdtoolbox.signing import public_key_document

    with open_toolbox(ctx) as toolbox:
        key = toolbox.signatures.public_key(key_file)
        text = json.dumps(public_key_document(key), indent=2) + "\n"
        if output is None:
            out_console.file.write(text)
        else:
            try:
                output.write_text(text, encoding="utf-8")
            except OSError as error:
                raise InvalidInput(
                    "key file", "path", None, f"cannot be written: {error.strerror}", str(output)
                ) from None


@app.command("import")
def import_command(
    ctx: typer.Context,
    key_file: Annotated[Path, typer.Argument(help="A partner's public key file.")],
    json_output: JsonOption = False,
) -> None:
    """Add a partner's public key to the keyring, not yet trusted: check its fingerprint with
    the partner over another channel, then `cdt keys trust FINGERPRINT`."""
    with open_toolbox(ctx, json_errors=json_output) as toolbox:
        entry = toolbox.signatures.import_key(key_file, by=acting_user(ctx, toolbox))
    if json_output:
        print_json(_entry_document(entry))
    else:
        out_console.print(
            f"Key {entry.fingerprint} ({entry.key.name}) is in the keyring: {entry.status}.",
            markup=False,
        )


@app.command("list")
def list_command(ctx: typer.Context, json_output: JsonOption = False) -> None:
    """The keyring: every partner key with its fingerprint and status."""
    with open_toolbox(ctx, json_errors=json_output) as toolbox:
        entries = toolbox.signatures.list(by=acting_user(ctx, toolbox))
    if json_output:
        print_json([_entry_document(entry) for entry in entries])
        return
    table = Table(expand=fills_width())
    for column in ("Fingerprint", "Name", "Status", "Changed"):
        table.add_column(column)
    for entry in entries:
        table.add_row(
            entry.fingerprint,
            escape(entry.key.name),
            entry.status.value,
            entry.updated_at.isoformat(timespec="seconds"),
        )
    out_console.print(table)


@app.command("trust")
def trust_command(
    ctx: typer.Context,
    fingerprint: Annotated[str, typer.Argument(help="The fingerprint, or its first 8+ digits.")],
) -> None:
    """Accept signatures made with this key (audited)."""
    with open_toolbox(ctx) as toolbox:
        entry = toolbox.signatures.trust(fingerprint, by=acting_user(ctx, toolbox))
    out_console.print(f"Key {entry.fingerprint} ({entry.key.name}): trusted.", markup=False)


@app.command("revoke")
def revoke_command(
    ctx: typer.Context,
    fingerprint: Annotated[str, typer.Argument(help="The fingerprint, or its first 8+ digits.")],
) -> None:
    """Refuse every signature made with this key, for good (audited)."""
    with open_toolbox(ctx) as toolbox:
        entry = toolbox.signatures.revoke(fingerprint, by=acting_user(ctx, toolbox))
    out_console.print(f"Key {entry.fingerprint} ({entry.key.name}): revoked.", markup=False)


def verify_command(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="The signed file.", dir_okay=False)],
    signature: Annotated[
        Path, typer.Argument(help="Its detached signature (FILE.sig).", dir_okay=False)
    ],
    json_output: JsonOption = False,
) -> None:
    """Check FILE against SIGNATURE: both the ML-DSA-65 and the Ed25519 signature must verify
    under a trusted key of the keyring. Exit 0 and name the signer when valid; exit 2 with
    the reason otherwise."""
    with open_toolbox(ctx, json_errors=json_output) as toolbox:
        result = toolbox.signatures.verify(file, signature, by=acting_user(ctx, toolbox))
    if json_output:
        print_json(
            {
                "valid": True,
                "signer": result.signer,
                "fingerprint": result.fingerprint,
                "signed_at": result.signed_at.isoformat(),
                "size": result.size,
                result.digest_algorithm.lower().replace("-", ""): result.digest,
            }
        )
    else:
        out_console.print(
            f"Valid signature by {result.signer} (key {result.fingerprint}), made "
            f"{result.signed_at.isoformat()}, over {file} ({result.size} bytes).",
            markup=False,
        )


def _entry_document(entry: KeyringEntry) -> dict[str, object]:
    return {
        "fingerprint": entry.fingerprint,
        "name": entry.key.name,
        "status": entry.status.value,
        "added_at": entry.added_at.isoformat(),
        "updated_at": entry.updated_at.isoformat(),
    }
