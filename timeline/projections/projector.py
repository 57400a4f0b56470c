"""The relations read model: kept up to date from the store's notification log.

Tables (beside the events, prefixed `rel_`):

- `rel_event`: one row per diplomatic event ever recorded (a correction's replacement is
  a row of its own), with its record time and, once retracted or corrected, the record time
  of that (`retracted_at`). "What the store held at T" is `recorded_at <= T AND
  (retracted_at IS NULL OR retracted_at > T)`.
- `rel_edge`: one row per event, pair of actors and direction, from each end (A→B is
  stored as A `out` B and B `in` A), keyed and clustered by (actor, partner, day), with the
  weight and the two numbers that make decayed sums a plain SUM (see `scoring`).
- `rel_involvement`: which actors take part in which event (also events without a target),
  with the event's type and record times, so an actor's log is read from one index.
- `rel_article`: the articles' metadata, for evidence.
- `rel_tracking`: the last notification position applied, and the schema and scoring
  version; written in the same transaction as the rows of each batch, so a crash resumes
  from the last committed batch.

`rebuild()` drops the tables and replays the whole log through the same code path as the
incremental `catch_up()`, in bigger batches.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import os
import sqlite3
from collections import defaultdict
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from timeline.errors import UsageError
from timeline.location import SQLITE_MAGIC, lock_timeout
from timeline.projections import scoring
from timeline.projections.database import Database, LibpqDatabase, PostgresDatabase, SQLiteDatabase, Tx, database_for

if TYPE_CHECKING:  # the store, the log readers and the bulk rebuild load when first used: a view needs none of them
    from timeline.projections.log import Entry, EventRow, FastLog, LibraryLog
    from timeline.store import TimelineStore

__all__ = ["CatchUp", "RelationsProjection", "current_postgres_model", "current_sqlite_model", "micros", "from_micros", "split_codes"]

NAME = "relations"
SCHEMA_VERSION = "8"
VERSION = f"s{SCHEMA_VERSION}-{scoring.SCORING_VERSION}"
TABLES = ("rel_edge", "rel_month", "rel_count", "rel_involvement", "rel_event", "rel_article", "rel_tracking")

_UNIX = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
_MICRO = dt.timedelta(microseconds=1)


def micros(when: dt.datetime) -> int:
    """A record time as whole microseconds since 1970 (exact, comparable in SQL)."""
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    return (when - _UNIX) // _MICRO


def from_micros(value: int) -> dt.datetime:
    return _UNIX + dt.timedelta(microseconds=value)


INDEXES = (
    "CREATE UNIQUE INDEX IF NOT EXISTS rel_event_id ON rel_event (event_id)",
    # Covers the log's filters, so counting a date range never reads the evidence rows.
    "CREATE INDEX IF NOT EXISTS rel_event_day ON rel_event (day, pos, recorded_at, retracted_at, type)",
    # What changed since a --known-at time: recorded after it, or retracted after it.
    "CREATE INDEX IF NOT EXISTS rel_event_recorded ON rel_event (recorded_at)",
    "CREATE INDEX IF NOT EXISTS rel_event_retracted ON rel_event (retracted_at)",
)
"""The secondary indexes: created with the tables for the incremental path, after the bulk load by `rebuild()`."""

REBUILDING = f"{VERSION}+rebuilding"
"""The tracking version while a rebuild loads: never `VERSION`, so a rebuild that dies half-way is redone."""


def _ddl(db: Database, indexes: bool = True) -> list[str]:
    return _tables(db) + (list(INDEXES) if indexes else [])


def _tables(db: Database) -> list[str]:
    return [
        db.table_ddl("rel_tracking", "name TEXT, position INTEGER, version TEXT", "name"),
        db.table_ddl(
            "rel_article",
            "article_id TEXT, title TEXT, source TEXT, url TEXT, path TEXT, published TEXT, recorded_at INTEGER",
            "article_id",
        ),
        # A plain table with an integer key (its rowid on SQLite): the rows carry evidence text.
        f"CREATE {db.table_kind} IF NOT EXISTS rel_event (pos INTEGER PRIMARY KEY, event_id TEXT NOT NULL, "
        "article_id TEXT, type TEXT, day INTEGER, date_iso TEXT, date_end TEXT, date_rule TEXT, "
        "source TEXT, target TEXT, attributed TEXT, evidence TEXT, ev_start INTEGER, "
        "ev_end INTEGER, confidence REAL, extractor TEXT, modality TEXT, weight REAL, "
        "recorded_at INTEGER, retracted_at INTEGER, replaced_by TEXT)".replace(
            " REAL", " DOUBLE PRECISION" if db.kind == "postgres" else " REAL"
        ).replace(" INTEGER", " BIGINT" if db.kind == "postgres" else " INTEGER"),
        db.table_ddl(
            "rel_edge",
            "actor TEXT, partner TEXT, day INTEGER, pos INTEGER, dir TEXT, type TEXT, weight REAL, "
            "wx REAL, nx REAL, recorded_at INTEGER, retracted_at INTEGER",
            "actor, partner, day, pos, dir",
        ),
        # Sums per month and counts per year of the standing events (no record-time history):
        # a view without --known-at adds whole months from here to the rows of the last one.
        db.table_ddl(
            "rel_month",
            "actor TEXT, partner TEXT, dir TEXT, month INTEGER, n INTEGER, wx REAL, nx REAL, absx REAL",
            "actor, partner, dir, month",
        ),
        db.table_ddl(
            "rel_count", "actor TEXT, partner TEXT, dir TEXT, type TEXT, year INTEGER, n INTEGER", "actor, partner, dir, type, year"
        ),
        db.table_ddl(
            "rel_involvement",
            "actor TEXT, day INTEGER, pos INTEGER, type TEXT, recorded_at INTEGER, retracted_at INTEGER",
            "actor, day, pos",
        ),
    ]


@functools.lru_cache(maxsize=65536)
def month_and_year(day: int) -> tuple[int, int]:
    """The month index (year × 12 + month − 1) and the year of a day ordinal."""
    d = dt.date.fromordinal(day)
    return d.year * 12 + d.month - 1, d.year


def split_codes(value: str | None) -> tuple[str, ...]:
    """Actor codes as the read model stores them (space-separated) back into a tuple."""
    return tuple(value.split()) if value else ()


@dataclass(frozen=True)
class CatchUp:
    """What one catch-up or rebuild did."""

    applied: int
    position: int
    rebuilt: bool
    seconds: float


@functools.lru_cache(maxsize=65536)
def _edges_of(type_name: str, source: tuple[str, ...], target: tuple[str, ...], modality: str) -> tuple[scoring.Edge, ...]:
    """`scoring.edges` of an event, cached: the same actors and types come back all the time."""
    return tuple(scoring.edges(type_name, source, target, modality))


@functools.lru_cache(maxsize=4096)
def _weight(type_name: str, modality: str) -> float:
    return scoring.weight(type_name, modality)


@functools.lru_cache(maxsize=65536)
def _day_facts(day: int) -> tuple[float, int, int]:
    """(nx, month, year) of a day ordinal."""
    month, year = month_and_year(day)
    return scoring.growth(day), month, year


_EVENT_COLUMNS = (
    "pos", "event_id", "article_id", "type", "day", "date_iso", "date_end", "date_rule", "source", "target",
    "attributed", "evidence", "ev_start", "ev_end", "confidence", "extractor", "modality", "weight", "recorded_at",
)


def _new_bucket() -> list[float]:
    return [0, 0.0, 0.0, 0.0]


class _BatchWriter:
    """Turns log entries into row writes inside one transaction; inserts go in bulk.

    By default (catch-up) each flush upserts the batch's month and count buckets. A rebuild
    passes `keep_buckets` (they stay in memory across batches and `flush_buckets()` inserts
    them once at the end) and `defer_retractions` (a list that collects the retractions, to
    apply once the indexes exist: without them finding an event by id is a table scan).
    """

    def __init__(
        self,
        tx: Tx,
        months: defaultdict[tuple[str, str, str, int], list[float]] | None = None,
        counts: defaultdict[tuple[str, str, str, str, int], int] | None = None,
        defer_retractions: list[tuple[str, int, str | None]] | None = None,
    ) -> None:
        self.tx = tx
        self.articles: list[tuple[Any, ...]] = []
        self.events: list[tuple[Any, ...]] = []
        self.edges: list[tuple[Any, ...]] = []
        self.involved: list[tuple[Any, ...]] = []
        self.keep_buckets = months is not None
        self.months: defaultdict[tuple[str, str, str, int], list[float]] = months if months is not None else defaultdict(_new_bucket)
        self.counts: defaultdict[tuple[str, str, str, str, int], int] = counts if counts is not None else defaultdict(int)
        self.deferred = defer_retractions

    def _bucket(self, a: str, b: str, direction: str, type_name: str, day: int, w: float, nx: float, sign: int) -> None:
        month, year = month_and_year(day)
        bucket = self.months[(a, b, direction, month)]
        bucket[0] += sign
        bucket[1] += sign * w * nx
        bucket[2] += sign * nx
        bucket[3] += sign * abs(w * nx)
        self.counts[(a, b, direction, type_name, year)] += sign

    def apply(self, entry: Entry) -> None:
        kind, pos, at, row = entry
        if kind == "event":
            self._record(pos, row, at)
        elif kind == "article":
            self.articles.append((*row, at))
        elif kind == "retract":
            if self.deferred is not None:
                self.deferred.append((row[0], at, row[1]))
            else:
                self._retract(row[0], at, row[1])

    def _record(self, pos: int, e: EventRow, at: int) -> None:
        (
            event_id, article_id, type_name, day, date_iso, date_end, date_rule, source, target, attributed,
            people, evidence, ev_start, ev_end, confidence, extractor, modality,
        ) = e  # one unpacking: a rebuild does this a million times
        self.events.append(
            (
                pos, event_id, article_id, type_name, day, date_iso, date_end, date_rule,
                " ".join(source), " ".join(target), " ".join(attributed), evidence, ev_start, ev_end, confidence, extractor, modality, _weight(type_name, modality), at,
            )
        )
        edges = _edges_of(type_name, source, target, modality)
        if edges:
            nx, month, year = _day_facts(day)
            append = self.edges.append
            months, counts = self.months, self.counts
            for a, b, direction, w in edges:
                wx = w * nx
                append((a, b, day, pos, direction, type_name, w, wx, nx, at))
                bucket = months[(a, b, direction, month)]
                bucket[0] += 1
                bucket[1] += wx
                bucket[2] += nx
                bucket[3] += abs(wx)
                counts[(a, b, direction, type_name, year)] += 1
        involved = self.involved.append
        actors = source + target
        if len(actors) == 2 and actors[0] != actors[1]:
            involved((actors[0], day, pos, type_name, at))
            involved((actors[1], day, pos, type_name, at))
        else:
            for actor in dict.fromkeys(actors) if len(actors) > 1 else actors:
                involved((actor, day, pos, type_name, at))

    def _retract(self, event_id: str, at: int, replaced_by: str | None) -> None:
        self.flush()
        rows = self.tx.execute(
            "SELECT pos, day, type, source, target, modality FROM rel_event WHERE event_id = ? AND retracted_at IS NULL",
            (event_id,),
        )
        if not rows:
            return  # the store refuses a second retraction; nothing stands to retract
        pos, day, type_name, source, target, modality = rows[0]
        day = int(day)
        self.tx.execute("UPDATE rel_event SET retracted_at = ?, replaced_by = ? WHERE pos = ?", (at, replaced_by, pos))
        edges = list(scoring.edges(type_name, split_codes(source), split_codes(target), modality))
        self.tx.executemany(
            "UPDATE rel_edge SET retracted_at = ? WHERE actor = ? AND partner = ? AND day = ? AND pos = ? AND dir = ?",
            [(at, a, b, day, pos, d) for a, b, d, _w in edges],
        )
        self.tx.executemany(
            "UPDATE rel_involvement SET retracted_at = ? WHERE actor = ? AND day = ? AND pos = ?",
            [(at, actor, day, pos) for actor in dict.fromkeys((*split_codes(source), *split_codes(target)))],
        )
        nx = scoring.growth(day)
        for a, b, direction, w in edges:
            self._bucket(a, b, direction, type_name, day, w, nx, -1)

    def flush(self) -> None:
        tx = self.tx
        tx.add_rows("rel_article", ("article_id", "title", "source", "url", "path", "published", "recorded_at"),
                    ("article_id",), (), self.articles)
        # Plain inserts go as `copy_rows`: COPY on PostgreSQL (executemany there costs a
        # statement's round of work per row: an ingest's batches spent 5 s per 1,000 articles).
        tx.copy_rows("rel_event", _EVENT_COLUMNS, self.events)
        self.edges.sort()  # in key order the clustered inserts touch far fewer pages
        tx.copy_rows("rel_edge", ("actor", "partner", "day", "pos", "dir", "type", "weight", "wx", "nx", "recorded_at"), self.edges)
        self.involved.sort()
        tx.copy_rows("rel_involvement", ("actor", "day", "pos", "type", "recorded_at"), self.involved)
        if not self.keep_buckets:
            self.flush_buckets()
        self.articles, self.events, self.edges, self.involved = [], [], [], []

    def flush_buckets(self) -> None:
        """Add the month and count buckets to the tables (an upsert: catch-up adds to what is there)."""
        tx = self.tx
        tx.add_rows("rel_month", ("actor", "partner", "dir", "month", "n", "wx", "nx", "absx"),
                    ("actor", "partner", "dir", "month"), ("n", "wx", "nx", "absx"),
                    [(*k, int(v[0]), v[1], v[2], v[3]) for k, v in self.months.items()])
        tx.add_rows("rel_count", ("actor", "partner", "dir", "type", "year", "n"),
                    ("actor", "partner", "dir", "type", "year"), ("n",), [(*k, v) for k, v in self.counts.items()])
        self.months.clear()
        self.counts.clear()


def current_sqlite_model(where: str) -> tuple[SQLiteDatabase, int] | None:
    """The read model of the SQLite store file `where` and its position, if it is at this
    version and holds every stored event; else None, and the caller opens the store.

    Only reads: a missing, foreign or damaged file, a model to rebuild or to catch up, or
    eventsourcing settings of its own (`TIMELINESTORE_*`) all take the ordinary path,
    which opens the store and reports or repairs what it finds.
    """
    try:
        timeout = lock_timeout()  # as `sqlite_env` hands it to the store
    except UsageError:
        return None  # opening the store says what is wrong with it
    if any(key.startswith("TIMELINESTORE_") for key in os.environ):
        return None
    path = Path(where)
    try:
        if not path.is_file():
            return None
        with path.open("rb") as f:
            if f.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC:
                return None
        # Read-only until the model is known to be ours and current: `SQLiteDatabase` sets WAL mode.
        con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
        try:
            tracking = con.execute("SELECT position, version FROM rel_tracking WHERE name = ?", (NAME,)).fetchall()
            stored = con.execute("SELECT MAX(rowid) FROM stored_events").fetchone()[0] or 0
        finally:
            con.close()
    except (OSError, sqlite3.Error):
        return None
    position = _current_position(tracking, stored)
    if position is None:
        return None
    # The store's own lock timeout, as `database_for` reads it from the store's connection pool.
    return SQLiteDatabase(str(path), float(int(timeout) or 30)), position


def _current_position(tracking: Sequence[Sequence[Any]], stored: int) -> int | None:
    """The read model's position if its tracking row is at this version and holds every stored event."""
    if not tracking or tracking[0][1] != VERSION or int(tracking[0][0]) < stored:
        return None
    return int(tracking[0][0])


def current_postgres_model(url: str) -> tuple[Database, int] | None:
    """As `current_sqlite_model`, for a PostgreSQL store: its read model on one connection of
    its own, and its position, if it is at this version and holds every stored event; else
    None (and the connection closed), and the caller opens the store, which reports or
    repairs what it finds. Errors on the connection later are the store's one-line errors.

    The connection is libpq's own (`timeline.libpq`, no psycopg to import) where libpq can
    be loaded, else psycopg's.
    """
    if any(key.startswith("TIMELINESTORE_") for key in os.environ):
        return None
    from timeline.postgres import EVENTS_TABLE, parse_url, store_schema

    schema = store_schema()
    try:
        target = parse_url(url)
    except Exception:  # noqa: BLE001 - whatever it is, opening the store says it properly
        return None
    tracking_sql = f'SELECT position, version FROM "{schema}".rel_tracking WHERE name = $1'
    stored_sql = f'SELECT MAX(notification_id) FROM "{schema}".{EVENTS_TABLE}'
    from timeline import libpq

    conn = libpq.connect(target.conninfo_kwargs())
    if conn is not None:
        try:
            tracking = conn.execute(tracking_sql, (NAME,))
            stored = conn.execute(stored_sql)[0][0] or 0
        except libpq.LibpqError:  # no such tables, or not ours: the ordinary path
            tracking, stored = [], 0
        position = _current_position(tracking, stored)
        if position is None:
            conn.close()
            return None
        return LibpqDatabase(conn, target, schema), position
    return _current_postgres_model_psycopg(target, schema, tracking_sql.replace("$1", "%s"), stored_sql)


def _current_postgres_model_psycopg(target: Any, schema: str, tracking_sql: str, stored_sql: str) -> tuple[PostgresDatabase, int] | None:
    from timeline.postgres import connect

    try:
        conn = connect(target, autocommit=True)
    except Exception:  # noqa: BLE001 - whatever it is, opening the store says it properly
        return None
    try:
        tracking = conn.execute(tracking_sql, (NAME,)).fetchall()
        stored = conn.execute(stored_sql).fetchone()[0] or 0
    except Exception:  # noqa: BLE001 - no such tables, or not ours: the ordinary path
        tracking, stored = [], 0
    position = _current_position(tracking, stored)
    if position is None:
        conn.close()
        return None
    return PostgresDatabase(_OneConnection(conn, target, schema), owns_datastore=True), position


class _OneConnection:
    """What `PostgresDatabase` asks of a datastore, over one connection of its own."""

    def __init__(self, conn: Any, target: Any, schema: str) -> None:
        self.conn, self.target, self.schema = conn, target, schema

    @contextlib.contextmanager
    def get_connection(self) -> Iterator[Any]:
        import psycopg

        from timeline.postgres import postgres_error

        try:
            yield self.conn
        except psycopg.Error as e:
            raise postgres_error(self.target, e) from None

    def close(self) -> None:
        self.conn.close()


class RelationsProjection:
    """Keeps the `rel_` tables in step with the store; `catch_up()` is cheap when nothing is new."""

    def __init__(self, store: TimelineStore, db: Database | None = None, reader: FastLog | LibraryLog | None = None) -> None:
        self.store = store
        self.db = db or database_for(store)
        if reader is not None:
            self.reader = reader

    @functools.cached_property
    def reader(self) -> FastLog | LibraryLog:
        """What reads the store's log: made on first use (a caught-up model never reads it)."""
        from timeline.projections.log import log_reader

        return log_reader(self.store, self.db)

    # -- schema

    def _tracking(self, tx: Tx, lock: bool = False) -> tuple[int, str] | None:
        suffix = " FOR UPDATE" if lock and self.db.kind == "postgres" else ""
        try:
            rows = tx.execute(f"SELECT position, version FROM rel_tracking WHERE name = ?{suffix}", (NAME,))
        except Exception:  # noqa: BLE001 - no table yet: the caller creates it
            return None
        return (int(rows[0][0]), str(rows[0][1])) if rows else None

    def _state(self) -> tuple[int, str] | None:
        try:
            with self.db.read() as tx:
                return self._tracking(tx)
        except Exception:  # noqa: BLE001 - PostgreSQL aborts the transaction on a missing table
            return None

    def _reset(self, version: str = VERSION, indexes: bool = True) -> None:
        """Drop and recreate every table, at position 0, in one transaction."""
        with self.db.write() as tx:
            for table in TABLES:
                tx.execute(f"DROP TABLE IF EXISTS {table}")
            for statement in _ddl(self.db, indexes=indexes):
                tx.execute(statement)
            tx.execute("INSERT INTO rel_tracking (name, position, version) VALUES (?, ?, ?)", (NAME, 0, version))

    def position(self) -> int:
        state = self._state()
        return state[0] if state else 0

    # -- keeping up

    def catch_up(self, batch: int = 2000, on_step: Callable[[str, int, int], None] | None = None) -> CatchUp:
        """Apply everything recorded since the last position; rebuild first if the schema changed
        (`on_step` follows that rebuild)."""
        started = time.perf_counter()
        state = self._state()
        if state is None or state[1] != VERSION:
            # First use, a new schema or scoring version, or a rebuild that died half-way.
            done = self.rebuild(only_if_stale=True, on_step=on_step)
            return CatchUp(done.applied, done.position, True, time.perf_counter() - started)
        rebuilt = False
        position = state[0]
        if self.store.max_position() <= position:
            return CatchUp(0, position, rebuilt, time.perf_counter() - started)
        applied = 0
        while True:
            entries, last = self.reader.read(position + 1, batch)
            if last <= position:
                break
            moved = self._apply(position, entries, last)
            if moved is None:  # another process applied this batch first: go on from where it got
                state = self._state()
                if state is None or state[1] != VERSION:  # or began a rebuild: finish it
                    done = self.rebuild(only_if_stale=True, on_step=on_step)
                    return CatchUp(applied + done.applied, done.position, True, time.perf_counter() - started)
                position = state[0]
                continue
            applied += last - position
            position = moved
        return CatchUp(applied, position, rebuilt, time.perf_counter() - started)

    def apply_saved(self, entries: Sequence[Entry]) -> bool:
        """Apply the entries of rows this process has just appended, without reading them back.

        Only when they are every position from their first to their last and the read model
        stands at this version right before the first: what `catch_up()` would read and
        apply, in the same transaction shape. Otherwise (another writer's rows came between,
        a rebuild is due) nothing is done, False is returned, and `catch_up()` reads them
        later as usual.
        """
        if not entries:
            return True
        first, last = entries[0][1], entries[-1][1]
        if [e[1] for e in entries] != list(range(first, last + 1)):
            return False
        return self._apply(first - 1, entries, last) is not None

    def _apply(self, expected: int, entries: Sequence[Entry], last: int) -> int | None:
        """Apply `entries` (up to position `last`) if the model stands at `expected` at this
        version, in one transaction; the new position, or None if it does not."""
        with self.db.write() as tx:
            if self._tracking(tx, lock=True) != (expected, VERSION):
                return None
            writer = _BatchWriter(tx)
            for entry in entries:
                writer.apply(entry)
            writer.flush()
            tx.execute("UPDATE rel_tracking SET position = ? WHERE name = ?", (last, NAME))
        return last

    def rebuild(
        self, batch: int = 20000, only_if_stale: bool = False, on_step: Callable[[str, int, int], None] | None = None
    ) -> CatchUp:
        """Drop the read model and build it again from the whole log.

        Set-based SQL in one transaction where the store allows it (`bulk`); otherwise
        (a compressed or encrypted store, rows written by an event type this version does
        not know) a replay of the log through Python (`_replay`). `only_if_stale`: do
        nothing if, once the write lock is held, the model is already at this version
        (another process rebuilt it while this one waited). `on_step(description, done,
        total)` follows the progress (steps of the SQL, or rows of the replay).
        """
        from timeline.projections import bulk

        started = time.perf_counter()
        if bulk.supported(self.store, self.db):
            try:
                done = bulk.rebuild(
                    self.store, self.db, TABLES, _tables(self.db), INDEXES, NAME, VERSION,
                    stale=self._stale if only_if_stale else None, on_step=on_step,
                )
            except bulk.Unsupported:
                pass
            else:
                result = self.catch_up()  # whatever was recorded since the rebuild's snapshot
                rows = done[1] if done is not None else 0
                return CatchUp(rows + result.applied, result.position, done is not None, time.perf_counter() - started)
        return self._replay(batch, started, on_step)

    def _stale(self, tx: Tx) -> bool:
        """Whether the read model is missing or not at this version (asked under the write lock)."""
        if self.db.kind == "postgres":
            exists = tx.execute("SELECT to_regclass('rel_tracking')")[0][0] is not None
        else:
            exists = bool(tx.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'rel_tracking'"))
        rows = tx.execute("SELECT version FROM rel_tracking WHERE name = ?", (NAME,)) if exists else []
        return not rows or rows[0][0] != VERSION

    def _replay(self, batch: int, started: float, on_step: Callable[[str, int, int], None] | None = None) -> CatchUp:
        """Replay the whole log through `_BatchWriter`, as a bulk load.

        The same `_BatchWriter` as `catch_up()`, with three differences that do not change a
        row: the tables are created without their secondary indexes (`INDEXES`, built once
        at the end); the month and count buckets are summed in memory over the whole log and
        inserted once at the end; retractions are collected and applied at the end, once
        `rel_event_id` exists (a retraction only ever follows the event it retracts, and
        they keep their order). Until the last transaction commits, the tracking row holds
        `REBUILDING` rather than `VERSION`, so a rebuild that dies half-way (its batches are
        committed one by one) is never read as a read model: the next command drops it and
        starts again.
        """
        self._reset(version=REBUILDING, indexes=False)
        months: defaultdict[tuple[str, str, str, int], list[float]] = defaultdict(_new_bucket)
        counts: defaultdict[tuple[str, str, str, str, int], int] = defaultdict(int)
        retractions: list[tuple[str, int, str | None]] = []
        position = 0
        end = self.store.max_position()
        with self.db.bulk():
            while True:
                if on_step is not None:
                    on_step("replaying the log", min(position, end), end)
                entries, last = self.reader.read(position + 1, batch)
                if last <= position:
                    break
                with self.db.write() as tx:
                    self._expect(tx, position)
                    writer = _BatchWriter(tx, months, counts, retractions)
                    for entry in entries:
                        writer.apply(entry)
                    writer.flush()
                    tx.execute("UPDATE rel_tracking SET position = ? WHERE name = ?", (last, NAME))
                position = last
            with self.db.write() as tx:
                self._expect(tx, position)
                for statement in INDEXES:
                    tx.execute(statement)
                writer = _BatchWriter(tx, months, counts)
                for event_id, at, replaced_by in retractions:
                    writer._retract(event_id, at, replaced_by)
                writer.flush()
                writer.flush_buckets()
                tx.execute("UPDATE rel_tracking SET version = ? WHERE name = ?", (VERSION, NAME))
        result = self.catch_up()  # whatever was recorded while the rebuild ran
        return CatchUp(position + result.applied, result.position, True, time.perf_counter() - started)

    def _expect(self, tx: Tx, position: int) -> None:
        state = self._tracking(tx, lock=True)
        if state != (position, REBUILDING):
            raise RuntimeError(f"the relations read model changed during its rebuild ({state}); run it again")

    def close(self) -> None:
        self.db.close()
