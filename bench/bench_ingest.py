"""Ingest speed end to end: read, extract, append, on a real store.

    python bench/bench_ingest.py [--articles 1000] [--db postgresql://...]

Times `timeline ingest` for the seeds and for N generated articles (bench/corpus.py), on a
fresh SQLite file (or the given store), and prints articles/s and events/s. The projections'
catch-up after the ingest is included, as the CLI runs it. Results also go to
bench/results/ingest.json.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.corpus import generate  # noqa: E402

REPO = Path(__file__).resolve().parent.parent


def write_corpus(path: Path, articles: int, seed: int = 7) -> Path:
    """N generated articles (bench/corpus.py) as one JSONL batch at `path`."""
    with path.open("w", encoding="utf-8") as f:
        for a in generate(articles, seed):
            f.write(json.dumps(a, ensure_ascii=False) + "\n")
    return path


def timed_ingest(db: str, *paths: str) -> tuple[float, dict]:
    """`timeline --db DB ingest --json PATHS` as a subprocess: (wall seconds, its JSON summary)."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "timeline", "--db", db, "ingest", "--json", *paths],
        capture_output=True, text=True, cwd=REPO, check=False,
    )
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"ingest failed: {done.stderr.strip()}")
    return elapsed, json.loads(done.stdout)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--db", help="a store URL or path (default: a fresh SQLite file per run)")
    args = ap.parse_args()
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        corpus = write_corpus(Path(tmp) / "corpus.jsonl", args.articles)
        for name, path in (("seeds", str(REPO / "seeds")), (f"generated x{args.articles}", str(corpus))):
            db = args.db or str(Path(tmp) / f"{name.split()[0]}.db")
            elapsed, summary = timed_ingest(db, path)
            results[name] = {
                "articles": summary["new"],
                "events": summary["events_added"],
                "seconds": round(elapsed, 3),
                "articles_per_s": round(summary["new"] / elapsed, 1),
                "events_per_s": round(summary["events_added"] / elapsed, 1),
            }
    print(f"{'corpus':20} {'articles':>8} {'events':>8} {'seconds':>8} {'art/s':>8} {'events/s':>9}")
    for name, r in results.items():
        print(f"{name:20} {r['articles']:>8} {r['events']:>8} {r['seconds']:>8.2f} {r['articles_per_s']:>8.1f} {r['events_per_s']:>9.1f}")
    out = REPO / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "ingest.json").write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
