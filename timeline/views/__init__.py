"""Views: projection results turned into Rich renderables and JSON, through `timeline.output.emit`."""

from timeline.views.relations import ActorView, DiffView, LogView, PairView, RebuildView, sparkline

__all__ = ["ActorView", "DiffView", "LogView", "PairView", "RebuildView", "sparkline"]
