"""Benchmark the relations read model on a large generated store.

    .venv/bin/python bench/bench_relations.py                 # 1,000,000 events
    .venv/bin/python bench/bench_relations.py --events 100000 --store /tmp/b.db
    .venv/bin/python bench/bench_relations.py --events 100000 --store postgresql://u:p@127.0.0.1:5432/b

Generates (once; reused when the file exists, or the PostgreSQL database is not empty) a store of
generated events, written through the store API: `Article` aggregates built in memory and
saved 100 articles (2,000 events) per `store.save()` transaction. Actors are drawn by a
Zipf-like law over 60 codes, so North Korea, the busiest, takes part in 43% of the events
(430,000 events, 400,000 pair rows: a worst case for `show` and `diff`) and Sweden, a
middling one, in 0.6%; dates span 2015–2025; types follow the vocabulary with news-like
frequencies.

Measures, and prints as a table and writes to bench/results/relations-<events>.json:
- rebuild: the whole read model from the log, against a raw scan of the same rows
  (`SELECT` of every stored event) and a decoded scan (`store.facts()` over every row);
- show (`Relations.actor`) and pair (`Relations.pair`) and diff (`Relations.diff` with
  an actor): p50/p90 over repeated calls on the busiest actor and on a middling one;
- the incremental update after one more article (20 events): ingest, then catch-up;
- peak resident memory of the process.
Times are for the use case in process (the CLI adds its start-up, about 0.3 s).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import resource
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from events import EVENT_TYPES, ArticleIngested, Evidence, ExtractorInfo, When  # noqa: E402
from timeline.projections import Relations, Scope  # noqa: E402
from timeline.store import Article, TimelineStore, article_id_for, is_postgres_url, open_store, redact_url  # noqa: E402

ACTORS = (
    "PRK RUS USA KOR CHN JPN UNC UN UNSC UKR EU NATO IRN GBR FRA DEU IND AUS CAN TWN "
    "VNM PHL IDN MNG SGP THA MYS TUR ISR SAU ARE QAT EGY SYR IRQ BLR POL ITA ESP NLD "
    "SWE FIN NOR BRA MEX ARG ZAF NGA KEN ETH PAK AFG BGD LKA NPL MMR KHM LAO NZL CUB"
).split()
TYPE_FREQ = {
    "StatementIssued": 20, "MeetingHeld": 14, "AccusationMade": 8, "CondemnationIssued": 8,
    "WarningIssued": 6, "DemandMade": 5, "VisitMade": 5, "CooperationPledged": 5,
    "AgreementReached": 3, "MilitaryCooperation": 3, "DrillAnnounced": 4, "MissileLaunched": 4,
    "SanctionsImposed": 3, "DenialIssued": 3, "ThreatIssued": 3, "PraiseIssued": 2,
    "AidProvided": 2, "TroopsDeployed": 1, "MilitaryAttack": 1,
}
EVENTS_PER_ARTICLE = 20
ARTICLES_PER_SAVE = 100
START = dt.date(2015, 1, 1).toordinal()
END = dt.date(2025, 12, 31).toordinal()
EX = ExtractorInfo("bench", "1")
SENTENCES = [f"Sentence {i} of the generated report says that one state acted towards another." for i in range(EVENTS_PER_ARTICLE)]


def _actor_weights() -> list[float]:
    return [1.0 / (rank + 1) ** 1.1 for rank in range(len(ACTORS))]


def make_article(rng: random.Random, n: int, serial: int) -> tuple[ArticleIngested, list]:
    body = " ".join(SENTENCES)
    text = f"Report {serial}. {body}"
    fact = ArticleIngested(
        article_id=article_id_for(text), title=f"Generated report {serial}", text=text,
        published=dt.date.fromordinal(rng.randint(START, END)), source="bench",
    )
    day = fact.published.toordinal()
    names, freq = list(TYPE_FREQ), list(TYPE_FREQ.values())
    weights = _actor_weights()
    events = []
    for i in range(n):
        sentence = SENTENCES[i]
        start = text.index(sentence)
        cls = EVENT_TYPES[rng.choices(names, freq)[0]]
        a, b = rng.choices(ACTORS, weights, k=2)
        while b == a:
            b = rng.choices(ACTORS, weights)[0]
        when = When.day(dt.date.fromordinal(max(START, day - rng.randint(0, 3))))
        if cls.symmetric:
            source, target = (a, b), ()
        elif cls.allows_no_target and rng.random() < 0.3:
            source, target = (a,), ()
        else:
            source, target = (a,), (b,)
        events.append(
            cls(
                id=uuid.uuid5(fact.article_id, str(i)), when=when, source=source, target=target,
                evidence=Evidence(sentence, start, start + len(sentence)), confidence=0.8, extractor=EX,
            )
        )
    return fact, events


def generate(db: str | Path, total: int, seed: int = 7) -> float:
    """Write `total` generated events into the store at `db` (a SQLite path or a postgresql:// URL)."""
    rng = random.Random(seed)
    store = open_store(db)
    started = time.perf_counter()
    serial = 0
    made = 0
    while made < total:
        batch = []
        for _ in range(ARTICLES_PER_SAVE):
            if made >= total:
                break
            n = min(EVENTS_PER_ARTICLE, total - made)
            fact, events = make_article(rng, n, serial)
            serial += 1
            made += n
            article = Article(fact)
            for e in events:
                article.record(e)
            batch.append(article)
        store.save(*batch)
        if serial % 5000 < ARTICLES_PER_SAVE:
            print(f"  generated {made:,} events", file=sys.stderr)
    store.close()
    return time.perf_counter() - started


def timed(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def raw_select(db: str | Path, store: TimelineStore | None = None) -> tuple[int, float]:
    """A bare SELECT of every stored row (position, topic, state), undecoded: (rows, seconds)."""
    if is_postgres_url(str(db)):
        import psycopg

        from timeline.postgres import EVENTS_TABLE, parse_url

        with psycopg.connect(**parse_url(str(db)).conninfo_kwargs()) as conn:
            t = time.perf_counter()
            with conn.cursor(name="bench_raw_scan") as cur:  # server-side: rows stream, memory stays flat
                cur.itersize = 20000
                cur.execute(f"SELECT notification_id, topic, state FROM {EVENTS_TABLE} ORDER BY notification_id")
                n = sum(1 for _ in cur)
            return n, time.perf_counter() - t
    import sqlite3

    con = sqlite3.connect(str(db))
    try:
        t = time.perf_counter()
        n = sum(1 for _ in con.execute("SELECT rowid, topic, state FROM stored_events"))
        return n, time.perf_counter() - t
    finally:
        con.close()


FLOOR_PATHS = (
    "$.timestamp._data_", "$.fact._type_", "$.fact._data_.id._data_", "$.fact._data_.when._data_.start._data_",
    "$.fact._data_.when._data_.end._data_", "$.fact._data_.source", "$.fact._data_.target", "$.fact._data_.modality",
)
"""What any read model of relations must read from each stored event: its record time, type, id
(which a retraction names), dates, actors and modality (the weight depends on it)."""


def parse_floor(db: str | Path) -> tuple[int, float]:
    """The least a rebuild that reads the events can do: (rows, seconds).

    The database parses every stored row's JSON once and keeps `FLOOR_PATHS` of it in a
    temporary table, as the set-based rebuild's first step does for more fields (the cheapest
    form measured: one `json_extract` of every path on SQLite; jsonb, its parse shared by
    parallel workers, on PostgreSQL), and nothing else: no lookups, no read-model rows, no
    index, rolled back. A rebuild cannot beat this ratio to the raw scan whatever its tables.
    """
    if is_postgres_url(str(db)):
        import psycopg

        from timeline.postgres import EVENTS_TABLE, parse_url

        fields = ", ".join(
            f"j #>> '{{{','.join(p.removeprefix('$.').split('.'))}}}' AS f{i}" for i, p in enumerate(FLOOR_PATHS)
        )
        with psycopg.connect(**parse_url(str(db)).conninfo_kwargs()) as conn:
            conn.execute("SET parallel_setup_cost = 0")
            conn.execute("SET parallel_tuple_cost = 0")
            t = time.perf_counter()
            cur = conn.execute(
                f"CREATE TEMP TABLE bench_floor AS SELECT pos, {fields} FROM (SELECT notification_id AS pos, "
                f"convert_from(state, 'UTF8')::jsonb AS j FROM {EVENTS_TABLE} OFFSET 0) AS raw"
            )
            n = cur.rowcount
            seconds = time.perf_counter() - t
            conn.rollback()
            return n, seconds
    import sqlite3

    con = sqlite3.connect(str(db), isolation_level=None)
    try:
        paths = ", ".join(f"'{p}'" for p in FLOOR_PATHS)
        con.execute("BEGIN")
        t = time.perf_counter()
        con.execute(
            f"CREATE TEMP TABLE bench_floor AS SELECT rowid AS pos, json_extract(CAST(state AS TEXT), {paths}) AS fields "
            "FROM stored_events"
        )
        seconds = time.perf_counter() - t
        n = con.execute("SELECT count(*) FROM bench_floor").fetchone()[0]
        con.execute("ROLLBACK")
        return n, seconds
    finally:
        con.close()


def decoded_scan(store: TimelineStore) -> tuple[int, float]:
    """Every row decoded into its event by the library (`store.facts()`): (rows, seconds)."""
    t = time.perf_counter()
    n = sum(1 for _ in store.facts(batch=20000))
    return n, time.perf_counter() - t


def reader_scan(relations: Relations, batch: int = 20000) -> tuple[int, float]:
    """The read model's own log reader over every row (what a rebuild reads): (entries, seconds)."""
    from timeline.projections.log import iter_entries

    t = time.perf_counter()
    n = sum(1 for _ in iter_entries(relations.projection.reader, batch=batch))
    return n, time.perf_counter() - t


VIEW_CASES = (("busiest", "PRK", "RUS"), ("middling", "SWE", "FIN"))
DIFF_DATES = (dt.date(2023, 12, 31), dt.date(2024, 11, 30))
AS_OF = dt.date(2020, 6, 30)


def time_views(relations: Relations, repeat: int) -> dict[str, list[float]]:
    """Milliseconds per call of each view, in process, on the busiest actor and a middling one."""
    timings: dict[str, list[float]] = {}
    for label, actor, partner in VIEW_CASES:
        timings[f"show {actor} ({label})"] = timed(lambda: relations.actor(actor, limit=20), repeat)
        timings[f"show {actor} --as-of {AS_OF}"] = timed(
            lambda: relations.actor(actor, Scope(as_of=AS_OF), limit=20), repeat
        )
        timings[f"show {actor} --with {partner}"] = timed(lambda: relations.pair(actor, partner), repeat)
        timings[f"diff {DIFF_DATES[0]} {DIFF_DATES[1]} --actor {actor}"] = timed(
            lambda: relations.diff(*DIFF_DATES, actor=actor), repeat
        )
        timings[f"log --actor {actor}"] = timed(lambda: relations.log(actor=actor), repeat)
    # --known-at: recent (1% of the log recorded since: buckets less the change) and old (half).
    for share in (0.01, 0.5):
        known = Scope(known_at=record_time_at(relations, 1 - share))
        actor = VIEW_CASES[0][1]
        timings[f"show {actor} --known-at ({share:.0%} of the log since)"] = timed(
            lambda: relations.actor(actor, known, limit=20), repeat
        )
        timings[f"diff ... --actor {actor} --known-at ({share:.0%} since)"] = timed(
            lambda: relations.diff(*DIFF_DATES, known, actor=actor), repeat
        )
    return timings


def record_time_at(relations: Relations, fraction: float) -> dt.datetime:
    """The record time of the stored event at that fraction of the log."""
    store = relations.projection.store
    position = max(1, int(store.max_position() * fraction))
    return next(iter(store.facts(start=position, batch=1))).recorded_at


def time_incremental(store: TimelineStore, relations: Relations, rows: int, repeat: int) -> dict[str, list[float]]:
    """One more article (20 events) at a time, then the catch-up; and a catch-up with nothing new."""
    rng = random.Random(99)
    increments = []
    for i in range(5):
        fact, events = make_article(rng, EVENTS_PER_ARTICLE, 10_000_000 + i + rows)
        store.ingest(fact, events)
        t = time.perf_counter()
        done = relations.catch_up()
        increments.append((time.perf_counter() - t) * 1000)
        assert done.applied == EVENTS_PER_ARTICLE + 1, done
    return {
        "incremental update (1 article, 20 events)": increments,
        "catch-up with nothing new": timed(relations.catch_up, repeat),
    }


def summarise(timings: dict[str, list[float]]) -> dict[str, dict[str, float]]:
    return {k: {"p50": round(statistics.median(v), 1), "p90": round(pct(v, 0.9), 1), "n": len(v)} for k, v in timings.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument(
        "--store", default=None,
        help="store file or postgresql:// URL (default: /tmp/timeline-bench-<events>.db); "
        "an empty PostgreSQL database is filled first",
    )  # fmt: skip
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    db: str = args.store or f"/tmp/timeline-bench-{args.events}.db"
    results: dict[str, object] = {"events": args.events, "store": redact_url(db)}

    if is_postgres_url(db):
        probe = open_store(db)
        empty = probe.max_position() == 0
        probe.close()
    else:
        empty = not Path(db).exists()
    if empty:
        print(f"generating {args.events:,} events into {redact_url(db)} ...", file=sys.stderr)
        results["generate_s"] = round(generate(db, args.events), 1)

    store = open_store(db)
    rows = store.max_position()
    # Raw scans of the same rows: a bare SELECT, and every row decoded into its event.
    n_raw, raw_select_s = raw_select(db)
    n_decoded, raw_decoded = decoded_scan(store)

    relations = Relations(store, catch_up=False)
    rebuild = relations.rebuild()
    results.update(
        rows=rows,
        raw_select_s=round(raw_select_s, 2),
        raw_decoded_s=round(raw_decoded, 2),
        rebuild_s=round(rebuild.seconds, 2),
        rebuild_vs_raw_select=round(rebuild.seconds / raw_select_s, 1),
        rebuild_vs_decoded_scan=round(rebuild.seconds / raw_decoded, 2),
        rows_checked=(n_raw, n_decoded),
    )

    latest = relations.latest_day()
    assert latest is not None
    timings = time_views(relations, args.repeat)
    timings.update(time_incremental(store, relations, rows, args.repeat))

    results["timings_ms"] = summarise(timings)
    results["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    relations.close()
    store.close()

    print(f"\nstore: {rows:,} stored events ({args.events:,} diplomatic events) in {redact_url(db)}")
    print(f"raw SELECT of every row   {raw_select_s:8.2f} s")
    print(f"decoded scan (facts())    {raw_decoded:8.2f} s")
    print(f"rebuild                   {rebuild.seconds:8.2f} s  "
          f"({results['rebuild_vs_raw_select']}x raw SELECT, {results['rebuild_vs_decoded_scan']}x decoded scan)")
    print(f"peak RSS                  {results['peak_rss_mb']:8.1f} MB\n")
    print(f"{'operation':52} {'p50 ms':>8} {'p90 ms':>8}")
    for k, v in results["timings_ms"].items():  # type: ignore[union-attr]
        print(f"{k:52} {v['p50']:8.1f} {v['p90']:8.1f}")
    out = ROOT / "bench" / "results" / f"relations-{args.events}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nwritten: {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
