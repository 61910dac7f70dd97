"""The public release: everything the store holds that may be published, in every format the
system writes, as read by a reader cleared for TLP:CLEAR and nothing classified.

The release is made *as that reader*, through the same read paths as every page, API call and
export, so nothing reaches it that the library would not show to the public: a record marked
above TLP:CLEAR or carrying an EU classification is withheld by the reads themselves, not
filtered out afterwards by this module.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from cdtoolbox.errors import InvalidInput
from cdtoolbox.model.access import Permission, Role, User
from cdtoolbox.model.ports import Clock
from cdtoolbox.model.vocabulary import Tlp
from cdtoolbox.store.database import Database
from cdtoolbox.toolbox.access import require
from cdtoolbox.toolbox.audit import AuditService
from cdtoolbox.toolbox.incidents import IncidentService
from cdtoolbox.toolbox.misp import MispService
from cdtoolbox.toolbox.stix import StixService

__all__ = ["MANIFEST", "PUBLIC_READER", "PublicRelease", "PublicReleaseService"]

# Whom a public release is read for: the public, with no account, no role beyond reading,
# cleared for TLP:CLEAR only and for no EU classification.
PUBLIC_READER = User(
    username="public",
    display_name="The public",
    role=Role.VIEWER,
    clearance=Tlp.CLEAR,
    classification_clearance=None,
)
MANIFEST = "manifest.json"
_INCIDENTS_JSON = "incidents.json"
_INCIDENTS_CSV = "incidents.csv"
_STIX_BUNDLE = "stix-bundle.json"
_MISP_FEED = "misp-feed"


@dataclass(frozen=True)
class PublicRelease:
    """What a release wrote: the folder, its files with their SHA-256, and the counts."""

    directory: Path
    files: dict[str, str]  # relative path -> SHA-256
    incidents: int
    stix_objects: int
    misp_events: int


class PublicReleaseService:
    """``cdt export public``: the public-safe release of the store."""

    def __init__(
        self,
        database: Database,
        clock: Clock,
        incidents: IncidentService,
        stix: StixService,
        misp: MispService,
        audit: AuditService,
    ) -> None:
        self._database = database
        self._clock = clock
        self._incidents = incidents
        self._stix = stix
        self._misp = misp
        self._audit = audit

    def write(self, directory: Path, *, by: User) -> PublicRelease:
        """Write the release into ``directory`` (new, or empty) whole or not at all.

        Anyone who may read may make it: it holds nothing a visitor without an account could
        not read on the public pages. The release is audited, with its manifest's digest."""
        require(by, Permission.READ)
        _refuse_used(directory)
        parent = directory.parent if str(directory.parent) else Path(".")
        if not parent.is_dir():
            raise InvalidInput("output", "directory", str(directory), "its parent does not exist")
        staging = Path(tempfile.mkdtemp(prefix=f".{directory.name}.", dir=parent))
        staging.chmod(0o755)  # a release is for reading: mkdtemp made it private
        try:
            release = self._write_into(staging, directory)
            if directory.exists():
                directory.rmdir()  # empty, as _refuse_used made sure
            os.replace(staging, directory)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        with self._database.transaction() as store:
            self._audit.record(
                store,
                by=by,
                action="export.public",
                entity="export",
                key=directory.name,
                before=None,
                after={
                    "incidents": release.incidents,
                    "stix_objects": release.stix_objects,
                    "misp_events": release.misp_events,
                    "manifest_sha256": release.files[MANIFEST],
                },
            )
        return release

    def _write_into(self, staging: Path, directory: Path) -> PublicRelease:
        reader = PUBLIC_READER
        chunks = 0
        with (staging / _INCIDENTS_JSON).open("w", encoding="utf-8") as out:
            for chunk in self._incidents.export_json(by=reader):
                out.write(chunk)
                chunks += 1
        incidents = chunks - 2  # one chunk per incident between the opening and the closing
        with (staging / _INCIDENTS_CSV).open("w", encoding="utf-8", newline="") as out:
            out.writelines(self._incidents.export_csv(by=reader))
        with (staging / _STIX_BUNDLE).open("wb") as binary:
            stix = self._stix.export_bundle(binary, by=reader, max_tlp=Tlp.CLEAR)
        misp = self._misp.export_feed(staging / _MISP_FEED, by=reader, max_tlp=Tlp.CLEAR)
        files = {
            path.relative_to(staging).as_posix(): _sha256(path)
            for path in sorted(staging.rglob("*"))
            if path.is_file()
        }
        manifest = {
            "release": "public",
            "marking": {"tlp": Tlp.CLEAR.label, "classification": None},
            "rule": "Only records marked TLP:CLEAR and carrying no EU classification; read "
            "as a reader without an account.",
            "generated_at": self._clock.now().isoformat(),
            "counts": {
                "incidents": incidents,
                "stix_objects": stix.objects,
                "misp_events": misp.events,
            },
            "files": [{"path": path, "sha256": digest} for path, digest in files.items()],
        }
        manifest_path = staging / MANIFEST
        manifest_path.write_text(
            json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        files[MANIFEST] = _sha256(manifest_path)
        return PublicRelease(
            directory=directory,
            files=files,
            incidents=incidents,
            stix_objects=stix.objects,
            misp_events=misp.events,
        )


def _refuse_used(directory: Path) -> None:
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise InvalidInput(
            "output", "directory", str(directory), "already exists and is not an empty folder"
        )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
