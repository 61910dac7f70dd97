"""Hybrid signature benchmark: sign and verify a large file, against hashing it alone.

    python benchmarks/signatures.py [--size-mib 100] [--repeats 5]

Writes one file of random bytes (``--size-mib``, 100 MiB by default) in a temporary folder
and measures, each the median of ``--repeats`` runs in this process:

- floor: ``hashlib.sha512`` of the file, read in the same 1 MiB chunks: what any signature
  over the file's SHA-512 must spend at least;
- sign: ``signing.sign_file`` (hash once, then ML-DSA-65 and Ed25519 over the statement)
  and writing the FILE.sig, as ``--sign`` does after an export;
- verify: reading FILE.sig, both signatures, then the file's hash, as ``cdt verify`` does
  (without the keyring look-up, one indexed row).

Prints the seconds of each and their ratio to the floor. Not a test: nothing here asserts
the target (sign and verify a 100 MB file in under 2 s each).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from cdtoolbox.signing import (
    SigningKey,
    check_signature,
    read_signature,
    sign_file,
    write_signature,
)

_CHUNK = 1024 * 1024


def median_seconds(run: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def sha512_of(path: Path) -> str:
    hasher = hashlib.sha512()
    with path.open("rb") as source:
        while chunk := source.read(_CHUNK):
            hasher.update(chunk)
    return hasher.hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mib", type=int, default=100)
    parser.add_argument("--repeats", type=int, default=5)
    arguments = parser.parse_args()

    key = SigningKey.generate("benchmark")
    with tempfile.TemporaryDirectory(prefix="cdt-signatures-") as folder:
        file = Path(folder) / "bundle.bin"
        with file.open("wb") as out:
            for _ in range(arguments.size_mib):
                out.write(os.urandom(_CHUNK))
        signature = Path(folder) / "bundle.bin.sig"
        sha512_of(file)  # warm the page cache, so every measurement reads from memory

        def sign() -> None:
            write_signature(signature, sign_file(file, key, datetime.now(UTC)))

        def verify() -> None:
            check_signature(file, signature, read_signature(signature), key.public_key)

        floor = median_seconds(lambda: sha512_of(file), arguments.repeats)
        signing = median_seconds(sign, arguments.repeats)
        verifying = median_seconds(verify, arguments.repeats)

    print(f"file: {arguments.size_mib} MiB, median of {arguments.repeats} runs")
    print(f"floor  (SHA-512 only): {floor:.3f} s")
    print(f"sign   (hash + ML-DSA-65 + Ed25519): {signing:.3f} s  = {signing / floor:.2f}x floor")
    print(
        f"verify (read .sig + both + hash):    {verifying:.3f} s  = {verifying / floor:.2f}x floor"
    )


if __name__ == "__main__":
    main()
