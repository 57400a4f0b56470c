"""A read-only PostgreSQL connection over libpq itself (ctypes), for the views' fast path.

psycopg's import alone (its adapters, asyncio, logging, importlib.metadata) takes ~0.12 s of
a 0.3 s `timeline show`; a view asks a few plain queries of the read model and needs none of
it. `connect()` opens libpq (the system's, else the copy psycopg-binary ships) and returns a
`Connection` whose `execute()` gives tuples of the Python values psycopg would give for
these columns (int, float, Decimal for numeric, str, bool, None). Anything unexpected —
no libpq, a connection libpq refuses — is `None` from `connect()`, and the caller takes
psycopg's path, which reports the problem properly. Errors of a query on an open
connection are `LibpqError`s with libpq's message and SQLSTATE, which
`postgres.postgres_error` turns into the store's one-line errors.
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

__all__ = ["Connection", "LibpqError", "connect"]

_CONNECTION_OK = 0
_COMMAND_OK, _TUPLES_OK = 1, 2
_DIAG_SQLSTATE = ord("C")


class LibpqError(Exception):
    """A failed statement or connection: libpq's message, and the SQLSTATE if the server sent one."""

    def __init__(self, message: str, sqlstate: str | None = None) -> None:
        super().__init__(message)
        self.sqlstate = sqlstate


def _candidates() -> Iterator[str]:
    """The system's libpq, then the copy psycopg-binary ships (found without importing it)."""
    yield from ["libpq.so.5", "libpq.so"] if sys.platform.startswith("linux") else ["libpq.5.dylib", "libpq.dylib"]
    import glob
    import importlib.util

    try:
        spec = importlib.util.find_spec("psycopg_binary")
    except (ImportError, ValueError):
        spec = None
    if spec is not None and spec.origin:
        site = os.path.dirname(os.path.dirname(spec.origin))
        yield from sorted(glob.glob(os.path.join(site, "psycopg_binary.libs", "libpq*.so*")))
        yield from sorted(glob.glob(os.path.join(site, "psycopg_binary", ".dylibs", "libpq*.dylib")))


_lib: Any = None


def _load() -> Any:
    global _lib
    if _lib is not None:
        return _lib or None
    if sys.platform == "win32":
        _lib = False
        return None
    for name in _candidates():
        try:
            lib = ctypes.CDLL(name)
        except OSError:
            continue
        p, s, i = ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int
        for fn, args, res in (
            ("PQconnectdbParams", [ctypes.POINTER(s), ctypes.POINTER(s), i], p),
            ("PQstatus", [p], i),
            ("PQerrorMessage", [p], s),
            ("PQfinish", [p], None),
            ("PQexec", [p, s], p),
            ("PQexecParams", [p, s, i, p, ctypes.POINTER(s), p, p, i], p),
            ("PQresultStatus", [p], i),
            ("PQresultErrorMessage", [p], s),
            ("PQresultErrorField", [p, i], s),
            ("PQntuples", [p], i),
            ("PQnfields", [p], i),
            ("PQftype", [p, i], ctypes.c_uint),
            ("PQgetvalue", [p, i, i], s),
            ("PQgetisnull", [p, i, i], i),
            ("PQclear", [p], None),
        ):
            f = getattr(lib, fn)
            f.argtypes, f.restype = args, res
        _lib = lib
        return lib
    _lib = False
    return None


def _decimal(value: bytes) -> Any:
    global _Decimal
    if _Decimal is None:  # decimal loads with the first numeric value, not with this module
        from decimal import Decimal as _Decimal
    return _Decimal(value.decode())


_Decimal: Any = None


def _bool(value: bytes) -> bool:
    return value == b"t"


def _text(value: bytes) -> str:
    return value.decode()


# Type OIDs of the read model's columns and aggregates, loaded as psycopg loads them; any other
# type comes back as its text, as psycopg does for a type it does not know.
_LOADERS: dict[int, Callable[[bytes], Any]] = {
    16: _bool, 20: int, 21: int, 23: int, 26: int, 700: float, 701: float, 1700: _decimal,
}


def _param(value: Any) -> bytes | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return b"t" if value else b"f"
    if isinstance(value, int):
        return str(value).encode()
    if isinstance(value, float):  # PostgreSQL's names for what Python calls inf and nan
        return {"inf": b"Infinity", "-inf": b"-Infinity", "nan": b"NaN"}.get(repr(value)) or repr(value).encode()
    if isinstance(value, str):
        return value.encode()
    raise TypeError(f"cannot send a {type(value).__name__} to PostgreSQL here")


class Connection:
    """One libpq connection in autocommit mode: `execute(sql, params)` with `$1`-style placeholders."""

    def __init__(self, lib: Any, conn: int) -> None:
        self._lib = lib
        self._conn: int | None = conn

    def execute(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        lib = self._lib
        if self._conn is None:
            raise LibpqError("the connection is closed")
        if params:
            values = (ctypes.c_char_p * len(params))(*(_param(v) for v in params))
            res = lib.PQexecParams(self._conn, sql.encode(), len(params), None, values, None, None, 0)
        else:
            res = lib.PQexec(self._conn, sql.encode())
        if not res:
            raise LibpqError(_message(lib.PQerrorMessage(self._conn)) or "no answer from the server")
        try:
            status = lib.PQresultStatus(res)
            if status == _COMMAND_OK:
                return []
            if status != _TUPLES_OK:
                state = lib.PQresultErrorField(res, _DIAG_SQLSTATE)
                raise LibpqError(_message(lib.PQresultErrorMessage(res)), state.decode() if state else None)
            return _rows(lib, res)
        finally:
            lib.PQclear(res)

    def close(self) -> None:
        if self._conn is not None:
            self._lib.PQfinish(self._conn)
            self._conn = None


def _rows(lib: Any, res: int) -> list[tuple[Any, ...]]:
    """The result's rows, a column at a time (one ctypes call per value, the loads mapped in C)."""
    nrows, ncols = lib.PQntuples(res), lib.PQnfields(res)
    getvalue, isnull = lib.PQgetvalue, lib.PQgetisnull
    columns = []
    for c in range(ncols):
        load = _LOADERS.get(lib.PQftype(res, c), _text)
        raw = [getvalue(res, r, c) for r in range(nrows)]
        if all(raw):
            columns.append(list(map(load, raw)))
        else:  # libpq gives b"" for NULL as for an empty text
            columns.append([load(v) if v else None if isnull(res, r, c) else _empty(load) for r, v in enumerate(raw)])
    return list(zip(*columns)) if ncols else [() for _ in range(nrows)]


def _empty(load: Callable[[bytes], Any]) -> Any:
    """An empty (not NULL) value: only text can be empty."""
    if load is _text:
        return ""
    raise LibpqError("an empty value for a non-text column")


def _message(raw: bytes | None) -> str:
    return (raw or b"").decode(errors="replace").strip()


def connect(params: Mapping[str, Any]) -> Connection | None:
    """A connection with these libpq keywords (host, port, dbname, user, password, ...), in
    UTF-8; None if libpq cannot be loaded or refuses the connection (the caller then goes
    through psycopg, which says why)."""
    lib = _load()
    if lib is None:
        return None
    items = {**{k: str(v) for k, v in params.items() if v is not None}, "client_encoding": "UTF8"}
    keys = (ctypes.c_char_p * (len(items) + 1))(*(k.encode() for k in items), None)
    values = (ctypes.c_char_p * (len(items) + 1))(*(v.encode() for v in items.values()), None)
    conn = lib.PQconnectdbParams(keys, values, 0)
    if not conn:
        return None
    if lib.PQstatus(conn) != _CONNECTION_OK:
        lib.PQfinish(conn)
        return None
    return Connection(lib, conn)
