"""The record-keeping events of a stream: an article arrives, an event is retracted or corrected."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from events.diplomatic import DiplomaticEvent
from events.values import ExtractorInfo, InvalidEvent

__all__ = ["ArticleIngested", "EventCorrected", "EventRetracted"]


@dataclass(frozen=True, kw_only=True, slots=True)
class ArticleIngested:
    """An article entered the store: its metadata and its full text, kept for re-extraction."""

    article_id: uuid.UUID
    title: str
    text: str
    published: dt.date
    source: str = ""
    url: str = ""
    dateline: str = ""
    path: str = ""

    def __post_init__(self) -> None:
        if not self.text.strip():
            raise InvalidEvent("article: the text is empty")
        if type(self.published) is not dt.date:
            raise InvalidEvent("article: published must be a date")


@dataclass(frozen=True, kw_only=True, slots=True)
class EventRetracted:
    """An earlier event no longer stands: wrong, or superseded by a newer extractor's events."""

    event_id: uuid.UUID
    reason: str
    by: ExtractorInfo
    superseded_by: tuple[uuid.UUID, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "superseded_by", tuple(self.superseded_by))
        if not self.reason.strip():
            raise InvalidEvent("retraction: a reason is required")


@dataclass(frozen=True, kw_only=True, slots=True)
class EventCorrected:
    """An earlier event is replaced by a corrected version (a new event with its own id)."""

    event_id: uuid.UUID
    replacement: DiplomaticEvent
    reason: str
    by: ExtractorInfo

    def __post_init__(self) -> None:
        if self.replacement.id == self.event_id:
            raise InvalidEvent("correction: the replacement needs an id of its own")
        if not self.reason.strip():
            raise InvalidEvent("correction: a reason is required")
