"""The extractor's data files (`data/*.toml`), parsed once per file version.

They are read as plain files next to this module (importlib.resources only when the package
is not installed as files) and parsed through the actor registry's cache
(`timeline.actors.registry.parse_toml`): the cue lexicon is 40 KB of TOML, ~16 ms of pure-
Python parsing on every ingest, where its cached JSON loads in under a millisecond.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from timeline.actors.registry import parse_toml

__all__ = ["load"]

_DATA = Path(__file__).with_name("data")


def load(name: str) -> dict[str, Any]:
    """The parsed TOML document `data/<name>`."""
    if _DATA.is_dir():
        data = (_DATA / name).read_bytes()
    else:  # not installed as plain files (a zip)
        from importlib import resources

        data = resources.files("timeline.extract").joinpath("data", name).read_bytes()
    return parse_toml(data)
