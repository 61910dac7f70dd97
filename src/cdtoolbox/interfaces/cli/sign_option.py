"""The --sign option of the commands that write a file, and the passphrase of a signing key.

Apart from `cdt keys` so that a command that can sign what it writes (an export, a report)
imports neither the keys command nor the keyring's types until it signs.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cdtoolbox.errors import InvalidInput
from cdtoolbox.interfaces.cli.context import err_console
from cdtoolbox.toolbox.settings import SIGNING_PASSPHRASE_VARIABLE

if TYPE_CHECKING:
    from cdtoolbox.signing import SigningKey
    from cdtoolbox.toolbox import Toolbox

__all__ = [
    "SignOption",
    "open_signing_key",
    "passphrase",
    "report_signature",
]


SignOption = Annotated[
    Path | None,
    typer.Option(
        "--sign",
        help=(
            "Sign the file written with this private key file, writing FILE.sig beside it; "
            f"the passphrase comes from ${SIGNING_PASSPHRASE_VARIABLE} or a prompt."
        ),
        dir_okay=False,
    ),
]


def passphrase(*, confirm: bool) -> str:
    # The environment serves scripts; the prompt echoes nothing, and neither is ever printed.
    value = os.environ.get(SIGNING_PASSPHRASE_VARIABLE)
    if value is not None:
        return value
    entered: str = typer.prompt("Passphrase", hide_input=True, confirmation_prompt=confirm)
    return entered


def open_signing_key(
    toolbox: Toolbox, key_file: Path | None, output: Path | None
) -> SigningKey | None:
    """The key an export signs with, opened before the export writes anything (a wrong
    passphrase then leaves no file behind); None without --sign."""
    if key_file is None:
        return None
    if output is None:
        raise InvalidInput(
            "option", "--sign", str(key_file), "needs --output: a signature is beside a file"
        )
    return toolbox.signatures.open_key(key_file, passphrase(confirm=False))


def report_signature(toolbox: Toolbox, file: Path, key: SigningKey | None) -> None:
    if key is None:
        return
    signature = toolbox.signatures.sign(file, key)
    err_console.print(
        f"Signed {file} with key {key.public_key.fingerprint[:16]}… "
        f"({key.public_key.name}): {signature}",
        markup=False,
    )
