"""Value objects shared by every domain event: when, who, on what evidence, by which extractor."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum

__all__ = [
    "DateRule",
    "Evidence",
    "ExtractorInfo",
    "InvalidEvent",
    "PersonRef",
    "Precision",
    "When",
]


class InvalidEvent(ValueError):
    """An event that breaks one of the vocabulary's invariants; it is never created."""


class Precision(str, Enum):
    """How precisely the text dates an event."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"


class DateRule(str, Enum):
    """Whether the event happened in the interval or was only reported as true by its end."""

    EXACT = "exact"
    ON_OR_BEFORE = "on_or_before"


@dataclass(frozen=True, slots=True)
class When:
    """A world-time date interval (inclusive) with its precision and qualifier."""

    start: dt.date
    end: dt.date
    precision: Precision = Precision.DAY
    rule: DateRule = DateRule.EXACT

    def __post_init__(self) -> None:
        if type(self.start) is not dt.date or type(self.end) is not dt.date:
            raise InvalidEvent("when: start and end must be dates")
        if self.end < self.start:
            raise InvalidEvent(f"when: end {self.end} is before start {self.start}")
        object.__setattr__(self, "precision", Precision(self.precision))
        object.__setattr__(self, "rule", DateRule(self.rule))

    @classmethod
    def day(cls, day: dt.date, rule: DateRule | str = DateRule.EXACT) -> When:
        return cls(day, day, Precision.DAY, DateRule(rule))

    @property
    def iso(self) -> str:
        """The date as the export contract writes it: YYYY-MM-DD, YYYY-MM or YYYY."""
        if self.precision is Precision.YEAR:
            return f"{self.start.year:04d}"
        if self.precision is Precision.MONTH:
            return f"{self.start.year:04d}-{self.start.month:02d}"
        return self.start.isoformat()

    @property
    def iso_end(self) -> str | None:
        """The inclusive end, in the same precision, when it differs from what `iso` implies."""
        if self.precision is Precision.YEAR:
            return None if self.end.year == self.start.year else f"{self.end.year:04d}"
        if self.precision is Precision.MONTH:
            same = (self.end.year, self.end.month) == (self.start.year, self.start.month)
            return None if same else f"{self.end.year:04d}-{self.end.month:02d}"
        return None if self.end == self.start else self.end.isoformat()

    @property
    def key(self) -> dt.date:
        """The day an as-of replay compares against: the interval's last day."""
        return self.end


@dataclass(frozen=True, slots=True)
class Evidence:
    """The sentence an event rests on, verbatim, with its character offsets in the article text."""

    text: str
    start: int
    end: int

    def __post_init__(self) -> None:
        if not self.text.strip():
            raise InvalidEvent("evidence: the sentence is empty")
        if self.start < 0 or self.end - self.start != len(self.text):
            raise InvalidEvent("evidence: offsets do not span the sentence")

    def check_in(self, article_text: str) -> None:
        """Raise InvalidEvent unless the evidence stands at its offsets in the article text."""
        if article_text[self.start : self.end] != self.text:
            raise InvalidEvent("evidence: the sentence is not in the article at its offsets")


@dataclass(frozen=True, slots=True)
class PersonRef:
    """A person the text names, the role they act in, and the actor they speak for."""

    name: str
    role: str = ""
    actor: str = ""


@dataclass(frozen=True, slots=True)
class ExtractorInfo:
    """Who made an event: an extractor and its version, or an analyst."""

    name: str
    version: str

    def __str__(self) -> str:
        return f"{self.name}/{self.version}"
