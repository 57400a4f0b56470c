"""The PostgreSQL backend: a `postgresql://` URL turned into eventsourcing's settings.

`timeline` keeps its events in eventsourcing's own PostgreSQL persistence (psycopg 3) and
its read models in the same database. This module is the only one that reads the URL:

    postgresql://user:password@host:port/dbname?sslmode=require&connect_timeout=10

`postgres://` is accepted too. Query parameters are libpq's (sslmode, sslrootcert,
connect_timeout, application_name, ...); a missing user or password falls back to libpq's
PGUSER / PGPASSWORD. `?password=` is refused: messages redact the password before the @,
not one in the query. Before the store is opened, `check_store` connects once and turns
the usual failures into one clear line: server down, password refused, no such database,
a database that holds something other than a timeline store. Later connection failures
are StoreErrors too (after eventsourcing's own retries, about 10 x (pool wait + 0.2 s)).
The password never appears in what this module says: URLs are shown by `display_url`.
"""

from __future__ import annotations

import getpass
import os
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from timeline.errors import NotATimelineStore, StoreError, StoreLocked, StoreUnavailable, UsageError

__all__ = [
    "EVENTS_TABLE",
    "PostgresURL",
    "check_store",
    "connect",
    "display_url",
    "parse_url",
    "postgres_env",
    "postgres_error",
    "postgres_settings",
]

# eventsourcing names the table after the application: TimelineStore -> timelinestore_events.
EVENTS_TABLE = "timelinestore_events"
EVENTS_COLUMNS = frozenset({"originator_id", "originator_version", "topic", "state", "notification_id"})

# Seconds. libpq's connect_timeout bounds one connection attempt. The pool's wait for a
# connection is shorter, because eventsourcing retries a failed read or append 10 times:
# with the server gone mid-command, a command gives up after about 10 x (wait + 0.2 s).
# `?connect_timeout=N` in the URL sets both.
DEFAULT_CONNECT_TIMEOUT = 10
DEFAULT_POOL_WAIT = 2
FACTORY_TOPIC = "timeline.postgres:TimelinePostgresFactory"
EXTRA_PARAMS_KEY = "TIMELINE_POSTGRES_LIBPQ_PARAMS"
# pg_advisory_lock key held while a store's tables are created (any fixed bigint will do).
SCHEMA_LOCK_KEY = 0x74696D656C696E65  # "timeline"

# Parameters the URL carries in its own parts; anything else in the query goes to libpq.
_URL_PARTS = frozenset({"host", "port", "dbname", "user", "password"})


@dataclass(frozen=True)
class PostgresURL:
    """A parsed `postgresql://` URL. `repr` and `str` never show the password."""

    host: str
    port: int
    dbname: str
    user: str
    password: str = field(repr=False)
    params: Mapping[str, str] = field(default_factory=dict)

    @property
    def connect_timeout(self) -> int:
        return int(self.params.get("connect_timeout") or DEFAULT_CONNECT_TIMEOUT)

    @property
    def pool_wait(self) -> int:
        return int(self.params.get("connect_timeout") or DEFAULT_POOL_WAIT)

    @property
    def where(self) -> str:
        """host:port/dbname, for messages."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}/{self.dbname}"

    def __str__(self) -> str:
        return f"postgresql://{self.user}@{self.where}"

    def conninfo_kwargs(self, dbname: str | None = None) -> dict[str, Any]:
        return {
            "host": self.host,
            "port": self.port,
            "dbname": dbname or self.dbname,
            "user": self.user,
            "password": self.password,
            "connect_timeout": self.connect_timeout,
            **{k: v for k, v in self.params.items() if k != "connect_timeout"},
        }


_ENCODE_RESERVED = "percent-encode any / ? # @ in the user or password (%2F %3F %23 %40)"


def _bad(url: str, problem: str) -> UsageError:
    return UsageError(f"{display_url(url)}: {problem}; write it as postgresql://user:password@host:port/dbname")


def parse_url(url: str) -> PostgresURL:
    """Read a `postgresql://` or `postgres://` URL; a bad one is a UsageError (no password shown)."""
    try:
        parts = urlsplit(url)
    except ValueError as e:
        raise _bad(url, f"not a valid URL ({e})") from None
    if parts.scheme not in ("postgresql", "postgres"):
        raise _bad(url, "not a postgresql:// URL")
    if "@" in parts.path + parts.query + parts.fragment:
        # A raw / ? or # in the password ended the user part early: the rest of the password
        # would go on as the port, the database or a parameter, and be shown as such.
        raise _bad(url, f"an @ after the host; {_ENCODE_RESERVED}")
    try:
        port = parts.port
    except ValueError:  # its message quotes the "port", which may be the password's start
        raise _bad(url, f"not a valid URL (the port is not a number from 0 to 65535; {_ENCODE_RESERVED})") from None
    params = dict(parse_qsl(parts.query, keep_blank_values=True))
    for key in ("host", "port", "dbname", "user", "password"):
        if key in params and not params[key]:
            del params[key]
    host = unquote(parts.hostname or "") or params.pop("host", "") or os.environ.get("PGHOST") or "localhost"
    params.pop("host", None)
    try:
        port = port or int(params.pop("port", "") or os.environ.get("PGPORT") or 5432)
    except ValueError:
        raise _bad(url, "the port is not a number") from None
    params.pop("port", None)
    dbname = unquote(parts.path.lstrip("/")) or params.pop("dbname", "")
    params.pop("dbname", None)
    if not dbname:
        raise _bad(url, "no database name")
    user = unquote(parts.username or "") or params.pop("user", "") or os.environ.get("PGUSER") or getpass.getuser()
    params.pop("user", None)
    if "password" in {k.lower() for k in params}:
        # Messages elsewhere redact the user:password@ part of a URL, not its query.
        raise _bad(url, "give the password before the @ (or in PGPASSWORD), not as ?password=")
    password = unquote(parts.password or "") or os.environ.get("PGPASSWORD", "")
    if "connect_timeout" in params:
        try:
            if int(params["connect_timeout"]) < 1:
                raise ValueError
        except ValueError:
            raise _bad(url, "connect_timeout must be a whole number of seconds, 1 or more") from None
    unknown = sorted(k for k in params if not _is_libpq_param(k))
    if unknown:
        raise _bad(url, f"unknown connection parameter {', '.join(unknown)}")
    return PostgresURL(host, port, dbname, user, password, params)


def _is_libpq_param(name: str) -> bool:
    from psycopg import conninfo

    try:
        conninfo.conninfo_to_dict(conninfo.make_conninfo(**{name: "x"}))
    except Exception:
        return False
    return name not in _URL_PARTS


_QUERY_PASSWORD = re.compile(r"([?&]password=)[^&#]*", re.IGNORECASE)
# Up to the URL's last @: a password may hold a raw @ (and, in a URL that is refused, / ? #).
_USERINFO_PASSWORD = re.compile(r"([a-z][a-z0-9+.-]*://[^:/@?#]*:).*@", re.IGNORECASE)


def display_url(url: str) -> str:
    """The URL as it may be shown: any password (in the user part or the query) is ***."""
    return _QUERY_PASSWORD.sub(r"\1***", _USERINFO_PASSWORD.sub(r"\1***@", url))


# ---------------------------------------------------------------- eventsourcing settings


def postgres_settings(url: str | PostgresURL) -> dict[str, str]:
    """eventsourcing.postgres's environment for the URL, without connecting."""
    target = url if isinstance(url, PostgresURL) else parse_url(url)
    from timeline.location import lock_timeout

    timeout = lock_timeout()
    env = {
        # eventsourcing's own PostgresFactory; the subclass only passes the URL's libpq
        # parameters (sslmode, ...) on to each connection.
        "PERSISTENCE_MODULE": FACTORY_TOPIC,
        "POSTGRES_DBNAME": target.dbname,
        "POSTGRES_HOST": target.host,
        "POSTGRES_PORT": str(target.port),
        "POSTGRES_USER": target.user,
        "POSTGRES_PASSWORD": target.password,
        "POSTGRES_CONNECT_TIMEOUT": str(target.pool_wait),
        # A command does one thing at a time; two connections let a read model's query
        # run while the store holds one.
        "POSTGRES_POOL_SIZE": "2",
        "POSTGRES_MAX_OVERFLOW": "2",
        "POSTGRES_PRE_PING": "y",
        # Another writer holds the events table while it appends one article: wait for it,
        # but not forever.
        "POSTGRES_LOCK_TIMEOUT": timeout,
        "POSTGRES_IDLE_IN_TRANSACTION_SESSION_TIMEOUT": "60",
        # Not the database function: its insert does not lock the table, so two writers'
        # notification ids could commit out of order and a read model tailing the log
        # could skip one. Appends stay small instead (one article; copy batches of
        # hundreds), far below the ~20,000 events that hang psycopg's pipeline mode.
        "POSTGRES_ENABLE_DB_FUNCTIONS": "n",
    }
    extra = {k: v for k, v in target.params.items() if k != "connect_timeout"}
    extra["connect_timeout"] = str(target.connect_timeout)
    env[EXTRA_PARAMS_KEY] = "&".join(f"{k}={v}" for k, v in sorted(extra.items()))
    return env


def postgres_env(url: str) -> dict[str, str]:
    """Check that the URL names a reachable timeline store (or an empty database), then
    return eventsourcing's settings for it."""
    target = parse_url(url)
    check_store(target)
    return postgres_settings(target)


def _binary_inserts(recorder: Any) -> Any:
    """Make `recorder` send the stored events it inserts in PostgreSQL's binary format.

    eventsourcing passes them as one array of its composite type behind a `%s`
    placeholder, which psycopg dumps as text: every field of every event through a regex
    that escapes it (1.2 s of client CPU per 17,000 events, most of an append). Behind
    `%b` the same array goes in binary, the state's bytes as they are (0.3 s). The
    statements stay eventsourcing's own, with `%b` for their one `%s`; the rows stored
    are the same. A statement not of that shape is left as it is.
    """
    for name in ("insert_events_statement", "sql_invoke_pg_function_insert_events"):
        statement = getattr(recorder, name, None)
        if statement is not None and _placeholders(statement) == 1:
            setattr(recorder, name, _in_binary(statement))
    return recorder


def _placeholders(statement: Any) -> int:
    from psycopg.sql import SQL, Composed

    if isinstance(statement, SQL):
        return statement.as_string(None).count("%s")
    if isinstance(statement, Composed):
        return sum(_placeholders(part) for part in statement)
    return 0


def _in_binary(statement: Any) -> Any:
    from psycopg.sql import SQL, Composed

    if isinstance(statement, SQL):
        return SQL(statement.as_string(None).replace("%s", "%b"))
    if isinstance(statement, Composed):
        return Composed([_in_binary(part) for part in statement])
    return statement


def _make_factory_class() -> type:
    import contextlib

    from eventsourcing.persistence import InterfaceError, OperationalError
    from eventsourcing.postgres import PostgresFactory

    # Raised where eventsourcing raises OperationalError, so its retries still retry; once
    # they give up, the CLI sees a TimelineError with one clear line.
    failures = {
        kind: type(f"Postgres{kind.__name__}", (kind, OperationalError), {"__module__": __name__})
        for kind in (StoreUnavailable, StoreLocked, StoreError)
    }

    class TimelinePostgresFactory(PostgresFactory):
        """eventsourcing's PostgresFactory, passing the URL's libpq parameters to psycopg
        and saying what went wrong with a connection in the analyst's words."""

        def __init__(self, env: Any) -> None:
            super().__init__(env)
            datastore = self.datastore
            kwargs = datastore.pool.kwargs
            assert isinstance(kwargs, dict)
            kwargs.update(parse_qsl(self.env.get(EXTRA_PARAMS_KEY) or ""))
            target = PostgresURL(
                host=str(kwargs["host"]), port=int(kwargs["port"]), dbname=str(kwargs["dbname"]),
                user=str(kwargs["user"]), password="",
            )  # fmt: skip
            get_connection = datastore.get_connection
            # Wait for a pooled connection in short spells, and between them ask the server
            # directly: a server that is gone fails the command in a second or two, where
            # waiting out the pool (and eventsourcing's retries of it) took 20 s; a server
            # that answers but has no free connection is waited for as long as before.
            pool = datastore.pool
            patience = float(pool.timeout)
            pool.timeout = min(patience, POOL_SPELL)

            @contextlib.contextmanager
            def translated_connection() -> Any:
                deadline = time.monotonic() + patience
                yielded = False
                while True:
                    try:
                        with get_connection() as conn:
                            yielded = True
                            yield conn
                        return
                    except (OperationalError, InterfaceError) as e:
                        if isinstance(e, StoreError):
                            raise
                        if not yielded and _is_pool_timeout(e):
                            down = _unreachable(kwargs)
                            if down is not None:
                                # Not an OperationalError: eventsourcing does not retry it.
                                raise postgres_error(target, down) from e
                            if time.monotonic() < deadline:
                                continue
                        error = postgres_error(target, e)
                        raise failures[type(error)](str(error)) from e

            datastore.get_connection = translated_connection  # type: ignore[method-assign]

        @contextlib.contextmanager
        def _one_creator_at_a_time(self) -> Any:
            # Two processes opening a new store at once would both run eventsourcing's
            # CREATE ... statements, and concurrent CREATE OR REPLACE FUNCTION fails with
            # "tuple concurrently updated": take turns, on a session advisory lock.
            if not self.env_create_table():
                yield
                return
            with self.datastore.get_connection() as conn:
                conn.execute("SELECT pg_advisory_lock(%s)", (SCHEMA_LOCK_KEY,))
                try:
                    yield
                finally:
                    conn.execute("SELECT pg_advisory_unlock(%s)", (SCHEMA_LOCK_KEY,))

        def aggregate_recorder(self, purpose: str = "events") -> Any:
            with self._one_creator_at_a_time():
                return _binary_inserts(super().aggregate_recorder(purpose))

        def application_recorder(self) -> Any:
            with self._one_creator_at_a_time():
                return _binary_inserts(super().application_recorder())

        def tracking_recorder(self, tracking_recorder_class: Any = None) -> Any:
            with self._one_creator_at_a_time():
                return super().tracking_recorder(tracking_recorder_class)

        def process_recorder(self) -> Any:
            with self._one_creator_at_a_time():
                return super().process_recorder()

    TimelinePostgresFactory.__module__ = __name__
    return TimelinePostgresFactory


POOL_SPELL = 2.0
"""Seconds of waiting for a pooled connection before asking the server whether it is there."""


def _is_pool_timeout(e: BaseException) -> bool:
    from psycopg_pool import PoolTimeout

    return isinstance(e.__cause__, PoolTimeout) or isinstance(e, PoolTimeout)


def _unreachable(kwargs: dict[str, Any]) -> BaseException | None:
    """The error of a direct connection to the server, or None if it answers."""
    import psycopg

    try:
        psycopg.connect(**kwargs).close()
    except psycopg.OperationalError as e:
        return e
    return None


def __getattr__(name: str) -> Any:
    # The factory subclasses eventsourcing.postgres, which imports psycopg: build it only
    # when eventsourcing resolves the topic, so `import timeline.postgres` stays light.
    if name == "TimelinePostgresFactory":
        cls = _make_factory_class()
        globals()[name] = cls
        return cls
    raise AttributeError(name)


# ---------------------------------------------------------------- connecting, checking


def postgres_error(url: str | PostgresURL, e: BaseException) -> StoreError:
    """One clear line for a psycopg or eventsourcing error, without the password."""
    target = url if isinstance(url, PostgresURL) else _try_parse(url)
    where = target.where if isinstance(target, PostgresURL) else display_url(str(url))
    user = target.user if isinstance(target, PostgresURL) else "the user"
    dbname = target.dbname if isinstance(target, PostgresURL) else "the database"
    sqlstate = getattr(e, "sqlstate", None) or getattr(e.__cause__, "sqlstate", None)
    message = _first_line(str(e))
    lower = str(e).lower()
    if sqlstate in ("28P01", "28000") or "password authentication failed" in lower or "no password supplied" in lower:
        return StoreUnavailable(
            f"PostgreSQL at {where} refused the password for user {user!r}; check the URL or PGPASSWORD"
        )
    if sqlstate == "3D000" or ("database" in lower and "does not exist" in lower):
        return StoreUnavailable(
            f"database {dbname!r} does not exist on the PostgreSQL server at {where.rsplit('/', 1)[0]}; "
            f"create it (createdb {dbname}) or fix the URL"
        )
    if sqlstate == "55P03" or "lock timeout" in lower:
        return StoreLocked(f"another process holds the store at {where}; wait for it to finish and try again")
    if "connection refused" in lower or "could not connect" in lower or "no route to host" in lower:
        return StoreUnavailable(f"cannot connect to PostgreSQL at {where} (connection refused); is the server running?")
    if "timeout" in lower or "timed out" in lower or "couldn't get a connection" in lower:
        return StoreUnavailable(f"no answer from PostgreSQL at {where} (timed out); is the server running and reachable?")
    if "name or service not known" in lower or "could not translate host name" in lower or "nodename nor servname" in lower:
        return StoreUnavailable(f"cannot find the PostgreSQL host {where.split(':')[0]}; check the URL")
    if (
        "server closed the connection" in lower
        or "terminating connection" in lower
        or "connection is closed" in lower
        or "consuming input failed" in lower
        or "connection is lost" in lower
        or sqlstate in ("57P01", "57P02", "57P03", "08006", "08003", "08000")
    ):
        return StoreUnavailable(
            f"lost the connection to PostgreSQL at {where}; what was saved before stays whole, run the command again"
        )
    if "ssl" in lower:
        return StoreUnavailable(f"PostgreSQL at {where}: {display_url(message)}")
    return StoreError(f"PostgreSQL at {where}: {display_url(message)}")


def _first_line(text: str) -> str:
    for line in text.splitlines():
        line = line.strip()
        if line:
            return line
    return text.strip()


def _try_parse(url: str) -> PostgresURL | None:
    try:
        return parse_url(url)
    except UsageError:
        return None


def connect(url: str | PostgresURL, *, autocommit: bool = False, dbname: str | None = None) -> Any:
    """A psycopg connection to the URL's database (or `dbname`); failures are StoreErrors
    with one line and no password."""
    import psycopg

    target = url if isinstance(url, PostgresURL) else parse_url(url)
    try:
        return psycopg.connect(autocommit=autocommit, **target.conninfo_kwargs(dbname))
    except psycopg.Error as e:
        raise postgres_error(target, e) from None


def store_schema() -> str:
    """The schema the store's tables are in (eventsourcing's setting)."""
    return os.environ.get("TIMELINESTORE_POSTGRES_SCHEMA") or os.environ.get("POSTGRES_SCHEMA") or "public"


def check_store(url: str | PostgresURL) -> None:
    """Raise StoreUnavailable / NotATimelineStore unless the database is reachable and is
    either a timeline store or holds no tables yet."""
    import psycopg

    target = url if isinstance(url, PostgresURL) else parse_url(url)
    schema = store_schema()
    with connect(target, autocommit=True) as conn:
        try:
            rows = conn.execute(
                "SELECT table_name, column_name FROM information_schema.columns"
                " WHERE table_schema = %s",
                (schema,),
            ).fetchall()
        except psycopg.Error as e:
            raise postgres_error(target, e) from None
    tables: dict[str, set[str]] = {}
    for table, column in rows:
        tables.setdefault(table, set()).add(column)
    if not tables:
        return
    if EVENTS_TABLE not in tables:
        raise NotATimelineStore(
            f"database {target.dbname!r} at {target.where} holds other tables but not a timeline store; "
            "give an empty database or an existing store"
        )
    if not EVENTS_COLUMNS <= tables[EVENTS_TABLE]:
        raise NotATimelineStore(
            f"database {target.dbname!r} at {target.where} has a {EVENTS_TABLE} table that is not a timeline store's"
        )
