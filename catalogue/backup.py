"""Backup and restore of the whole catalogue database: every row, its version history, users and roles.

PostgreSQL: ``pg_dump`` in its custom format and ``pg_restore`` into an empty database, so the copy is the
database itself (constraints, the search index trigger, sequences). SQLite: SQLite's own online backup.
The stored PDF books are not included: they are rebuilt from the data on the first request.
"""

import os
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection

POSTGRES_MAGIC = b"PGDMP"
SQLITE_MAGIC = b"SQLite format 3\x00"


class BackupError(Exception):
    """Backup or restore failed; the message is Dutch and names what to do."""


def _postgres_command(program: str) -> tuple[list[str], dict[str, str]]:
    settings = connection.settings_dict
    command = [program, "--no-owner", "--no-privileges", "--dbname", settings["NAME"]]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings.get(key):
            command += [option, str(settings[key])]
    env = {**os.environ}
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = settings["PASSWORD"]
    return command, env


def _run(command: list[str], env: dict[str, str]) -> None:
    try:
        completed = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise BackupError(f"{command[0]} is niet gevonden; installeer de PostgreSQL-clientprogramma's.") from None
    if completed.returncode:
        raise BackupError(f"{command[0]} is mislukt: {completed.stderr.strip()[-500:]}")


def backup(target: Path) -> None:
    """Write a backup of the database to ``target`` (written under a temporary name, then moved)."""
    partial = target.with_name(target.name + ".deels")
    try:
        if connection.vendor == "postgresql":
            command, env = _postgres_command("pg_dump")
            _run([*command, "--format=custom", "--file", str(partial)], env)
        elif connection.vendor == "sqlite":
            source = sqlite3.connect(connection.settings_dict["NAME"])
            with sqlite3.connect(partial) as copy:
                source.backup(copy)
            source.close()
        else:
            raise BackupError(f"Geen back-up voor een {connection.vendor}-database.")
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)


def restore(source: Path) -> None:
    """Restore a backup made by :func:`backup` into this (empty) database."""
    try:
        magic = source.open("rb").read(16)
    except OSError as error:
        raise BackupError(f"{source} kan niet gelezen worden: {error.strerror}.") from None
    if connection.introspection.table_names():
        raise BackupError(
            "De database is niet leeg. Zet een back-up terug in een nieuwe, lege database "
            "(PostgreSQL: createdb; SQLite: een nieuw bestand) en draai daarna manage.py migrate."
        )
    if connection.vendor == "postgresql":
        if not magic.startswith(POSTGRES_MAGIC):
            raise BackupError(f"{source} is geen PostgreSQL-back-up van deze catalogus (pg_dump, custom format).")
        command, env = _postgres_command("pg_restore")
        _run([*command, "--exit-on-error", "--single-transaction", str(source)], env)
    elif connection.vendor == "sqlite":
        if not magic.startswith(SQLITE_MAGIC):
            raise BackupError(f"{source} is geen SQLite-back-up van deze catalogus.")
        connection.close()
        with sqlite3.connect(source) as backup_file, sqlite3.connect(connection.settings_dict["NAME"]) as target:
            backup_file.backup(target)
    else:
        raise BackupError(f"Geen terugzetten voor een {connection.vendor}-database.")
