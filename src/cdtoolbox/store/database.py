"""The store's entry point: one database, its migrations, and its transactions."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from sqlalchemy import Connection, inspect
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DataError

from cdtoolbox.errors import InvalidInput, NotSetUp, SchemaOutOfDate
from cdtoolbox.store.engine import READ_ONLY, build_engine
from cdtoolbox.store.text_search import TextSearch, text_search_for

if TYPE_CHECKING:
    from alembic.config import Config

    from cdtoolbox.store.account_repository import AccountRepository
    from cdtoolbox.store.actor_repository import ActorRepository
    from cdtoolbox.store.alert_repository import AlertRepository
    from cdtoolbox.store.assistance_repository import AssistanceRepository
    from cdtoolbox.store.audit_log import AuditLog
    from cdtoolbox.store.board_visit_repository import BoardVisitRepository
    from cdtoolbox.store.capacity_repository import CapacityRepository
    from cdtoolbox.store.case_repository import CaseRepository
    from cdtoolbox.store.cooperation_repository import CooperationRepository
    from cdtoolbox.store.dialogue_repository import DialogueRepository
    from cdtoolbox.store.incident_repository import IncidentRepository
    from cdtoolbox.store.keyring_repository import KeyringRepository
    from cdtoolbox.store.observable_repository import ObservableRepository
    from cdtoolbox.store.pqc_repository import PqcRepository
    from cdtoolbox.store.response_repository import ResponseRepository
    from cdtoolbox.store.revisions import StoreRevisions
    from cdtoolbox.store.sanction_repository import SanctionRepository
    from cdtoolbox.store.session_repository import SessionRepository
    from cdtoolbox.store.sign_in_failure_repository import SignInFailureRepository
    from cdtoolbox.store.sitrep_repository import SitrepRepository
    from cdtoolbox.store.situation_repository import SituationRepository
    from cdtoolbox.store.statement_repository import StatementRepository
    from cdtoolbox.store.statistics import StatisticsRepository
    from cdtoolbox.store.stix_repository import StixRepository
    from cdtoolbox.store.taxii_repository import TaxiiRepository
    from cdtoolbox.store.un_process_repository import UnProcessRepository
    from cdtoolbox.store.webhook_repository import WebhookRepository

__all__ = ["Database", "Repositories"]

_MIGRATIONS = Path(__file__).with_name("migrations")


class Repositories:
    """The repositories bound to one transaction.

    Each is built on first use, and its module imported then: a command reads one or two of
    them, and importing all of them (their tables, codecs and reference lists) cost every
    command a tenth of a second at start-up.
    """

    def __init__(self, connection: Connection, text_search: TextSearch) -> None:
        self._connection = connection
        self._text_search = text_search
        self._after_commit: list[Callable[[], None]] = []

    def after_commit(self, action: Callable[[], None]) -> None:
        """Run ``action`` once this write transaction has committed; never if it rolls back.
        For work that reads what the transaction wrote in a transaction of its own."""
        self._after_commit.append(action)

    @cached_property
    def incidents(self) -> IncidentRepository:
        from cdtoolbox.store.incident_repository import IncidentRepository

        return IncidentRepository(self._connection, self._text_search)

    @cached_property
    def actors(self) -> ActorRepository:
        from cdtoolbox.store.actor_repository import ActorRepository

        return ActorRepository(self._connection, self._text_search)

    @cached_property
    def stix(self) -> StixRepository:
        from cdtoolbox.store.stix_repository import StixRepository

        return StixRepository(self._connection, self.incidents, self.actors)

    @cached_property
    def statistics(self) -> StatisticsRepository:
        from cdtoolbox.store.statistics import StatisticsRepository

        return StatisticsRepository(self._connection, self._text_search)

    @cached_property
    def accounts(self) -> AccountRepository:
        from cdtoolbox.store.account_repository import AccountRepository

        return AccountRepository(self._connection)

    @cached_property
    def sessions(self) -> SessionRepository:
        from cdtoolbox.store.session_repository import SessionRepository

        return SessionRepository(self._connection)

    @cached_property
    def sign_in_failures(self) -> SignInFailureRepository:
        from cdtoolbox.store.sign_in_failure_repository import SignInFailureRepository

        return SignInFailureRepository(self._connection)

    @cached_property
    def audit(self) -> AuditLog:
        from cdtoolbox.store.audit_log import AuditLog

        return AuditLog(self._connection)

    @cached_property
    def cases(self) -> CaseRepository:
        from cdtoolbox.store.case_repository import CaseRepository

        return CaseRepository(self._connection)

    @cached_property
    def taxii(self) -> TaxiiRepository:
        from cdtoolbox.store.taxii_repository import TaxiiRepository

        return TaxiiRepository(self._connection)

    @cached_property
    def sanctions(self) -> SanctionRepository:
        from cdtoolbox.store.sanction_repository import SanctionRepository

        return SanctionRepository(self._connection)

    @cached_property
    def cooperation(self) -> CooperationRepository:
        from cdtoolbox.store.cooperation_repository import CooperationRepository

        return CooperationRepository(self._connection)

    @cached_property
    def capacity(self) -> CapacityRepository:
        from cdtoolbox.store.capacity_repository import CapacityRepository

        return CapacityRepository(self._connection)

    @cached_property
    def assistance(self) -> AssistanceRepository:
        from cdtoolbox.store.assistance_repository import AssistanceRepository

        return AssistanceRepository(self._connection)

    @cached_property
    def situation(self) -> SituationRepository:
        from cdtoolbox.store.situation_repository import SituationRepository

        return SituationRepository(self._connection)

    @cached_property
    def webhooks(self) -> WebhookRepository:
        from cdtoolbox.store.webhook_repository import WebhookRepository

        return WebhookRepository(self._connection)

    @cached_property
    def alerts(self) -> AlertRepository:
        from cdtoolbox.store.alert_repository import AlertRepository

        return AlertRepository(self._connection)

    @cached_property
    def sitreps(self) -> SitrepRepository:
        from cdtoolbox.store.sitrep_repository import SitrepRepository

        return SitrepRepository(self._connection)

    @cached_property
    def dialogues(self) -> DialogueRepository:
        from cdtoolbox.store.dialogue_repository import DialogueRepository

        return DialogueRepository(self._connection)

    @cached_property
    def un_process(self) -> UnProcessRepository:
        from cdtoolbox.store.un_process_repository import UnProcessRepository

        return UnProcessRepository(self._connection)

    @cached_property
    def board_visits(self) -> BoardVisitRepository:
        from cdtoolbox.store.board_visit_repository import BoardVisitRepository

        return BoardVisitRepository(self._connection)

    @cached_property
    def revisions(self) -> StoreRevisions:
        from cdtoolbox.store.revisions import StoreRevisions

        return StoreRevisions(self._connection)

    @cached_property
    def keyring(self) -> KeyringRepository:
        from cdtoolbox.store.keyring_repository import KeyringRepository

        return KeyringRepository(self._connection)

    @cached_property
    def observables(self) -> ObservableRepository:
        from cdtoolbox.store.observable_repository import ObservableRepository

        return ObservableRepository(self._connection)

    @cached_property
    def pqc(self) -> PqcRepository:
        from cdtoolbox.store.pqc_repository import PqcRepository

        return PqcRepository(self._connection)

    @cached_property
    def responses(self) -> ResponseRepository:
        from cdtoolbox.store.response_repository import ResponseRepository

        return ResponseRepository(self._connection)

    @cached_property
    def statements(self) -> StatementRepository:
        from cdtoolbox.store.statement_repository import StatementRepository

        return StatementRepository(self._connection)


# The newest migration's revision: the schema this version reads and writes. Kept here, not
# asked of Alembic, because importing Alembic costs every command a tenth of a second;
# tests/store/test_schema_revision.py holds it equal to the migrations' head.
SCHEMA_REVISION = "0028"


class Database:
    """A SQLite file (the default) or a PostgreSQL database, reached through one URL.

    ``sqlite:///path/to/cdt.sqlite3`` or ``postgresql+psycopg://user:password@host/name``.
    Nothing is opened until first use; the schema exists only after ``migrate()``, and
    reading or writing before it raises :class:`NotSetUp` (creating no file).
    """

    def __init__(self, url: str) -> None:
        self._url = make_url(url)
        self._engine = build_engine(self._url)
        self._text_search = text_search_for(self._engine.dialect)
        self._set_up = False

    @property
    def in_memory(self) -> bool:
        """An in-memory SQLite database: it lives in this process, no other can share it."""
        return self._url.get_backend_name() == "sqlite" and self._url.database in (
            None,
            "",
            ":memory:",
        )

    @property
    def display_url(self) -> str:
        """The URL with any password masked, for messages and logs."""
        return self._url.render_as_string(hide_password=True)

    def migrate(self) -> None:
        """Bring the schema to the newest revision; does nothing when it is already there."""
        # Alembic is imported where it is used: it costs a tenth of a second to import, which
        # every other command (reading, assessing) would otherwise pay at start-up.
        from alembic import command

        file = _sqlite_file(self._url)
        if file is not None:
            file.parent.mkdir(parents=True, exist_ok=True)
        with self.connect(read_only=False) as connection:
            config = _alembic_config()
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
        self._set_up = True

    def require_set_up(self) -> None:
        """Raise :class:`NotSetUp` unless ``migrate()`` has created the schema, and
        :class:`SchemaOutOfDate` unless it is the schema this version of cdtoolbox reads.

        Checked once per Database, before its first transaction. A SQLite file that does not
        exist is not opened: opening would leave an empty file behind.
        """
        if self._set_up:
            return
        file = _sqlite_file(self._url)
        if file is not None and not file.is_file():
            raise NotSetUp(self.display_url)
        with self.connect(read_only=True) as connection:
            if not inspect(connection).has_table("alembic_version"):
                raise NotSetUp(self.display_url)
            found = connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
        if found != SCHEMA_REVISION:
            # Otherwise the first query of a table or column this version added fails with
            # the database's own words, as a traceback.
            raise SchemaOutOfDate(self.display_url, found, SCHEMA_REVISION)
        self._set_up = True

    def current_revision(self) -> str | None:
        """The schema revision the database is at, or None before the first migration."""
        from alembic.runtime.migration import MigrationContext

        file = _sqlite_file(self._url)
        if file is not None and not file.is_file():
            return None  # opening it would create it
        with self.connect(read_only=True) as connection:
            return MigrationContext.configure(connection).get_current_revision()

    @staticmethod
    def head_revision() -> str | None:
        """The newest schema revision this version of cdtoolbox knows."""
        from alembic.script import ScriptDirectory

        return ScriptDirectory.from_config(_alembic_config()).get_current_head()

    @contextmanager
    def transaction(self) -> Iterator[Repositories]:
        """One write transaction: committed on exit, rolled back entirely on an exception.

        On SQLite it holds the database's single write lock from its first statement, so
        writers queue instead of failing halfway; keep it short.
        """
        self.require_set_up()
        with self.connect(read_only=False) as connection:
            store = self._repositories(connection)
            yield store
        for action in store._after_commit:
            action()

    @contextmanager
    def read(self) -> Iterator[Repositories]:
        """A read-only transaction: one consistent snapshot; any write in it fails."""
        self.require_set_up()
        with self.connect(read_only=True) as connection:
            yield self._repositories(connection)

    @contextmanager
    def connect(self, *, read_only: bool) -> Iterator[Connection]:
        """A connection inside one transaction, for the store's own modules (dump, migrate).

        Other packages use ``transaction()`` and ``read()``.
        """
        with self._engine.connect() as connection:
            connection.execution_options(**{READ_ONLY: read_only})
            with connection.begin():
                try:
                    yield connection
                except DataError as error:
                    if not _holds_nul(error):
                        raise
                    # PostgreSQL text cannot hold U+0000, and the driver refuses to send it
                    # even as a value looked up: a hostile id or search would otherwise be a
                    # server error. No stored text holds one, so it is the input that is bad.
                    raise InvalidInput("input", "text", None, _NUL_REFUSED) from error

    def dispose(self) -> None:
        """Close every pooled connection (the Database can still be used afterwards)."""
        self._engine.dispose()

    def __enter__(self) -> Database:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.dispose()

    def __repr__(self) -> str:
        return f"Database({self.display_url!r})"

    def _repositories(self, connection: Connection) -> Repositories:
        return Repositories(connection, self._text_search)


def _sqlite_file(url: URL) -> Path | None:
    """The file of a SQLite URL; None for other backends, memory and ``file:`` URIs."""
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    if url.database.startswith("file:"):
        return None
    return Path(url.database).expanduser()


def _alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    # configparser would read a "%" in the path as interpolation.
    config.set_main_option("script_location", str(_MIGRATIONS).replace("%", "%%"))
    return config


_NUL_REFUSED = "holds a NUL character (U+0000), which no stored text can hold"


def _holds_nul(error: DataError) -> bool:
    return "NUL" in str(error.orig)
