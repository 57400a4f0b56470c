"""A throwaway PostgreSQL server on loopback, for benchmarks (and tests that want to share it).

    from bench.pgserver import PostgresServer, find_postgres_bin

    server = PostgresServer(find_postgres_bin())      # initdb in a fresh temporary directory
    server.start()                                     # 127.0.0.1, a free port, fsync off
    url = server.create_database("bench")              # postgresql://user:pw@127.0.0.1:port/bench_1
    ...
    server.destroy()                                   # stop, and remove the directory

    python bench/pgserver.py [--dir DIR]               # start one and wait (Ctrl-C stops it)

The same logic as the tests' fixture (tests/conftest.py), without pytest: the server binaries
come from $TIMELINE_PG_BIN, /usr/lib/postgresql/*/bin (Debian's `postgresql` package;
`.ci/install-postgres.sh` installs it) or PATH. PostgreSQL refuses to run as root: as root,
the cluster is created and run as the `postgres` user through `runuser` (or `su`).

With `directory=`, the cluster lives there and is kept: a later `PostgresServer` on the same
directory reuses it (benchmarks keep generated stores between runs that way); `stop()`
leaves it in place, `destroy()` removes it.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

__all__ = ["PG_PASSWORD", "PG_USER", "PostgresServer", "find_postgres_bin"]

PG_USER = "timeline_bench"
PG_PASSWORD = "bench-Pw-5e1a"  # loopback only, for a throwaway cluster
PG_SERVER_USER = "postgres"  # the unprivileged account that runs the server when we are root


def find_postgres_bin() -> Path | None:
    """The newest server's bin directory: $TIMELINE_PG_BIN, Debian's, or PATH's."""
    candidates: list[Path] = []
    if os.environ.get("TIMELINE_PG_BIN"):
        candidates.append(Path(os.environ["TIMELINE_PG_BIN"]))

    def version(p: Path) -> tuple[int, ...]:
        return tuple(int(x) for x in p.parent.name.split(".") if x.isdigit())

    candidates += sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=version, reverse=True)
    on_path = shutil.which("pg_ctl")
    if on_path:
        candidates.append(Path(on_path).resolve().parent)
    for c in candidates:
        if all((c / exe).is_file() for exe in ("initdb", "pg_ctl", "postgres")):
            return c
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PostgresServer:
    """One cluster on loopback. `url(db)` gives a store URL with the password."""

    def __init__(
        self,
        bindir: Path,
        directory: Path | None = None,
        *,
        user: str = PG_USER,
        password: str = PG_PASSWORD,
        settings: dict[str, str] | None = None,
    ) -> None:
        self.bindir = bindir
        self.user = user
        self.password = password
        self.settings = settings or {}
        self.as_root = os.geteuid() == 0
        if self.as_root:
            try:
                pwd.getpwnam(PG_SERVER_USER)
            except KeyError:
                raise RuntimeError(
                    f"running as root, and there is no {PG_SERVER_USER!r} user to run PostgreSQL as; "
                    "run .ci/install-postgres.sh"
                ) from None
        if directory is None:
            self.dir = Path(tempfile.mkdtemp(prefix="timeline-pg-"))
        else:
            self.dir = Path(directory)
            self.dir.mkdir(parents=True, exist_ok=True)
        self.data = self.dir / "data"
        self.port = 0
        self._names = itertools.count(1)
        self._free: list[str] = []
        if self.as_root:
            shutil.chown(self.dir, PG_SERVER_USER)
        if not (self.data / "PG_VERSION").exists():
            self._initdb()

    def _initdb(self) -> None:
        shutil.rmtree(self.data, ignore_errors=True)
        pwfile = self.dir / "pwfile"
        pwfile.write_text(self.password + "\n")
        if self.as_root:
            shutil.chown(pwfile, PG_SERVER_USER)
        try:
            self._run(
                "initdb", "-D", str(self.data), "-U", self.user, "--pwfile", str(pwfile),
                "--auth=scram-sha-256", "-E", "UTF8", "--no-locale", "--no-sync",
            )  # fmt: skip
        finally:
            pwfile.unlink(missing_ok=True)

    def _run(self, exe: str, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        cmd = [str(self.bindir / exe), *args]
        if self.as_root:
            cmd = ["runuser", "-u", PG_SERVER_USER, "--", *cmd] if shutil.which("runuser") else [
                "su", PG_SERVER_USER, "-s", "/bin/sh", "-c", " ".join(f"'{c}'" for c in cmd)
            ]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=120, cwd=self.dir)
        if check and done.returncode != 0:
            raise RuntimeError(f"{exe} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
        return done

    def start(self) -> bool:
        """Start the server; False if it was already running on this directory (it is adopted)."""
        running = self.running_port()
        if running:
            self.port = running
            return False
        extra = "".join(f" -c {k}={v}" for k, v in self.settings.items())
        done = None
        for attempt in range(5):
            port = self.port if self.port and attempt == 0 else free_port()
            options = (
                f"-p {port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off "
                f"-c synchronous_commit=off -c full_page_writes=off -c max_connections=200{extra}"
            )
            done = self._run(
                "pg_ctl", "-D", str(self.data), "-l", str(self.dir / "server.log"), "-w", "-t", "60",
                "-o", options, "start", check=False,
            )  # fmt: skip
            if done.returncode == 0:
                self.port = port
                return True
        log = (self.dir / "server.log").read_text(errors="replace")[-2000:]
        raise RuntimeError(f"PostgreSQL did not start:\n{done.stdout if done else ''}\n{done.stderr if done else ''}\n{log}")

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop", check=False)

    def running(self) -> bool:
        return self._run("pg_ctl", "-D", str(self.data), "status", check=False).returncode == 0

    def destroy(self) -> None:
        self.stop("immediate")
        shutil.rmtree(self.dir, ignore_errors=True)

    def running_port(self) -> int | None:
        """The port of a server already running on this data directory, if any."""
        try:
            lines = (self.data / "postmaster.pid").read_text().splitlines()
        except OSError:
            return None
        if not self.running():
            return None
        try:
            return int(lines[3])
        except (IndexError, ValueError):
            return None

    def server_pid(self) -> int | None:
        """The postmaster's process id (its first line of postmaster.pid), if it runs."""
        try:
            return int((self.data / "postmaster.pid").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return None

    def url(self, dbname: str, password: str | None = None, user: str | None = None) -> str:
        return f"postgresql://{user or self.user}:{password or self.password}@127.0.0.1:{self.port}/{dbname}"

    def databases(self) -> set[str]:
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            return {r[0] for r in conn.execute("SELECT datname FROM pg_database")}

    def create_database(self, prefix: str = "t", name: str | None = None) -> str:
        """A fresh, empty database (named `name`, else `<prefix>_<n>`); returns its URL."""
        import psycopg

        name = name or f"{prefix}_{next(self._names)}"
        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def drop_database(self, name: str) -> None:
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def acquire_database(self) -> str:
        """An empty database: a used one wiped clean (milliseconds), else a new one (~0.3 s)."""
        if self._free:
            return self.url(self._free.pop())
        return self.create_database()

    def release_database(self, url: str) -> None:
        """Disconnect everyone from the database, drop everything in it, keep it for reuse."""
        import psycopg

        name = url.rsplit("/", 1)[1]
        with contextlib.suppress(psycopg.Error), psycopg.connect(self.url(name), autocommit=True) as conn:
            conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            conn.execute("SET lock_timeout = '5s'")
            conn.execute(f"DROP SCHEMA public CASCADE; CREATE SCHEMA public AUTHORIZATION {self.user}")
            self._free.append(name)


def main() -> None:
    import argparse
    import time

    ap = argparse.ArgumentParser(description="Start a throwaway PostgreSQL server on loopback and wait.")
    ap.add_argument("--dir", type=Path, help="keep the cluster in DIR (reused when it exists)")
    args = ap.parse_args()
    bindir = find_postgres_bin()
    if bindir is None:
        raise SystemExit("PostgreSQL server binaries not found (install them with .ci/install-postgres.sh)")
    server = PostgresServer(bindir, args.dir)
    server.start()
    print(f"PostgreSQL on 127.0.0.1:{server.port}, data in {server.data}")
    print(f"store URL: {server.url('<dbname>')}   (createdb: server.create_database)")
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        server.stop() if args.dir else server.destroy()


if __name__ == "__main__":
    main()
