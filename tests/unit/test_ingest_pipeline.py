"""How far the extraction workers run ahead of the writing: far enough to go on extracting
while a whole batch is saved, and no further (a large ingest never holds every article)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator

import pytest

from events import ArticleIngested
from timeline.ingest import BATCH_ARTICLES, CHUNK_ARTICLES, _ordered, extraction_pool, in_flight_chunks


def articles(count: int, taken: list[int]) -> Iterator[tuple[ArticleIngested, str]]:
    for i in range(count):
        taken.append(i)
        yield (
            ArticleIngested(
                article_id=uuid.uuid4(), title=f"Report {i}", source="test", url="", path=f"a{i}.txt",
                published=dt.date(2024, 1, 1), text="Nothing happened today.",
            ),
            f"a{i}.txt",
        )


@pytest.mark.parametrize("workers", [2, 3])
def test_the_workers_hold_two_batches_before_the_first_result_is_taken_and_no_more(workers: int) -> None:
    taken: list[int] = []
    total = 6 * BATCH_ARTICLES
    with extraction_pool(workers) as pool:
        results = _ordered(articles(total, taken), workers, pool)
        first = next(results)
        ahead = len(taken)
        rest = list(results)
    assert first[1] == "a0.txt" and [path for _, path, _ in rest] == [f"a{i}.txt" for i in range(1, total)]
    assert ahead >= 2 * BATCH_ARTICLES  # enough for the workers to go on while a batch is written
    assert ahead <= in_flight_chunks(workers) * CHUNK_ARTICLES  # bounded: not the whole input
    assert ahead < total
