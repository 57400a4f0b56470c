"""`timeline retract`, `correct` and `reextract` through the CLI: the record grows, never changes."""

from __future__ import annotations

import json

from click.testing import CliRunner

from tests.conftest import SEEDS
from timeline.cli import cli


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def exported(db: str) -> list[dict]:
    return [json.loads(line) for line in invoke("--db", db, "export").output.splitlines()]


def test_a_retracted_event_leaves_the_export_and_stays_in_its_history(sqlite_db: str) -> None:
    invoke("--db", sqlite_db, "ingest", str(SEEDS))
    before = exported(sqlite_db)
    victim = before[0]["id"]
    done = invoke("--db", sqlite_db, "retract", victim, "--reason", "not an event", "--analyst", "ana", "--json")
    assert done.exit_code == 0 and json.loads(done.output)["retracted"] == victim
    after = exported(sqlite_db)
    assert [e["id"] for e in after] == [e["id"] for e in before[1:]]
    history = json.loads(invoke("--db", sqlite_db, "history", victim, "--json").output)
    assert [e["kind"] for e in history["entries"]] == ["recorded", "retracted"]


def test_a_correction_resolves_actor_names_and_replaces_the_event(sqlite_db: str) -> None:
    invoke("--db", sqlite_db, "ingest", str(SEEDS))
    victim = next(e for e in exported(sqlite_db) if e["target"])
    done = invoke(
        "--db", sqlite_db, "correct", victim["id"], "--source", "Pyongyang", "--target", "the Kremlin, U.S.",
        "--reason", "speaker misread", "--json",
    )
    assert done.exit_code == 0, done.output
    replacement = json.loads(done.output)
    assert replacement["source"] == ["PRK"] and replacement["target"] == ["RUS", "USA"]
    ids = {e["id"] for e in exported(sqlite_db)}
    assert replacement["replacement"] in ids and victim["id"] not in ids


def test_known_at_before_a_retraction_still_exports_the_event(sqlite_db: str) -> None:
    invoke("--db", sqlite_db, "ingest", str(SEEDS))
    first = exported(sqlite_db)[0]
    invoke("--db", sqlite_db, "retract", first["id"], "--reason", "duplicate")
    then = invoke("--db", sqlite_db, "export", "--known-at", first["recorded_at"]).output
    assert first["id"] in then


def test_an_unknown_actor_in_a_correction_is_a_usage_error_with_suggestions(sqlite_db: str) -> None:
    invoke("--db", sqlite_db, "ingest", str(SEEDS))
    victim = exported(sqlite_db)[0]["id"]
    result = CliRunner().invoke(cli, ["--db", sqlite_db, "correct", victim, "--source", "Nort Korea", "--reason", "x"])
    assert result.exit_code == 2
    assert "North Korea" in result.output


def test_reextract_with_the_same_extractor_changes_nothing(sqlite_db: str) -> None:
    invoke("--db", sqlite_db, "ingest", str(SEEDS))
    before = exported(sqlite_db)
    summary = json.loads(invoke("--db", sqlite_db, "reextract", "--json").output)
    assert summary["articles"] == 2 and summary["changed"] == 0
    assert exported(sqlite_db) == before
