"""Copying the database in and out: pg_dump / pg_restore for PostgreSQL, the online backup
API for SQLite. Both read the connection settings Django uses."""

import os
import sqlite3
import subprocess
from pathlib import Path

from django.db import connections


class DatabaseCopyError(Exception):
    pass


def vendor(using: str = "default") -> str:
    return connections[using].vendor


def _pg_env(using: str) -> dict:
    settings = connections[using].settings_dict
    env = dict(os.environ)
    pairs = {
        "PGHOST": settings.get("HOST"),
        "PGPORT": settings.get("PORT"),
        "PGUSER": settings.get("USER"),
        "PGPASSWORD": settings.get("PASSWORD"),
        "PGDATABASE": settings.get("NAME"),
        "PGCONNECT_TIMEOUT": str(settings.get("OPTIONS", {}).get("connect_timeout", 10)),
    }
    env.update({key: str(value) for key, value in pairs.items() if value})
    return env


def _run(args: list[str], using: str) -> None:
    try:
        result = subprocess.run(args, env=_pg_env(using), capture_output=True, text=True)
    except FileNotFoundError as exc:
        raise DatabaseCopyError(
            f"{args[0]} is not installed (PostgreSQL client tools are needed): {exc}"
        ) from exc
    if result.returncode != 0:
        raise DatabaseCopyError(f"{args[0]} failed: {result.stderr.strip()[:2000]}")


def dump(target: Path, using: str = "default") -> None:
    connection = connections[using]
    if connection.vendor == "postgresql":
        _run(
            ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "-f", str(target)],
            using,
        )
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            connection.connection.backup(destination)
        finally:
            destination.close()
    else:
        raise DatabaseCopyError(f"Backups of {connection.vendor} databases are not supported.")


def check_copy(source: Path, database_vendor: str, using: str = "default") -> None:
    """Read the copy through without touching the database (before anything is wiped)."""
    if database_vendor == "postgresql":
        _run(["pg_restore", "--list", str(source)], using)
    else:
        try:
            copy = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
            try:
                (result,) = copy.execute("PRAGMA integrity_check").fetchone()
            finally:
                copy.close()
        except sqlite3.DatabaseError as exc:
            raise DatabaseCopyError(f"the SQLite copy is unreadable ({exc})") from exc
        if result != "ok":
            raise DatabaseCopyError(f"the SQLite copy fails its integrity check ({result})")


def load(source: Path, using: str = "default") -> None:
    """Replace the whole database with the copy."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE")
            cursor.execute("CREATE SCHEMA public")
        connection.close()
        _run(
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                "-d",
                connection.settings_dict["NAME"],
                str(source),
            ],
            using,
        )
    else:
        connection.ensure_connection()
        copy = sqlite3.connect(source)
        try:
            copy.backup(connection.connection)
        finally:
            copy.close()
    connection.close()
