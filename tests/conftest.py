"""Fixtures shared by every kind of test.

`db` is the store a test runs against: a fresh SQLite file, and (when the PostgreSQL
fixtures are available) a fresh PostgreSQL database on a throwaway local server.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
SHARED = REPO.parent / "shared"


@pytest.fixture(autouse=True)
def _plain_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No colour settings or store location leak in from the developer's shell."""
    for name in ("NO_COLOR", "FORCE_COLOR", "TIMELINE_DB", "COLUMNS", "LINES", "TTY_COMPATIBLE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))


@pytest.fixture
def sqlite_db(tmp_path: Path) -> str:
    return str(tmp_path / "store.db")


@pytest.fixture(params=["sqlite"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty store location on each backend."""
    if request.param == "sqlite":
        return str(tmp_path / "store.db")
    raise AssertionError(request.param)  # pragma: no cover


def shared_path(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not beside the repository")
    return path


os.environ.setdefault("TIMELINE_LOCK_TIMEOUT", "5")
