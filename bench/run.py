"""Every benchmark in one command: ingest, extraction, rebuild, show/diff, memory; SQLite and PostgreSQL.

    .venv/bin/python bench/run.py                       # both backends, 10k/100k/1M events
    .venv/bin/python bench/run.py --quick               # 10k and 100k only (a few minutes)
    .venv/bin/python bench/run.py --backend sqlite --sizes 10k,100k,1m --articles 1000

Stages, each repeated and reported as the median (the machine may be shared):
- corpus: N realistic articles from bench/corpus.py (varied actors, people, dates over years,
  every event type, boilerplate), as one JSONL batch;
- extraction (in process, no store): sentences/s over the same N articles, and over
  bench/bench_extract.py's corpus (real Guardian articles and variants of them);
- ingest (per backend): `python -m timeline --db STORE ingest corpus.jsonl` on a fresh store,
  end to end (start-up, reading, extraction, append, read-model catch-up): articles/s and
  events/s, and the peak RSS of that process;
- per backend and store size (10k, 100k, 1M diplomatic events, generated through the store API
  by bench/bench_relations.py and cached under --cache): a raw scan of the stored rows (bare
  SELECT, undecoded), the parse floor (the database parses each row's JSON once and keeps the
  few fields every relations read model needs, nothing else: the least any rebuild can do),
  the read model's reader over the same rows (rows decoded to entries), the rebuild of the
  read model (events/s and its ratio to the raw scan), `show` and `diff` latency p50/p90
  in process (the use case), the incremental update after one article, and
  the peak RSS of the process that read and rebuilt the store; then `show` and `diff` as the
  user runs them (`python -m timeline ... show`, wall time and peak RSS of that process);
- profile: the slowest measured stage (by wall time; store generation is set-up, not a
  stage) under cProfile, its top 10 functions by own time. A rebuild is profiled on the
  largest size up to --profile-max-events of the same backend (the profile's shape does
  not change with size; a 1M rebuild under cProfile takes twice as long).

Store-size workers run as subprocesses of this command, so each peak RSS is that size's own.
For PostgreSQL the command starts a throwaway server on 127.0.0.1 (bench/pgserver.py) with its
cluster in the cache directory, so generated stores survive between runs, and stops it at
the end. Results: a table on stdout, JSON in bench/results/run-<time>.json and run-latest.json.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import json
import os
import pstats
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_CACHE = Path("/tmp/timeline-bench-cache")
SIZES = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000}
SHOW_ARGS = ["show", "--actor", "PRK"]
DIFF_ARGS = ["diff", "2023-12-31", "2024-11-30", "--actor", "PRK"]

# Targets from the issue "Beyond one machine" (a 2-core machine).
TARGET_INGEST_ARTICLES_S = 200
TARGET_REBUILD_RATIO = 3.0
TARGET_VIEW_P90_MS = 300
TARGET_PEAK_MB = 500


# ---------------------------------------------------------------- small helpers


def parse_size(text: str) -> int:
    text = text.strip().lower().replace("_", "").replace(",", "")
    if text in SIZES:
        return SIZES[text]
    mult = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    return int(float(text.rstrip("km")) * mult)


def size_label(n: int) -> str:
    if n % 1_000_000 == 0:
        return f"{n // 1_000_000}M"
    if n % 1_000 == 0:
        return f"{n // 1_000}k"
    return str(n)


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def p50_p90(values: list[float]) -> dict[str, float]:
    return {"p50": round(statistics.median(values), 1), "p90": round(pct(values, 0.9), 1), "n": len(values)}


def git_commit() -> str:
    """The commit measured, with `+dirty` when timeline/ or events/ differ from it."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "timeline", "events"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    except OSError:
        return "unknown"
    return head + ("+dirty" if dirty else "")


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def run_measured(cmd: list[str], *, env: dict[str, str] | None = None, stdout_path: Path | None = None) -> dict[str, Any]:
    """Run `cmd`; its wall time, exit code, output, its own peak RSS and its CPU time (from
    wait4: user + system, its own and that of the children it waited for, such as the
    ingest's extraction workers)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, cwd=ROOT, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    if stdout_path is not None:
        stdout_path.write_text(stdout)
    return {
        "seconds": elapsed,
        "returncode": proc.returncode,
        "stdout": stdout,
        "stderr": stderr,
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 3),
    }


def cli_env() -> dict[str, str]:
    """The environment of the measured commands: the tool as installed, with its bytecode.

    PYTHONDONTWRITEBYTECODE (set in some sandboxes and CI images) is dropped: with it a
    checkout compiles every module of the project again on every run (~0.1 s of each
    command's start-up), which no installed copy does. `compile_project()` writes the
    bytecode before the first measured run.
    """
    env = dict(os.environ)
    env.update(COLUMNS="120", NO_COLOR="1", PYTHONPATH=str(ROOT))
    env.pop("TIMELINE_DB", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def compile_project() -> None:
    """Bytecode for the project's modules (in their `__pycache__`, which git ignores), as an install writes it."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", "timeline", "events", "bench"],
                   cwd=ROOT, env=cli_env(), check=True, stdout=subprocess.DEVNULL)


def self_peak_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def top_functions(profile: cProfile.Profile | str, n: int = 10) -> tuple[str, list[dict[str, Any]]]:
    """The top n functions by own time, as text and as rows."""
    buf = io.StringIO()
    stats = pstats.Stats(profile, stream=buf)  # type: ignore[arg-type]
    stats.sort_stats("tottime").print_stats(n)
    rows = []
    entries = sorted(stats.stats.items(), key=lambda kv: kv[1][2], reverse=True)[:n]  # type: ignore[attr-defined]
    for (file, line, name), (cc, nc, tt, ct, _callers) in entries:
        rows.append({"function": f"{Path(file).name}:{line}({name})" if line else name, "calls": nc,
                     "tottime_s": round(tt, 3), "cumtime_s": round(ct, 3)})
    total = getattr(stats, "total_tt", 0.0)
    lines = [f"{'own s':>8} {'cum s':>8} {'calls':>10}  function   (total {total:.2f} s profiled)"]
    for r in rows:
        lines.append(f"{r['tottime_s']:8.2f} {r['cumtime_s']:8.2f} {r['calls']:>10}  {r['function']}")
    return "\n".join(lines), rows


# ---------------------------------------------------------------- workers (subprocesses of this command)


def worker_generate(db: str, events: int) -> dict[str, Any]:
    from bench.bench_relations import generate
    from timeline.store import open_store

    seconds = generate(db, events)
    store = open_store(db)
    rows = store.max_position()
    store.close()
    return {"events": events, "rows": rows, "generate_s": round(seconds, 1), "peak_rss_mb": self_peak_mb()}


def worker_relations(db: str, repeat: int, view_repeat: int, decoded: bool) -> dict[str, Any]:
    """Raw scan, reader scan, rebuild (x repeat), views in process, incremental; peak RSS."""
    from bench.bench_relations import decoded_scan, parse_floor, raw_select, reader_scan, summarise, time_incremental, time_views
    from timeline.projections import Relations
    from timeline.store import open_store

    store = open_store(db)
    rows = store.max_position()
    relations = Relations(store, catch_up=False)
    raw, floor, reader, rebuild = [], [], [], []
    applied = 0
    for i in range(repeat):
        n_raw, s = raw_select(db)
        raw.append(s)
        _, s = parse_floor(db)
        floor.append(s)
        n_entries, s = reader_scan(relations)
        reader.append(s)
        done = relations.rebuild()
        rebuild.append(done.seconds)
        applied = done.applied
        log(f"  {i + 1}/{repeat}: raw scan {raw[-1]:.2f} s, parse floor {floor[-1]:.2f} s, reader {reader[-1]:.2f} s, rebuild {rebuild[-1]:.2f} s")
    result: dict[str, Any] = {
        "rows": rows,
        "raw_rows": n_raw,
        "reader_entries": n_entries,
        "rebuild_applied": applied,
        "raw_scan_s": [round(x, 3) for x in raw],
        "parse_floor_s": [round(x, 3) for x in floor],
        "reader_scan_s": [round(x, 3) for x in reader],
        "rebuild_s": [round(x, 3) for x in rebuild],
    }
    if decoded:
        n, s = decoded_scan(store)
        result["decoded_scan_s"] = round(s, 3)
    timings = time_views(relations, view_repeat)
    timings.update(time_incremental(store, relations, rows, view_repeat))
    result["timings_ms"] = summarise(timings)
    result["peak_rss_mb"] = self_peak_mb()
    relations.close()
    store.close()
    return result


def worker_profile_rebuild(db: str) -> dict[str, Any]:
    from timeline.projections import Relations
    from timeline.store import open_store

    store = open_store(db)
    relations = Relations(store, catch_up=False)
    profile = cProfile.Profile()
    started = time.perf_counter()
    profile.enable()
    done = relations.rebuild()
    profile.disable()
    wall = time.perf_counter() - started
    text, rows = top_functions(profile)
    relations.close()
    store.close()
    return {"wall_s": round(wall, 2), "applied": done.applied, "text": text, "top": rows}


def run_worker(args: list[str]) -> dict[str, Any]:
    """This file as a worker subprocess; its JSON result (last line of stdout), with its peak RSS."""
    done = run_measured([sys.executable, str(Path(__file__).resolve()), "--worker", *args], env=cli_env())
    if done["stderr"].strip():
        sys.stderr.write(done["stderr"])
    if done["returncode"] != 0:
        raise SystemExit(f"worker {args[0]} failed ({done['returncode']})")
    result = json.loads(done["stdout"].strip().splitlines()[-1])
    result["process_peak_rss_mb"] = done["peak_rss_mb"]
    result["process_s"] = round(done["seconds"], 2)
    return result


# ---------------------------------------------------------------- backends


class Backend:
    name = ""

    def fresh(self, label: str) -> str:
        raise NotImplementedError

    def discard(self, db: str) -> None:
        raise NotImplementedError

    def cached(self, events: int) -> tuple[str, dict[str, Any] | None]:
        """The cached store of this size and its marker (None: generate it first)."""
        raise NotImplementedError

    def mark(self, events: int, info: dict[str, Any]) -> None:
        (self.cache / f"{self.name}-{events}.json").write_text(json.dumps(info) + "\n")

    def marker(self, events: int) -> dict[str, Any] | None:
        try:
            return json.loads((self.cache / f"{self.name}-{events}.json").read_text())
        except (OSError, ValueError):
            return None

    def close(self) -> None:
        pass

    def __init__(self, cache: Path) -> None:
        self.cache = cache
        self.tmp = Path(tempfile.mkdtemp(prefix=f"timeline-bench-{self.name}-"))


class SQLiteBackend(Backend):
    name = "sqlite"

    def fresh(self, label: str) -> str:
        return str(self.tmp / f"{label}.db")

    def discard(self, db: str) -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(db + suffix).unlink(missing_ok=True)

    def cached(self, events: int) -> tuple[str, dict[str, Any] | None]:
        path = self.cache / f"sqlite-{events}.db"
        marker = self.marker(events)
        if marker is None or not path.exists():
            self.discard(str(path))
            return str(path), None
        return str(path), marker

    def close(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)


class PostgresBackend(Backend):
    name = "postgres"

    def __init__(self, cache: Path) -> None:
        super().__init__(cache)
        from bench.pgserver import PostgresServer, find_postgres_bin

        bindir = find_postgres_bin()
        if bindir is None:
            raise SystemExit("PostgreSQL server binaries not found (install them with .ci/install-postgres.sh)")
        self.server = PostgresServer(bindir, cache / "pg", settings={"shared_buffers": "256MB"})
        self.started = self.server.start()
        log(f"PostgreSQL {bindir.parent.name} on 127.0.0.1:{self.server.port} ({'started' if self.started else 'already running'}), data in {self.server.data}")
        self._serial = 0

    def fresh(self, label: str) -> str:
        self._serial += 1
        name = f"scratch_{label}_{os.getpid()}_{self._serial}"
        self.server.drop_database(name)
        return self.server.create_database(name=name)

    def discard(self, db: str) -> None:
        self.server.drop_database(db.rsplit("/", 1)[1])

    def cached(self, events: int) -> tuple[str, dict[str, Any] | None]:
        name = f"bench_{events}"
        marker = self.marker(events)
        if marker is not None and name in self.server.databases():
            return self.server.url(name), marker
        self.server.drop_database(name)
        return self.server.create_database(name=name), None

    def close(self) -> None:
        if self.started:
            self.server.stop()
            log("PostgreSQL stopped")
        shutil.rmtree(self.tmp, ignore_errors=True)


# ---------------------------------------------------------------- stages


def stage_extraction(corpus_path: Path, articles: int, repeat: int) -> dict[str, Any]:
    """Extraction alone, in process: sentences/s on the ingest corpus and on bench_extract's."""
    import uuid

    from bench import bench_extract
    from events import ArticleIngested
    from timeline.extract import extract
    from timeline.extract.text import split_article

    def measure(docs: list[tuple[str, dt.date]]) -> dict[str, Any]:
        arts = [ArticleIngested(article_id=uuid.uuid5(uuid.NAMESPACE_URL, f"{i}"), title="", text=t, published=d)
                for i, (t, d) in enumerate(docs)]
        sentences = sum(len(split_article(a.text).sentences) for a in arts)
        extract(arts[0])  # the registry and the lexicon load outside the timing
        runs, events = [], 0
        for _ in range(repeat):
            t = time.perf_counter()
            events = sum(len(extract(a)) for a in arts)
            runs.append(time.perf_counter() - t)
        s = statistics.median(runs)
        return {"articles": len(arts), "sentences": sentences, "events": events, "seconds": [round(x, 3) for x in runs],
                "sentences_per_s": round(sentences / s), "articles_per_s": round(len(arts) / s, 1)}

    generated = []
    for line in corpus_path.read_text(encoding="utf-8").splitlines():
        a = json.loads(line)
        generated.append((a["text"], dt.date.fromisoformat(a["published"])))
    out = {"generated corpus (bench/corpus.py)": measure(generated)}
    try:
        out["Guardian + variants (bench_extract.py)"] = measure(bench_extract.corpus(articles))
    except (OSError, KeyError) as e:
        log(f"bench_extract corpus unavailable: {e}")
    return out


def stage_ingest(backend: Backend, corpus_path: Path, repeat: int) -> dict[str, Any]:
    runs = []
    for i in range(repeat):
        db = backend.fresh(f"ingest{i}")
        done = run_measured([sys.executable, "-m", "timeline", "--db", db, "ingest", "--json", str(corpus_path)], env=cli_env())
        if done["returncode"] not in (0, 1):
            raise SystemExit(f"ingest failed: {done['stderr'].strip()[-2000:]}")
        summary = json.loads(done["stdout"])
        runs.append({"seconds": round(done["seconds"], 3), "articles": summary["new"], "events": summary["events_added"],
                     "peak_rss_mb": done["peak_rss_mb"], "cpu_s": done["cpu_s"]})
        backend.discard(db)
        log(f"  ingest {i + 1}/{repeat}: {summary['new']} articles, {summary['events_added']} events in {done['seconds']:.2f} s"
            f" ({done['cpu_s']:.2f} s of CPU)")
    s = statistics.median(r["seconds"] for r in runs)
    return {
        "runs": runs,
        "seconds": round(s, 3),
        "articles": runs[0]["articles"],
        "events": runs[0]["events"],
        "articles_per_s": round(runs[0]["articles"] / s, 1),
        "events_per_s": round(runs[0]["events"] / s, 1),
        "peak_rss_mb": max(r["peak_rss_mb"] for r in runs),
        # CPU time is steadier than wall time on a shared machine; on N cores an ingest
        # cannot take less than cpu_s / N.
        "cpu_s": round(statistics.median(r["cpu_s"] for r in runs), 3),
    }


def stage_size(backend: Backend, events: int, repeat: int, view_repeat: int, cli_repeat: int) -> dict[str, Any]:
    db, marker = backend.cached(events)
    out: dict[str, Any] = {"events": events}
    if marker is None:
        log(f"  generating {events:,} events ({backend.name}) ...")
        gen = run_worker(["generate", "--db", db, "--events", str(events)])
        marker = {"events": events, "rows": gen["rows"], "generate_s": gen["generate_s"], "generate_peak_rss_mb": gen["process_peak_rss_mb"]}
        backend.mark(events, marker)
    out["generation"] = marker
    log(f"  measuring {size_label(events)} ({backend.name}): scans and rebuild x{repeat}, views x{view_repeat} ...")
    rel = run_worker(["relations", "--db", db, "--repeat", str(repeat), "--view-repeat", str(view_repeat),
                      *(["--decoded"] if events <= 100_000 else [])])
    out.update(rel)
    raw, rebuild, reader = statistics.median(rel["raw_scan_s"]), statistics.median(rel["rebuild_s"]), statistics.median(rel["reader_scan_s"])
    out["median"] = {
        "raw_scan_s": round(raw, 3),
        "reader_scan_s": round(reader, 3),
        "rebuild_s": round(rebuild, 3),
        "raw_scan_rows_per_s": round(rel["rows"] / raw),
        "rebuild_rows_per_s": round(rel["rows"] / rebuild),
        "rebuild_vs_raw_scan": round(rebuild / raw, 1),
        "rebuild_vs_reader_scan": round(rebuild / reader, 2),
    }
    if "parse_floor_s" in rel:  # (not in runs saved before it was measured)
        floor = statistics.median(rel["parse_floor_s"])
        out["median"].update(parse_floor_s=round(floor, 3), parse_floor_vs_raw_scan=round(floor / raw, 1),
                             rebuild_vs_parse_floor=round(rebuild / floor, 1))
    cli: dict[str, Any] = {}
    for label, args in (("show", SHOW_ARGS), ("diff", DIFF_ARGS)):
        times, peaks = [], []
        for _ in range(cli_repeat):
            done = run_measured([sys.executable, "-m", "timeline", "--db", db, *args], env=cli_env())
            if done["returncode"] != 0:
                raise SystemExit(f"timeline {' '.join(args)} failed: {done['stderr'].strip()[-1000:]}")
            times.append(done["seconds"] * 1000)
            peaks.append(done["peak_rss_mb"])
        cli[label] = {**p50_p90(times), "command": "timeline " + " ".join(args), "peak_rss_mb": max(peaks)}
    out["cli_ms"] = cli
    return out


def profile_stage(stage: dict[str, Any], backend: Backend, corpus_path: Path, max_events: int, sizes: list[int]) -> dict[str, Any]:
    kind = stage["kind"]
    if kind == "rebuild":
        candidates = [s for s in sizes if s <= max_events] or [min(sizes)]
        events = max(candidates)
        db, marker = backend.cached(events)
        assert marker is not None
        log(f"profiling the rebuild at {size_label(events)} events ({backend.name}) ...")
        result = run_worker(["profile-rebuild", "--db", db])
        return {"stage": f"rebuild ({backend.name}, {size_label(events)} events)", **result}
    if kind == "ingest":
        db = backend.fresh("profile")
        prof = backend.tmp / "ingest.prof"
        log(f"profiling the ingest ({backend.name}) ...")
        done = run_measured([sys.executable, "-m", "cProfile", "-o", str(prof), "-m", "timeline", "--db", db,
                             "ingest", "--json", str(corpus_path)], env=cli_env())
        backend.discard(db)
        text, rows = top_functions(str(prof))
        return {"stage": f"ingest ({backend.name}, CLI)", "wall_s": round(done["seconds"], 2), "text": text, "top": rows}
    raise ValueError(kind)


# ---------------------------------------------------------------- report


def fmt_ms(d: dict[str, Any]) -> str:
    return f"{d['p50']:.0f} / {d['p90']:.0f}"


def _floor(m: dict[str, Any]) -> str:
    """The parse floor's seconds and ratio to the raw scan ('-' in runs saved before it was measured)."""
    return f"{m['parse_floor_s']:.2f} ({m['parse_floor_vs_raw_scan']}x)" if "parse_floor_s" in m else "-"


def report(results: dict[str, Any]) -> str:
    lines: list[str] = []
    w = lines.append
    w(f"timeline benchmarks — {results['started']} — commit {results.get('commit', '?')} — {results['machine']['cpus']} CPUs, "
      f"Python {results['machine']['python']}, {results['articles']} articles, sizes {', '.join(size_label(s) for s in results['sizes'])}")
    w("")
    w("Extraction (in process, no store)")
    for name, e in results["extraction"].items():
        w(f"  {name:42} {e['articles']:>6} articles {e['sentences']:>7} sentences  {e['sentences_per_s']:>7,} sentences/s  {e['articles_per_s']:>6} articles/s")
    if "cli_startup_ms" in results:
        w(f"CLI start-up alone (python -m timeline --help), p50 / p90: {fmt_ms(results['cli_startup_ms'])} ms")
    for bname, b in results["backends"].items():
        w("")
        w(f"== {bname} ==")
        ing = b["ingest"]
        w(f"ingest (CLI, end to end, median of {len(ing['runs'])}): {ing['articles']} articles, {ing['events']} events in {ing['seconds']:.2f} s"
          f" = {ing['articles_per_s']:.0f} articles/s, {ing['events_per_s']:.0f} events/s; peak RSS {ing['peak_rss_mb']:.0f} MB"
          + (f"; {ing['cpu_s']:.2f} s of CPU (its workers included)" if "cpu_s" in ing else ""))
        head = (f"{'size':>5} {'rows':>9} {'raw scan s':>10} {'floor s':>12} {'reader s':>9} {'rebuild s':>10} {'rebuild ev/s':>12} {'ratio':>6}"
                f" {'show p50/p90':>13} {'diff p50/p90':>13} {'CLI show':>11} {'CLI diff':>11} {'peak MB':>8} {'CLI MB':>7}")
        w(head)
        for size in b["sizes"]:
            m = size["median"]
            t = size["timings_ms"]
            show = t["show PRK (busiest)"]
            diff = t["diff 2023-12-31 2024-11-30 --actor PRK"]
            cli = size["cli_ms"]
            w(f"{size_label(size['events']):>5} {size['rows']:>9,} {m['raw_scan_s']:>10.2f} {_floor(m):>12} {m['reader_scan_s']:>9.2f} {m['rebuild_s']:>10.2f}"
              f" {m['rebuild_rows_per_s']:>12,} {m['rebuild_vs_raw_scan']:>5.1f}x {fmt_ms(show):>13} {fmt_ms(diff):>13}"
              f" {fmt_ms(cli['show']):>11} {fmt_ms(cli['diff']):>11} {size['peak_rss_mb']:>8.0f}"
              f" {max(cli['show']['peak_rss_mb'], cli['diff']['peak_rss_mb']):>7.0f}")
        w("  (ms unless marked; show = show --actor PRK, the busiest actor; diff = diff 2023-12-31 2024-11-30 --actor PRK;"
          " floor = the parse floor, the least any rebuild reads (bench_relations.parse_floor);"
          " ratio = rebuild / raw scan; peak MB = the process that rebuilt and read the store; CLI MB = a CLI show/diff process)")
    w("")
    w("Targets (issue 'Beyond one machine', 2-core machine)")
    for t in results["targets"]:
        w(f"  [{'met' if t['met'] else 'MISSED':6}] {t['target']:54} {t['measured']}")
    if results.get("slowest_stage"):
        w("")
        w(f"Slowest stage by wall time: {results['slowest_stage']}")
    for p in results.get("profiles", []):
        w("")
        w(f"Profile: {p['stage']} (wall {p['wall_s']} s under cProfile); top 10 by own time")
        w(p["text"])
    return "\n".join(lines)


def markdown(results: dict[str, Any]) -> str:
    """The results as the Markdown tables of bench/README.md."""
    lines: list[str] = []
    w = lines.append
    w("| backend | ingest articles/s | ingest events/s | ingest peak RSS MB |")
    w("|---|---:|---:|---:|")
    for bname, b in results["backends"].items():
        ing = b["ingest"]
        w(f"| {bname} | {ing['articles_per_s']:.0f} | {ing['events_per_s']:.0f} | {ing['peak_rss_mb']:.0f} |")
    w("")
    w("| extraction corpus | articles | sentences | sentences/s | articles/s |")
    w("|---|---:|---:|---:|---:|")
    for name, e in results["extraction"].items():
        w(f"| {name} | {e['articles']} | {e['sentences']} | {e['sentences_per_s']:,} | {e['articles_per_s']} |")
    w("")
    w("| backend | size | rows | raw scan s | parse floor s | reader s | rebuild s | rebuild rows/s | rebuild / raw scan | show p50 / p90 ms | diff p50 / p90 ms"
      " | CLI show p50 / p90 ms | CLI diff p50 / p90 ms | peak RSS MB (rebuild + views) | peak RSS MB (CLI show/diff) |")
    w("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for bname, b in results["backends"].items():
        for size in b["sizes"]:
            m, t, cli = size["median"], size["timings_ms"], size["cli_ms"]
            show = t["show PRK (busiest)"]
            diff = t["diff 2023-12-31 2024-11-30 --actor PRK"]
            w(f"| {bname} | {size_label(size['events'])} | {size['rows']:,} | {m['raw_scan_s']:.2f} | {_floor(m)} | {m['reader_scan_s']:.2f} | {m['rebuild_s']:.1f}"
              f" | {m['rebuild_rows_per_s']:,} | {m['rebuild_vs_raw_scan']}x | {fmt_ms(show)} | {fmt_ms(diff)} | {fmt_ms(cli['show'])}"
              f" | {fmt_ms(cli['diff'])} | {size['peak_rss_mb']:.0f} | {max(cli['show']['peak_rss_mb'], cli['diff']['peak_rss_mb']):.0f} |")
    return "\n".join(lines)


def targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for bname, b in results["backends"].items():
        ing = b["ingest"]
        if bname == "sqlite":
            out.append({"target": "ingest >= 200 articles/s end to end (SQLite)", "met": ing["articles_per_s"] >= TARGET_INGEST_ARTICLES_S,
                        "measured": f"{ing['articles_per_s']:.0f} articles/s"})
        for size in b["sizes"]:
            label = f"({bname}, {size_label(size['events'])})"
            m = size["median"]
            out.append({"target": f"rebuild within 3x of raw scan {label}", "met": m["rebuild_vs_raw_scan"] <= TARGET_REBUILD_RATIO,
                        "measured": f"{m['rebuild_vs_raw_scan']}x ({m['rebuild_s']:.1f} s vs {m['raw_scan_s']:.2f} s);"
                                    f" {m['rebuild_vs_reader_scan']}x the reader's decode scan"
                                    + (f"; the parse floor alone {m['parse_floor_vs_raw_scan']}x" if "parse_floor_vs_raw_scan" in m else "")})
            if size["events"] < 1_000_000:
                continue
            t = size["timings_ms"]
            show, diff = t["show PRK (busiest)"], t["diff 2023-12-31 2024-11-30 --actor PRK"]
            cli = size["cli_ms"]
            for view, inproc in (("show", show), ("diff", diff)):
                out.append({"target": f"{view} p90 < 300 ms at 1M, in process {label}", "met": inproc["p90"] < TARGET_VIEW_P90_MS,
                            "measured": f"{inproc['p90']:.0f} ms (p50 {inproc['p50']:.0f})"})
                out.append({"target": f"{view} p90 < 300 ms at 1M, CLI {label}", "met": cli[view]["p90"] < TARGET_VIEW_P90_MS,
                            "measured": f"{cli[view]['p90']:.0f} ms (p50 {cli[view]['p50']:.0f}; start-up alone"
                                        f" {results.get('cli_startup_ms', {}).get('p50', 0):.0f})"})
            peak = max(size["peak_rss_mb"], cli["show"]["peak_rss_mb"], cli["diff"]["peak_rss_mb"])
            out.append({"target": f"peak memory < 500 MB at 1M {label}", "met": peak < TARGET_PEAK_MB,
                        "measured": f"rebuild+read {size['peak_rss_mb']:.0f} MB, CLI show {cli['show']['peak_rss_mb']:.0f} MB,"
                                    f" generation {size['generation'].get('generate_peak_rss_mb', '?')} MB"})
    return out


# ---------------------------------------------------------------- main


def main_worker(argv: list[str]) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("kind", choices=["generate", "relations", "profile-rebuild"])
    ap.add_argument("--db", required=True)
    ap.add_argument("--events", type=int, default=0)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--view-repeat", type=int, default=20)
    ap.add_argument("--decoded", action="store_true")
    a = ap.parse_args(argv)
    if a.kind == "generate":
        result = worker_generate(a.db, a.events)
    elif a.kind == "relations":
        result = worker_relations(a.db, a.repeat, a.view_repeat, a.decoded)
    else:
        result = worker_profile_rebuild(a.db)
    print(json.dumps(result))


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        main_worker(sys.argv[2:])
        return
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    ap.add_argument("--sizes", default="10k,100k,1m", help="store sizes in diplomatic events (default 10k,100k,1m)")
    ap.add_argument("--articles", type=int, default=1000, help="articles in the ingest and extraction corpus (default 1000)")
    ap.add_argument("--quick", action="store_true", help="sizes 10k and 100k only")
    ap.add_argument("--repeat", type=int, default=3, help="runs of ingest, extraction, scans and rebuild; the median is reported (default 3)")
    ap.add_argument("--rebuild-repeat-1m", type=int, default=1, help="rebuilds at 1M events and more (default 1: ~3-10 min each)")
    ap.add_argument("--view-repeat", type=int, default=20, help="calls of each view in process, for p50/p90 (default 20)")
    ap.add_argument("--cli-repeat", type=int, default=5, help="CLI runs of show and of diff per size (default 5)")
    ap.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help=f"generated stores and the PostgreSQL cluster (default {DEFAULT_CACHE})")
    ap.add_argument("--profile", default="auto",
                    help="stages to profile, comma-separated: auto (the slowest by wall time), rebuild, ingest; or none (default auto)")
    ap.add_argument("--profile-max-events", type=int, default=100_000, help="largest store a rebuild is profiled on (default 100k)")
    ap.add_argument("--report", type=Path, metavar="JSON", help="print the report of a saved results file instead of running")
    ap.add_argument("--markdown", action="store_true", help="with --report: the README's Markdown tables")
    args = ap.parse_args()
    if args.report:
        saved = json.loads(args.report.read_text())
        saved["targets"] = targets(saved)
        print(markdown(saved) if args.markdown else report(saved))
        return

    sizes = sorted({parse_size(s) for s in ("10k,100k" if args.quick else args.sizes).split(",") if s.strip()})
    backends = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    args.cache.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {
        "started": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0], "load_at_start": os.getloadavg()},
        "commit": git_commit(),
        "articles": args.articles,
        "sizes": sizes,
        "repeat": args.repeat,
        "backends": {},
    }
    stages: list[dict[str, Any]] = []  # wall times of the measured stages, for the profile

    from bench.bench_ingest import write_corpus

    work = Path(tempfile.mkdtemp(prefix="timeline-bench-"))
    compile_project()
    try:
        corpus_path = write_corpus(work / "corpus.jsonl", args.articles)
        log(f"corpus: {args.articles} articles in {corpus_path}")
        log("extraction ...")
        results["extraction"] = stage_extraction(corpus_path, args.articles, args.repeat)
        times = [run_measured([sys.executable, "-m", "timeline", "--help"], env=cli_env())["seconds"] * 1000
                 for _ in range(args.cli_repeat)]
        results["cli_startup_ms"] = p50_p90(times)
        for name, e in results["extraction"].items():
            stages.append({"kind": "extract", "backend": None, "seconds": statistics.median(e["seconds"]), "label": f"extraction, {name}"})
        opened: list[Backend] = []
        try:
            for bname in backends:
                backend: Backend = SQLiteBackend(args.cache) if bname == "sqlite" else PostgresBackend(args.cache)
                opened.append(backend)
                log(f"{bname}: ingest x{args.repeat} ...")
                b: dict[str, Any] = {"ingest": stage_ingest(backend, corpus_path, args.repeat), "sizes": []}
                stages.append({"kind": "ingest", "backend": backend, "seconds": b["ingest"]["seconds"], "label": f"ingest ({bname})"})
                for events in sizes:
                    repeat = args.rebuild_repeat_1m if events >= 1_000_000 else args.repeat
                    size = stage_size(backend, events, repeat, args.view_repeat, args.cli_repeat)
                    b["sizes"].append(size)
                    stages.append({"kind": "rebuild", "backend": backend, "seconds": size["median"]["rebuild_s"],
                                   "label": f"rebuild ({bname}, {size_label(events)})"})
                    results["backends"][bname] = b
                    write_results(results, partial=True)
                results["backends"][bname] = b
            results["targets"] = targets(results)
            results["stage_seconds"] = {s["label"]: round(s["seconds"], 2) for s in stages}
            results["profiles"] = []
            profilable = [s for s in stages if s["kind"] in ("rebuild", "ingest")]
            if profilable:
                results["slowest_stage"] = max(profilable, key=lambda s: s["seconds"])["label"]
            for wanted in [w.strip() for w in args.profile.split(",") if w.strip() and w.strip() != "none"]:
                candidates = [s for s in profilable if wanted == "auto" or s["kind"] == wanted]
                if candidates:
                    chosen = max(candidates, key=lambda s: s["seconds"])
                    results["profiles"].append(profile_stage(chosen, chosen["backend"], corpus_path, args.profile_max_events, sizes))
        finally:
            for backend in opened:
                backend.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    results["machine"]["load_at_end"] = os.getloadavg()
    text = report(results)
    print(text)
    path = write_results(results)
    print(f"\nwritten: {path.relative_to(ROOT)} (and run-latest.json)")


def write_results(results: dict[str, Any], partial: bool = False) -> Path:
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    stamp = results["started"].replace(" ", "T").replace(":", "").replace("UTC", "").strip("T")
    body = json.dumps(results, indent=2, default=str) + "\n"
    if partial:
        (out / "run-partial.json").write_text(body)
        return out / "run-partial.json"
    path = out / f"run-{stamp}.json"
    path.write_text(body)
    (out / "run-latest.json").write_text(body)
    (out / "run-partial.json").unlink(missing_ok=True)
    return path


if __name__ == "__main__":
    main()
