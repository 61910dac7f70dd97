"""Writing MISP events: one JSON document of events, or a MISP feed directory.

A feed is what MISP instances subscribe to (Sync Actions → Feeds, format "MISP Feed"): one
``<event uuid>.json`` per event, ``manifest.json`` listing each event's metadata by uuid, and
``hashes.csv`` with the MD5 of every attribute value (each part of a ``a|b`` value) and the
uuid of its event, which MISP uses to correlate without downloading the events. Incidents
above ``max_tlp`` never leave.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Final

import orjson

from cdtoolbox.errors import InvalidInput
from cdtoolbox.formats.misp.event_writer import MispEventContext, misp_event
from cdtoolbox.formats.misp.statement_writer import StatementPlacement
from cdtoolbox.formats.misp.vocabulary import FEED_HASHES, FEED_MANIFEST
from cdtoolbox.formats.stix.report_writer import StatementRefs
from cdtoolbox.model import Incident, Tlp

__all__ = ["MispExportReport", "write_misp_events", "write_misp_feed"]

_MANIFEST_FIELDS: Final = (
    "Orgc",
    "Tag",
    "info",
    "date",
    "analysis",
    "threat_level_id",
    "timestamp",
)
_EVENT_FILE: Final = re.compile(
    r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.json$", re.ASCII
)
_JSON_OPTIONS: Final = orjson.OPT_INDENT_2


@dataclass(frozen=True)
class MispExportReport:
    events: int
    attributes: int
    withheld: int  # incidents and statements above ``max_tlp`` (or classified), left out
    statements: int = 0  # statement reports written, in incidents' events or their own


def _events(
    incidents: Iterable[Incident],
    context: MispEventContext,
    max_tlp: Tlp,
    placement: StatementPlacement,
) -> Iterator[dict[str, Any] | None]:
    """Every event to write, in order: the incidents' (with the reports of the statements
    naming them), then the statements' own. None stands for an incident withheld."""
    for incident in incidents:
        if incident.tlp.rank > max_tlp.rank:
            yield None
            continue
        wrapped = misp_event(incident, context)
        reports = placement.reports_for(incident, context)
        if reports:
            event = wrapped["Event"]
            event["EventReport"] = [*event.get("EventReport", ()), *reports]
        yield wrapped
    yield from placement.own_events(context)


def write_misp_events(
    out: BinaryIO,
    incidents: Iterable[Incident],
    context: MispEventContext,
    *,
    max_tlp: Tlp,
    statements: Iterable[StatementRefs] = (),
) -> MispExportReport:
    """``{"response": [{"Event": …}, …]}``, the form of MISP's REST search results, written as
    it is produced; ``statements`` as event reports (see ``statement_writer``)."""
    events = attributes = withheld = 0
    placement = StatementPlacement(statements, max_tlp)
    out.write(b'{"response": [')
    for event in _events(incidents, context, max_tlp, placement):
        if event is None:
            withheld += 1
            continue
        out.write(b"\n" if events == 0 else b",\n")
        out.write(orjson.dumps(event, option=_JSON_OPTIONS))
        events += 1
        attributes += len(event["Event"]["Attribute"])
    out.write(b"\n]}\n")
    return MispExportReport(
        events, attributes, withheld + placement.withheld, statements=placement.reports
    )


def write_misp_feed(
    directory: Path,
    incidents: Iterable[Incident],
    context: MispEventContext,
    *,
    max_tlp: Tlp,
    statements: Iterable[StatementRefs] = (),
) -> MispExportReport:
    """A MISP feed in ``directory`` (created if needed). A directory holding an earlier feed
    is brought up to date: event files of events no longer exported are removed, so the
    manifest and the files always agree. Any other non-empty directory is refused."""
    _check_directory(directory)
    directory.mkdir(parents=True, exist_ok=True)
    manifest: dict[str, Any] = {}
    hashes: list[str] = []
    attributes = withheld = 0
    placement = StatementPlacement(statements, max_tlp)
    for wrapped in _events(incidents, context, max_tlp, placement):
        if wrapped is None:
            withheld += 1
            continue
        event = wrapped["Event"]
        (directory / f"{event['uuid']}.json").write_bytes(
            orjson.dumps(wrapped, option=_JSON_OPTIONS)
        )
        manifest[event["uuid"]] = {name: event[name] for name in _MANIFEST_FIELDS}
        for attribute in event["Attribute"]:
            hashes.extend(f"{digest},{event['uuid']}" for digest in _value_hashes(attribute))
        attributes += len(event["Attribute"])
    for stale in directory.iterdir():
        if _EVENT_FILE.match(stale.name) and stale.stem not in manifest:
            stale.unlink()
    (directory / FEED_MANIFEST).write_bytes(orjson.dumps(manifest, option=_JSON_OPTIONS))
    (directory / FEED_HASHES).write_text("".join(f"{line}\n" for line in hashes), "utf-8")
    return MispExportReport(
        len(manifest), attributes, withheld + placement.withheld, statements=placement.reports
    )


def _check_directory(directory: Path) -> None:
    if directory.exists() and not directory.is_dir():
        raise InvalidInput("MISP feed", "directory", str(directory), "is a file, not a directory")
    if (
        directory.is_dir()
        and any(directory.iterdir())
        and not (directory / FEED_MANIFEST).is_file()
    ):
        raise InvalidInput(
            "MISP feed",
            "directory",
            str(directory),
            f"is not empty and holds no MISP feed ({FEED_MANIFEST}); choose a new or empty one",
        )


def _value_hashes(attribute: Mapping[str, Any]) -> list[str]:
    # As MISP and PyMISP do: a composite value (type "a|b") is hashed part by part.
    value = str(attribute["value"])
    parts = value.split("|") if "|" in str(attribute["type"]) else [value]
    return [hashlib.md5(part.encode("utf-8"), usedforsecurity=False).hexdigest() for part in parts]
