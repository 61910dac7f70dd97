"""TAXII content responses carry the server's hybrid signature when it holds a signing key:
the header decodes to the very signature file `cdt verify` checks beside the saved body."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from pathlib import Path

import pytest

from cdtoolbox.errors import InvalidInput
from cdtoolbox.interfaces.http.app import create_app
from cdtoolbox.interfaces.http.settings import HttpSettings
from cdtoolbox.interfaces.taxii.routes import SIGNATURE_HEADER
from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.model.access import SYSTEM_USER, Role
from cdtoolbox.toolbox import Settings, Toolbox
from cdtoolbox.toolbox.settings import SIGNING_PASSPHRASE_VARIABLE
from taxii_support import CHEAP_PASSWORDS
from web_support import TestClient

PASSPHRASE = "a long passphrase for the TAXII server"
TAXII = "application/taxii+json;version=2.1"
OBJECTS = "/taxii2/cdt/collections/repository/objects/"


@pytest.fixture
def signing_toolbox(fresh_url: str, knowledge: KnowledgeBase) -> Iterator[Toolbox]:
    with Toolbox(Settings(fresh_url), knowledge=knowledge, passwords=CHEAP_PASSWORDS) as toolbox:
        toolbox.taxii.publish(by=SYSTEM_USER)
        toolbox.users.add(
            by=SYSTEM_USER, username="partner", display_name="Partner", role=Role.VIEWER
        )
        yield toolbox


def reading(toolbox: Toolbox) -> dict[str, str]:
    _, token = toolbox.users.issue_token("partner", "signatures", by=SYSTEM_USER)
    return {"Accept": TAXII, "Authorization": f"Bearer {token}"}


def served(toolbox: Toolbox, key: Path | None) -> TestClient:
    app = create_app(toolbox, secret_key=b"t" * 32, http=HttpSettings(taxii_signing_key=key))
    return TestClient(app, raise_server_exceptions=False)


def test_content_responses_carry_a_signature_that_verifies(
    signing_toolbox: Toolbox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    toolbox = signing_toolbox
    key_file = tmp_path / "server.key"
    public = toolbox.signatures.generate("EEAS TAXII server", key_file, PASSPHRASE)
    toolbox.signatures.import_key(key_file, by=SYSTEM_USER)
    toolbox.signatures.trust(public.fingerprint, by=SYSTEM_USER)
    monkeypatch.setenv(SIGNING_PASSPHRASE_VARIABLE, PASSPHRASE)
    headers = reading(toolbox)
    with served(toolbox, key_file) as client:
        for url in (OBJECTS, "/taxii2/cdt/collections/repository/manifest/"):
            response = client.get(url, headers=headers)
            assert response.status_code == 200, response.text
            body, signature = tmp_path / "body.json", tmp_path / "body.json.sig"
            body.write_bytes(response.content)
            signature.write_bytes(base64.b64decode(response.headers[SIGNATURE_HEADER]))
            verified = toolbox.signatures.verify(body, signature, by=SYSTEM_USER)
            assert verified.signer == "EEAS TAXII server"
            # A changed byte of the body fails verification, as for any signed file.
            changed = bytearray(response.content)
            changed[len(changed) // 2] ^= 0x01
            body.write_bytes(bytes(changed))
            with pytest.raises(InvalidInput):
                toolbox.signatures.verify(body, signature, by=SYSTEM_USER)
        # Metadata (discovery, collections) is not content and is not signed.
        assert SIGNATURE_HEADER not in client.get("/taxii2/", headers=headers).headers


def test_without_a_key_nothing_is_signed(signing_toolbox: Toolbox) -> None:
    with served(signing_toolbox, None) as client:
        response = client.get(OBJECTS, headers=reading(signing_toolbox))
    assert response.status_code == 200
    assert SIGNATURE_HEADER not in response.headers


def test_a_key_without_its_passphrase_stops_the_start(
    signing_toolbox: Toolbox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key_file = tmp_path / "server.key"
    signing_toolbox.signatures.generate("Server", key_file, PASSPHRASE)
    monkeypatch.delenv(SIGNING_PASSPHRASE_VARIABLE, raising=False)
    with pytest.raises(InvalidInput) as refused:
        served(signing_toolbox, key_file)
    assert refused.value.field == SIGNING_PASSPHRASE_VARIABLE
    monkeypatch.setenv(SIGNING_PASSPHRASE_VARIABLE, "not the passphrase")
    with pytest.raises(InvalidInput):
        served(signing_toolbox, key_file)
