"""The export contract (DESIGN.md): one JSON object per current event.

Keys: id, type, date, date_end, date_rule, source, target, attributed_to, evidence, article
{id, title, path}, confidence, extractor. ../shared/eval/score.py and other tools read it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from events import ArticleIngested, DiplomaticEvent
from timeline.store import TimelineStore

__all__ = ["CSV_FIELDS", "event_record", "export_records"]

CSV_FIELDS = [
    "id",
    "type",
    "date",
    "date_end",
    "date_rule",
    "source",
    "target",
    "attributed_to",
    "evidence",
    "article_id",
    "article_title",
    "article_path",
    "confidence",
    "extractor",
    "people",
    "modality",
    "recorded_at",
]


def event_record(event: DiplomaticEvent, article: ArticleIngested, recorded_at: dt.datetime | None = None) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": str(event.id),
        "type": event.type,
        "date": event.when.iso,
        "date_rule": event.when.rule.value,
        "source": list(event.source),
        "target": list(event.target),
        "attributed_to": list(event.attributed_to),
        "evidence": event.evidence.text,
        "evidence_span": [event.evidence.start, event.evidence.end],
        "article": {"id": str(article.article_id), "title": article.title, "path": article.path},
        "confidence": round(event.confidence, 3),
        "extractor": str(event.extractor),
        "people": [{"name": p.name, "role": p.role, "actor": p.actor} for p in event.people],
        "modality": event.modality,
    }
    if event.when.iso_end:
        record["date_end"] = event.when.iso_end
    if recorded_at is not None:
        record["recorded_at"] = recorded_at.isoformat()
    return record


def export_records(store: TimelineStore, known_at: dt.datetime | None = None) -> Iterator[dict[str, Any]]:
    """Current events, ordered by world date, then article, then place in the article."""
    current = store.current_events(known_at=known_at)
    current.sort(key=lambda pair: (pair[0].fact.when.start, pair[0].fact.when.end, str(pair[1].article_id), pair[0].fact.evidence.start))
    for stored, article in current:
        yield event_record(stored.fact, article, stored.recorded_at)  # type: ignore[arg-type]


def csv_row(record: dict[str, Any]) -> dict[str, Any]:
    row = dict(record)
    article = row.pop("article")
    row["article_id"], row["article_title"], row["article_path"] = article["id"], article["title"], article["path"]
    row["people"] = [f"{p['name']} ({p['role']}, {p['actor']})" for p in record["people"]]
    return row
