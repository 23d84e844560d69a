"""A database that is really down: the default connection swapped for one whose settings
point at a closed port (PostgreSQL) or an unopenable file (SQLite)."""

import socket
from contextlib import contextmanager

from django.db import connections
from django.db.utils import load_backend


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # nothing listens once the socket is closed


@contextmanager
def database_down(alias: str = "default"):
    real = connections[alias]
    settings = dict(real.settings_dict)
    if real.vendor == "postgresql":
        settings.update(HOST="127.0.0.1", PORT=str(closed_port()))
    else:
        settings.update(NAME="/nonexistent-cong-dir/down.sqlite3")
    broken = load_backend(settings["ENGINE"]).DatabaseWrapper(settings, alias)
    setattr(connections._connections, alias, broken)
    try:
        yield broken
    finally:
        broken.close()
        setattr(connections._connections, alias, real)
