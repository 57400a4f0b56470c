"""Where things live, before anything is opened: the store (`--db` resolved, a SQLite file
checked, its errors in one line) and the cache of derived files.

Nothing here imports eventsourcing, so that a command can name, check and report on its
store without paying for the library (`timeline.store` opens it).
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import sys
import time
from pathlib import Path

from timeline.errors import NotATimelineStore, StoreError, StoreLocked, StoreUnavailable, UsageError

__all__ = [
    "CHOOSE_ANOTHER",
    "SQLITE_MAGIC",
    "check_sqlite_file",
    "default_cache_location",
    "default_db_location",
    "keep_cached",
    "is_postgres_url",
    "redact_url",
    "resolve_db",
    "sqlite_env",
    "store_error",
]

SQLITE_MAGIC = b"SQLite format 3\x00"
CHOOSE_ANOTHER = "choose another --db"
"""How the store's errors end; a command that opens a store named otherwise (`copy --to`) says so instead."""


def default_db_location() -> Path:
    """Where the store lives unless `--db` or TIMELINE_DB says otherwise."""
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "timeline" / "timeline.db"


def default_cache_location() -> Path:
    """Where derived files that can always be made again are kept (parsed reference data)."""
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local") / "timeline" / "cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "timeline"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "timeline"


CACHE_MAX_AGE_DAYS = 30
"""A cache file not written for this long is deleted the next time the cache is written to."""


def keep_cached(path: Path, data: bytes) -> None:
    """Write a derived file into the cache folder, whole or not at all; silently nothing if it cannot.

    Each file is named by a checksum of what it was made from, so every edited data file,
    new pattern or new Python leaves the older files behind. Whenever one is written (a
    miss: rare), the folder's files not written for `CACHE_MAX_AGE_DAYS` days, and the
    leftovers of writers that died half-way, are deleted: the folder stays the size of
    what is in use. A file still in use that is deleted is simply made again.
    """
    partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial.write_bytes(data)
        os.replace(partial, path)  # whole or not at all, whoever writes it first
    except OSError:
        with contextlib.suppress(OSError):
            partial.unlink()
        return
    cutoff = time.time() - CACHE_MAX_AGE_DAYS * 86400
    with contextlib.suppress(OSError):
        for entry in os.scandir(path.parent):
            with contextlib.suppress(OSError):
                if entry.is_file(follow_symlinks=False) and entry.stat(follow_symlinks=False).st_mtime < cutoff:
                    os.unlink(entry.path)


_URL_PASSWORD = re.compile(r"(postgres(?:ql)?://[^:/@\s]*:)[^@\s]*@")
_QUERY_PASSWORD = re.compile(r"([?&]password=)[^&\s]*", re.I)


def redact_url(text: str) -> str:
    """The text with any password in a database URL (user part or query) replaced by ***."""
    text = _URL_PASSWORD.sub(r"\1***@", text)
    return _QUERY_PASSWORD.sub(r"\1***", text)


def is_postgres_url(db: str) -> bool:
    return db.startswith(("postgresql://", "postgres://"))


def check_sqlite_file(path: Path) -> None:
    if path.is_dir():
        raise StoreUnavailable(f"{path} is a directory; {CHOOSE_ANOTHER} (the path of a database file)")
    if not path.exists():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise StoreUnavailable(f"cannot create {path.parent}: {e.strerror}; {CHOOSE_ANOTHER}") from None
        return
    try:
        with path.open("rb") as f:
            head = f.read(len(SQLITE_MAGIC))
    except OSError as e:
        raise StoreUnavailable(f"cannot read {path}: {e.strerror}") from None
    if not head:
        return
    if head != SQLITE_MAGIC:
        raise NotATimelineStore(f"{path} is not a timeline store (not an SQLite database); {CHOOSE_ANOTHER}")
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
        try:
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        finally:
            con.close()
    except sqlite3.DatabaseError as e:
        raise _sqlite_error(path, e) from None
    if tables and "stored_events" not in tables:
        raise NotATimelineStore(
            f"{path} is an SQLite database but not a timeline store; {CHOOSE_ANOTHER}"
        )


def use_wal(path: Path) -> None:
    """Put the store's file in WAL mode (creating it if new) before eventsourcing opens it.

    eventsourcing switches a new file with a cursor it leaves unexhausted; if anything kept
    that cursor alive (a frame held by a traceback, a profiler), the switch stayed "in
    progress" and the store's first commit failed. Switched here, and read to the end, the
    library finds WAL already set and runs no statement of its own for it.
    """
    try:
        con = sqlite3.connect(path, timeout=int(lock_timeout()), isolation_level=None)
        try:
            if con.execute("PRAGMA journal_mode").fetchall()[0][0].lower() != "wal":
                con.execute("PRAGMA journal_mode=WAL").fetchall()
        finally:
            con.close()
    except sqlite3.DatabaseError as e:
        raise _sqlite_error(path, e) from None


def _sqlite_error(where: Path | str, e: BaseException) -> StoreError:
    message = str(e).lower()
    if "locked" in message or "busy" in message:
        return StoreLocked(f"{where} is locked by another process; wait for it to finish and try again")
    if "readonly" in message or "read-only" in message:
        return StoreUnavailable(f"{where} is read-only; make it writable or {CHOOSE_ANOTHER}")
    if "not a database" in message or "malformed" in message or "no such table" in message:
        return NotATimelineStore(f"{where} is not a timeline store or is damaged ({e}); {CHOOSE_ANOTHER}")
    if "unable to open" in message:
        return StoreUnavailable(f"cannot open {where}; check the path and its permissions")
    return StoreError(f"{where}: {e}")


def store_error(where: str, e: BaseException) -> StoreError:
    """Map a persistence error to one clear StoreError line (passwords redacted)."""
    if is_postgres_url(where):
        from timeline.postgres import postgres_error

        return postgres_error(where, e)
    return _sqlite_error(redact_url(where), Exception(redact_url(str(e))))


def resolve_db(db: str | os.PathLike[str] | None) -> str:
    """The database the user means: --db, else TIMELINE_DB, else the per-user default."""
    chosen = str(db) if db else os.environ.get("TIMELINE_DB") or str(default_db_location())
    return chosen if is_postgres_url(chosen) else str(Path(chosen).expanduser())


def lock_timeout() -> str:
    """TIMELINE_LOCK_TIMEOUT: how many whole seconds to wait for a store another process
    holds (default 30)."""
    value = os.environ.get("TIMELINE_LOCK_TIMEOUT", "30").strip()
    if not value.isdigit():
        raise UsageError(
            f"TIMELINE_LOCK_TIMEOUT must be a whole number of seconds, not {value!r}; unset it for the default (30)"
        )
    return value


def sqlite_env(path: Path) -> dict[str, str]:
    return {
        "PERSISTENCE_MODULE": "eventsourcing.sqlite",
        "SQLITE_DBNAME": str(path),
        "SQLITE_LOCK_TIMEOUT": lock_timeout(),
    }
