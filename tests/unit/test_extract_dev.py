"""The development set (tests/data/dev_events.toml): real news sentences, each with the event an
analyst codes from it, or `type = ""` when it must yield no event.

Scored as a whole, not sentence by sentence, so that no rule is written for one sentence:

- recall: the sentences with an expected event whose event (type or an `alt_types` entry, the
  same source and target) is among the extracted ones;
- precision: of the sentences that yield any event, those where the expected event is among
  them (a sentence that must yield none counts against precision when it yields one) and no
  event of its `absent` list is (the content of a denial, a question: acts that must not be coded).

The floors are what extractor 0.2.0 reaches, rounded down; `pytest -s` prints the scores and
every sentence that misses.
"""

from __future__ import annotations

import datetime as dt
import tomllib
import uuid
from pathlib import Path

from events import ArticleIngested
from timeline.extract import extract

DEV = tomllib.loads((Path(__file__).parents[1] / "data" / "dev_events.toml").read_text("utf-8"))["sentence"]

RECALL_FLOOR = 0.70
PRECISION_FLOOR = 0.80


def _found(item: dict) -> set[tuple]:
    published = dt.date.fromisoformat(item.get("published", "2000-01-05"))
    art = ArticleIngested(article_id=uuid.uuid5(uuid.NAMESPACE_URL, item["text"]), title="", text=item["text"],
                          published=published)
    return {(e.type, tuple(sorted(e.source)), tuple(sorted(e.target))) for e in extract(art)}


def _hit(item: dict, found: set[tuple]) -> bool:
    source, target = tuple(sorted(item["source"])), tuple(sorted(item["target"]))
    return any((t, source, target) in found for t in (item["type"], *item.get("alt_types", ())))


def _forbidden(item: dict, found: set[tuple]) -> bool:
    return any((a["type"], tuple(sorted(a["source"])), tuple(sorted(a["target"]))) in found
               for a in item.get("absent", ()))


def score(items: list[dict]) -> dict[str, float]:
    expected = hits = yielding = right = 0
    for item in items:
        found = _found(item)
        hit = bool(item["type"]) and _hit(item, found)
        forbidden = _forbidden(item, found)
        expected += bool(item["type"])
        hits += hit
        if found:
            yielding += 1
            right += hit and not forbidden
        if forbidden or not hit and (item["type"] or found):
            print(f"  {'MISS' if item['type'] else 'FALSE'} {item['origin']}: expected {item['type'] or 'none'}"
                  f" {item['source']}->{item['target']}, got {sorted(found)}")
    return {"recall": hits / expected, "precision": right / max(1, yielding), "expected": expected,
            "yielding": yielding, "negatives": len(items) - expected}


def test_dev_set_precision_and_recall_stay_above_their_floors():
    s = score(DEV)
    print(f"dev set: {len(DEV)} sentences ({s['expected']} with an event, {s['negatives']} with none); "
          f"precision {s['precision']:.2f}, recall {s['recall']:.2f}")
    assert s["recall"] >= RECALL_FLOOR
    assert s["precision"] >= PRECISION_FLOOR


def test_dev_set_entries_are_well_formed():
    from events import EVENT_TYPES

    for item in DEV:
        assert item["type"] == "" or item["type"] in EVENT_TYPES, item["origin"]
        assert all(t in EVENT_TYPES for t in item.get("alt_types", ())), item["origin"]
        if not item["type"]:
            assert item["source"] == [] and item["target"] == [], item["origin"]
        for a in item.get("absent", ()):
            assert a["type"] in EVENT_TYPES and set(a) == {"type", "source", "target"}, item["origin"]
