"""The keyring and verification through the Toolbox: a signature holds only under a trusted,
unrevoked key, and every change of trust is an audited write (issue 20, items 1 and 2)."""

from __future__ import annotations

import json
from datetime import UTC, date
from pathlib import Path

import pytest

from cdtoolbox.errors import Forbidden, InvalidInput, InvalidTransition, NotFound
from cdtoolbox.model.access import SYSTEM_USER, Role
from cdtoolbox.model.signing import KeyStatus
from cdtoolbox.model.vocabulary import Tlp
from cdtoolbox.signing import public_key_document
from cdtoolbox.toolbox import Toolbox

PASSPHRASE = "a long passphrase for tests"


@pytest.fixture
def signed(toolbox: Toolbox, tmp_path: Path) -> tuple[Path, Path, str]:
    """A file signed by a key whose public half is in the keyring, not yet trusted."""
    public = toolbox.signatures.generate("EEAS SG.CYBER", tmp_path / "eeas.key", PASSPHRASE)
    toolbox.signatures.import_key(tmp_path / "eeas.key", by=SYSTEM_USER)
    file = tmp_path / "bundle.json"
    file.write_text('{"type": "bundle"}\n')
    key = toolbox.signatures.open_key(tmp_path / "eeas.key", PASSPHRASE)
    signature = toolbox.signatures.sign(file, key)
    return file, signature, public.fingerprint


def test_a_trusted_key_verifies_and_names_the_signer(
    toolbox: Toolbox, signed: tuple[Path, Path, str]
) -> None:
    file, signature, fingerprint = signed
    assert signature.name == "bundle.json.sig"
    toolbox.signatures.trust(fingerprint[:8], by=SYSTEM_USER)
    result = toolbox.signatures.verify(file, signature, by=SYSTEM_USER)
    assert (result.signer, result.fingerprint) == ("EEAS SG.CYBER", fingerprint)
    # The injected clock's time (it ticks a second per reading), not the machine's.
    assert result.signed_at.date() == date(2026, 11, 25) and result.signed_at.tzinfo is UTC


def test_an_imported_key_verifies_nothing_until_trusted(
    toolbox: Toolbox, signed: tuple[Path, Path, str]
) -> None:
    file, signature, _ = signed
    with pytest.raises(InvalidInput, match=r"bundle\.json\.sig: .*not trusted"):
        toolbox.signatures.verify(file, signature, by=SYSTEM_USER)


def test_a_revoked_key_fails_and_stays_revoked(
    toolbox: Toolbox, signed: tuple[Path, Path, str]
) -> None:
    file, signature, fingerprint = signed
    toolbox.signatures.trust(fingerprint, by=SYSTEM_USER)
    revoked = toolbox.signatures.revoke(fingerprint, by=SYSTEM_USER)
    assert revoked.status is KeyStatus.REVOKED
    with pytest.raises(InvalidInput, match="was revoked: nothing it signed is accepted"):
        toolbox.signatures.verify(file, signature, by=SYSTEM_USER)
    with pytest.raises(InvalidTransition, match="a revoked key stays revoked"):
        toolbox.signatures.trust(fingerprint, by=SYSTEM_USER)
    # Importing the same key again does not bring it back.
    again = toolbox.signatures.import_key(signature.with_name("eeas.key"), by=SYSTEM_USER)
    assert again.status is KeyStatus.REVOKED


def test_a_key_outside_the_keyring_fails(toolbox: Toolbox, tmp_path: Path) -> None:
    toolbox.signatures.generate("Unknown", tmp_path / "unknown.key", PASSPHRASE)
    file = tmp_path / "report.md"
    file.write_text("# Report\n")
    key = toolbox.signatures.open_key(tmp_path / "unknown.key", PASSPHRASE)
    signature = toolbox.signatures.sign(file, key)
    with pytest.raises(InvalidInput, match=r"\(signer 'Unknown'\) is not in the keyring"):
        toolbox.signatures.verify(file, signature, by=SYSTEM_USER)


def test_trust_changes_are_audited_by_whoever_made_them(
    toolbox: Toolbox, signed: tuple[Path, Path, str]
) -> None:
    _, _, fingerprint = signed
    toolbox.signatures.trust(fingerprint, by=SYSTEM_USER)
    toolbox.signatures.trust(fingerprint, by=SYSTEM_USER)  # already trusted: no second entry
    toolbox.signatures.revoke(fingerprint, by=SYSTEM_USER)
    entries = toolbox.audit.entries(by=SYSTEM_USER, entity="signing key", key=fingerprint)
    assert [(e.action, e.actor) for e in entries] == [
        ("key.import", "system"),
        ("key.trust", "system"),
        ("key.revoke", "system"),
    ]
    assert entries[1].before == {"name": "EEAS SG.CYBER", "status": "imported"}
    assert entries[2].after == {"name": "EEAS SG.CYBER", "status": "revoked"}
    assert toolbox.audit.verify(by=SYSTEM_USER).intact


def test_only_a_role_that_manages_keys_changes_the_keyring(
    toolbox: Toolbox, signed: tuple[Path, Path, str], tmp_path: Path
) -> None:
    file, signature, fingerprint = signed
    analyst = toolbox.users.add(
        by=SYSTEM_USER,
        username="ana",
        display_name="Ana",
        role=Role.ANALYST,
        clearance=Tlp.AMBER,
    )
    with pytest.raises(Forbidden, match="manage the keyring"):
        toolbox.signatures.trust(fingerprint, by=analyst)
    with pytest.raises(Forbidden, match="manage the keyring"):
        toolbox.signatures.import_key(tmp_path / "eeas.key", by=analyst)
    assert toolbox.signatures.get(fingerprint, by=analyst).status is KeyStatus.IMPORTED
    toolbox.signatures.trust(fingerprint, by=SYSTEM_USER)
    # Reading the keyring and verifying are for every reader.
    assert toolbox.signatures.verify(file, signature, by=analyst).signer == "EEAS SG.CYBER"
    assert [e.fingerprint for e in toolbox.signatures.list(by=analyst)] == [fingerprint]


def test_fingerprints_are_matched_by_a_long_enough_unique_prefix(
    toolbox: Toolbox, signed: tuple[Path, Path, str]
) -> None:
    _, _, fingerprint = signed
    assert toolbox.signatures.get(fingerprint.upper()[:10], by=SYSTEM_USER).fingerprint == (
        fingerprint
    )
    with pytest.raises(InvalidInput, match="first 8 or more hex digits"):
        toolbox.signatures.get(fingerprint[:7], by=SYSTEM_USER)
    with pytest.raises(InvalidInput, match="first 8 or more hex digits"):
        toolbox.signatures.get("zz" + fingerprint[:8], by=SYSTEM_USER)
    other = "0" * 64 if not fingerprint.startswith("0") else "f" * 64
    with pytest.raises(NotFound, match="no signing key matches"):
        toolbox.signatures.get(other, by=SYSTEM_USER)


def test_a_bad_key_file_changes_nothing(toolbox: Toolbox, tmp_path: Path) -> None:
    public = toolbox.signatures.generate("Partner", tmp_path / "partner.key", PASSPHRASE)
    document = public_key_document(public)
    document["public_key"][1]["value"] = document["public_key"][1]["value"][:-8]
    path = tmp_path / "partner.pub"
    path.write_text(json.dumps(document))
    with pytest.raises(InvalidInput, match=r"partner\.pub: key file"):
        toolbox.signatures.import_key(path, by=SYSTEM_USER)
    assert toolbox.signatures.list(by=SYSTEM_USER) == []
    assert toolbox.audit.entries(by=SYSTEM_USER, entity="signing key") == []


def test_a_key_name_must_be_printable(toolbox: Toolbox, tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="printable"):
        toolbox.signatures.generate("EEAS\tSG.CYBER", tmp_path / "a.key", PASSPHRASE)
    with pytest.raises(InvalidInput, match="printable"):
        toolbox.signatures.generate(" ", tmp_path / "a.key", PASSPHRASE)
    assert not (tmp_path / "a.key").exists()
