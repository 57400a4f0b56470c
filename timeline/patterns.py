"""Large regular expressions compiled once per pattern and Python, kept in the user's cache.

`re.compile` parses and assembles a pattern in pure Python: the actor gazetteer's pattern of
every surface form (38,000 characters) took ~0.1 s, a third of an ingest's single-core
start-up, on every run. `compiled(pattern, flags)` is `re.compile(pattern, flags)`, with the
assembled program (the list of codes `_sre.compile` takes) kept in the cache folder under a
checksum of the pattern, its flags and the interpreter's version, so later runs hand it to
`_sre.compile` directly (under a millisecond).

The program is written only when the one built here equals what `re.compile` gives (patterns
compare by their codes), and read back only whole (its length and CRC-32 checked). Anything
unexpected (another Python implementation, a changed `re` internals API, a cache that cannot
be read or written, a damaged file) falls back to `re.compile`, silently.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import sys
import zlib
from array import array

__all__ = ["compiled"]

_FORMAT = "sre-1"


def compiled(pattern: str, flags: int | re.RegexFlag = 0) -> re.Pattern[str]:
    """`re.compile(pattern, flags)`, its program read from the cache when it is there."""
    flags = int(flags)
    try:
        import _sre
        from re import _compiler, _parser
    except ImportError:  # not CPython
        return re.compile(pattern, flags)
    if array("I").itemsize != _sre.CODESIZE:
        return re.compile(pattern, flags)
    from timeline.location import default_cache_location, keep_cached

    key = hashlib.sha256(
        f"{_FORMAT}\0{sys.version}\0{_sre.MAGIC}\0{flags}\0".encode() + pattern.encode("utf-8", "surrogatepass")
    ).hexdigest()[:40]
    path = default_cache_location() / f"{_FORMAT}-{key}.bin"
    with contextlib.suppress(OSError, ValueError, TypeError, KeyError, RuntimeError, OverflowError):
        with path.open("rb") as handle:
            head, _, body = handle.read().partition(b"\n")
        meta = json.loads(head)
        if len(body) != meta["size"] or zlib.crc32(body) != meta["crc"]:
            raise ValueError("damaged")
        code = array("I")
        code.frombytes(body)
        return _sre.compile(pattern, meta["flags"], code.tolist(), meta["groups"], meta["groupindex"],
                            tuple(meta["indexgroup"]))
    try:
        parsed = _parser.parse(pattern, flags)
        code_list = _compiler._code(parsed, flags)
        groupindex = dict(parsed.state.groupdict)
        indexgroup: list[str | None] = [None] * parsed.state.groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        built = _sre.compile(pattern, flags | parsed.state.flags, code_list, parsed.state.groups - 1,
                             groupindex, tuple(indexgroup))
    except Exception:  # re's internals are not what this module knows: do as re does
        return re.compile(pattern, flags)
    expected = re.compile(pattern, flags)
    if built != expected:
        return expected
    body = array("I", code_list).tobytes()
    meta = {"flags": built.flags, "groups": parsed.state.groups - 1, "groupindex": groupindex,
            "indexgroup": indexgroup, "size": len(body), "crc": zlib.crc32(body)}
    keep_cached(path, json.dumps(meta).encode() + b"\n" + body)
    return expected
