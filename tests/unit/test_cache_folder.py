"""The cache folder keeps what is in use: files not written for a month go when it is next written to."""

from __future__ import annotations

import os
import time
from pathlib import Path

from timeline.actors.registry import parse_toml
from timeline.location import CACHE_MAX_AGE_DAYS, default_cache_location, keep_cached
from timeline.patterns import compiled

DAY = 86400


def aged(path: Path, days: float) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        path.write_bytes(b"old")
    then = time.time() - days * DAY
    os.utime(path, (then, then))
    return path


def test_a_written_file_is_whole_and_stale_files_and_dead_partials_go(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    stale = aged(folder / "toml-json-1-123-aaaa-bbbb.json", CACHE_MAX_AGE_DAYS + 10)
    dead_writer = aged(folder / "sre-1-abc.bin.4242.partial", CACHE_MAX_AGE_DAYS + 1)
    recent = aged(folder / "toml-json-2-456-cccc-dddd.json", CACHE_MAX_AGE_DAYS - 1)
    nested = aged(folder / "kept" / "inside.json", CACHE_MAX_AGE_DAYS + 10)

    keep_cached(folder / "new.json", b'{"a": 1}')

    assert (folder / "new.json").read_bytes() == b'{"a": 1}'
    assert not stale.exists() and not dead_writer.exists()
    assert recent.exists()
    assert nested.exists()  # only the folder's own files, not what is below it
    assert not list(folder.glob("*.partial"))


def test_a_folder_that_cannot_be_written_is_passed_by(tmp_path: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("", encoding="utf-8")
    keep_cached(blocked / "x.json", b"{}")  # no exception
    assert blocked.read_text(encoding="utf-8") == ""


def test_parsing_a_new_data_file_prunes_the_folder() -> None:
    stale = aged(default_cache_location() / "toml-json-2-1-00000000-00000000.json", CACHE_MAX_AGE_DAYS + 5)
    assert parse_toml(b'name = "a file never parsed before"\n') == {"name": "a file never parsed before"}
    assert not stale.exists()


def test_compiling_a_new_pattern_prunes_the_folder() -> None:
    stale = aged(default_cache_location() / "sre-1-0000.bin", CACHE_MAX_AGE_DAYS + 5)
    pattern = compiled(r"(?P<word>never compiled before \d+)")
    assert pattern.match("never compiled before 42").group("word") == "never compiled before 42"
    assert not stale.exists()
