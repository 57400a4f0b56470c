"""Commands that correct the record without changing it: retract, correct, reextract."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from events import EVENT_TYPES, DateRule, EventCorrected, EventRetracted, When
from timeline.cli.common import AppContext, day_type, db_option, json_option, pass_app
from timeline.corrections import analyst, correct_event, reextract, retract_event
from timeline.errors import UnknownActor
from timeline.output import emit, plain

__all__ = ["COMMANDS"]


@dataclass
class ChangeView:
    fact: EventRetracted | EventCorrected

    def to_json(self) -> dict[str, Any]:
        if isinstance(self.fact, EventRetracted):
            return {"retracted": str(self.fact.event_id), "reason": self.fact.reason, "by": str(self.fact.by)}
        r = self.fact.replacement
        return {
            "corrected": str(self.fact.event_id),
            "replacement": str(r.id),
            "type": r.type,
            "date": r.when.iso,
            "source": list(r.source),
            "target": list(r.target),
            "reason": self.fact.reason,
            "by": str(self.fact.by),
        }

    def __rich__(self) -> Any:
        if isinstance(self.fact, EventRetracted):
            return plain(f"retracted {self.fact.event_id} ({self.fact.reason})")
        r = self.fact.replacement
        arrow = f" -> {','.join(r.target)}" if r.target else ""
        return plain(
            f"corrected {self.fact.event_id}: now {r.id} {r.type} {','.join(r.source)}{arrow} on {r.when.iso}"
        )


def _actor_codes(value: str | None) -> tuple[str, ...] | None:
    if value is None:
        return None
    from timeline.actors import ActorRegistry, UnknownActorError

    registry = ActorRegistry.default()
    codes = []
    for name in (v.strip() for v in value.split(",")):
        if not name:
            continue
        try:
            codes.append(registry.resolve(name).code)
        except UnknownActorError as e:
            raise UnknownActor(str(e)) from None
    return tuple(codes)


@click.command()
@click.argument("event_id")
@click.option("--reason", required=True, help="Why the event does not stand (kept in the store).")
@click.option("--analyst", "who", help="Who retracts it (default: your login name).")
@db_option
@json_option
@pass_app
def retract(app: AppContext, event_id: str, reason: str, who: str | None, as_json: bool) -> None:
    """Retract an event that should not stand. The event stays in the store's history.

    \b
    Example:
      timeline retract 3f2a9c1e --reason "a quote of a quote, not a new statement"
    """
    emit(ChangeView(retract_event(app.store, event_id, reason, analyst(who))), app.console, as_json)


@click.command()
@click.argument("event_id")
@click.option("--reason", required=True, help="Why the event is corrected (kept in the store).")
@click.option("--type", "type_name", type=click.Choice(sorted(EVENT_TYPES)), help="The right event type.")
@click.option("--source", help="The right source actors, comma-separated (names or codes).")
@click.option("--target", help="The right target actors, comma-separated ('' for none).")
@click.option("--date", "day", type=day_type("--date"), help="The right date (YYYY-MM-DD).")
@click.option("--date-rule", type=click.Choice([r.value for r in DateRule]), help="exact or on_or_before.")
@click.option("--analyst", "who", help="Who corrects it (default: your login name).")
@db_option
@json_option
@pass_app
def correct(
    app: AppContext, event_id: str, reason: str, type_name: str | None, source: str | None,
    target: str | None, day: dt.date | None, date_rule: str | None, who: str | None, as_json: bool,
) -> None:
    """Replace an event by a corrected version; the original stays in the history.

    \b
    Examples:
      timeline correct 3f2a9c1e --type DenialIssued --reason "Moscow denied, did not accuse"
      timeline correct 3f2a9c1e --source RUS --target USA --reason "speaker is the Kremlin"
    """
    fact = correct_event(
        app.store, event_id, reason, analyst(who),
        type_name=type_name,
        source=_actor_codes(source),
        target=_actor_codes(target),
        when=When.day(day) if day else None,
        rule=DateRule(date_rule) if date_rule else None,
    )
    emit(ChangeView(fact), app.console, as_json)


@click.command()
@db_option
@json_option
@pass_app
def reextract_command(app: AppContext, as_json: bool) -> None:
    """Re-read every stored article with this version's extractor.

    New events are appended; events of an older version of the extractor that it no longer
    finds are retracted, naming the version that superseded them. An analyst's events and
    corrections stand. Each article's change is saved in one transaction.
    """
    from timeline.extract import EXTRACTOR, extract

    store = app.store
    total = sum(1 for _ in store.facts(kinds=("ingested",)))
    progress = Progress(
        TextColumn("re-extracting"), BarColumn(), MofNCompleteColumn(),
        console=app.err, disable=not app.err.is_terminal, transient=True,
    )
    with progress:
        task = progress.add_task("re-extracting", total=total)
        summary = reextract(store, EXTRACTOR, extract, on_article=lambda: progress.advance(task))

    @dataclass
    class _View:
        def to_json(self) -> Any:
            return {**summary.to_json(), "extractor": str(EXTRACTOR)}

        def __rich__(self) -> Any:
            return plain(
                f"{summary.articles} articles read with {EXTRACTOR}: {summary.changed} changed, "
                f"{summary.added} events added, {summary.retracted} retracted"
            )

    emit(_View(), app.console, as_json)


reextract_command.name = "reextract"

COMMANDS = [retract, correct, reextract_command]
