"""Real `timeline ingest` processes writing one store at once, on SQLite and PostgreSQL.

Two writers lose nothing and duplicate nothing, even racing on the same articles; a reader
during the writes only ever sees whole articles; a writer killed with SIGKILL, or cut off
by the server stopping, leaves no partial article, and running it again completes the
batch.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from events import ArticleIngested, DiplomaticEvent
from timeline.store import open_store

from tests.conftest import PG_PASSWORD, PostgresServer, wait_until
from tests.integration.corpus import expected_stream_lengths, seed_count, write_batch

REPO = Path(__file__).resolve().parents[2]
BULLETIN = re.compile(r"\(bulletin (\d+)\)$")

pytestmark = pytest.mark.slow

# `timeline ingest` commits up to 100 articles at a time: enough for a few transactions.
ARTICLES = 150


def timeline(db: str, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "TIMELINE_DB": db, "TIMELINE_LOCK_TIMEOUT": "30", "NO_COLOR": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "timeline", *args],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(proc: subprocess.Popen[str], timeout: float = 120) -> tuple[int, str, str]:
    out, err = proc.communicate(timeout=timeout)
    return proc.returncode, out, err


class Census:
    """What a store holds, stream by stream, read through the store's own log."""

    def __init__(self, db: str) -> None:
        store = open_store(db)
        try:
            self.lengths: Counter[object] = Counter()
            self.number: dict[object, int] = {}
            self.event_ids: Counter[object] = Counter()
            for stored in store.facts():
                self.lengths[stored.stream] += 1
                if isinstance(stored.fact, ArticleIngested):
                    match = BULLETIN.search(stored.fact.title)
                    assert match, stored.fact.title
                    self.number[stored.stream] = int(match.group(1))
                elif isinstance(stored.fact, DiplomaticEvent):
                    self.event_ids[stored.fact.id] += 1
        finally:
            store.close()

    @property
    def articles(self) -> set[int]:
        return set(self.number.values())

    def assert_whole(self) -> None:
        """Every stream is a whole article: its opening event and all its extracted events."""
        expected = expected_stream_lengths()
        assert set(self.lengths) == set(self.number), "a stream without its article"
        partial = {
            n: (self.lengths[s], expected[n % seed_count()])
            for s, n in self.number.items()
            if self.lengths[s] != expected[n % seed_count()]
        }
        assert not partial, f"partial articles (bulletin: stored, expected): {partial}"
        assert len(self.articles) == len(self.number), "one bulletin stored twice"
        duplicated = [e for e, c in self.event_ids.items() if c > 1]
        assert not duplicated, f"events stored twice: {duplicated[:5]}"


READ_MODEL_QUERIES = [("show", "--actor", "PRK", "--json"), ("log", "--actor", "RUS", "--json")]


def wait_for_events(db: str, count: int, writer: subprocess.Popen[str], timeout: float = 60) -> None:
    """Wait until the store holds `count` events; fail with the writer's errors if it stopped."""
    store = open_store(db)
    try:
        wait_until(lambda: store.max_position() >= count or writer.poll() is not None, timeout=timeout, step=0.02)
        if writer.poll() is not None and store.max_position() < count:
            _, err = writer.communicate()
            pytest.fail(f"the writer stopped early ({writer.returncode}):\n{err}")
        assert store.max_position() >= count, "the writer did not get going"
    finally:
        store.close()


def summary(out: str) -> dict[str, int]:
    return json.loads(out)


def test_two_writers_racing_on_the_same_articles_lose_and_duplicate_nothing(db: str, tmp_path: Path) -> None:
    both = write_batch(tmp_path / "both.jsonl", 0, 120)  # both writers ingest these at once
    more = write_batch(tmp_path / "more.jsonl", 120, 30)  # and only the second these
    first = timeline(db, "ingest", str(both), "--json")
    second = timeline(db, "ingest", str(both), str(more), "--json")

    # A reader while they write: every snapshot holds whole articles only.
    snapshots = 0
    while first.poll() is None or second.poll() is None:
        Census(db).assert_whole()
        snapshots += 1
        time.sleep(0.1)

    code1, out1, err1 = finish(first)
    code2, out2, err2 = finish(second)
    assert (code1, code2) == (0, 0), err1 + err2
    s1, s2 = summary(out1), summary(out2)
    assert s1["new"] + s2["new"] == 150
    assert s1["already_present"] + s2["already_present"] == 120
    census = Census(db)
    census.assert_whole()
    assert census.articles == set(range(150))
    assert s1["events_added"] + s2["events_added"] == len(census.event_ids)
    assert snapshots >= 1

    # The read models, brought up to date by both writers at once, count each event once.
    incremental = [finish(timeline(db, *q))[1] for q in READ_MODEL_QUERIES]
    assert finish(timeline(db, "rebuild"))[0] == 0
    rebuilt = [finish(timeline(db, *q))[1] for q in READ_MODEL_QUERIES]
    assert incremental == rebuilt
    assert all(json.loads(out) for out in rebuilt)


def _children(pid: int) -> list[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # gone meanwhile
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")  # a zombie has exited


def _open(pid: int) -> set[str]:
    """What the process's file descriptors point at, but pipes (the workers' task queues)."""
    out = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if not target.startswith(("pipe:", "anon_inode:", "/dev/")):
            out.add(target)
    return out


def test_a_writer_killed_mid_batch_leaves_whole_articles_and_a_rerun_completes(db: str, tmp_path: Path) -> None:
    batch = write_batch(tmp_path / "batch.jsonl", 0, ARTICLES)
    writer = timeline(db, "ingest", str(batch), "--json")
    workers: list[int] = []
    try:
        wait_for_events(db, 1, writer)  # the first batch (up to 100 articles) is in
        workers = _children(writer.pid) if Path("/proc/self/stat").exists() else []
    finally:
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=30)
    assert writer.returncode == -signal.SIGKILL
    # its extraction workers do not outlive it
    assert workers or not Path("/proc/self/stat").exists()
    assert wait_until(lambda: not any(map(_alive, workers)), timeout=20), "orphaned extraction workers"

    interrupted = Census(db)
    interrupted.assert_whole()
    assert 1 <= len(interrupted.articles) < ARTICLES

    code, out, err = finish(timeline(db, "ingest", str(batch), "--json"))
    assert code == 0, err
    assert summary(out)["already_present"] == len(interrupted.articles)
    done = Census(db)
    done.assert_whole()
    assert done.articles == set(range(ARTICLES))


def test_a_writer_interrupted_with_ctrl_c_says_so_in_one_line_and_exits_130(db: str, tmp_path: Path) -> None:
    """Ctrl-C during an ingest printed click's bare "Aborted!" and exited 1, the code of a data
    or store problem: `main`'s own line and 130 were never reached, click had caught it first."""
    articles = 4 * ARTICLES  # several batches: still running when the first one is in
    batch = write_batch(tmp_path / "batch.jsonl", 0, articles)
    writer = subprocess.Popen(
        [sys.executable, "-m", "timeline", "ingest", str(batch), "--json"],
        cwd=REPO, env={**os.environ, "TIMELINE_DB": db, "NO_COLOR": "1"},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
        # Ctrl-C as in a terminal, even when this test runs where SIGINT is ignored (a job a
        # shell started in the background): Python keeps an ignored SIGINT ignored
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )  # fmt: skip
    try:
        wait_for_events(db, 1, writer)
        assert writer.poll() is None, "the writer finished before it could be interrupted"
    finally:
        if writer.poll() is None:
            os.killpg(writer.pid, signal.SIGINT)  # as a terminal's Ctrl-C: the writer and its workers
    code, out, err = finish(writer)
    assert code == 130, (code, err)
    assert err.strip().splitlines() == ["timeline: interrupted; what was saved before stays whole"], err
    Census(db).assert_whole()
    code, out, err = finish(timeline(db, "ingest", str(batch), "--json"))
    assert code == 0, err
    assert Census(db).articles == set(range(articles))


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the processes' file descriptors in /proc")
def test_the_extraction_workers_hold_none_of_the_stores_connections_or_files(db: str, tmp_path: Path) -> None:
    """Forked once the store is open, each worker would hold a copy of its connections: a
    PostgreSQL session then outlives an ingest killed mid-transaction, holding its locks,
    for as long as the orphaned workers live."""
    batch = write_batch(tmp_path / "batch.jsonl", 0, 400)
    writer = timeline(db, "ingest", str(batch), "--json")
    try:
        wait_for_events(db, 1, writer)  # the store is open and being written
        parent = {t for t in _open(writer.pid) if t.startswith("socket:") or t.endswith(".db")}
        workers = _children(writer.pid)
        shared = {w: _open(w) & parent for w in workers}
    finally:
        code, _, err = finish(writer)
    assert code == 0, err
    assert parent, "the writer holds no connection or file of the store"
    assert workers, "no extraction workers"
    assert shared == {w: set() for w in workers}


@pytest.mark.postgres
def test_the_server_stopping_mid_ingest_is_one_clear_line_and_no_partial_article(
    private_postgres: object, tmp_path: Path
) -> None:
    server: PostgresServer = private_postgres()  # type: ignore[operator]
    db = server.create_database()  # default timeouts: a server that is gone is found out by asking it
    batch = write_batch(tmp_path / "batch.jsonl", 0, ARTICLES)
    writer = timeline(db, "ingest", str(batch), "--json")
    try:
        wait_for_events(db, 1, writer)  # the first batch (up to 100 articles) is in
        server.stop("fast")
        started = time.monotonic()
        code, out, err = finish(writer, timeout=90)
    finally:
        if writer.poll() is None:
            writer.kill()
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("timeline: error: "), err
    assert "PostgreSQL" in lines[0] and "connection refused" in lines[0], lines[0]  # not a pool's "timed out"
    assert PG_PASSWORD not in err + out
    assert time.monotonic() - started < 60

    server.start()
    interrupted = Census(db)
    interrupted.assert_whole()
    assert 1 <= len(interrupted.articles) < ARTICLES
    code, out, err = finish(timeline(db, "ingest", str(batch), "--json"))
    assert code == 0, err
    done = Census(db)
    done.assert_whole()
    assert done.articles == set(range(ARTICLES))
