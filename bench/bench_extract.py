"""Extraction speed: sentences and articles per second on one core.

    python bench/bench_extract.py [--articles 1000]

The corpus: the 249 real Guardian articles of shared/data/Guardian_SDF_sample.csv.zip,
each also varied (paragraphs rotated, a dateline added), plus generated wire-style articles
about other actors, up to the requested number of articles. Sentences are counted as
`split_article` finds them, the same segmentation extract() uses.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import random
import sys
import time
import uuid
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from events import ArticleIngested  # noqa: E402
from timeline.extract import extract  # noqa: E402
from timeline.extract.text import split_article  # noqa: E402

GUARDIAN = ROOT.parent / "shared" / "data" / "Guardian_SDF_sample.csv.zip"

_ACTORS = ["China", "Japan", "Russia", "Ukraine", "France", "Germany", "Iran", "Israel", "India",
           "Pakistan", "Turkey", "Syria", "South Korea", "North Korea", "the United States", "Britain"]
_TEMPLATES = [
    "{a} on {day} accused {b} of violating its airspace, the foreign ministry said.",
    "“We are deeply concerned that {b} is helping {c},” the {a_adj} foreign minister said.",
    "{a} and {b} held talks in {city} on {day} and agreed to expand trade.",
    "{a} has denied the claims, calling them “baseless”.",
    "{b} would respond if {a} ever attacked, an official said.",
    "The navies of {a} and {b} are carrying out joint drills this week.",
    "{a} condemned {b}'s missile launch on {day}.",
    "Officials said talks would continue next month, though no date has been set.",
]


def guardian_texts() -> list[tuple[str, dt.date]]:
    with zipfile.ZipFile(GUARDIAN) as z:
        raw = z.read(z.namelist()[0]).decode("utf-8")
    out = []
    for row in csv.DictReader(io.StringIO(raw)):
        try:
            day = dt.date.fromisoformat(row["date"][:10])
        except ValueError:
            day = dt.date(2019, 1, 1)
        out.append((row["text"], day))
    return out


def varied(text: str, rng: random.Random) -> str:
    parts = [p for p in text.replace(". ", ".\n\n", 3).split("\n\n") if p.strip()]
    rng.shuffle(parts)
    return "BEIRUT, Oct 14 (Reuters) - " + "\n\n".join(parts)


def generated(rng: random.Random) -> str:
    paras = []
    for _ in range(rng.randint(6, 14)):
        a, b, c = rng.sample(_ACTORS, 3)
        t = rng.choice(_TEMPLATES)
        paras.append(t.format(a=a, b=b, c=c, a_adj="senior", city="Geneva",
                              day=rng.choice(["Monday", "Tuesday", "Friday"])))
    return "\n\n".join(paras)


def corpus(n: int) -> list[tuple[str, dt.date]]:
    rng = random.Random(7)
    real = guardian_texts()
    out = list(real) + [(varied(t, rng), d) for t, d in real]
    while len(out) < n:
        out.append((generated(rng), dt.date(2024, 3, 6)))
    return out[:n] if n >= len(real) * 2 else out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=1000)
    args = ap.parse_args()
    docs = corpus(args.articles)
    articles = [ArticleIngested(article_id=uuid.uuid5(uuid.NAMESPACE_URL, f"{i}"), title="", text=t, published=d)
                for i, (t, d) in enumerate(docs)]
    sentences = sum(len(split_article(a.text).sentences) for a in articles)
    extract(articles[0])  # load the registry and the lexicon outside the timing
    t, cpu = time.perf_counter(), time.process_time()
    n_events = sum(len(extract(a)) for a in articles)
    elapsed, cpu = time.perf_counter() - t, time.process_time() - cpu
    print(f"articles: {len(articles)}  sentences: {sentences}  events: {n_events}  seconds: {elapsed:.2f}"
          f"  cpu seconds: {cpu:.2f}")
    # on a shared machine the CPU-time rate is the steadier figure
    print(f"sentences/s: {sentences / elapsed:,.0f}  (per cpu second: {sentences / cpu:,.0f})")
    print(f"articles/s: {len(articles) / elapsed:,.0f}  (per cpu second: {len(articles) / cpu:,.0f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
