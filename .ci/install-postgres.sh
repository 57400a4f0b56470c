#!/usr/bin/env bash
# Install the PostgreSQL server binaries the tests need (they start their own throwaway
# cluster on 127.0.0.1; nothing here starts a server). Idempotent: does nothing when the
# binaries are already there. Debian/Ubuntu: Debian's `postgresql` package.
set -euo pipefail

have_binaries() {
    for dir in /usr/lib/postgresql/*/bin; do
        if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && [ -x "$dir/postgres" ]; then
            echo "$dir"
            return 0
        fi
    done
    if command -v pg_ctl >/dev/null && command -v initdb >/dev/null && command -v postgres >/dev/null; then
        dirname "$(command -v pg_ctl)"
        return 0
    fi
    return 1
}

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

if bindir="$(have_binaries)"; then
    echo "install-postgres: server binaries found in $bindir"
else
    echo "install-postgres: installing Debian's postgresql"
    export DEBIAN_FRONTEND=noninteractive
    as_root apt-get update -q
    as_root apt-get install -y -q --no-install-recommends postgresql
    bindir="$(have_binaries)" || { echo "install-postgres: no server binaries after install" >&2; exit 1; }
    echo "install-postgres: server binaries in $bindir"
fi

# PostgreSQL refuses to run as root: the tests run it as `postgres` when CI runs as root.
if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
    useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
fi
if [ "$(id -u)" -eq 0 ] && ! command -v runuser >/dev/null && ! command -v su >/dev/null; then
    echo "install-postgres: need runuser or su to start PostgreSQL as the postgres user" >&2
    exit 1
fi
"$bindir/postgres" --version
