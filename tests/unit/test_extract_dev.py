"""The development set (tests/data/dev_events.toml): real news sentences, one expected event each."""

from __future__ import annotations

import datetime as dt
import tomllib
import uuid
from pathlib import Path

import pytest

from events import ArticleIngested
from timeline.extract import extract

DEV = tomllib.loads((Path(__file__).parents[1] / "data" / "dev_events.toml").read_text("utf-8"))["sentence"]


@pytest.mark.parametrize("item", DEV, ids=[f"{i}-{d['origin']}" for i, d in enumerate(DEV)])
def test_dev_sentence_yields_the_analysts_event(item):
    published = dt.date.fromisoformat(item.get("published", "2000-01-05"))
    art = ArticleIngested(article_id=uuid.uuid5(uuid.NAMESPACE_URL, item["text"]), title="", text=item["text"],
                          published=published)
    found = {(e.type, tuple(sorted(e.source)), tuple(sorted(e.target))) for e in extract(art)}
    if not item["type"]:
        assert found == set()
    else:
        assert (item["type"], tuple(item["source"]), tuple(item["target"])) in found
