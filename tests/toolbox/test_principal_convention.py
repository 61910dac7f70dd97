"""Who is asking is passed to the library one way: a required, keyword-only ``by: User`` on
every public service method that reads or writes for someone.

The tables below classify every public method of every service the Toolbox exposes (and of the
Toolbox itself), so a new method fails here until someone decides whether it acts for a
principal; a method taking none says why.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.model.access import User
from cdtoolbox.toolbox import Settings, Toolbox
from cdtoolbox.toolbox.norm_index import NormIndex

ACTING: dict[str, frozenset[str]] = {
    "actors": frozenset({"all", "find", "get", "incidents", "list", "names", "search"}),
    "assessments": frozenset(
        {
            "assess",
            "assess_all",
            "assess_all_json",
            "assess_incident",
            "calibrate",
            "calibrate_set",
            "norms_and_law",
            "severity_levels",
        }
    ),
    "assistance": frozenset(
        {
            "add_team",
            "answer",
            "channels",
            "close_deployment",
            "deploy",
            "deployment",
            "deployments",
            "get",
            "list",
            "offer",
            "offers",
            "open_counts",
            "overdue",
            "request",
            "team",
            "teams",
            "withdraw",
        }
    ),
    "audit": frozenset({"entries", "record", "record_import", "verify"}),
    "cases": frozenset(
        {
            "count_by_state",
            "decide",
            "for_actor",
            "get",
            "implement",
            "list",
            "move",
            "open",
            "preview_decision",
            "record_position",
        }
    ),
    "cbms": frozenset(
        {
            "export_csv",
            "frameworks",
            "history",
            "matrix",
            "measures",
            "record",
            "regions",
            "reported",
            "status",
        }
    ),
    "dialogues": frozenset({"add", "add_round", "get", "list", "update"}),
    "capacity": frozenset(
        {
            "add",
            "export_csv",
            "export_iati",
            "gaps",
            "get",
            "import_csv",
            "import_iati",
            "list",
            "partner_profile",
            "regions",
        }
    ),
    "pocs": frozenset(
        {
            "acknowledge",
            "add",
            "get",
            "list",
            "mark_sent",
            "networks",
            "open_round",
            "report",
            "round",
            "rounds",
        }
    ),
    "incidents": frozenset(
        {
            "add",
            "edit",
            "editable",
            "export_csv",
            "export_json",
            "filter_from",
            "get",
            "import_csv",
            "import_file",
            "list",
            "overview",
            "pages",
            "similar",
        }
    ),
    "misp": frozenset({"export_events", "export_feed", "export_statements", "import_path"}),
    "observables": frozenset({"add", "find", "linked", "of_incident"}),
    "pqc": frozenset({"assets", "import_document", "import_file", "progress"}),
    "public_release": frozenset({"write"}),
    "reports": frozenset(
        {
            "annual",
            "brief",
            "brief_document",
            "document_brief",
            "case_dossier",
            "landscape",
            "un_contribution",
            "write_brief",
        }
    ),
    "norm_index": frozenset({"by_norm"}),
    "sanctions": frozenset(
        {
            "add_listing",
            "amend",
            "by_incident",
            "by_sponsor",
            "check",
            "delist",
            "get",
            "list",
            "listed_between",
            "record_renewal",
            "regime",
            "regimes",
            "upcoming_reviews",
        }
    ),
    "sessions": frozenset({"start"}),
    "sign_in_brake": frozenset(),
    "alerts": frozenset({"acknowledge", "after_write", "check", "list"}),
    "webhooks": frozenset({"add", "deliveries", "list", "remove"}),
    "sitreps": frozenset(
        {"approve", "document", "draft", "export", "get", "list", "revise", "versions"}
    ),
    "situation": frozenset(
        {
            "board",
            "change_level",
            "crisis_levels",
            "record_event",
            "record_within",
            "set_status",
            "standing",
            "timeline",
            "visit_board",
        }
    ),
    "signatures": frozenset({"get", "import_key", "list", "revoke", "trust", "verify"}),
    "statements": frozenset({"add", "get", "list", "read"}),
    "responses": frozenset({"confirm", "draft", "get", "list", "repeat_of"}),
    "statistics": frozenset({"coverage", "responses", "summary"}),
    "stix": frozenset({"export_bundle", "export_statements", "import_bundle"}),
    "taxii": frozenset(
        {
            "add_objects",
            "collection",
            "collections",
            "delete_object",
            "manifest",
            "object",
            "object_count",
            "objects",
            "publish",
            "status",
            "versions",
        }
    ),
    "users": frozenset(
        {
            "add",
            "issue_token",
            "list",
            "revoke_token",
            "set_password",
            "tokens",
            "update",
            "usable_token_counts",
        }
    ),
    "un_process": frozenset(
        {
            "add_document",
            "add_paragraph",
            "add_statement",
            "documents",
            "pillars",
            "positions",
            "processes",
            "record_position",
            "session",
            "sessions",
            "statements",
        }
    ),
    "case_measures": frozenset({"add", "drop", "edit", "restore"}),
    "toolbox": frozenset(),
}

WITHOUT_PRINCIPAL: dict[tuple[str, str], str] = {
    ("users", "get"): "finds the account a caller names, which then becomes the principal",
    ("users", "authenticate"): "checks a password: it is how a caller becomes a principal",
    ("users", "authenticate_token"): "checks a bearer token: how a caller becomes a principal",
    ("sessions", "user_of"): "resolves a session secret to the principal it was started by",
    ("sessions", "end"): "signing out: whoever holds a session's secret may end it",
    ("sign_in_brake", "check"): "guards a password check, before there is a principal",
    ("sign_in_brake", "failed"): "counts a failed password check: there is no principal",
    ("sign_in_brake", "succeeded"): "a password was just checked; `by` is not known yet",
    ("taxii", "create_default_collections"): "setup run by init, before any account exists",
    ("situation", "revision"): "counts writes of any marking: only ever compared, never shown",
    ("sanctions", "seed"): "loads the bundled register as the library itself (SYSTEM_USER)",
    ("pocs", "seed"): "loads the bundled organisations as the library itself (SYSTEM_USER)",
    ("dialogues", "seed"): "loads the bundled dialogues as the library itself (SYSTEM_USER)",
    ("capacity", "seed"): "loads the bundled projects as the library itself (SYSTEM_USER)",
    ("statements", "seed"): "adds the bundled official texts as the library itself (SYSTEM_USER)",
    ("responses", "seed"): "loads the bundled responses as the library itself (SYSTEM_USER)",
    ("responses", "is_a_response"): "judges a statement the caller has already read",
    ("pocs", "is_stale"): "judges a contact the caller has already read against today's date",
    ("actors", "catalogue"): "the name index at a clearance the caller took from its principal",
    ("assessments", "assessor"): "the pure engine over reference knowledge, for no one",
    ("statements", "reader"): "the pure statement reader over reference knowledge, for no one",
    ("incidents", "read_changes"): "parses a local changes file; touches no stored data",
    ("sanctions", "link_actor"): (
        "builds a listing's reference to an actor shown to everyone (TLP:CLEAR); storing the "
        "listing is what add_listing and amend check"
    ),
    ("signatures", "generate"): "writes a new private key to a local file; no stored data",
    ("signatures", "open_key"): "decrypts a local private key file; no stored data",
    ("signatures", "public_key"): "reads a local key file; no stored data",
    ("signatures", "sign"): "signs a local file the caller just exported; no stored data",
    ("signatures", "sign_bytes"): "signs bytes the caller is about to send; no stored data",
    ("pqc", "filter_from"): "resolves typed Member State and sector names to codes; no data",
    ("reports", "write"): (
        "writes a report already made for its reader to a local file; reads no stored data"
    ),
    ("webhooks", "notify"): (
        "sends alerts just raised, each at most at its target's marking, as the library "
        "itself; who set the rules off was checked by the write"
    ),
    ("toolbox", "init"): "migrates and seeds the store as the library itself (SYSTEM_USER)",
    ("toolbox", "close"): "releases the connection pool",
    ("toolbox", "resolver"): "reference resolution at a clearance the caller took from `by`",
}

Method = tuple[str, str, Callable[..., object]]


@pytest.fixture(scope="module")
def methods(tmp_path_factory: pytest.TempPathFactory, knowledge: KnowledgeBase) -> list[Method]:
    database = Path(tmp_path_factory.mktemp("convention")) / "unused.db"
    with Toolbox(Settings(f"sqlite:///{database}"), knowledge=knowledge) as toolbox:
        services: dict[str, object] = {
            name: getattr(toolbox, name) for name in toolbox.service_names()
        }
        # The norm index is built by the web app over two services, and read like a service.
        services["norm_index"] = NormIndex(
            toolbox.knowledge, toolbox.incidents, toolbox.assessments
        )
        # A case's measures are a part of the case service, reached as cases.measures.
        services["case_measures"] = toolbox.cases.measures
        services["toolbox"] = toolbox
        return list(_public_methods(services))


def _public_methods(services: dict[str, object]) -> Iterator[Method]:
    for service, instance in services.items():
        for name, function in inspect.getmembers(type(instance), inspect.isfunction):
            if not name.startswith("_"):
                yield service, name, function


def test_every_service_and_public_method_is_classified(methods: list[Method]) -> None:
    found = {(service, name) for service, name, _ in methods}
    classified = {(service, name) for service, names in ACTING.items() for name in names}
    assert {service for service, _ in found} == set(ACTING)
    assert classified.isdisjoint(WITHOUT_PRINCIPAL)
    assert found - classified - WITHOUT_PRINCIPAL.keys() == set(), "classify new methods above"
    assert (classified | WITHOUT_PRINCIPAL.keys()) - found == set(), "stale entries above"


def test_a_principal_is_always_a_required_keyword_only_by(methods: list[Method]) -> None:
    wrong = []
    for service, name, function in methods:
        # Annotations stay text: the services import the types of other layers only for the
        # type checker, so evaluating them here would fail on names that are not imported.
        for parameter in inspect.signature(function).parameters.values():
            names_user = parameter.annotation in (User, User.__name__)
            if not names_user and parameter.name != "by":
                continue
            if not (
                parameter.name == "by"
                and names_user
                and parameter.kind is inspect.Parameter.KEYWORD_ONLY
                and parameter.default is inspect.Parameter.empty
            ):
                wrong.append(f"{service}.{name}({parameter})")
    assert wrong == []


def test_every_method_that_reads_or_writes_takes_the_principal(methods: list[Method]) -> None:
    taking = {
        (service, name)
        for service, name, function in methods
        if "by" in inspect.signature(function).parameters
    }
    acting = {(service, name) for service, names in ACTING.items() for name in names}
    assert acting - taking == set()
    assert taking & WITHOUT_PRINCIPAL.keys() == set()
