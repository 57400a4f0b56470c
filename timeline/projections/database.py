"""The read models' side of the store's database: SQLite or PostgreSQL, one small adapter.

The read models live beside the events (the same SQLite file, the same PostgreSQL
database). SQL is written once with `?` placeholders and portable DDL; the adapter turns
`?` into `%s` for psycopg, adds `WITHOUT ROWID` on SQLite, and hands out transactions that
yield tuples on both.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import os
import re
import sqlite3
from collections.abc import Iterator, Sequence
from typing import Any, Protocol

from timeline.errors import StoreUnavailable

__all__ = ["Database", "Tx", "database_for"]


class Tx(Protocol):
    def execute(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]: ...

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None: ...

    def copy_rows(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None: ...

    def add_rows(
        self, table: str, columns: Sequence[str], key: Sequence[str], sums: Sequence[str], rows: Sequence[Sequence[Any]]
    ) -> None: ...


def add_rows_sql(table: str, source: str, columns: Sequence[str], key: Sequence[str], sums: Sequence[str]) -> str:
    """INSERT of `source` (a VALUES list or a SELECT) into `table`; a row whose `key` is there
    already adds its `sums` columns to that row's, or (no `sums`) is left out."""
    action = (
        "DO UPDATE SET " + ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in sums) if sums else "DO NOTHING"
    )
    return f"INSERT INTO {table} ({', '.join(columns)}) {source} ON CONFLICT ({', '.join(key)}) {action}"


class Database(Protocol):
    kind: str
    table_kind: str  # what the read model's tables are created as ("TABLE", "UNLOGGED TABLE")

    def read(self) -> contextlib.AbstractContextManager[Tx]: ...

    def write(self) -> contextlib.AbstractContextManager[Tx]: ...

    def table_ddl(self, name: str, columns: str, primary_key: str) -> str: ...

    def bulk(self) -> contextlib.AbstractContextManager[None]: ...

    def close(self) -> None: ...


# ---------------------------------------------------------------- SQLite


class _SQLiteTx:
    def __init__(self, con: sqlite3.Connection) -> None:
        self.con = con

    def execute(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return self.con.execute(sql, params).fetchall()

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        self.con.executemany(sql, rows)

    def copy_rows(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        """Insert many rows (sqlite3's executemany runs in C: nothing faster to ask for)."""
        if rows:
            marks = ", ".join("?" for _ in columns)
            self.con.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)

    def add_rows(
        self, table: str, columns: Sequence[str], key: Sequence[str], sums: Sequence[str], rows: Sequence[Sequence[Any]]
    ) -> None:
        """Insert rows, or add their `sums` to the row already there with the same `key` (see `add_rows_sql`)."""
        if rows:
            values = "VALUES (" + ", ".join("?" for _ in columns) + ")"
            self.con.executemany(add_rows_sql(table, values, columns, key, sums), rows)


class SQLiteDatabase:
    """Its own connection to the store's file: plain tuples, and BEGIN IMMEDIATE for writes."""

    kind = "sqlite"
    table_kind = "TABLE"

    def __init__(self, path: str, timeout: float) -> None:
        self.path = path
        self.timeout = timeout
        self._con: sqlite3.Connection | None = None

    @property
    def con(self) -> sqlite3.Connection:
        if self._con is None:
            self._con = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None, check_same_thread=False)
            self._con.execute("PRAGMA journal_mode=WAL").fetchall()  # read to the end: a statement left in progress blocks COMMIT
            self._con.execute("PRAGMA synchronous=NORMAL")
            self._con.execute("PRAGMA cache_size=-65536")  # 64 MB: a rebuild touches every page of the tables
            # Debian builds SQLite with secure_delete on: dropping the read model would overwrite every
            # freed page with zeros (14 s of a 1M-event rebuild). The read model holds nothing the
            # store's events do not, so zeroing its freed pages hides nothing.
            self._con.execute("PRAGMA secure_delete=OFF")
            # Large sorts (a rebuild's edges in key order) may use helper threads, one per core.
            self._con.execute(f"PRAGMA threads={max(0, min(4, (os.cpu_count() or 1)))}")
        return self._con

    @contextlib.contextmanager
    def read(self) -> Iterator[_SQLiteTx]:
        con = self.con
        con.execute("BEGIN")  # one snapshot for every query of a view
        try:
            yield _SQLiteTx(con)
        finally:
            con.execute("ROLLBACK")

    @contextlib.contextmanager
    def write(self) -> Iterator[_SQLiteTx]:
        con = self.con
        con.execute("BEGIN IMMEDIATE")  # take the write lock before reading the position
        try:
            yield _SQLiteTx(con)
        except BaseException:
            con.execute("ROLLBACK")
            raise
        con.execute("COMMIT")

    @contextlib.contextmanager
    def bulk(self) -> Iterator[None]:
        """Settings for a bulk load (a rebuild): a bigger page cache, sorts for index builds in memory.

        Durability stays as it is (WAL, synchronous=NORMAL: no fsync per commit already):
        `synchronous=OFF` would risk the whole file, the store's events included, on a power
        cut, not just the read model.
        """
        con = self.con
        con.execute("PRAGMA cache_size=-65536")  # 64 MB, as for catch-up: the in-memory month sums need the room (peak < 500 MB at 1M)
        con.execute("PRAGMA temp_store=FILE")  # index-build sorts spill to disk: peak memory stays bounded
        try:
            yield
        finally:
            con.execute("PRAGMA cache_size=-65536")
            con.execute("PRAGMA temp_store=DEFAULT")

    def table_ddl(self, name: str, columns: str, primary_key: str) -> str:
        return f"CREATE TABLE IF NOT EXISTS {name} ({columns}, PRIMARY KEY ({primary_key})) WITHOUT ROWID"

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None


# ---------------------------------------------------------------- PostgreSQL


class _PostgresTx:
    def __init__(self, cursor: Any) -> None:
        self.cursor = cursor

    @staticmethod
    def _sql(sql: str) -> str:
        return sql.replace("%", "%%").replace("?", "%s")

    def execute(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        self.cursor.execute(self._sql(sql), tuple(params))
        return self.cursor.fetchall() if self.cursor.description else []

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            self.cursor.executemany(self._sql(sql), [tuple(r) for r in rows])

    def copy_rows(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        """Insert many rows with COPY: one stream, not a statement per row (executemany spent
        most of a rebuild's lookups in round trips)."""
        if rows:
            with self.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)

    def add_rows(
        self, table: str, columns: Sequence[str], key: Sequence[str], sums: Sequence[str], rows: Sequence[Sequence[Any]]
    ) -> None:
        """`_SQLiteTx.add_rows`: the rows go by COPY into a temporary table, then one INSERT … SELECT
        (as for `copy_rows`, a statement per row would cost a round of work per row)."""
        if rows:
            staged = f"added_{table}"
            self.cursor.execute(f"CREATE TEMPORARY TABLE {staged} (LIKE {table}) ON COMMIT DROP")
            self.copy_rows(staged, columns, rows)
            self.cursor.execute(add_rows_sql(table, f"SELECT {', '.join(columns)} FROM {staged}", columns, key, sums))
            self.cursor.execute(f"DROP TABLE {staged}")


# A view's queries see one state of the read model, as on SQLite (one read transaction in WAL
# mode): PostgreSQL's default, READ COMMITTED, takes a new snapshot per statement, so a view's
# sums and its events could come from either side of a batch another process commits meanwhile.
# A read-only REPEATABLE READ transaction never fails for serialisation and waits for nothing.
READ_SNAPSHOT = "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"


class PostgresDatabase:
    """Connections from the store's own pool, one transaction at a time, tuple rows."""

    kind = "postgres"
    # The read model is derived data, rebuilt from the store at will: its tables skip the
    # write-ahead log. After a server crash PostgreSQL empties them (rel_tracking with
    # them), and the next command rebuilds the model, as for a new store.
    table_kind = "UNLOGGED TABLE"

    def __init__(self, datastore: Any, *, owns_datastore: bool = False) -> None:
        self.datastore = datastore
        self.schema = getattr(datastore, "schema", "public")
        self.owns_datastore = owns_datastore  # its own connection (`current_postgres_model`), not the store's pool

    @contextlib.contextmanager
    def _tx(self, snapshot: bool = False) -> Iterator[_PostgresTx]:
        from psycopg.rows import tuple_row

        with self.datastore.get_connection() as conn, conn.transaction():
            with conn.cursor(row_factory=tuple_row) as cursor:
                if snapshot:
                    cursor.execute(READ_SNAPSHOT)
                cursor.execute(f'SET LOCAL search_path TO "{self.schema}"')
                yield _PostgresTx(cursor)

    def read(self) -> contextlib.AbstractContextManager[_PostgresTx]:
        return self._tx(snapshot=True)

    def write(self) -> contextlib.AbstractContextManager[_PostgresTx]:
        return self._tx()

    @contextlib.contextmanager
    def bulk(self) -> Iterator[None]:
        yield  # each transaction sets its own; nothing to change for the session

    def table_ddl(self, name: str, columns: str, primary_key: str) -> str:
        columns = columns.replace(" REAL", " DOUBLE PRECISION").replace(" INTEGER", " BIGINT")
        return f"CREATE {self.table_kind} IF NOT EXISTS {name} ({columns}, PRIMARY KEY ({primary_key}))"

    def close(self) -> None:
        if self.owns_datastore:
            self.datastore.close()
        # else the pool belongs to the store


_READ_ONLY = "internal: a view's read-only connection was asked to write"


class _ReadOnlyTx:
    """`Tx` for reading over a `libpq.Connection`: `?` placeholders become `$1`, `$2`, ..."""

    def __init__(self, db: LibpqDatabase) -> None:
        self.db = db

    def execute(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return self.db.run(_numbered(sql), params)

    def _read_only(self, *_args: Any) -> None:
        raise StoreUnavailable(_READ_ONLY)

    executemany = copy_rows = add_rows = _read_only


@functools.lru_cache(maxsize=256)
def _numbered(sql: str) -> str:
    """`?` placeholders as PostgreSQL's own `$n` (the read model's SQL has no `?` in literals)."""
    numbers = itertools.count(1)
    return re.sub(r"\?", lambda _m: f"${next(numbers)}", sql)


class LibpqDatabase:
    """A PostgreSQL read model read over one libpq connection of its own (`timeline.libpq`), for
    views: no psycopg. Read-only: `Relations` hands anything that writes to the store's own
    database. Errors are the store's one-line errors (`postgres.postgres_error`)."""

    kind = "postgres"
    table_kind = "UNLOGGED TABLE"  # (as PostgresDatabase's; this one creates nothing)
    read_only = True

    def __init__(self, conn: Any, target: Any, schema: str) -> None:
        self.conn, self.target, self.schema = conn, target, schema

    def run(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        from timeline.libpq import LibpqError

        try:
            return self.conn.execute(sql, params)
        except LibpqError as e:
            from timeline.postgres import postgres_error

            raise postgres_error(self.target, e) from None

    @contextlib.contextmanager
    def read(self) -> Iterator[_ReadOnlyTx]:
        # Floats in text as exact as psycopg's (PostgreSQL 12+ gives the shortest exact form for any value > 0).
        self.run(f'BEGIN; {READ_SNAPSHOT}; SET LOCAL search_path TO "{self.schema}"; SET LOCAL extra_float_digits = 3')
        try:
            yield _ReadOnlyTx(self)
        except BaseException:
            with contextlib.suppress(Exception):  # the error that got here is the one to tell
                self.conn.execute("ROLLBACK")
            raise
        self.run("ROLLBACK")  # a view wrote nothing

    def write(self) -> contextlib.AbstractContextManager[_ReadOnlyTx]:
        raise StoreUnavailable(_READ_ONLY)

    def bulk(self) -> contextlib.AbstractContextManager[None]:
        return contextlib.nullcontext()

    def table_ddl(self, name: str, columns: str, primary_key: str) -> str:
        raise StoreUnavailable(_READ_ONLY)

    def close(self) -> None:
        self.conn.close()


def database_for(store: Any) -> Database:
    """The read-model database of a store: its SQLite file, or its PostgreSQL database."""
    datastore = store.factory.datastore
    pool = getattr(datastore, "pool", None)
    db_name = getattr(pool, "db_name", None)
    if db_name is not None:
        if getattr(pool, "is_sqlite_memory_mode", False):
            raise StoreUnavailable("read models need a store file or a PostgreSQL database, not an in-memory store")
        timeout = float(getattr(pool, "lock_timeout", None) or 30)
        return SQLiteDatabase(str(db_name), timeout)
    if type(datastore).__name__ == "PostgresDatastore":
        return PostgresDatabase(datastore)
    raise StoreUnavailable(f"read models do not support the {type(datastore).__name__} backend")
