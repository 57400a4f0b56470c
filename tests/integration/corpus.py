"""Many distinct articles for the concurrency and copy tests, made from the seed articles."""

from __future__ import annotations

import json
from pathlib import Path

SEEDS = Path(__file__).resolve().parent.parent.parent / "seeds"


def _seed_articles() -> list[dict[str, str]]:
    made = []
    for path in sorted(SEEDS.glob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        _, front, body = raw.split("---\n", 2)
        meta = dict(line.split(": ", 1) for line in front.strip().splitlines())
        made.append({**meta, "text": body})
    return made


def write_batch(path: Path, first: int, count: int) -> Path:
    """A .jsonl batch of `count` distinct articles, numbered from `first`: the same number
    makes the same article (same text, same id) in any batch."""
    seeds = _seed_articles()
    with path.open("w", encoding="utf-8") as f:
        for i in range(first, first + count):
            seed = seeds[i % len(seeds)]
            article = {
                "title": f"{seed['title']} (bulletin {i})",
                "text": f"Bulletin {i}.\n\n{seed['text']}",
                "published": seed["published"],
                "source": seed.get("source", ""),
            }
            f.write(json.dumps(article, ensure_ascii=False) + "\n")
    return path


def expected_stream_lengths() -> dict[int, int]:
    """Stored events per article (the article itself and its extracted events), by the
    article's number modulo the number of seeds: bulletins differ only in their number."""
    import datetime as dt

    from timeline.extract import extract
    from timeline.sources import Draft

    lengths = {}
    for k, seed in enumerate(_seed_articles()):
        draft = Draft(text=f"Bulletin {k}.\n\n{seed['text']}", published=dt.date.fromisoformat(seed["published"]))
        lengths[k] = 1 + len(extract(draft.to_fact()))
    return lengths


def seed_count() -> int:
    return len(_seed_articles())
