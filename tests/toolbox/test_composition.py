"""The Toolbox is the composition root: each service gets its collaborators in its
constructor, none holds the Toolbox, and what they derive from stored records lives in one
cache that follows the store's revisions instead of being cleared by hand."""

from __future__ import annotations

import gc
import inspect
import threading
import time
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest

from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.model import ThreatActor, Tlp
from cdtoolbox.model.access import SYSTEM_USER
from cdtoolbox.store import Database, RecordKind
from cdtoolbox.toolbox import Settings, Toolbox
from cdtoolbox.toolbox.derived import DerivedCache, DerivedView
from tests_support import wannacry_twin

TWIN = wannacry_twin("Ransomware worm at a hospital network (second wave)", start="2017-05-15")


def services(toolbox: Toolbox) -> dict[str, object]:
    return {name: getattr(toolbox, name) for name in toolbox.service_names()}


def test_no_service_is_given_or_holds_the_toolbox(tmp_path: Path) -> None:
    with Toolbox(Settings(f"sqlite:///{tmp_path / 'unused.db'}")) as toolbox:
        found = services(toolbox)
        assert len(found) == 30
        for name, service in found.items():
            signature = inspect.signature(type(service).__init__, eval_str=True)
            for parameter in signature.parameters.values():
                assert parameter.annotation is not Toolbox, f"{name}({parameter})"
                assert parameter.name != "toolbox", f"{name}({parameter})"
            # Nor through a part it composes (the case service's ledger and measures).
            held = list(vars(service).values())
            held += [v for part in held if hasattr(part, "__dict__") for v in vars(part).values()]
            assert not any(isinstance(value, Toolbox) for value in held), name


@pytest.fixture
def two_processes(
    initialised_url: str, knowledge: KnowledgeBase
) -> Iterator[tuple[Toolbox, Toolbox]]:
    """Two Toolboxes over one database, as a server and a command run beside it."""
    with (
        Toolbox(Settings(initialised_url), knowledge=knowledge) as server,
        Toolbox(Settings(initialised_url), knowledge=knowledge) as command,
    ):
        yield server, command


def test_a_write_anywhere_reaches_every_cached_view(two_processes: tuple[Toolbox, Toolbox]) -> None:
    server, command = two_processes
    newcomer = ThreatActor(id="unc-4242", slug="unc-4242", name="UNC4242", sponsor="KP")
    # Each view built, and kept, before the writes.
    assert server.actors.find("UNC4242", by=SYSTEM_USER) is None
    counted = server.statistics.summary(by=SYSTEM_USER).total
    cited = {p.slug for p in server.assessments.assess("wannacry-2017", by=SYSTEM_USER).precedents}

    with command.database.transaction() as store:
        store.actors.upsert_many([newcomer])
    twin = command.incidents.add([TWIN], by=SYSTEM_USER).created[0]

    assert twin.slug not in cited
    assert server.actors.get("UNC4242", by=SYSTEM_USER).id == newcomer.id
    assert server.statistics.summary(by=SYSTEM_USER).total == counted + 1
    again = server.assessments.assess("wannacry-2017", by=SYSTEM_USER)
    assert twin.slug in {p.slug for p in again.precedents}
    assert server.assessments.assessor().tables.actors[newcomer.id] == newcomer


def test_the_toolbox_and_its_caches_are_freed_by_reference_counting(
    initialised_url: str, knowledge: KnowledgeBase
) -> None:
    # The command line streams `assess --all` with the cycle collector paused: the precedent
    # index of every incident must go when the Toolbox does, without a collector pass.
    toolbox = Toolbox(Settings(initialised_url), knowledge=knowledge)
    toolbox.assessments.assess("wannacry-2017", by=SYSTEM_USER)
    service = weakref.ref(toolbox.assessments)
    toolbox.close()
    gc.disable()
    try:
        del toolbox
        assert service() is None
    finally:
        gc.enable()


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    database = Database(f"sqlite:///{tmp_path / 'cache.db'}")
    database.migrate()
    yield database
    database.dispose()


def bump(database: Database, kind: RecordKind) -> None:
    with database.transaction() as store:
        store.revisions.bump(kind)


def test_a_value_is_rebuilt_only_when_the_records_it_derives_from_change(
    database: Database,
) -> None:
    builds: list[str] = []

    def build(key: str) -> str:
        builds.append(key)
        return f"{key}#{len(builds)}"

    view = DerivedCache(database).view(derives_from=[RecordKind.ACTORS])
    assert view.get("a", build).value == "a#1"
    bump(database, RecordKind.INCIDENTS)  # not what the view derives from
    assert view.get("a", build).value == "a#1"
    bump(database, RecordKind.ACTORS)
    rebuilt = view.get("a", build)
    assert rebuilt.value == "a#2" and rebuilt.current
    assert builds == ["a", "a"]


def test_within_its_staleness_bound_a_value_is_served_as_not_current(
    database: Database,
) -> None:
    cache = DerivedCache(database)
    lagging = cache.view(derives_from=[RecordKind.INCIDENTS], max_staleness=3600.0)
    exact = cache.view(derives_from=[RecordKind.INCIDENTS])
    for view in (lagging, exact):
        view.get("k", lambda key: "old")
    bump(database, RecordKind.INCIDENTS)
    served = lagging.get("k", lambda key: "new")
    assert (served.value, served.current) == ("old", False)
    rebuilt = exact.get("k", lambda key: "new")
    assert (rebuilt.value, rebuilt.current) == ("new", True)


def past_its_bound(database: Database) -> DerivedView[str, str]:
    """A lagging view holding "old" for "k", its records changed and its bound passed."""
    view: DerivedView[str, str] = DerivedCache(database).view(
        derives_from=[RecordKind.INCIDENTS], max_staleness=0.02
    )
    view.get("k", lambda key: "old")
    bump(database, RecordKind.INCIDENTS)
    time.sleep(0.03)
    return view


def test_past_its_staleness_bound_a_value_is_rebuilt_in_the_background_once(
    database: Database,
) -> None:
    view = past_its_bound(database)
    started = threading.Event()
    release = threading.Event()
    builds: list[str] = []

    def slow_build(key: str) -> str:
        builds.append(key)
        started.set()
        release.wait(10)
        return "new"

    # The request that finds the bound passed is answered with the older value at once ...
    served = view.get("k", slow_build)
    assert (served.value, served.current) == ("old", False)
    assert started.wait(10)
    # ... and so is every request while the one rebuild runs.
    assert view.get("k", slow_build).value == "old"
    release.set()
    deadline = time.monotonic() + 10
    while view.get("k", slow_build).value != "new":
        assert time.monotonic() < deadline, "the rebuild never landed"
        time.sleep(0.01)
    assert builds == ["k"]
    assert view.get("k", slow_build).current


def test_a_failed_background_rebuild_keeps_the_older_value_and_is_tried_again(
    database: Database, caplog: pytest.LogCaptureFixture
) -> None:
    view = past_its_bound(database)
    failed = threading.Event()

    def broken(key: str) -> str:
        failed.set()
        raise RuntimeError("the store went away")

    assert view.get("k", broken).value == "old"
    assert failed.wait(10)
    deadline = time.monotonic() + 10
    while "rebuilding a derived value failed" not in caplog.text:
        assert time.monotonic() < deadline
        time.sleep(0.01)
    deadline = time.monotonic() + 10
    while view.get("k", lambda key: "new").value != "new":
        assert time.monotonic() < deadline, "no second rebuild after the failed one"
        time.sleep(0.01)


def test_a_change_of_an_exact_kind_rebuilds_whatever_the_staleness_bound(
    database: Database,
) -> None:
    view = DerivedCache(database).view(
        derives_from=[RecordKind.INCIDENTS, RecordKind.RESPONSES],
        max_staleness=3600.0,
        exact_for=[RecordKind.RESPONSES],
    )
    view.get("k", lambda key: "first")
    bump(database, RecordKind.INCIDENTS)
    assert view.get("k", lambda key: "second").value == "first"  # within the bound
    bump(database, RecordKind.RESPONSES)
    rebuilt = view.get("k", lambda key: "third")
    assert (rebuilt.value, rebuilt.current) == ("third", True)


def test_a_bounded_view_drops_values_of_older_revisions_first(database: Database) -> None:
    view = DerivedCache(database).view(derives_from=[RecordKind.INCIDENTS], max_entries=2)
    view.get(1, str)
    view.get(2, str)
    view.get(3, lambda key: "not kept")  # full of current values: served, not kept
    assert view.get(3, lambda key: "built again").value == "built again"
    bump(database, RecordKind.INCIDENTS)
    view.get(3, lambda key: "kept")  # the older values make room
    assert view.get(3, lambda key: "not built").value == "kept"


def test_an_actor_catalogue_is_per_clearance(two_processes: tuple[Toolbox, Toolbox]) -> None:
    server, command = two_processes
    secret = ThreatActor(id="unc-red", slug="unc-red", name="UNCRED", tlp=Tlp.RED)
    with command.database.transaction() as store:
        store.actors.upsert_many([secret])
    assert server.actors.catalogue(Tlp.RED).find("UNCRED") == secret
    assert server.actors.catalogue(Tlp.CLEAR).find("UNCRED") is None
