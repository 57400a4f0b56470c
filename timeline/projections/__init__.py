"""Read models kept up to date from the store's notification log, and the questions they answer.

    >>> relations = Relations(store)       # catches up with the store on first use
    >>> relations.actor("PRK", Scope(as_of=date(2023, 12, 31)))

`Relations` is the use-case facade the CLI calls; `projector` keeps the tables, `queries`
asks them, `fold` is the same arithmetic over events in memory (the reference the tests
hold the tables to), `scoring` holds the formula and its constants.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from timeline.projections.model import (
    ActorRelations,
    ArticleRef,
    Component,
    DiffRow,
    EventPage,
    EventRecord,
    PairHistory,
    RelationsDiff,
    RelationState,
    Scope,
    SidePoint,
)
from timeline.location import is_postgres_url
from timeline.projections.projector import CatchUp, RelationsProjection, current_postgres_model, current_sqlite_model
from timeline.projections import queries
from timeline.projections.database import Database

if TYPE_CHECKING:
    from timeline.projections.log import Entry
    from timeline.store import TimelineStore

__all__ = [
    "ActorRelations",
    "ArticleRef",
    "CatchUp",
    "Component",
    "DiffRow",
    "EventPage",
    "EventRecord",
    "PairHistory",
    "ReadModelFeed",
    "Relations",
    "RelationsDiff",
    "RelationsProjection",
    "RelationState",
    "Scope",
    "SidePoint",
    "refresh_read_models",
]


def _write_errors() -> tuple[type[Exception], ...]:
    """What writing the read model can fail with that a write of events must not fail for."""
    import sqlite3

    from eventsourcing.persistence import PersistenceError

    from timeline.errors import StoreError

    return (StoreError, PersistenceError, sqlite3.Error)


def refresh_read_models(store: TimelineStore) -> CatchUp | None:
    """Bring the read models up to date after a write; None if that failed (the next view retries)."""
    try:
        projection = RelationsProjection(store)
        try:
            return projection.catch_up()
        finally:
            projection.close()
    except _write_errors():
        return None


class ReadModelFeed:
    """Keeps the read models current during an ingest, from the rows it has just appended.

    Called with the entries of each saved batch (`log.saved_entries`): they go into the
    read model as they are, not read back from the store (`RelationsProjection.apply_saved`),
    so the model is built while the workers extract instead of all at the end. If another
    writer's rows came in between, it catches up from the log instead. Brought up to date
    when made (`on_step` follows a rebuild, if one is due). A failure to write the read model,
    then or later, does not fail the ingest: the feed stops and the next view catches up.
    """

    def __init__(self, store: TimelineStore, on_step: Callable[[str, int, int], None] | None = None) -> None:
        self.projection: RelationsProjection | None = None
        try:
            self.projection = RelationsProjection(store)
            self.projection.catch_up(on_step=on_step)
        except _write_errors():
            self.close()
        except BaseException:
            self.close()
            raise

    def __call__(self, entries: Sequence[Entry]) -> None:
        if self.projection is None:
            return
        try:
            if not self.projection.apply_saved(entries):
                self.projection.catch_up()
        except _write_errors():
            self.close()

    def close(self) -> None:
        if self.projection is not None:
            self.projection.close()
            self.projection = None


class Relations:
    """The relations read model of one store: keep it current, then ask it."""

    def __init__(
        self, store: TimelineStore, *, catch_up: bool = True, on_step: Callable[[str, int, int], None] | None = None
    ) -> None:
        """`on_step` follows a rebuild, if catching up turns out to need one."""
        self._projection: RelationsProjection | None = RelationsProjection(store)
        self._open_store: Callable[[], TimelineStore] = lambda: store
        self.db: Database = self._projection.db
        self.last_catch_up: CatchUp | None = self._projection.catch_up(on_step=on_step) if catch_up else None

    @classmethod
    def current(
        cls, where: str, open_store: Callable[[], TimelineStore], *, on_step: Callable[[str, int, int], None] | None = None
    ) -> Relations:
        """The read model of the store at `where` (a resolved `--db`), caught up.

        A read model that already holds every stored event is read on its own (a SQLite
        file read-only first, a PostgreSQL database on one connection): `open_store()` (and
        eventsourcing with it) is called only if there is something to catch up or rebuild,
        or for a database that is not such a store (opening it reports what is wrong, as
        before).
        """
        started = time.perf_counter()
        found: tuple[Database, int] | None = (
            current_postgres_model(where) if is_postgres_url(where) else current_sqlite_model(where)
        )
        if found is None:
            return cls(open_store(), on_step=on_step)
        relations = cls.__new__(cls)
        relations._projection = None  # made from `open_store()` if ever needed
        relations._open_store = open_store
        relations.db, position = found
        relations.last_catch_up = CatchUp(0, position, False, time.perf_counter() - started)
        return relations

    @property
    def projection(self) -> RelationsProjection:
        if self._projection is None:
            store = self._open_store()
            if getattr(self.db, "read_only", False):  # a view's own connection: writes go by the store's
                self.db.close()
                self._projection = RelationsProjection(store)
                self.db = self._projection.db
            else:
                self._projection = RelationsProjection(store, db=self.db)
        return self._projection

    def catch_up(self) -> CatchUp:
        self.last_catch_up = self.projection.catch_up()
        return self.last_catch_up

    def rebuild(self, on_step: Callable[[str, int, int], None] | None = None) -> CatchUp:
        """Build the read model again from the whole log; `on_step(description, done, total)` follows it."""
        return self.projection.rebuild(on_step=on_step)

    def latest_day(self, scope: Scope = Scope()) -> dt.date | None:
        with self.db.read() as tx:
            return queries.latest_day(tx, scope)

    def actor(self, code: str, scope: Scope = Scope(), *, limit: int | None = None, recent: int = 8) -> ActorRelations | None:
        with self.db.read() as tx:
            return queries.actor_relations(tx, code, scope, limit=limit, recent=recent)

    def pair(self, actor: str, partner: str, scope: Scope = Scope(), *, limit: int = 50, points: int = 60) -> PairHistory | None:
        with self.db.read() as tx:
            return queries.pair_history(tx, actor, partner, scope, limit=limit, points=points)

    def log(
        self,
        scope: Scope = Scope(),
        *,
        actor: str | None = None,
        partner: str | None = None,
        types: Sequence[str] = (),
        since: dt.date | None = None,
        until: dt.date | None = None,
        limit: int | None = 100,
    ) -> EventPage:
        with self.db.read() as tx:
            return queries.event_page(
                tx, scope, actor=actor, partner=partner, types=types, since=since, until=until, limit=limit
            )

    def diff(
        self, start: dt.date, end: dt.date, scope: Scope = Scope(), *, actor: str | None = None, limit: int | None = None
    ) -> RelationsDiff:
        with self.db.read() as tx:
            return queries.diff(tx, start, end, scope, actor=actor, limit=limit)

    def close(self) -> None:
        if self._projection is not None:
            self._projection.close()
        else:
            self.db.close()
