"""Hybrid post-quantum signatures for what cdtoolbox exports: keys (ML-DSA-65 with Ed25519),
encrypted key files, and detached signature files. Touches no database; the keyring of
partners' keys is the store's, reached through the toolbox."""

from cdtoolbox.signing.key_files import (
    public_key_document,
    read_private_key,
    read_public_key,
    write_private_key,
)
from cdtoolbox.signing.keys import SigningKey
from cdtoolbox.signing.signature_file import (
    SIGNATURE_SUFFIX,
    SignatureDocument,
    check_signature,
    digest_bytes,
    digest_file,
    read_signature,
    sign_digest,
    sign_file,
    write_signature,
)

__all__ = [
    "SIGNATURE_SUFFIX",
    "SignatureDocument",
    "SigningKey",
    "check_signature",
    "digest_bytes",
    "digest_file",
    "public_key_document",
    "read_private_key",
    "read_public_key",
    "read_signature",
    "sign_digest",
    "sign_file",
    "write_private_key",
    "write_signature",
]
