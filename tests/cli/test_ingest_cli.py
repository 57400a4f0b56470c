"""`timeline ingest`, `export`, `articles` and `history` through the real CLI and a real SQLite file."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import REPO, SEEDS, shared_path
from timeline.cli import cli

CONTRACT_KEYS = {
    "id", "type", "date", "date_rule", "source", "target", "attributed_to",
    "evidence", "article", "confidence", "extractor",
}

ARTICLE = """---
title: Talks in Beijing
published: 2024-03-05
---
BEIJING (Reuters) - Chinese Foreign Minister Wang Yi met Russian Foreign Minister Sergei Lavrov in Beijing on Monday, the foreign ministry said.
"""


def run(*args: str, db: str) -> "subprocess.CompletedProcess[str]":
    return subprocess.run(
        [sys.executable, "-m", "timeline", "--db", db, *args],
        capture_output=True, text=True, cwd=REPO, timeout=120,
        env={**os.environ, "TIMELINE_LOCK_TIMEOUT": "1"},
    )


def invoke(*args: str) -> "object":
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def export_lines(db: str) -> list[dict]:
    result = invoke("--db", db, "export", "--format", "jsonl")
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.output.splitlines() if line.strip()]


def test_ingesting_the_seeds_twice_adds_their_events_once(sqlite_db: str) -> None:
    first = invoke("--db", sqlite_db, "ingest", str(SEEDS), "--json")
    assert first.exit_code == 0, first.output
    summary = json.loads(first.output)
    assert summary["new"] == 2 and summary["failed"] == 0 and summary["events_added"] > 0
    exported = export_lines(sqlite_db)
    assert len(exported) == summary["events_added"]

    second = invoke("--db", sqlite_db, "ingest", str(SEEDS), "--json")
    again = json.loads(second.output)
    assert again["new"] == 0 and again["already_present"] == 2 and again["events_added"] == 0
    assert export_lines(sqlite_db) == exported


def test_export_lines_carry_every_key_of_the_contract(sqlite_db: str) -> None:
    invoke("--db", sqlite_db, "ingest", str(SEEDS))
    lines = export_lines(sqlite_db)
    assert lines
    texts = {p.name: p.read_text(encoding="utf-8") for p in SEEDS.iterdir()}
    for line in lines:
        assert CONTRACT_KEYS <= line.keys()
        assert line["date_rule"] in ("exact", "on_or_before")
        assert set(line["article"]) >= {"id", "title", "path"}
        assert any(line["evidence"] in t for t in texts.values())


def test_the_scorer_reads_the_export(sqlite_db: str, tmp_path: Path) -> None:
    invoke("--db", sqlite_db, "ingest", str(SEEDS))
    out = tmp_path / "events.jsonl"
    assert invoke("--db", sqlite_db, "export", "--format", "jsonl", "-o", str(out)).exit_code == 0
    scored = subprocess.run(
        [sys.executable, str(shared_path("eval", "score.py")), "--gold", str(shared_path("gold", "seeds.toml")),
         "--texts", str(shared_path("seeds")), "--pred", str(out)],
        capture_output=True, text=True, timeout=60,
    )
    assert scored.returncode == 0, scored.stderr
    assert scored.stdout.strip().splitlines()[-1].startswith("strict: P=")
    assert "cite evidence found in no gold article" not in scored.stdout


def test_csv_export_has_a_header_and_a_row_per_event(sqlite_db: str) -> None:
    invoke("--db", sqlite_db, "ingest", str(SEEDS))
    n = len(export_lines(sqlite_db))
    result = invoke("--db", sqlite_db, "export", "--format", "csv")
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert len(rows) == n and {"id", "type", "date", "evidence"} <= set(rows[0])


def test_articles_and_history_show_what_is_stored(sqlite_db: str) -> None:
    invoke("--db", sqlite_db, "ingest", str(SEEDS))
    listed = json.loads(invoke("--db", sqlite_db, "articles", "--json").output)
    assert sorted(a["published"] for a in listed) == ["2023-11-14", "2024-11-01"]
    article = listed[0]
    hist = json.loads(invoke("--db", sqlite_db, "history", article["id"][:8], "--json").output)
    kinds = [e["kind"] for e in hist["entries"]]
    assert kinds[0] == "ingested" and kinds.count("recorded") == article["events"]
    event = export_lines(sqlite_db)[0]
    one = json.loads(invoke("--db", sqlite_db, "history", event["id"], "--json").output)
    assert [e["event_id"] for e in one["entries"]] == [event["id"]]


def test_front_matter_and_published_option_fill_in_metadata(sqlite_db: str, tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b.txt").write_text("Japan and India agreed on Tuesday to expand defence cooperation.\n", encoding="utf-8")
    result = invoke("--db", sqlite_db, "ingest", str(tmp_path / "a.md"), str(tmp_path / "b.txt"), "--published", "2024-05-02", "--json")
    assert json.loads(result.output)["new"] == 2
    listed = {a["title"]: a for a in json.loads(invoke("--db", sqlite_db, "articles", "--json").output)}
    assert listed["Talks in Beijing"]["published"] == "2024-03-05"  # front matter wins over --published
    assert any(a["published"] == "2024-05-02" for a in listed.values())


def test_a_jsonl_batch_ingests_each_line_and_names_the_bad_ones(sqlite_db: str, tmp_path: Path) -> None:
    batch = tmp_path / "batch.jsonl"
    batch.write_text(
        json.dumps({"title": "one", "text": "Russia and China held talks in Moscow on Monday.", "published": "2024-01-10"}) + "\n"
        + "{not json\n"
        + json.dumps({"title": "no date", "text": "Iran warned Israel on Sunday."}) + "\n"
        + json.dumps({"title": "two", "text": "France condemned the attack.", "published": "2024-01-11"}) + "\n",
        encoding="utf-8",
    )
    result = invoke("--db", sqlite_db, "ingest", str(batch), "--json")
    assert result.exit_code == 1
    summary = json.loads(result.output)
    assert summary["new"] == 2 and summary["failed"] == 2
    assert [f["path"] for f in summary["failures"]] == [f"{batch}:2", f"{batch}:3"]


# ---------------------------------------------------------------- bad input: one line, exit code, no traceback


def bad_file(tmp_path: Path, kind: str) -> tuple[Path, str]:
    p = tmp_path / f"{kind}.txt"
    if kind == "missing":
        return p, "does not exist"
    if kind == "binary":
        p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
        return p, "binary file"
    if kind == "latin1":
        p.write_bytes("---\npublished: 2024-01-01\n---\nLa Corée du Nord a nié.\n".encode("latin-1"))
        return p, "not UTF-8"
    if kind == "empty":
        p.write_text("---\npublished: 2024-01-01\n---\n\n   \n", encoding="utf-8")
        return p, "empty"
    if kind == "huge":
        with p.open("wb") as f:
            f.write(b"---\npublished: 2024-01-01\n---\n")
            f.truncate(50 * 1024 * 1024)
        return p, "50 MB"
    if kind == "unclosed":
        p.write_text("---\ntitle: x\npublished: 2024-01-01\nRussia and China met.\n", encoding="utf-8")
        return p, "not 'key: value'"
    if kind == "badline":
        p.write_text("---\ntitle x\n---\nRussia and China met.\n", encoding="utf-8")
        return p, "not 'key: value'"
    if kind == "baddate":
        p.write_text("---\npublished: next Blursday\n---\nRussia and China met.\n", encoding="utf-8")
        return p, "does not parse"
    if kind == "nodate":
        p.write_text("Russia and China met on Monday.\n", encoding="utf-8")
        return p, "no publication date"
    raise AssertionError(kind)


@pytest.mark.parametrize(
    "kind", ["missing", "binary", "latin1", "empty", "huge", "unclosed", "badline", "baddate", "nodate"]
)
def test_a_bad_article_gets_one_clear_line_and_the_good_ones_are_still_ingested(
    kind: str, sqlite_db: str, tmp_path: Path
) -> None:
    bad, problem = bad_file(tmp_path, kind)
    good = tmp_path / "good.md"
    good.write_text(ARTICLE, encoding="utf-8")
    result = run("ingest", str(bad), str(good), db=sqlite_db)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    error_lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(error_lines) == 1, result.stderr
    assert str(bad) in error_lines[0] and problem in error_lines[0]
    listed = json.loads(run("articles", "--json", db=sqlite_db).stdout)
    assert [a["title"] for a in listed] == ["Talks in Beijing"]


def test_a_folder_without_articles_is_an_error(sqlite_db: str, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "photo.png").write_bytes(b"\x89PNG")
    result = run("ingest", str(tmp_path / "empty"), db=sqlite_db)
    assert result.returncode == 1 and "holds no articles" in result.stderr and "Traceback" not in result.stderr


def test_a_file_that_is_not_a_store_is_refused_with_one_line(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("shopping list\n")
    result = run("ingest", str(SEEDS), db=str(notes))
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0 and "not a timeline store" in result.stderr
    assert notes.read_text() == "shopping list\n"


def test_a_locked_store_is_reported_and_nothing_is_half_written(sqlite_db: str) -> None:
    assert run("ingest", str(SEEDS / "000_16a2a87fc5a289d9.txt"), db=sqlite_db).returncode == 0
    holder = sqlite3.connect(sqlite_db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        result = run("ingest", str(SEEDS), db=sqlite_db)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.returncode == 1
    assert "locked" in result.stderr and "Traceback" not in result.stderr
    listed = json.loads(run("articles", "--json", db=sqlite_db).stdout)
    assert len(listed) == 1


@pytest.mark.parametrize("value", ["abc", "-1", "1.5", ""])
@pytest.mark.parametrize("command", [("ingest", str(SEEDS)), ("show", "--actor", "DPRK")])
def test_a_lock_timeout_that_is_no_whole_number_of_seconds_is_one_line(
    db: str, value: str, command: tuple[str, ...]
) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "timeline", "--db", db, *command],
        capture_output=True, text=True, cwd=REPO, timeout=120, env={**os.environ, "TIMELINE_LOCK_TIMEOUT": value},
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "TIMELINE_LOCK_TIMEOUT must be a whole number" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_read_only_store_is_reported(sqlite_db: str) -> None:
    assert run("ingest", str(SEEDS / "000_16a2a87fc5a289d9.txt"), db=sqlite_db).returncode == 0
    made = subprocess.run(["chattr", "+i", sqlite_db], capture_output=True)
    if made.returncode != 0:
        pytest.skip("this file system cannot make a file immutable (chattr +i)")
    try:
        result = run("ingest", str(SEEDS), db=sqlite_db)
    finally:
        subprocess.run(["chattr", "-i", sqlite_db], check=True)
    assert result.returncode == 1
    assert "read-only" in result.stderr and "Traceback" not in result.stderr


def test_article_text_never_reaches_the_terminal_as_markup_or_control_codes(sqlite_db: str, tmp_path: Path) -> None:
    p = tmp_path / "evil.md"
    p.write_text("---\npublished: 2024-01-01\ntitle: [bold red]x[/] \x1b]0;pwned\x07\n---\nRussia and China met.\n", encoding="utf-8")
    run("ingest", str(p), db=sqlite_db)
    result = run("articles", db=sqlite_db)
    assert "\x1b]0;" not in result.stdout and "[bold red]x[/]" in result.stdout


def test_help_is_there_for_every_command() -> None:
    for name, command in cli.commands.items():
        assert command.help and command.help.strip(), name
        result = CliRunner().invoke(cli, [name, "--help"])
        assert result.exit_code == 0 and "Usage:" in result.output


def test_extracting_in_worker_processes_stores_the_same_events_in_the_same_order(tmp_path: Path) -> None:
    from bench.corpus import generate

    batch = tmp_path / "batch.jsonl"
    batch.write_text("".join(json.dumps(a) + "\n" for a in generate(60, seed=3)), encoding="utf-8")
    exports = []
    for jobs in ("1", "2"):
        db = str(tmp_path / f"jobs{jobs}.db")
        assert run("ingest", "--jobs", jobs, str(batch), db=db).returncode == 0
        lines = [json.loads(line) for line in run("export", db=db).stdout.splitlines()]
        exports.append([{k: v for k, v in e.items() if k != "recorded_at"} for e in lines])
    assert exports[0] and exports[0] == exports[1]
