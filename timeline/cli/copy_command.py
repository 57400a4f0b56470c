"""`timeline copy --to URL`: copy the whole store to another backend."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
from eventsourcing.persistence import PersistenceError
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn
from rich.text import Text

from timeline.cli.common import AppContext, db_option, json_option, pass_app
from timeline.copy import CopyResult, copy_store
from timeline.errors import StoreError, TimelineError, UsageError
from timeline.location import CHOOSE_ANOTHER, store_error
from timeline.output import emit, plain
from timeline.store import is_postgres_url, open_store, resolve_db

__all__ = ["COMMANDS"]


def shown(where: str) -> str:
    """A store location fit to print: a path, or a URL without its password."""
    if is_postgres_url(where):
        from timeline.postgres import display_url

        return display_url(where)
    return where


def _identity(where: str) -> tuple[str, ...]:
    if is_postgres_url(where):
        from timeline.postgres import parse_url

        url = parse_url(where)
        host = "localhost" if url.host in ("127.0.0.1", "::1") else url.host.lower()
        return ("postgres", host, str(url.port), url.dbname)
    return ("sqlite", str(Path(where).resolve()))


def _failure_of(where: str, e: Exception) -> Exception:
    """A backend error of the target store at `where` as its one line (the CLI would name the
    source), pointing to --to rather than --db."""
    if isinstance(e, (PersistenceError, sqlite3.Error)) and not isinstance(e, TimelineError):
        e = store_error(where, e)
    if isinstance(e, StoreError) and CHOOSE_ANOTHER in str(e):
        return type(e)(str(e).replace(CHOOSE_ANOTHER, "choose another --to"))
    return e


@dataclass(frozen=True)
class CopyView:
    result: CopyResult
    source: str
    target: str

    def to_json(self) -> dict[str, Any]:
        return {**self.result.to_json(), "from": self.source, "to": self.target}

    def __rich__(self) -> Text:
        r = self.result
        line = Text()
        if not r.copied and r.already_there:
            line.append("nothing to copy: ")
            line.append_text(plain(self.target))
            line.append(f" already holds all {r.total} events of ")
            line.append_text(plain(self.source))
            return line
        line.append(f"copied {r.copied} events", style="summary.new")
        line.append(" from ")
        line.append_text(plain(self.source))
        line.append(" to ")
        line.append_text(plain(self.target))
        if r.already_there:
            line.append(f" (resumed after the {r.already_there} already there)", style="muted")
        line.append(f"; the copy holds {r.total} events")
        return line


@click.command()
@click.option("--to", "to", required=True, metavar="PATH|URL", help="The store to copy into: a postgresql:// URL or a SQLite file (empty, or a copy to resume).")
@click.option("--batch", default=500, show_default=True, type=click.IntRange(1, 10_000), help="Events per transaction.")
@db_option
@json_option
@pass_app
def copy(app: AppContext, to: str, batch: int, as_json: bool) -> None:
    """Copy every stored event to another store, e.g. from SQLite to PostgreSQL.

    Events keep their stream, version, content and record time, in the same order, so the
    copy's export and history equal the original's. Interrupted, it resumes where it
    stopped when run again. The target must be empty or a copy in progress of this store.

    \b
    Examples:
      timeline copy --to postgresql://timeline:PASSWORD@db.example.org/timeline
      timeline --db old.db copy --to new.db
    """
    source_where = resolve_db(app.db)
    target_where = resolve_db(to)
    if _identity(source_where) == _identity(target_where):
        raise UsageError(f"--to names the store being copied ({shown(target_where)}); give another store")
    source = app.store
    try:
        target = open_store(target_where)
    except TimelineError as e:
        raise _failure_of(target_where, e) from None
    try:
        progress = Progress(
            TextColumn("[progress.description]{task.description}"),
            BarColumn(),
            TaskProgressColumn(),
            TimeRemainingColumn(),
            console=app.err,
            disable=not app.err.is_terminal,
            transient=True,
        )
        with progress:
            task = progress.add_task("copying", total=None)
            result = copy_store(
                source,
                target,
                batch_size=batch,
                on_start=lambda end, done: progress.update(task, total=end or 1, completed=done if end else 1),
                on_progress=lambda position: progress.update(task, completed=position),
                target_error=lambda e: _failure_of(target_where, e),
            )
    finally:
        target.close()
    emit(CopyView(result, shown(source_where), shown(target_where)), app.console, as_json)


COMMANDS = [copy]
