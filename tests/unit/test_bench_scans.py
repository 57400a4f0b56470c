"""The benchmark's scans read every stored row, on both backends, and leave the store as it was."""

from __future__ import annotations

import pytest

from bench.bench_relations import generate, parse_floor, raw_select
from timeline.store import open_store


def _state(db: str) -> tuple[int, list[str]]:
    store = open_store(db)
    try:
        return store.max_position(), sorted(e["id"] for e in _exported(db))
    finally:
        store.close()


def _exported(db: str) -> list[dict]:
    import json

    from click.testing import CliRunner

    from timeline.cli import cli

    result = CliRunner().invoke(cli, ["--db", db, "export", "--format", "jsonl"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.output.splitlines() if line.strip()]


@pytest.mark.slow
def test_the_raw_scan_and_the_parse_floor_count_every_stored_row(db: str) -> None:
    generate(db, 120)  # 6 articles of 20 events: 126 stored rows
    rows, ids = _state(db)
    assert rows == 126
    assert raw_select(db)[0] == rows
    assert parse_floor(db)[0] == rows
    assert _state(db) == (rows, ids)  # rolled back: nothing added, nothing changed


def test_the_parse_floor_of_an_empty_store_is_no_rows(db: str) -> None:
    open_store(db).close()
    assert parse_floor(db)[0] == 0
