"""The signing library on its own: known answers, key files, signature files, and every way
a signature must fail (issue 20, items 1 and 2)."""

from __future__ import annotations

import base64
import hashlib
import json
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.mldsa import MLDSA65PrivateKey
from hypothesis import given, settings
from hypothesis import strategies as st

from cdtoolbox.errors import InvalidInput
from cdtoolbox.model.signing import PublicKey, fingerprint_of
from cdtoolbox.signing import (
    SigningKey,
    check_signature,
    digest_file,
    public_key_document,
    read_private_key,
    read_public_key,
    read_signature,
    sign_file,
    write_private_key,
    write_signature,
)
from cdtoolbox.signing.keys import verify_part

DATA = Path(__file__).resolve().parents[1] / "data" / "signing"
SIGNED_AT = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def key() -> SigningKey:
    return SigningKey.generate("EEAS SG.CYBER")


@pytest.fixture(scope="module")
def other_key() -> SigningKey:
    return SigningKey.generate("Someone else")


@pytest.fixture
def signed(tmp_path: Path, key: SigningKey) -> tuple[Path, Path]:
    file = tmp_path / "bundle.json"
    file.write_bytes(b'{"type": "bundle", "objects": []}\n' * 1000)
    signature = tmp_path / "bundle.json.sig"
    write_signature(signature, sign_file(file, key, SIGNED_AT))
    return file, signature


def _check(file: Path, signature: Path, key: PublicKey) -> object:
    return check_signature(file, signature, read_signature(signature), key)


def _edit(signature: Path, change: object) -> None:
    document = json.loads(signature.read_text())
    change(document)  # type: ignore[operator]
    signature.write_text(json.dumps(document))


def test_ml_dsa_65_key_generation_matches_the_nist_acvp_vector() -> None:
    vectors = json.loads((DATA / "ml-dsa-65-keygen-acvp.json").read_text())
    assert vectors["parameterSet"] == "ML-DSA-65" and vectors["tests"]
    for case in vectors["tests"]:
        private = MLDSA65PrivateKey.from_seed_bytes(bytes.fromhex(case["seed"]))
        assert private.public_key().public_bytes_raw() == bytes.fromhex(case["pk"])


def test_ed25519_matches_rfc_8032_test_1() -> None:
    vector = json.loads((DATA / "ed25519-rfc8032-test1.json").read_text())
    private = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(vector["secret_key"]))
    assert private.public_key().public_bytes_raw() == bytes.fromhex(vector["public_key"])
    assert private.sign(bytes.fromhex(vector["message"])) == bytes.fromhex(vector["signature"])


def test_a_hybrid_key_is_both_acvp_and_rfc_keys_under_one_fingerprint() -> None:
    ml_dsa = json.loads((DATA / "ml-dsa-65-keygen-acvp.json").read_text())["tests"][0]
    ed25519 = json.loads((DATA / "ed25519-rfc8032-test1.json").read_text())
    key = SigningKey("vector", bytes.fromhex(ml_dsa["seed"]), bytes.fromhex(ed25519["secret_key"]))
    raw = bytes.fromhex(ml_dsa["pk"]) + bytes.fromhex(ed25519["public_key"])
    assert key.public_key.fingerprint == hashlib.sha256(raw).hexdigest()
    assert fingerprint_of(key.public_key.ml_dsa_65, key.public_key.ed25519) == (
        key.public_key.fingerprint
    )


def test_sign_and_verify_round_trip(signed: tuple[Path, Path], key: SigningKey) -> None:
    file, signature = signed
    result = _check(file, signature, key.public_key)
    assert result == check_signature(file, signature, read_signature(signature), key.public_key)
    document = json.loads(signature.read_text())
    assert document["signer"] == "EEAS SG.CYBER"
    assert document["key_fingerprint"] == key.public_key.fingerprint
    assert document["signed_at"] == "2026-12-07T08:00:00Z"
    assert document["file"] == {
        "size": file.stat().st_size,
        "digest": {"algorithm": "SHA-512", "value": hashlib.sha512(file.read_bytes()).hexdigest()},
    }
    assert [(part["algorithm"], part["oid"]) for part in document["signatures"]] == [
        ("ML-DSA-65", "2.16.840.1.101.3.4.3.18"),
        ("Ed25519", "1.3.101.112"),
    ]


def test_a_changed_byte_fails(signed: tuple[Path, Path], key: SigningKey) -> None:
    file, signature = signed
    data = bytearray(file.read_bytes())
    data[500] ^= 0x01
    file.write_bytes(bytes(data))
    with pytest.raises(InvalidInput, match=r"bundle\.json: file `content` has changed since"):
        _check(file, signature, key.public_key)


def test_a_truncated_file_fails(signed: tuple[Path, Path], key: SigningKey) -> None:
    file, signature = signed
    file.write_bytes(file.read_bytes()[:-10])
    with pytest.raises(InvalidInput, match=r"bundle\.json: file `size`.*the file is truncated"):
        _check(file, signature, key.public_key)


def test_a_signature_under_another_key_fails(
    signed: tuple[Path, Path], other_key: SigningKey
) -> None:
    file, signature = signed
    # The file claims the other key; its signatures were made with the first one.
    _edit(signature, lambda d: d.update(key_fingerprint=other_key.public_key.fingerprint))
    with pytest.raises(InvalidInput, match=r"bundle\.json\.sig: signature `ML-DSA-65` does not"):
        _check(file, signature, other_key.public_key)


def test_a_key_other_than_the_one_named_is_refused(
    signed: tuple[Path, Path], other_key: SigningKey
) -> None:
    file, signature = signed
    with pytest.raises(InvalidInput, match="names a different key"):
        _check(file, signature, other_key.public_key)


def test_a_stripped_ml_dsa_part_fails(signed: tuple[Path, Path], key: SigningKey) -> None:
    file, signature = signed
    _edit(signature, lambda d: d.update(signatures=d["signatures"][1:]))
    with pytest.raises(InvalidInput, match=r"lacks its ML-DSA-65 part: a hybrid signature"):
        _check(file, signature, key.public_key)


def test_parts_from_two_signatures_do_not_combine(
    tmp_path: Path, signed: tuple[Path, Path], key: SigningKey
) -> None:
    file, signature = signed
    # A valid ML-DSA part of the same key over another statement (another time of signing).
    later = sign_file(file, key, datetime(2026, 12, 8, tzinfo=UTC))
    swapped = base64.b64encode(later.signatures["ML-DSA-65"]).decode()
    _edit(signature, lambda d: d["signatures"][0].update(value=swapped))
    with pytest.raises(InvalidInput, match="signature `ML-DSA-65` does not verify"):
        _check(file, signature, key.public_key)


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda d: d.update(signer="Council of the EU"), "`ML-DSA-65` does not verify"),
        (lambda d: d.update(signed_at="2027-01-01T00:00:00Z"), "`ML-DSA-65` does not verify"),
        (lambda d: d["file"].update(size=d["file"]["size"] - 1), "`ML-DSA-65` does not verify"),
    ],
)
def test_an_altered_signer_time_or_size_fails(
    signed: tuple[Path, Path], key: SigningKey, change: object, reason: str
) -> None:
    file, signature = signed
    _edit(signature, change)
    with pytest.raises(InvalidInput, match=reason):
        _check(file, signature, key.public_key)


def test_a_trusted_key_cannot_sign_under_another_name(
    tmp_path: Path, signed: tuple[Path, Path], key: SigningKey
) -> None:
    file, _ = signed
    # The same key material under another name signs validly, but the name is not the one
    # the key carries where it is trusted.
    impostor = SigningKey("Council of the EU", *key.seeds())
    assert impostor.public_key.fingerprint == key.public_key.fingerprint
    signature = tmp_path / "impostor.sig"
    write_signature(signature, sign_file(file, impostor, SIGNED_AT))
    with pytest.raises(InvalidInput) as raised:
        _check(file, signature, key.public_key)
    assert str(raised.value).startswith(
        f"{signature}: signature `signer`: 'Council of the EU' is not the name of key"
    )
    assert "'EEAS SG.CYBER'" in str(raised.value)


def test_the_ed25519_part_is_checked_too(signed: tuple[Path, Path], key: SigningKey) -> None:
    file, signature = signed
    statement = read_signature(signature).statement()
    ed25519 = read_signature(signature).signatures["Ed25519"]
    assert verify_part(key.public_key, "Ed25519", ed25519, statement)
    broken = base64.b64encode(bytes([ed25519[0] ^ 1]) + ed25519[1:]).decode()
    _edit(signature, lambda d: d["signatures"][1].update(value=broken))
    with pytest.raises(InvalidInput, match="signature `Ed25519` does not verify"):
        _check(file, signature, key.public_key)


@pytest.mark.parametrize(
    ("algorithm", "oid"),
    [("ML-DSA-44", "2.16.840.1.101.3.4.3.17"), ("ML-DSA-65", "1.2.3"), ("RSA", None)],
)
def test_an_unknown_algorithm_identifier_fails(
    signed: tuple[Path, Path], algorithm: str, oid: str | None
) -> None:
    _, signature = signed
    _edit(signature, lambda d: d["signatures"][0].update(algorithm=algorithm, oid=oid))
    with pytest.raises(InvalidInput, match=r"signatures\[0\]\.algorithm.*not an algorithm"):
        read_signature(signature)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"{not json", "is not JSON"),
        (b"[]", "format"),
        (b'{"format": "cdtoolbox-signature", "version": 2}', "not a version we read"),
        (b"\xff\xfe", "is not JSON"),
    ],
)
def test_a_malformed_signature_file_fails(tmp_path: Path, content: bytes, reason: str) -> None:
    signature = tmp_path / "bad.sig"
    signature.write_bytes(content)
    with pytest.raises(InvalidInput, match=reason) as raised:
        read_signature(signature)
    assert str(raised.value).startswith(f"{signature}: signature file")


def test_a_digest_algorithm_we_do_not_know_fails(signed: tuple[Path, Path]) -> None:
    _, signature = signed
    _edit(signature, lambda d: d["file"]["digest"].update(algorithm="SHA-1"))
    with pytest.raises(InvalidInput, match="'SHA-1' is not an algorithm we know"):
        read_signature(signature)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
def test_any_bytes_as_a_signature_file_give_invalid_input_or_a_document(
    tmp_path_factory: pytest.TempPathFactory, content: bytes
) -> None:
    signature = tmp_path_factory.mktemp("fuzz") / "x.sig"
    signature.write_bytes(content)
    with pytest.raises(InvalidInput):
        read_signature(signature)


def test_the_digest_is_that_of_the_whole_file_read_in_chunks(tmp_path: Path) -> None:
    file = tmp_path / "large.bin"
    data = bytes(range(256)) * (3 * 4096 + 7)  # three chunks and a bit
    file.write_bytes(data)
    digest = digest_file(file)
    assert (digest.size, digest.sha512) == (len(data), hashlib.sha512(data).hexdigest())


def test_a_private_key_file_round_trips_and_is_private(tmp_path: Path, key: SigningKey) -> None:
    path = tmp_path / "eeas.key"
    write_private_key(path, key, "correct horse battery staple")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    opened = read_private_key(path, "correct horse battery staple")
    assert opened.public_key == key.public_key
    assert opened.seeds() == key.seeds()
    assert read_public_key(path) == key.public_key  # the public half needs no passphrase
    text = path.read_text()
    for seed in key.seeds():
        assert seed.hex() not in text and base64.b64encode(seed).decode() not in text
    with pytest.raises(InvalidInput, match="exists already"):
        write_private_key(path, SigningKey.generate("another"), "x")
    assert read_private_key(path, "correct horse battery staple").public_key == key.public_key


def test_a_wrong_passphrase_or_an_altered_key_file_fails(tmp_path: Path, key: SigningKey) -> None:
    path = tmp_path / "eeas.key"
    write_private_key(path, key, "right")
    with pytest.raises(InvalidInput, match=r"eeas\.key: key file `passphrase` does not open"):
        read_private_key(path, "wrong")
    document = json.loads(path.read_text())
    document["name"] = "Someone else"
    path.write_text(json.dumps(document))
    with pytest.raises(InvalidInput, match="passphrase is wrong or the file was altered"):
        read_private_key(path, "right")


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda d: d["kdf"].update(memory_kib=2**40), "memory_kib must be an integer from"),
        (lambda d: d["kdf"].update(iterations=True), "iterations must be an integer from"),
        (lambda d: d["kdf"].update(salt="???"), "parameters are malformed"),
        (lambda d: d["kdf"].update(algorithm="scrypt"), "not an algorithm we know"),
        (lambda d: d["cipher"].update(nonce=""), "parameters are malformed"),
        (lambda d: d.update(format="cdtoolbox-public-key"), "is not 'cdtoolbox-private-key'"),
    ],
)
def test_a_malformed_private_key_file_fails_before_any_costly_work(
    tmp_path: Path, key: SigningKey, change: object, reason: str
) -> None:
    path = tmp_path / "eeas.key"
    write_private_key(path, key, "right")
    document = json.loads(path.read_text())
    change(document)  # type: ignore[operator]
    path.write_text(json.dumps(document))
    with pytest.raises(InvalidInput, match=reason) as raised:
        read_private_key(path, "right")
    assert str(raised.value).startswith(f"{path}: key file")
    assert "right" not in str(raised.value)


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda d: d.update(fingerprint="0" * 64), "does not match the key"),
        (lambda d: d["public_key"][0].update(value="AAAA"), "is malformed"),
        (lambda d: d["public_key"].pop(0), "lacks its ML-DSA-65 part"),
        (lambda d: d["public_key"][1].update(oid="1.3.101.113"), "not an algorithm we know"),
        (lambda d: d["public_key"][1].update(value="not base64!"), "not base64"),
        (lambda d: d.update(format="pgp"), "format"),
    ],
)
def test_a_malformed_public_key_file_fails(
    tmp_path: Path, key: SigningKey, change: object, reason: str
) -> None:
    document = public_key_document(key.public_key)
    change(document)  # type: ignore[operator]
    path = tmp_path / "partner.pub"
    path.write_text(json.dumps(document))
    with pytest.raises(InvalidInput, match=reason) as raised:
        read_public_key(path)
    assert str(raised.value).startswith(f"{path}: key file")


def test_a_signing_key_never_shows_its_seeds(key: SigningKey) -> None:
    shown = repr(key) + str(key) + repr(key.public_key)
    for seed in key.seeds():
        assert seed.hex() not in shown and str(seed) not in shown
    assert key.public_key.fingerprint in shown
