"""Comparing read-model tables row by row, floats within summation error.

Two correct ways of building the month sums add the same numbers in a different order
(batch by batch, once per rebuild, in SQL or in Python). The decay numerators grow as
2 ** (days since 2000 / 180), so these sums are around 1e14 and their last bits depend on
that order; a wrong row (one event missing, a retraction not applied) moves a sum by a
whole event's numerator. Floats are therefore compared to within 1e-12 of the largest
magnitude in their column: rows that differ by any event still differ.
"""

from __future__ import annotations

from typing import Any

TOLERANCE = 1e-12


def read_tables(tx: Any, tables: tuple[str, ...] | list[str]) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of each table, sorted by its non-float columns."""
    out = {}
    for table in tables:
        rows = [tuple(r) for r in tx.execute(f"SELECT * FROM {table}")]
        out[table] = sorted(rows, key=lambda r: repr(tuple(v for v in r if not isinstance(v, float))))
    return out


def assert_same_tables(got: dict[str, list[tuple[Any, ...]]], expected: dict[str, list[tuple[Any, ...]]]) -> None:
    assert got.keys() == expected.keys()
    for table, rows in expected.items():
        other = got[table]
        assert len(other) == len(rows), f"{table}: {len(other)} rows, expected {len(rows)}"
        scale: dict[int, float] = {}
        for row in rows + other:
            for i, v in enumerate(row):
                if isinstance(v, float):
                    scale[i] = max(scale.get(i, 0.0), abs(v))
        for a, b in zip(other, rows):
            assert len(a) == len(b), f"{table}: {a} != {b}"
            for i, (x, y) in enumerate(zip(a, b)):
                if isinstance(x, float) or isinstance(y, float):
                    assert isinstance(x, (int, float)) and isinstance(y, (int, float)), f"{table}: {a} != {b}"
                    assert abs(x - y) <= TOLERANCE * max(scale.get(i, 0.0), 1.0), f"{table} column {i}: {a} != {b}"
                else:
                    assert x == y, f"{table} column {i}: {a} != {b}"
