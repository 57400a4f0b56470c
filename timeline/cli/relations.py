"""Commands that read the state of relations: show, log, diff, and rebuild of the read models."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import click

from timeline.actors import ActorRegistry, UnknownActorError
from timeline.cli.common import AppContext, StepProgress, day_type, db_option, json_option, pass_app, time_type
from timeline.errors import TimelineError, UnknownActor, UsageError
from timeline.location import resolve_db
from timeline.output import safe
from timeline.projections import Relations, Scope
from timeline.views import ActorView, DiffView, LogView, PairView, RebuildView

__all__ = ["COMMANDS"]


# ---------------------------------------------------------------- shared


class Names(Mapping[str, str]):
    """Display names of actor codes, from the registry; unknown codes stand for themselves."""

    def __init__(self, registry: ActorRegistry) -> None:
        self.registry = registry

    def __getitem__(self, code: str) -> str:
        try:
            return self.registry.get(code).name
        except KeyError:
            raise KeyError(code) from None

    def __iter__(self) -> Iterator[str]:
        return (a.code for a in self.registry)

    def __len__(self) -> int:
        return len(self.registry)


def _relations(app: AppContext, scope: Scope | None = None) -> Relations:
    """The read model, caught up with the store; a clear error when there is nothing to read."""
    with StepProgress(lambda: app.err) as progress:  # shown only if the model must be rebuilt first
        relations = Relations.current(resolve_db(app.db), lambda: app.store, on_step=progress)
    click.get_current_context().call_on_close(relations.close)
    if relations.latest_day(Scope()) is None:
        raise TimelineError("the store holds no events yet; run `timeline ingest PATH` first")
    if scope is not None and scope.known_at is not None and relations.latest_day(scope) is None:
        raise TimelineError(f"the store held no events at {scope.known_at:%Y-%m-%d %H:%M:%S} UTC")
    return relations


def _actor(relations: Relations, name: str, option: str) -> str:
    """The actor code NAME stands for: a registry name or alias, or a code the store holds."""
    try:
        return ActorRegistry.default().resolve(name).code
    except UnknownActorError as e:
        code = name.strip().upper()
        with relations.db.read() as tx:
            if tx.execute("SELECT 1 FROM rel_involvement WHERE actor = ? LIMIT 1", (code,)):
                return code
        raise UnknownActor(f"{option}: {e}") from None


def _types(values: tuple[str, ...]) -> tuple[str, ...]:
    if not values:
        return ()
    from events import EVENT_TYPES

    known = {name.lower(): name for name in EVENT_TYPES}
    out = []
    for value in values:
        for part in value.split(","):
            name = known.get(part.strip().lower())
            if name is None:
                raise UsageError(f"--type: unknown event type {part.strip()!r}; known: {', '.join(EVENT_TYPES)}")
            out.append(name)
    return tuple(dict.fromkeys(out))


def _limit(value: int) -> int | None:
    return None if value == 0 else value


as_of_option = click.option(
    "--as-of", type=day_type("--as-of"), help="World time: only events that happened on or before DATE."
)
known_at_option = click.option(
    "--known-at",
    type=time_type("--known-at"),
    help="Record time: only what the store held at TIME (UTC; a date means its end), corrections included.",
)


# ---------------------------------------------------------------- show


@dataclass(frozen=True)
class NoPairView:
    actor: str
    partner: str
    names: Mapping[str, str]

    def to_json(self) -> dict[str, Any]:
        return {"actor": self.actor, "partner": self.partner, "state": None, "events": []}

    def _line(self) -> str:
        a = self.names.get(self.actor, self.actor)
        b = self.names.get(self.partner, self.partner)
        return safe(f"No events between {a} ({self.actor}) and {b} ({self.partner}) in this scope.")

    def __rich__(self) -> Any:
        from rich.text import Text

        return Text(self._line(), style="muted")

    def __plain__(self, width: int) -> str:
        from timeline.views.plain import joined, text

        return joined(text(self._line(), width))


@click.command()
@click.option("--actor", "actor_name", required=True, metavar="NAME", help="The actor: a code, name or alias (DPRK, PRK, \"North Korea\", Pyongyang).")
@click.option("--with", "partner_name", metavar="NAME", help="A partner: show the pair in depth.")
@as_of_option
@known_at_option
@click.option("--limit", type=click.IntRange(min=0), default=None, help="Partners to list (default 20), or the pair's events (default 50); 0 for all.")
@click.option("--recent", type=click.IntRange(min=0), default=8, show_default=True, help="Recent events to list under the relations.")
@db_option
@json_option
@pass_app
def show(
    app: AppContext,
    actor_name: str,
    partner_name: str | None,
    as_of: dt.date | None,
    known_at: dt.datetime | None,
    limit: int | None,
    recent: int,
    as_json: bool,
) -> None:
    """Show how an actor stands with each partner, or one pair in depth.

    Relations are listed most significant first (by recent, weighted activity) with their
    stance, score (-10 hostile … +10 allied, time-decayed, see docs/relations.md), trend
    over the last 90 days, event counts and last event; then the actor's recent events
    with their evidence. With --with, the pair: each direction, the score over time, and
    every event with its sentence and article.

    \b
    Examples:
      timeline show --actor DPRK
      timeline show --actor "North Korea" --with RUS
      timeline show --actor PRK --as-of 2023-12-31
      timeline show --actor PRK --known-at 2024-06-01 --json
    """
    scope = Scope(as_of=as_of, known_at=known_at)
    relations = _relations(app, scope)
    actor = _actor(relations, actor_name, "--actor")
    names = Names(ActorRegistry.default())
    if partner_name:
        partner = _actor(relations, partner_name, "--with")
        if partner == actor:
            raise UsageError(f"--with names the same actor as --actor ({actor})")
        history = relations.pair(actor, partner, scope, limit=50 if limit is None else (limit or 10**9))
        app.emit(PairView(history, names) if history else NoPairView(actor, partner, names), as_json)
        return
    result = relations.actor(actor, scope, limit=_limit(20 if limit is None else limit), recent=recent)
    assert result is not None  # _relations checked that the scope holds events
    app.emit(ActorView(result, names), as_json)


# ---------------------------------------------------------------- log


@click.command()
@click.option("--actor", "actor_name", metavar="NAME", help="Only events this actor takes part in.")
@click.option("--with", "partner_name", metavar="NAME", help="Only events between --actor and this partner.")
@click.option("--type", "types", multiple=True, metavar="TYPE", help="Only this event type (repeat, or comma-separate).")
@click.option("--since", type=day_type("--since"), help="Only events on or after DATE.")
@click.option("--until", type=day_type("--until"), help="Only events on or before DATE.")
@as_of_option
@known_at_option
@click.option("--limit", type=click.IntRange(min=0), default=100, show_default=True, help="Show the latest N events; 0 for all.")
@db_option
@json_option
@pass_app
def log(
    app: AppContext,
    actor_name: str | None,
    partner_name: str | None,
    types: tuple[str, ...],
    since: dt.date | None,
    until: dt.date | None,
    as_of: dt.date | None,
    known_at: dt.datetime | None,
    limit: int,
    as_json: bool,
) -> None:
    """List events in date order, with their evidence, filtered.

    In a terminal the list opens in a pager.

    \b
    Examples:
      timeline log --actor DPRK
      timeline log --actor PRK --with RUS --since 2024-01-01
      timeline log --type SanctionsImposed,MissileLaunched --limit 0
    """
    if partner_name and not actor_name:
        raise UsageError("--with needs --actor")
    if since and until and since > until:
        raise UsageError(f"--since {since} is after --until {until}")
    scope = Scope(as_of=as_of, known_at=known_at)
    relations = _relations(app, scope)
    actor = _actor(relations, actor_name, "--actor") if actor_name else None
    partner = _actor(relations, partner_name, "--with") if partner_name else None
    type_names = _types(types)
    page = relations.log(scope, actor=actor, partner=partner, types=type_names, since=since, until=until, limit=_limit(limit))
    described = [p for p in (
        f"actor {actor}" if actor else "",
        f"with {partner}" if partner else "",
        f"type {', '.join(type_names)}" if type_names else "",
        f"since {since}" if since else "",
        f"until {until}" if until else "",
        f"as of {as_of}" if as_of else "",
        f"known at {known_at:%Y-%m-%d %H:%M:%S} UTC" if known_at else "",
    ) if p]
    view = LogView(page, "; ".join(described))
    from timeline.views.plain import plain_width

    # To a pipe or a file, printed without Rich; a terminal gets the pager.
    if not as_json and plain_width(sys.stdout) is None and app.console.is_terminal:
        with app.console.pager(styles=True):
            app.console.print(view)
    else:
        app.emit(view, as_json)


# ---------------------------------------------------------------- diff


@click.command()
@click.argument("start", metavar="FROM", type=day_type("FROM"))
@click.argument("end", metavar="TO", type=day_type("TO"))
@click.option("--actor", "actor_name", metavar="NAME", help="Only the pairs this actor is in.")
@known_at_option
@click.option("--limit", type=click.IntRange(min=0), default=30, show_default=True, help="Pairs to list, biggest change first; 0 for all.")
@db_option
@json_option
@pass_app
def diff(
    app: AppContext, start: dt.date, end: dt.date, actor_name: str | None, known_at: dt.datetime | None, limit: int, as_json: bool
) -> None:
    """Show what changed between two dates: per pair, stance and score at FROM and at TO.

    Lists the pairs whose events or stance moved, the pairs that appeared and the ones
    that went quiet, biggest change first, with the events in (FROM, TO] that weighed
    most.

    \b
    Examples:
      timeline diff 2023-12-31 2024-11-30 --actor DPRK
      timeline diff 2024-01-01 today --json
    """
    if start > end:
        raise UsageError(f"FROM {start} is after TO {end}")
    scope = Scope(known_at=known_at)
    relations = _relations(app, scope)
    actor = _actor(relations, actor_name, "--actor") if actor_name else None
    result = relations.diff(start, end, scope, actor=actor, limit=_limit(limit))
    app.emit(DiffView(result, Names(ActorRegistry.default())), as_json)


# ---------------------------------------------------------------- rebuild


@click.command()
@db_option
@json_option
@pass_app
def rebuild(app: AppContext, as_json: bool) -> None:
    """Drop the read models and rebuild them from the store.

    Never needed for correctness (they follow the store on their own, and rebuild
    themselves when their format changes), but safe at any time: the store is the only
    truth.
    """
    relations = Relations(app.store, catch_up=False)
    try:
        with StepProgress(app.err, "rebuilding") as progress:
            result = relations.rebuild(on_step=progress)
    finally:
        relations.close()
    app.emit(RebuildView(result), as_json)


COMMANDS = [show, log, diff, rebuild]
