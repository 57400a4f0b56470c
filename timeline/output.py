"""Turning view objects into output: Rich renderables for people, JSON and CSV for scripts.

Every view object has `to_json()` (plain data) and `__rich__()` (a renderable); some also
have `__plain__(width)`, the text Rich would print without styles. `emit()` (to a Console)
and `emit_to()` (to a file, the Console made only if needed) are the one place that
chooses between them. Article text is untrusted: `safe()` removes terminal control
sequences and `plain()` makes a Rich `Text` that is never parsed as markup.

Rich loads when something is rendered with it, not with this module: a view printed to a
pipe by its `__plain__`, JSON, or an error line need none of it.
"""

from __future__ import annotations

import datetime as dt
import enum
import os
import re
import sys
from collections.abc import Callable, Iterable, Mapping
from typing import IO, TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text
    from rich.theme import Theme

__all__ = ["View", "emit", "emit_to", "make_console", "plain", "safe", "to_json_text", "write_csv", "THEME"]

# C0 controls but tab and newline, DEL, and C1 controls: a news text has no business with them,
# and printed raw they can move the cursor, retitle the window or hide text.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

STYLES = {
        "actor": "bold cyan",
        "date": "green",
        "type": "magenta",
        "evidence": "italic",
        "muted": "dim",
        "stance.allied": "bold green",
        "stance.cooperative": "green",
        "stance.neutral": "white",
        "stance.tense": "yellow",
        "stance.hostile": "bold red",
        "score.up": "green",
        "score.down": "red",
        "summary.new": "green",
        "summary.failed": "red",
        "error": "bold red",
        "warning": "yellow",
}
"""The theme's semantic style names (`THEME`, a Rich `Theme` of them, is made when first asked for)."""


def __getattr__(name: str) -> Any:
    if name == "THEME":
        from rich.theme import Theme

        theme = globals()["THEME"] = Theme(STYLES)
        return theme
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class View(Protocol):
    def to_json(self) -> Any: ...

    def __rich__(self) -> Any: ...


def safe(text: str) -> str:
    """The text with control characters (escape sequences included) replaced by U+FFFD."""
    return _CONTROL.sub("\ufffd", text)


def plain(text: str, style: str = "") -> Text:
    """Untrusted text as a Rich Text: no markup, no control sequences."""
    from rich.text import Text

    return Text(safe(text), style=style)


def make_console(file: IO[str] | None = None, width: int | None = None, stderr: bool = False) -> Console:
    """The one Console of a command. Colour follows NO_COLOR, FORCE_COLOR and whether it is a terminal."""
    from rich.console import Console

    return Console(
        file=file,
        stderr=stderr,
        width=width,
        theme=__getattr__("THEME"),
        highlight=False,
        emoji=False,
        soft_wrap=False,
        no_color=bool(os.environ.get("NO_COLOR")) or None,
    )


def _default(o: Any) -> Any:
    if isinstance(o, (dt.date, dt.datetime)):
        return o.isoformat()
    uuid = sys.modules.get("uuid")  # a UUID is there only if uuid is loaded: no need to load it
    if uuid is not None and isinstance(o, uuid.UUID):
        return str(o)
    if isinstance(o, enum.Enum):
        return o.value
    if isinstance(o, (set, frozenset, tuple)):
        return list(o)
    to_json = getattr(o, "to_json", None)
    if to_json is not None:
        return to_json()
    raise TypeError(f"cannot serialise {type(o).__name__}")


def to_json_text(data: Any, indent: int | None = 2) -> str:
    import json

    return json.dumps(data, default=_default, ensure_ascii=False, indent=indent)


def emit(view: View, console: Console, as_json: bool = False) -> None:
    """Print a view: JSON for scripts, a Rich renderable for people."""
    if as_json:
        # Straight to the file: JSON must not be wrapped, styled or re-encoded by Rich.
        _write(console.file, to_json_text(view.to_json()) + "\n")
    else:
        console.print(view)


def emit_to(view: View, file: IO[str], console: Callable[[], Console], as_json: bool = False) -> None:
    """`emit()` to `file`, which `console()` (made only if needed) prints to.

    A view with `__plain__` is printed by it where Rich would print no styles (a pipe, a
    file: `views.plain.plain_width`); anything its layout does not cover goes to Rich.
    """
    if as_json:
        _write(file, to_json_text(view.to_json()) + "\n")
        return
    if not hasattr(view, "__plain__"):
        console().print(view)
        return
    from timeline.views.plain import Unsupported, plain_width

    width = plain_width(file)
    if width is not None:
        try:
            text = view.__plain__(width)
        except Unsupported:
            pass
        else:
            _write(file, text)
            return
    console().print(view)


def _write(file: IO[str], text: str) -> None:
    file.write(text)
    file.flush()


def write_csv(rows: Iterable[Mapping[str, Any]], fields: list[str], out: IO[str]) -> int:
    import csv

    writer = csv.DictWriter(out, fieldnames=fields, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    n = 0
    for row in rows:
        writer.writerow({k: _csv_cell(v) for k, v in row.items()})
        n += 1
    return n


def _csv_cell(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return ";".join(str(v) for v in value)
    if isinstance(value, dict):
        import json

        return json.dumps(value, default=_default, ensure_ascii=False)
    return value


