"""TAXII 2.1 resources as JSON: the wire form of the library's collections, pages and statuses.

Objects leave as the JSON text the store holds, joined into the envelope without being
parsed and serialised again: that is what keeps a page of a thousand objects cheap. Lists
that would be empty are left out, as TAXII requires (section 2, ``list``).

``next`` is also given in manifest and versions resources (TAXII defines it on envelopes
only): taxii2-client pages every resource by it.
"""

from __future__ import annotations

from typing import Any, Final

import orjson

from cdtoolbox.interfaces.taxii.media import TAXII_MEDIA_TYPE
from cdtoolbox.model.access import User
from cdtoolbox.model.taxii import (
    STIX_MEDIA_TYPE,
    StatusDetail,
    TaxiiAddition,
    TaxiiCollection,
    TaxiiObjectPage,
    format_taxii_timestamp,
)

__all__ = [
    "DATE_ADDED_FIRST",
    "DATE_ADDED_LAST",
    "api_root_resource",
    "collection_resource",
    "collections_resource",
    "date_added_headers",
    "discovery_resource",
    "envelope",
    "manifest_resource",
    "status_resource",
    "versions_resource",
]

DATE_ADDED_FIRST: Final = "X-TAXII-Date-Added-First"
DATE_ADDED_LAST: Final = "X-TAXII-Date-Added-Last"

_TITLE: Final = "Cyber Diplomacy Toolbox"


def discovery_resource(api_root: str) -> bytes:
    return orjson.dumps(
        {
            "title": f"{_TITLE} TAXII server",
            "description": (
                "STIX 2.1 over TAXII 2.1: the incident repository, and an exchange collection "
                "for partners. Every reader sees only what their TLP clearance allows."
            ),
            "default": api_root,
            "api_roots": [api_root],
        }
    )


def api_root_resource(max_content_length: int) -> bytes:
    return orjson.dumps(
        {
            "title": _TITLE,
            "description": "Cyber incidents, attributions and threat actors, and partner exchange.",
            "versions": [TAXII_MEDIA_TYPE],
            "max_content_length": max_content_length,
        }
    )


def _collection(collection: TaxiiCollection, user: User) -> dict[str, Any]:
    resource: dict[str, Any] = {"id": collection.id, "title": collection.title}
    if collection.description:
        resource["description"] = collection.description
    if collection.alias:
        resource["alias"] = collection.alias
    resource["can_read"] = collection.can_read(user)
    resource["can_write"] = collection.can_write(user)
    resource["media_types"] = list(collection.media_types)
    return resource


def collection_resource(collection: TaxiiCollection, user: User) -> bytes:
    return orjson.dumps(_collection(collection, user))


def collections_resource(collections: tuple[TaxiiCollection, ...], user: User) -> bytes:
    if not collections:
        return b"{}"
    return orjson.dumps({"collections": [_collection(c, user) for c in collections]})


def _paging(page: TaxiiObjectPage) -> dict[str, Any]:
    paging: dict[str, Any] = {"more": page.more}
    if page.next is not None:
        paging["next"] = page.next
    return paging


def envelope(page: TaxiiObjectPage) -> bytes:
    head = orjson.dumps(_paging(page))
    if not page.objects:
        return head
    documents = ",".join(item.document for item in page.objects)
    return b"".join((head[:-1], b',"objects":[', documents.encode(), b"]}"))


def manifest_resource(page: TaxiiObjectPage) -> bytes:
    resource = _paging(page)
    if page.objects:
        resource["objects"] = [
            {
                "id": item.id,
                "date_added": format_taxii_timestamp(item.date_added),
                "version": item.version,
                "media_type": STIX_MEDIA_TYPE,
            }
            for item in page.objects
        ]
    return orjson.dumps(resource)


def versions_resource(page: TaxiiObjectPage) -> bytes:
    resource = _paging(page)
    if page.objects:
        resource["versions"] = [item.version for item in page.objects]
    return orjson.dumps(resource)


def date_added_headers(page: TaxiiObjectPage) -> dict[str, str]:
    """The date_added of the first and last object of a page (none for an empty page)."""
    first, last = page.date_added_first, page.date_added_last
    if first is None or last is None:
        return {}
    return {
        DATE_ADDED_FIRST: format_taxii_timestamp(first),
        DATE_ADDED_LAST: format_taxii_timestamp(last),
    }


def _details(items: tuple[StatusDetail, ...]) -> list[dict[str, str]]:
    details = []
    for item in items:
        detail = {"id": item.id, "version": item.version}
        if item.message:
            detail["message"] = item.message
        details.append(detail)
    return details


def status_resource(addition: TaxiiAddition) -> bytes:
    resource: dict[str, Any] = {
        "id": addition.id,
        "status": addition.state.value,
        "request_timestamp": format_taxii_timestamp(addition.request_timestamp),
        "total_count": addition.total_count,
        "success_count": addition.success_count,
        "failure_count": addition.failure_count,
        "pending_count": addition.pending_count,
    }
    for name, items in (
        ("successes", addition.successes),
        ("failures", addition.failures),
        ("pendings", addition.pendings),
    ):
        if items:
            resource[name] = _details(items)
    return orjson.dumps(resource)
