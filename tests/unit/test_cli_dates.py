"""Dates on the command line: the ISO form read without pendulum means what pendulum reads."""

from __future__ import annotations

import datetime as dt

import pendulum
import pytest

from timeline.cli.common import parse_day
from timeline.errors import BadDate


def by_pendulum(value: str) -> dt.date | str:
    """What `parse_day` answered before it read ISO dates itself: a date, or the error."""
    try:
        parsed = pendulum.parse(value, strict=False)
    except (ValueError, pendulum.parsing.exceptions.ParserError, OverflowError):
        return f"date {value!r} is not a date; write it as YYYY-MM-DD"
    assert isinstance(parsed, (pendulum.DateTime, pendulum.Date))
    return dt.date(parsed.year, parsed.month, parsed.day)


def by_parse_day(value: str) -> dt.date | str:
    try:
        return parse_day(value)
    except BadDate as e:
        return str(e)


def iso_days() -> list[str]:
    days = [dt.date(2023, 1, 1) + dt.timedelta(days=n) for n in range(0, 800, 7)]
    days += [dt.date(2024, 2, 29), dt.date(1, 1, 1), dt.date(9999, 12, 31), dt.date(1970, 1, 1)]
    return [d.isoformat() for d in days]


NOT_DAYS = ["2023-02-30", "2023-13-01", "2023-00-10", "2023-04-31", "2023-12-32", "0000-01-01", "2023-02-29"]


@pytest.mark.parametrize("value", iso_days() + NOT_DAYS)
def test_an_iso_date_means_what_pendulum_reads(value: str) -> None:
    assert by_parse_day(value) == by_pendulum(value)


@pytest.mark.parametrize("value", ["31 Dec 2023", "2023-12-31T10:00", " 2023-12-31", "2023-12", "20231231", "yesterday x"])
def test_other_forms_still_go_through_pendulum(value: str) -> None:
    assert by_parse_day(value) == by_pendulum(value)
