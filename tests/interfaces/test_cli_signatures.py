"""`cdt keys …`, `cdt verify` and `--sign` through the command line: exit 0 for a valid
signature naming its signer, exit 2 with the file and the reason for anything else, and no
secret in any output (issue 20, items 1 and 2)."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest

from cdtoolbox.signing import read_private_key
from tests_support import Cli

PASSPHRASE = "Tallinn manual, third edition"


@pytest.fixture
def keyring(
    cli: Cli, migrated_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[Path, str]:
    """A key generated at the prompt, its public half imported and trusted."""
    key = tmp_path / "eeas.key"
    made = cli(
        migrated_url, "keys", "generate", "--name", "EEAS", "-o", key, "--json",
        input=f"{PASSPHRASE}\n{PASSPHRASE}\n",
    )  # fmt: skip
    assert made.exit_code == 0, made.output
    assert PASSPHRASE not in made.stdout + made.stderr  # the prompt echoes nothing
    fingerprint = json.loads(key.read_text())["fingerprint"]
    assert f'"fingerprint": "{fingerprint}"' in made.stdout
    public = tmp_path / "eeas.pub"
    assert cli(migrated_url, "keys", "export-public", key, "-o", public).exit_code == 0
    assert cli(migrated_url, "keys", "import", public).exit_code == 0
    assert cli(migrated_url, "keys", "trust", fingerprint[:12]).exit_code == 0
    monkeypatch.setenv("CDT_SIGNING_PASSPHRASE", PASSPHRASE)
    return key, fingerprint


def _json(result: Any) -> Any:
    return json.loads(result.stdout)


def test_an_exported_bundle_is_signed_and_verifies(
    cli: Cli, migrated_url: str, tmp_path: Path, keyring: tuple[Path, str]
) -> None:
    key, fingerprint = keyring
    bundle = tmp_path / "bundle.json"
    exported = cli(migrated_url, "export", "stix", "-o", bundle, "--sign", key)
    assert exported.exit_code == 0, exported.output
    assert (tmp_path / "bundle.json.sig").is_file()
    assert "Signed" in exported.stderr

    verified = cli(migrated_url, "verify", bundle, tmp_path / "bundle.json.sig")
    assert verified.exit_code == 0, verified.output
    assert f"Valid signature by EEAS (key {fingerprint})" in verified.stdout
    as_json = _json(cli(migrated_url, "verify", bundle, f"{bundle}.sig", "--json"))
    assert (as_json["valid"], as_json["signer"], as_json["fingerprint"]) == (
        True,
        "EEAS",
        fingerprint,
    )


def test_misp_and_incident_exports_are_signed(
    cli: Cli, migrated_url: str, tmp_path: Path, keyring: tuple[Path, str]
) -> None:
    key, _ = keyring
    feed = tmp_path / "feed"
    assert cli(migrated_url, "export", "misp", "--feed", feed, "--sign", key).exit_code == 0
    manifest = feed / "manifest.json"
    assert cli(migrated_url, "verify", manifest, f"{manifest}.sig").exit_code == 0
    events = tmp_path / "events.json"
    assert cli(migrated_url, "export", "misp", "-o", events, "--sign", key).exit_code == 0
    assert cli(migrated_url, "verify", events, f"{events}.sig").exit_code == 0
    incidents = tmp_path / "incidents.csv"
    assert cli(migrated_url, "incidents", "export", "-o", incidents, "--sign", key).exit_code == 0
    assert cli(migrated_url, "verify", incidents, f"{incidents}.sig").exit_code == 0


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda file, sig: file.write_bytes(file.read_bytes().replace(b"bundle", b"Bundle")),
         "file `content` has changed since it was signed"),
        (lambda file, sig: file.write_bytes(file.read_bytes()[:-3]),
         "the file is truncated"),
        (lambda file, sig: sig.write_text(sig.read_text()[:100]),
         "signature file `content` is not JSON"),
        (lambda file, sig: sig.write_text(sig.read_text().replace('"Ed25519"', '"Ed448"')),
         "is not an algorithm identifier we know"),
        (lambda file, sig: _strip_ml_dsa(sig),
         "lacks its ML-DSA-65 part"),
    ],
)  # fmt: skip
def test_a_damaged_file_or_signature_fails_with_exit_2_naming_it(
    cli: Cli,
    migrated_url: str,
    tmp_path: Path,
    keyring: tuple[Path, str],
    damage: Any,
    message: str,
) -> None:
    key, _ = keyring
    bundle, signature = tmp_path / "bundle.json", tmp_path / "bundle.json.sig"
    assert cli(migrated_url, "export", "stix", "-o", bundle, "--sign", key).exit_code == 0
    damage(bundle, signature)
    result = cli(migrated_url, "verify", bundle, signature)
    assert result.exit_code == 2
    assert message in result.stderr
    assert str(bundle) in result.stderr  # the file, or its signature, is named


def _strip_ml_dsa(signature: Path) -> None:
    document = json.loads(signature.read_text())
    document["signatures"] = [p for p in document["signatures"] if p["algorithm"] != "ML-DSA-65"]
    signature.write_text(json.dumps(document))


def test_a_revoked_key_fails(
    cli: Cli, migrated_url: str, tmp_path: Path, keyring: tuple[Path, str]
) -> None:
    key, fingerprint = keyring
    bundle = tmp_path / "bundle.json"
    assert cli(migrated_url, "export", "stix", "-o", bundle, "--sign", key).exit_code == 0
    assert cli(migrated_url, "keys", "revoke", fingerprint).exit_code == 0
    result = cli(migrated_url, "verify", bundle, f"{bundle}.sig")
    assert result.exit_code == 2 and "was revoked" in result.stderr
    listed = _json(cli(migrated_url, "keys", "list", "--json"))
    assert [(entry["fingerprint"], entry["status"]) for entry in listed] == [
        (fingerprint, "revoked")
    ]


def test_a_wrong_key_fails(
    cli: Cli, migrated_url: str, tmp_path: Path, keyring: tuple[Path, str]
) -> None:
    _, fingerprint = keyring
    stranger = tmp_path / "stranger.key"
    assert (
        cli(migrated_url, "keys", "generate", "--name", "Stranger", "-o", stranger).exit_code == 0
    )
    bundle = tmp_path / "bundle.json"
    assert cli(migrated_url, "export", "stix", "-o", bundle, "--sign", stranger).exit_code == 0
    signature = tmp_path / "bundle.json.sig"
    unknown = cli(migrated_url, "verify", bundle, signature)
    assert unknown.exit_code == 2 and "is not in the keyring" in unknown.stderr
    # Claiming the trusted key does not help: the signatures were made with another one.
    document = json.loads(signature.read_text())
    document["key_fingerprint"] = fingerprint
    signature.write_text(json.dumps(document))
    forged = cli(migrated_url, "verify", bundle, signature)
    assert forged.exit_code == 2 and "signature `ML-DSA-65` does not verify" in forged.stderr


def test_a_wrong_passphrase_exits_2_and_writes_nothing(
    cli: Cli,
    migrated_url: str,
    tmp_path: Path,
    keyring: tuple[Path, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    key, _ = keyring
    monkeypatch.setenv("CDT_SIGNING_PASSPHRASE", "not the passphrase")
    bundle = tmp_path / "bundle.json"
    result = cli(migrated_url, "export", "stix", "-o", bundle, "--sign", key)
    assert result.exit_code == 2
    assert f"{key}: key file `passphrase` does not open this key" in result.stderr
    assert "not the passphrase" not in result.stdout + result.stderr
    assert not bundle.exists() and not Path(f"{bundle}.sig").exists()


def test_generate_never_replaces_a_key_file(
    cli: Cli, migrated_url: str, keyring: tuple[Path, str]
) -> None:
    key, _ = keyring
    before = key.read_bytes()
    result = cli(migrated_url, "keys", "generate", "--name", "Other", "-o", key)
    assert result.exit_code == 2
    assert f"{key}: key file `path` exists already" in result.stderr
    assert key.read_bytes() == before


def test_sign_needs_an_output_file(cli: Cli, migrated_url: str, keyring: tuple[Path, str]) -> None:
    key, _ = keyring
    result = cli(migrated_url, "export", "stix", "--sign", key)
    assert result.exit_code == 2 and "needs --output" in result.stderr


def test_malformed_key_files_exit_2_naming_the_file(
    cli: Cli, migrated_url: str, tmp_path: Path
) -> None:
    bad = tmp_path / "partner.pub"
    bad.write_text('{"format": "cdtoolbox-public-key", "version": 1, "name": "P"}')
    result = cli(migrated_url, "keys", "import", bad)
    assert result.exit_code == 2 and f"{bad}: key file `public_key`" in result.stderr
    assert _json(cli(migrated_url, "keys", "list", "--json")) == []


def test_no_secret_appears_in_any_output(
    cli: Cli, migrated_url: str, tmp_path: Path, keyring: tuple[Path, str]
) -> None:
    key, fingerprint = keyring
    bundle = tmp_path / "bundle.json"
    outputs = [
        cli(migrated_url, "export", "stix", "-o", bundle, "--sign", key),
        cli(migrated_url, "verify", bundle, f"{bundle}.sig", "--json"),
        cli(migrated_url, "keys", "export-public", key),
        cli(migrated_url, "keys", "list", "--json"),
        cli(migrated_url, "audit", "log", "--json"),
    ]
    text = "".join(result.stdout + result.stderr for result in outputs)
    text += bundle.read_text() + Path(f"{bundle}.sig").read_text()
    assert fingerprint in text  # the search below looks where the key's traces are
    secrets = [PASSPHRASE]
    for seed in read_private_key(key, PASSPHRASE).seeds():
        secrets += [seed.hex(), seed.hex().upper(), base64.b64encode(seed).decode()]
    assert [secret for secret in secrets if secret in text] == []


def test_a_missing_file_or_signature_exits_2_naming_it(
    cli: Cli, migrated_url: str, tmp_path: Path, keyring: tuple[Path, str]
) -> None:
    key, _ = keyring
    bundle = tmp_path / "bundle.json"
    assert cli(migrated_url, "export", "stix", "-o", bundle, "--sign", key).exit_code == 0
    no_signature = cli(migrated_url, "verify", bundle, tmp_path / "absent.sig")
    assert no_signature.exit_code == 2
    assert f"{tmp_path / 'absent.sig'}: signature file `path` cannot be read" in (
        no_signature.stderr
    )
    bundle.unlink()
    no_file = cli(migrated_url, "verify", bundle, f"{bundle}.sig")
    assert no_file.exit_code == 2 and f"{bundle}: file `path` cannot be read" in no_file.stderr


def test_reports_and_the_public_release_are_signed(
    cli: Cli, migrated_url: str, tmp_path: Path, keyring: tuple[Path, str]
) -> None:
    key, _ = keyring
    report = tmp_path / "landscape.md"
    made = cli(migrated_url, "report", "landscape", "--since", "2017", "-o", report, "--sign", key)
    assert made.exit_code == 0, made.output
    verified = cli(migrated_url, "verify", report, f"{report}.sig")
    assert verified.exit_code == 0, verified.output
    release = tmp_path / "release"
    assert cli(migrated_url, "export", "public", release, "--sign", key).exit_code == 0
    manifest = release / "manifest.json"
    assert cli(migrated_url, "verify", manifest, f"{manifest}.sig").exit_code == 0
    # A report to standard output has no file to sign beside: refused before anything runs.
    refused = cli(migrated_url, "report", "landscape", "--since", "2017", "--sign", key)
    assert refused.exit_code == 2
    assert "needs --output" in refused.stderr
