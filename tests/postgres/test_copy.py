"""`timeline copy --to`: a whole store to another backend, unchanged, resumable."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from events import ArticleIngested
from tests.conftest import PG_PASSWORD, REPO, SEEDS, PostgresServer, wait_until
from timeline.cli import cli
from timeline.copy import TargetNotAPrefix, copy_store
from timeline.store import article_id_for, open_store

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def invoke(db: str, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", db, *args], catch_exceptions=False)


@pytest.fixture
def place(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[object]:
    """Makes fresh store locations on a backend: a SQLite path or a PostgreSQL database."""
    taken: list[str] = []
    names = iter(range(1000))

    def make(backend: str) -> str:
        if backend == "sqlite":
            return str(tmp_path / f"store-{next(names)}.db")
        server: PostgresServer = request.getfixturevalue("postgres_server")
        url = server.acquire_database()
        taken.append(url)
        return url

    yield make
    if taken:
        server = request.getfixturevalue("postgres_server")
        for url in taken:
            server.release_database(url)


def log(db: str) -> list[tuple[object, ...]]:
    """The store's log as stored: stream, version, topic, state bytes, in order."""
    store = open_store(db)
    try:
        return [
            (n.originator_id, n.originator_version, n.topic, n.state)
            for n in store.recorder.select_notifications(1, 1_000_000)
        ]
    finally:
        store.close()


def record_times(db: str) -> list[dt.datetime]:
    store = open_store(db)
    try:
        return [f.recorded_at for f in store.facts()]
    finally:
        store.close()


def source_with_a_correction(db: str) -> None:
    assert invoke(db, "ingest", str(SEEDS)).exit_code == 0
    exported = [json.loads(line) for line in invoke(db, "export").stdout.splitlines()]
    done = invoke(db, "retract", exported[0]["id"], "--reason", "not in the text", "--analyst", "tester")
    assert done.exit_code == 0, done.output
    assert invoke(db, "ingest", str(SEEDS)).exit_code == 0  # adds nothing; the seeds are there


@pytest.mark.parametrize("to_backend", BACKENDS)
@pytest.mark.parametrize("from_backend", BACKENDS)
def test_the_copy_holds_the_same_events_in_the_same_order_with_their_record_times(
    place: object, from_backend: str, to_backend: str
) -> None:
    source, target = place(from_backend), place(to_backend)  # type: ignore[operator]
    source_with_a_correction(source)

    done = invoke(source, "copy", "--to", target, "--json")
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout)["copied"] == len(log(source))

    assert log(target) == log(source)
    assert record_times(target) == record_times(source)
    assert invoke(target, "export").stdout == invoke(source, "export").stdout
    middle = record_times(source)[-2].isoformat()
    assert invoke(target, "export", "--known-at", middle).stdout == invoke(source, "export", "--known-at", middle).stdout
    assert invoke(target, "show", "--actor", "DPRK", "--json").stdout == invoke(source, "show", "--actor", "DPRK", "--json").stdout


@pytest.mark.postgres
def test_copying_again_copies_nothing_more_and_new_source_events_follow(place: object) -> None:
    source, target = place("sqlite"), place("postgres")  # type: ignore[operator]
    assert invoke(source, "ingest", str(SEEDS / "000_16a2a87fc5a289d9.txt")).exit_code == 0
    first = json.loads(invoke(source, "copy", "--to", target, "--json").stdout)
    again = json.loads(invoke(source, "copy", "--to", target, "--json").stdout)
    assert again == {**first, "copied": 0, "already_there": first["copied"]}
    assert invoke(source, "ingest", str(SEEDS)).exit_code == 0
    later = json.loads(invoke(source, "copy", "--to", target, "--json").stdout)
    assert later["already_there"] == first["copied"] and later["copied"] > 0
    assert log(target) == log(source)


@pytest.mark.parametrize("to_backend", BACKENDS)
def test_an_interrupted_copy_leaves_whole_articles_and_resumes(place: object, to_backend: str) -> None:
    source, target = place("sqlite"), place(to_backend)  # type: ignore[operator]
    source_with_a_correction(source)
    src, dst = open_store(source), open_store(target)
    insert = dst.recorder.insert_events
    calls = 0

    def failing_insert(events: object, **kw: object) -> object:
        nonlocal calls
        calls += 1
        if calls == 2:
            raise ConnectionError("the line went down")
        return insert(events, **kw)  # type: ignore[arg-type]

    dst.recorder.insert_events = failing_insert  # type: ignore[method-assign]
    try:
        with pytest.raises(ConnectionError):
            copy_store(src, dst, batch_size=1)
    finally:
        dst.recorder.insert_events = insert  # type: ignore[method-assign]
    partial = log(target)
    whole = log(source)
    assert 0 < len(partial) < len(whole)
    assert partial == whole[: len(partial)]
    cut_after, cut_before = whole[len(partial) - 1], whole[len(partial)]
    assert not (cut_before[0] == cut_after[0] and cut_before[1] == cut_after[1] + 1), "an article was cut"

    result = copy_store(src, dst)
    src.close()
    dst.close()
    assert (result.already_there, result.total) == (len(partial), len(whole))
    assert log(target) == whole
    assert invoke(target, "export").stdout == invoke(source, "export").stdout


@pytest.mark.parametrize("to_backend", BACKENDS)
def test_a_target_holding_another_stores_events_is_refused_and_left_alone(place: object, to_backend: str) -> None:
    source, target = place("sqlite"), place(to_backend)  # type: ignore[operator]
    assert invoke(source, "ingest", str(SEEDS)).exit_code == 0
    assert invoke(target, "ingest", str(SEEDS / "003_b77199a15ad39ad5.txt")).exit_code == 0
    before = log(target)
    done = invoke(source, "copy", "--to", target)
    assert done.exit_code == 1
    assert "another store's events" in done.stderr
    assert log(target) == before


def test_a_target_ahead_of_the_source_is_refused(place: object) -> None:
    source, target = place("sqlite"), place("sqlite")  # type: ignore[operator]
    assert invoke(source, "ingest", str(SEEDS / "000_16a2a87fc5a289d9.txt")).exit_code == 0
    assert invoke(source, "copy", "--to", target).exit_code == 0
    assert invoke(target, "ingest", str(SEEDS)).exit_code == 0
    with pytest.raises(TargetNotAPrefix, match="more events than the source"):
        copy_store(open_store(source), open_store(target))


def test_copying_a_store_onto_itself_is_a_usage_error(place: object) -> None:
    source = place("sqlite")  # type: ignore[operator]
    assert invoke(source, "ingest", str(SEEDS)).exit_code == 0
    done = invoke(source, "copy", "--to", source)
    assert done.exit_code == 2
    assert "names the store being copied" in done.stderr


@pytest.mark.postgres
def test_copy_output_and_errors_never_show_the_password(place: object, postgres_server: PostgresServer) -> None:
    source, target = place("sqlite"), place("postgres")  # type: ignore[operator]
    assert invoke(source, "ingest", str(SEEDS)).exit_code == 0
    done = invoke(source, "copy", "--to", target)
    assert done.exit_code == 0 and PG_PASSWORD not in done.output
    assert "postgresql://timeline_test:***@" in done.stdout.replace("\n", "")
    refused = invoke(source, "copy", "--to", postgres_server.url("postgres", password="x" + PG_PASSWORD))
    assert refused.exit_code == 1 and PG_PASSWORD not in refused.output
    assert "refused the password" in refused.stderr


@pytest.mark.postgres
def test_a_copy_killed_mid_way_resumes_where_it_stopped(place: object, tmp_path: Path) -> None:
    source, target = place("sqlite"), place("postgres")  # type: ignore[operator]
    store = open_store(source)
    texts = [f"Dispatch {i}. " + "Officials met in Seoul. " * 40 for i in range(4000)]
    store.ingest_many(
        [
            (ArticleIngested(article_id=article_id_for(t), title=f"Dispatch {i}", text=t, published=dt.date(2024, 1, 1)), [])
            for i, t in enumerate(texts)
        ]
    )
    store.close()

    env = {**os.environ, "NO_COLOR": "1"}
    copying = subprocess.Popen(
        [sys.executable, "-m", "timeline", "--db", source, "copy", "--to", target, "--batch", "100"],
        cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    watcher = open_store(target)
    try:
        assert wait_until(lambda: watcher.max_position() >= 300, timeout=60, step=0.01)
    finally:
        copying.send_signal(signal.SIGKILL)
        copying.wait(timeout=30)
        held = len(log(target))
        watcher.close()
    assert 300 <= held < 4000, "kill came too late to test anything"
    assert held % 100 == 0, "batches are whole"

    done = invoke(source, "copy", "--to", target, "--json")
    assert done.exit_code == 0, done.output
    result = json.loads(done.stdout)
    assert (result["already_there"], result["total"]) == (held, 4000)
    assert log(target) == log(source)


def test_copy_reports_in_plain_words(place: object) -> None:
    source, target = place("sqlite"), place("sqlite")  # type: ignore[operator]
    assert invoke(source, "ingest", str(SEEDS)).exit_code == 0
    first = invoke(source, "copy", "--to", target)
    assert first.stdout.replace("\n", " ").startswith(f"copied {len(log(source))} events from ")
    again = invoke(source, "copy", "--to", target)
    assert "nothing to copy" in again.stdout.replace("\n", " ")




def test_a_locked_target_is_named_in_the_error_not_the_source(place: object) -> None:
    """A copy whose --to SQLite file another process held said "<the source> is locked by
    another process": the user was sent to wait for the wrong store."""
    import sqlite3

    source, target = place("sqlite"), place("sqlite")  # type: ignore[operator]
    assert invoke(source, "ingest", str(SEEDS)).exit_code == 0
    assert invoke(target, "articles").exit_code == 0  # an empty store
    holder = sqlite3.connect(target, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        done = subprocess.run(
            [sys.executable, "-m", "timeline", "--db", source, "copy", "--to", target],
            cwd=REPO, env={**os.environ, "TIMELINE_LOCK_TIMEOUT": "1"}, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
    finally:
        holder.rollback()
        holder.close()
    assert done.returncode == 1, done.stderr
    assert done.stderr.strip().splitlines() == [
        f"timeline: error: {target} is locked by another process; wait for it to finish and try again"
    ]


@pytest.mark.parametrize("make", ["text", "directory", "other-sqlite"])
def test_an_unusable_target_is_blamed_on_the_to_option(place: object, tmp_path: Path, make: str) -> None:
    """A --to that was a text file, a directory or another program's SQLite file said "choose
    another --db": the user was sent to change the source."""
    import sqlite3

    source = place("sqlite")  # type: ignore[operator]
    assert invoke(source, "ingest", str(SEEDS)).exit_code == 0
    target = tmp_path / f"target-{make}"
    if make == "text":
        target.write_text("not a database", "utf-8")
    elif make == "directory":
        target.mkdir()
    else:
        con = sqlite3.connect(target)
        con.execute("CREATE TABLE notes (body TEXT)")
        con.commit()
        con.close()
    result = invoke(source, "copy", "--to", str(target))
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(target) in lines[0], lines
    assert lines[0].endswith(("choose another --to", "choose another --to (the path of a database file)")), lines
    assert invoke(source, "articles").exit_code == 0  # the source is untouched
