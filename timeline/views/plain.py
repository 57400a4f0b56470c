"""Rich's layout of text without its styles, for output that Rich would print unstyled anyway.

Written to a pipe or a file (no terminal, no FORCE_COLOR), a Rich Console drops every style
and prints the laid-out characters only. Loading Rich's console and laying a view out with
it costs a `show` 60-80 ms and a `diff` (~450 lines) 100-200 ms; this module lays out the
same lines with a few string operations, and the views that use it (`__plain__`) print
exactly what Rich would, byte for byte: `tests/unit/test_views_plain.py` holds them to it.

Only the pieces the views use are here: a `Text` in a `Group` (word-wrapped at the width),
one indented with `Padding` (each line padded to the width), and a `Table` (its columns
measured, squeezed to the width and wrapped as Rich does). Wrapping and cell widths are
Rich's own functions (`rich.cells`, `rich._wrap`: small modules without the console).
Anything else raises `Unsupported`, and the caller renders with Rich instead: a tab, a line
separator Rich splits differently, a newline in a cell, markup in a header, no room at all.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import IO, Literal

from rich._wrap import divide_line
from rich.cells import cell_len, set_cell_size

__all__ = ["Column", "Unsupported", "indented", "joined", "plain_width", "table", "text"]

Justify = Literal["left", "right"]
Overflow = Literal["fold", "ellipsis"]

_TRAILING_SPACE = re.compile(r"\s+$")
_ODD = re.compile("[\t\u2028\u2029]")  # Rich expands tabs and measures with str.splitlines(): not done here


class Unsupported(Exception):
    """This layout needs Rich itself."""


def plain_width(file: IO[str], environ: os._Environ[str] | dict[str, str] = os.environ) -> int | None:
    """The width a Rich Console on `file` would lay out at, if it would print no styles; else None.

    As `rich.console.Console` decides: a terminal (or TTY_COMPATIBLE=1, or FORCE_COLOR set)
    gets styles; the width is $COLUMNS, else the size of the first terminal among stdin,
    stdout and stderr, else 80. Windows (legacy consoles take a column off) and encodings
    other than UTF (Rich draws ASCII boxes there) are left to Rich.
    """
    if sys.platform == "win32" or "idlelib" in sys.modules or "ipykernel" in sys.modules:
        return None
    tty_compatible = environ.get("TTY_COMPATIBLE", "")
    if tty_compatible == "1":
        return None
    if tty_compatible != "0":
        if environ.get("FORCE_COLOR") is not None:
            return None
        isatty = getattr(file, "isatty", None)
        try:
            if isatty is not None and isatty():
                return None
        except ValueError:  # closed
            return None
    if not (getattr(file, "encoding", None) or "utf-8").lower().startswith("utf"):
        return None
    width = None
    for fd in (0, 1, 2):
        try:
            width = os.get_terminal_size(fd).columns
        except (AttributeError, ValueError, OSError):
            continue
        break
    columns = environ.get("COLUMNS")
    if columns is not None and columns.isdigit():
        width = int(columns)
    return width or 80


def _check(value: str) -> str:
    if _ODD.search(value):
        raise Unsupported("tab or line separator")
    return value


def _divide(line: str, width: int, fold: bool) -> list[str]:
    """One line word-wrapped at `width` as `Text.wrap` divides it, each piece's trailing space
    cut back to the width (`Text.rstrip_end`); a piece may still be wider (a long word, no fold)."""
    # A line that fits has no break (each word ends within it): divide_line would find none.
    offsets = [] if cell_len(line) <= width else divide_line(line, width, fold=fold)
    pieces = []
    for start, end in zip([0, *offsets], [*offsets, len(line)]):
        piece = line[start:end]
        if len(piece) > width:
            trailing = _TRAILING_SPACE.search(piece)
            if trailing is not None:
                piece = piece[: len(piece) - min(len(trailing.group(0)), len(piece) - width)]
        pieces.append(piece)
    return pieces


def joined(lines: Sequence[str]) -> str:
    """Lines as printed: each ended by a newline."""
    return "".join(line + "\n" for line in lines)


def _fit(line: str, width: int) -> str:
    """A line cropped or padded to exactly `width` cells (`Segment.adjust_line_length`)."""
    length = cell_len(line)
    if length < width:
        return line + " " * (width - length)
    if length > width:
        return set_cell_size(line, width)
    return line


def text(value: str, width: int) -> list[str]:
    """A Rich `Text` printed at `width` (`Text.wrap` with the defaults: justify "default",
    overflow "fold"): its lines, word-wrapped, none wider than the width."""
    if width < 1:
        raise Unsupported("no room")
    return [
        set_cell_size(piece, width) if cell_len(piece) > width else piece
        for line in _check(value).split("\n")
        for piece in _divide(line, width, fold=True)
    ]


def indented(value: str, width: int, indent: int) -> list[str]:
    """`Padding(Text(value), (0, 0, 0, indent))` at `width`: each line padded to the width."""
    pad = " " * indent
    return [pad + _fit(line, width - indent) for line in text(value, width - indent)]


@dataclass(frozen=True)
class Column:
    """What `Table.add_column` was given."""

    header: str = ""
    justify: Justify = "left"
    no_wrap: bool = False
    overflow: Overflow = "ellipsis"
    min_width: int | None = None
    max_width: int | None = None


def _measure(value: str) -> tuple[int, int]:
    """`Text.__rich_measure__`: the longest word, the longest line."""
    lines = value.splitlines()
    longest = max((cell_len(line) for line in lines), default=0)
    words = value.split()
    return (max((cell_len(w) for w in words), default=longest), longest)


def _cell(value: str, width: int, column: Column) -> list[str]:
    """A cell's lines at its column's width (without padding), as Text.wrap lays them out."""
    if width < 1:
        raise Unsupported("no room")
    if "\n" in value:
        raise Unsupported("a cell of several lines")
    line = _check(value)
    pieces = [line] if column.no_wrap else _divide(line, width, fold=column.overflow == "fold")

    def truncate(s: str) -> str:
        if cell_len(s) > width:
            return set_cell_size(s, width - 1) + "…" if column.overflow == "ellipsis" else set_cell_size(s, width)
        return s

    out = []
    for piece in pieces:  # each cut to the width, then padded to it
        if column.justify == "left":
            piece = truncate(piece)
            out.append(piece + " " * (width - cell_len(piece)))
        else:
            piece = truncate(piece.rstrip())
            out.append(" " * (width - cell_len(piece)) + piece)
    return out


def _collapse(widths: list[int], wrapable: list[bool], room: int) -> list[int]:
    """`Table._collapse_widths`: take the excess from the widest columns that may wrap, then evenly."""
    excess = sum(widths) - room
    if any(wrapable):
        while sum(widths) and excess > 0:
            widest = max(w for w, can in zip(widths, wrapable) if can)
            second = max(w if can and w != widest else 0 for w, can in zip(widths, wrapable))
            ratios = [1 if (w == widest and can) else 0 for w, can in zip(widths, wrapable)]
            if not any(ratios) or not widest - second:
                break
            widths = _ratio_reduce(excess, ratios, [min(excess, widest - second)] * len(widths), widths)
            excess = sum(widths) - room
    if sum(widths) > room:  # the last resort: every column alike
        widths = _ratio_reduce(sum(widths) - room, [1] * len(widths), widths, widths)
    return widths


def _ratio_reduce(total: int, ratios: list[int], maximums: list[int], values: list[int]) -> list[int]:
    """`rich._ratio.ratio_reduce` (that module imports fractions, 7 ms)."""
    ratios = [r if m else 0 for r, m in zip(ratios, maximums)]
    total_ratio = sum(ratios)
    if not total_ratio:
        return values[:]
    remaining = total
    out = []
    for ratio, maximum, value in zip(ratios, maximums, values):
        if ratio and total_ratio > 0:
            distributed = min(maximum, round(ratio * remaining / total_ratio))
            out.append(value - distributed)
            remaining -= distributed
            total_ratio -= ratio
        else:
            out.append(value)
    return out


def table(
    columns: Sequence[Column],
    rows: Sequence[Sequence[str]],
    width: int,
    *,
    padding: tuple[int, int],
    simple_head: bool,
    show_header: bool = True,
) -> list[str]:
    """A `Table(box=SIMPLE_HEAD or None, show_edge=False, pad_edge=False, padding=(0, right, 0, left))`.

    `padding` is (left, right) inside each cell; `simple_head` draws SIMPLE_HEAD's rule under
    the header and a space between columns, else there is no box at all. Columns too wide
    for `width` are squeezed as Rich squeezes them (`Table._calculate_column_widths`), their
    cells wrapped or cut.
    """
    if show_header and any("[" in c.header for c in columns):
        raise Unsupported("markup in a header")  # a str header is parsed as console markup
    left, right = padding
    last = len(columns) - 1
    pads = [(0 if i == 0 else left, 0 if i == last else right) for i in range(len(columns))]
    divider = " " if simple_head else ""
    room = width - (len(columns) - 1 if simple_head else 0)
    cells = [[c.header for c in columns]] if show_header else []
    cells += [list(r) for r in rows]
    measured = [[_measure(row[i]) for row in cells] for i in range(len(columns))]
    widths = [_column_width(measured[i], column, sum(pads[i]), room) or 1 for i, column in enumerate(columns)]
    if sum(widths) > room:
        widths = _collapse(widths, [not c.no_wrap for c in columns], room)
        widths = [_column_width(measured[i], column, sum(pads[i]), w) for i, (w, column) in enumerate(zip(widths, columns))]
    out = []
    for n, row in enumerate(cells):
        rendered = [
            [" " * pl + line + " " * pr for line in _cell(value, w - pl - pr, column)]
            for value, w, column, (pl, pr) in zip(row, widths, columns, pads)
        ]
        height = max(len(lines) for lines in rendered)
        header = n == 0 and show_header
        for lines, w in zip(rendered, widths):  # cells top-aligned; the header's bottom-aligned
            blank = [" " * w] * (height - len(lines))
            lines[:] = blank + lines if header else lines + blank
        for i in range(height):
            line = divider.join(lines[i] for lines in rendered)
            out.append(_fit(line, width) if cell_len(line) > width else line)
        if n == 0 and show_header and simple_head:
            out.append("─" * min(sum(widths) + len(widths) - 1, width))  # lines are cropped at the width
    return out


def _column_width(measured: list[tuple[int, int]], column: Column, extra: int, room: int) -> int:
    """`Table._measure_column`'s maximum: the cells' measures with their padding, within `room`, clamped."""
    if room < 1:
        return 0
    lo, hi = [], []
    for mn, mx in measured:
        if room - extra < 1:  # Padding.__rich_measure__ with no room
            lo.append(room)
            hi.append(room)
            continue
        mn, mx = min(max(0, mn), mx), max(0, mn, mx)
        mx = min(mx, room)
        mn = min(mn, mx)
        if mx < 1:
            mn, mx = 0, 0
        lo.append(min(mn + extra, room))
        hi.append(min(mx + extra, room))
    mn, mx = (max(lo) if lo else 1), (max(hi) if hi else room)
    mn, mx = min(mn, room), min(mx, room)
    if column.min_width is not None:
        mn, mx = max(mn, column.min_width + extra), max(mx, column.min_width + extra)
    if column.max_width is not None:
        mn, mx = min(mn, column.max_width + extra), min(mx, column.max_width + extra)
    return mx
