"""What every command shares: the store option, the console, JSON output, date options."""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

import click

from timeline.errors import BadDate

if TYPE_CHECKING:
    from rich.console import Console

    from timeline.store import TimelineStore

__all__ = [
    "AppContext",
    "db_option",
    "json_option",
    "parse_day",
    "parse_time",
    "pass_app",
]

F = TypeVar("F", bound=Callable[..., Any])


def _console(stderr: bool = False) -> Console:
    from timeline.output import make_console  # Rich loads for a command, not for `--help`

    return make_console(stderr=stderr)


@dataclass
class AppContext:
    """Per-invocation state: which store, one console for stdout and one for stderr (each made when first used)."""

    db: str | None = None
    _store: TimelineStore | None = None
    _console: Console | None = None
    _err: Console | None = None

    @property
    def console(self) -> Console:
        if self._console is None:
            self._console = _console()
        return self._console

    @property
    def err(self) -> Console:
        if self._err is None:
            self._err = _console(stderr=True)
        return self._err

    def emit(self, view: Any, as_json: bool = False) -> None:
        """Print a view to stdout (`output.emit_to`): a view printed without Rich never loads it."""
        from timeline.output import emit_to

        emit_to(view, self._console.file if self._console is not None else sys.stdout, lambda: self.console, as_json)

    @property
    def store(self) -> TimelineStore:
        if self._store is None:
            from timeline.store import open_store  # eventsourcing loads only for a command that opens the store

            self._store = open_store(self.db)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


pass_app = click.make_pass_decorator(AppContext, ensure=True)


def _set_db(ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value:
        ctx.ensure_object(AppContext).db = value
    return value


def db_option(f: F) -> F:
    """`--db PATH|URL`: the store to use (default: TIMELINE_DB, then the per-user location)."""
    return click.option(
        "--db",
        metavar="PATH|URL",
        expose_value=False,
        callback=_set_db,
        is_eager=True,
        help="Store: a SQLite file or a postgresql:// URL (default: $TIMELINE_DB, then the per-user data file).",
    )(f)


def json_option(f: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts instead of a table.")(f)


_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_day(value: str, what: str = "date") -> dt.date:
    """A world date from the command line: 2023-12-31, 31 Dec 2023, today, yesterday."""
    if _ISO_DAY.fullmatch(value):
        try:  # the usual form, read as pendulum reads it without loading pendulum
            return dt.date.fromisoformat(value)
        except ValueError:
            pass  # not a day of the calendar: pendulum's verdict below
    import pendulum

    text = value.strip().lower()
    today = pendulum.today().date()
    if text == "today":
        return today
    if text == "yesterday":
        return today.subtract(days=1)
    try:
        parsed = pendulum.parse(value, strict=False)
    except (ValueError, pendulum.parsing.exceptions.ParserError, OverflowError):
        raise BadDate(f"{what} {value!r} is not a date; write it as YYYY-MM-DD") from None
    if isinstance(parsed, pendulum.DateTime):
        return dt.date(parsed.year, parsed.month, parsed.day)
    if isinstance(parsed, pendulum.Date):
        return dt.date(parsed.year, parsed.month, parsed.day)
    raise BadDate(f"{what} {value!r} is not a date; write it as YYYY-MM-DD")


def parse_time(value: str, what: str = "time") -> dt.datetime:
    """A record time: an ISO date (its end of day, UTC) or date-time (UTC unless it says)."""
    import pendulum

    try:
        parsed = pendulum.parse(value.strip(), strict=False, tz="UTC")
    except (ValueError, pendulum.parsing.exceptions.ParserError, OverflowError):
        raise BadDate(f"{what} {value!r} is not a date or time; write it as YYYY-MM-DD or YYYY-MM-DDTHH:MM") from None
    if isinstance(parsed, pendulum.DateTime):
        if len(value.strip()) <= 10:  # a bare date means all of that day
            parsed = parsed.end_of("day")
        return dt.datetime.fromtimestamp(parsed.timestamp(), tz=dt.timezone.utc)
    if isinstance(parsed, pendulum.Date):
        end = pendulum.datetime(parsed.year, parsed.month, parsed.day, tz="UTC").end_of("day")
        return dt.datetime.fromtimestamp(end.timestamp(), tz=dt.timezone.utc)
    raise BadDate(f"{what} {value!r} is not a date or time")


class _Parsed(click.ParamType):
    """A click type that parses with one of the functions above; a bad value is a usage error."""

    def __init__(self, name: str, parse: Callable[[str, str], Any], what: str, done: type) -> None:
        self.name, self.parse, self.what, self.done = name, parse, what, done

    def convert(self, value: Any, param: Any, ctx: Any) -> Any:
        if isinstance(value, self.done):
            return value
        try:
            return self.parse(str(value), self.what)
        except BadDate as e:
            self.fail(str(e), param, ctx)


def day_type(what: str) -> click.ParamType:
    return _Parsed("DATE", parse_day, what, dt.date)


def time_type(what: str) -> click.ParamType:
    return _Parsed("TIME", parse_time, what, dt.datetime)


class StepProgress:
    """A progress display on stderr that appears only once an operation reports a step.

    Passed as `on_step` to whatever may turn into a long job (a read-model rebuild on first
    use after an upgrade): quick commands show nothing; on a terminal a rebuild shows its
    steps; piped, nothing is drawn.
    """

    def __init__(self, console: Console | Callable[[], Console], label: str = "rebuilding the read model") -> None:
        self._console = console  # or what makes it: made only once a step is reported
        self.label = label
        self.progress: Any = None
        self.task: Any = None

    @property
    def console(self) -> Console:
        if callable(self._console):
            self._console = self._console()
        return self._console

    def __call__(self, description: str, done: int, total: int) -> None:
        if self.progress is None:
            if not self.console.is_terminal:
                return
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self.progress = Progress(
                TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(),
                TimeElapsedColumn(), console=self.console, transient=True,
            )
            self.progress.start()
            self.task = self.progress.add_task(self.label, total=None)
        self.progress.update(self.task, description=f"{self.label}: {description}", completed=done, total=total or None)

    def close(self) -> None:
        if self.progress is not None:
            self.progress.stop()
            self.progress = None

    def __enter__(self) -> StepProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
