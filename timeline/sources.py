"""Reading articles: text and Markdown files with front matter, folders, JSON Lines batches.

A source yields `Draft`s (an article ready to be identified and extracted) and `SourceError`s
(an article that cannot be read, with the reason). One bad article never stops a batch.

Front matter is a block of `key: value` lines between two `---` lines at the top of a file
(title, source, url, published, dateline). The text after it is kept verbatim.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from events import ArticleIngested
from timeline.errors import SourceError
from timeline.store import article_id_for

__all__ = [
    "ARTICLE_SUFFIXES",
    "MAX_ARTICLE_BYTES",
    "Draft",
    "read_sources",
    "parse_front_matter",
]

ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".jsonl")
MAX_ARTICLE_BYTES = 5 * 1024 * 1024  # a long news article is ~100 KB; past this it is not one
MAX_BATCH_BYTES = 2 * 1024 * 1024 * 1024
FRONT_MATTER_KEYS = ("title", "source", "url", "published", "dateline", "date")
_KEY_LINE = re.compile(r"^([A-Za-z_][A-Za-z0-9_-]*)\s*:\s*(.*?)\s*$")


@dataclass(frozen=True)
class Draft:
    """An article read from a source, before extraction."""

    text: str
    published: dt.date
    title: str = ""
    source: str = ""
    url: str = ""
    dateline: str = ""
    path: str = ""

    def to_fact(self) -> ArticleIngested:
        return ArticleIngested(
            article_id=article_id_for(self.text),
            title=self.title or _first_line(self.text),
            text=self.text,
            published=self.published,
            source=self.source,
            url=self.url,
            dateline=self.dateline,
            path=self.path,
        )


def _first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line.strip()[:200]
    return ""


def parse_published(value: str, where: str) -> dt.date:
    from timeline.extract.dates import publication_date

    try:
        return publication_date(value)
    except ValueError as e:
        raise SourceError(where, f"publication date {value!r} does not parse ({e}); write it as YYYY-MM-DD") from None


def parse_front_matter(raw: str, where: str) -> tuple[dict[str, str], str]:
    """Split `---` front matter from the text. Returns (metadata, text)."""
    if not raw.startswith("---"):
        return {}, raw
    first_newline = raw.find("\n")
    if first_newline == -1 or raw[:first_newline].strip() != "---":
        return {}, raw
    meta: dict[str, str] = {}
    pos = first_newline + 1
    while True:
        newline = raw.find("\n", pos)
        line = raw[pos:] if newline == -1 else raw[pos:newline]
        if line.strip() == "---":
            text = "" if newline == -1 else raw[newline + 1 :]
            return meta, text
        if newline == -1:
            raise SourceError(where, "front matter is not closed: add a line '---' after it")
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            m = _KEY_LINE.match(stripped)
            if not m:
                line_no = raw.count("\n", 0, pos) + 1
                raise SourceError(
                    where, f"front matter line {line_no} is not 'key: value': {stripped[:60]!r}"
                )
            key, value = m.group(1).lower(), m.group(2)
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
                value = value[1:-1]
            meta[key] = value
        pos = newline + 1


def _decode(data: bytes, where: str) -> str:
    if b"\x00" in data[:8192]:
        raise SourceError(where, "is a binary file, not an article; give .txt, .md or .jsonl text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise SourceError(
            where, f"is not UTF-8 text (bad byte at offset {e.start}); convert it to UTF-8"
        ) from None
    return text.removeprefix("\ufeff")


def _draft(
    text: str,
    meta: dict[str, str],
    where: str,
    published: dt.date | None,
    source: str | None,
) -> Draft:
    if not text.strip():
        raise SourceError(where, "the article is empty")
    raw_date = meta.get("published") or meta.get("date")
    if raw_date:
        day = parse_published(raw_date, where)
    elif published is not None:
        day = published
    else:
        raise SourceError(
            where, "has no publication date: add 'published: YYYY-MM-DD' to its front matter or pass --published"
        )
    return Draft(
        text=text,
        published=day,
        title=meta.get("title", ""),
        source=meta.get("source") or source or "",
        url=meta.get("url", ""),
        dateline=meta.get("dateline", ""),
        path=where,
    )


def read_file(path: Path, published: dt.date | None = None, source: str | None = None) -> Draft:
    where = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_ARTICLE_BYTES:
            raise SourceError(
                where,
                f"is {size / 1048576:.0f} MB, more than an article's limit of "
                f"{MAX_ARTICLE_BYTES // 1048576} MB; split it into articles (a .jsonl batch holds many)",
            )
        data = path.read_bytes()
    except OSError as e:
        raise SourceError(where, f"cannot be read: {e.strerror}") from None
    raw = _decode(data, where)
    meta, text = parse_front_matter(raw, where)
    return _draft(text, meta, where, published, source)


def read_jsonl(
    path: Path, published: dt.date | None = None, source: str | None = None
) -> Iterator[Draft | SourceError]:
    """One article per line: {"title", "text", "published", "source", "url", "dateline"}."""
    try:
        handle = path.open("rb")
    except OSError as e:
        yield SourceError(str(path), f"cannot be read: {e.strerror}")
        return
    with handle:
        for n, line in enumerate(handle, 1):
            where = f"{path}:{n}"
            if not line.strip():
                continue
            try:
                if len(line) > MAX_ARTICLE_BYTES:
                    raise SourceError(where, "line is larger than an article's limit")
                obj = json.loads(_decode(line, where))
                if not isinstance(obj, dict):
                    raise SourceError(where, "is not a JSON object with a 'text' key")
                text = obj.get("text")
                if not isinstance(text, str):
                    raise SourceError(where, "has no 'text' string")
                meta = {k: str(v) for k, v in obj.items() if k in FRONT_MATTER_KEYS and v is not None}
                yield _draft(text, meta, where, published, source)
            except json.JSONDecodeError as e:
                yield SourceError(where, f"is not valid JSON ({e.msg} at column {e.colno})")
            except SourceError as e:
                yield e


def _article_files(folder: Path) -> list[Path]:
    return sorted(
        p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )


def count_articles(paths: list[Path]) -> int:
    """How many articles the paths hold, for the progress bar (JSON Lines counted by line)."""
    total = 0
    for path in paths:
        files = _article_files(path) if path.is_dir() else [path]
        for f in files:
            if f.suffix.lower() == ".jsonl":
                try:
                    with f.open("rb") as h:
                        total += sum(1 for line in h if line.strip())
                except OSError:
                    total += 1
            else:
                total += 1
    return total


def read_sources(
    paths: list[Path], published: dt.date | None = None, source: str | None = None
) -> Iterator[Draft | SourceError]:
    """Every article the paths name, in order; unreadable ones as SourceError."""
    for path in paths:
        if not path.exists():
            yield SourceError(str(path), "does not exist; check the path")
            continue
        if path.is_dir():
            files = _article_files(path)
            if not files:
                yield SourceError(
                    str(path), f"holds no articles ({', '.join(ARTICLE_SUFFIXES)} files)"
                )
            for f in files:
                yield from _read_one(f, published, source)
        else:
            yield from _read_one(path, published, source)


def _read_one(path: Path, published: dt.date | None, source: str | None) -> Iterator[Draft | SourceError]:
    if path.suffix.lower() == ".jsonl":
        yield from read_jsonl(path, published, source)
        return
    try:
        yield read_file(path, published, source)
    except SourceError as e:
        yield e


