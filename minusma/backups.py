"""Consistent copies of the database and the media files, and putting them back.

A backup is a folder `backups/<UTC timestamp>/` holding:
- `database.sqlite3` (SQLite's online backup API: readers and writers carry on meanwhile) or
  `database.pgdump` (pg_dump's custom format: one consistent snapshot);
- `media.tar.gz`, the uploaded files;
- `manifest.json`, what was copied and each file's SHA-256, so a restore can tell a complete
  backup from a damaged one before it touches anything.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.db import connections

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA_ARCHIVE = "media.tar.gz"
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}


class BackupError(Exception):
    """What went wrong, in words an administrator can act on."""


def engine_of(connection):
    if connection.vendor not in DATABASE_FILES:
        raise BackupError(f"Backups handle SQLite and PostgreSQL databases, not {connection.vendor}.")
    return connection.vendor


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def postgres_env(connection):
    """libpq's variables for Django's connection, so no password appears on a command line."""
    values = connection.settings_dict
    env = {
        "PGHOST": values.get("HOST") or "",
        "PGPORT": str(values.get("PORT") or ""),
        "PGUSER": values.get("USER") or "",
        "PGPASSWORD": values.get("PASSWORD") or "",
        "PGDATABASE": values["NAME"],
    }
    return {**os.environ, **{key: value for key, value in env.items() if value}}


def run_tool(command, env):
    if shutil.which(command[0], path=env.get("PATH")) is None:
        raise BackupError(
            f"{command[0]} is not installed: install Debian's postgresql-client of the server's version, "
            "or put its folder on PATH."
        )
    finished = subprocess.run(command, env=env, capture_output=True, text=True)
    if finished.returncode != 0:
        raise BackupError(f"{command[0]} failed: {finished.stderr.strip()}")


def create_backup(*, output_dir, using="default", now=None):
    """Write a new backup folder under `output_dir` and return its path."""
    connection = connections[using]
    engine = engine_of(connection)
    name = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    output_dir = Path(output_dir)
    final = output_dir / name
    if final.exists():
        raise BackupError(f"{final} already exists: wait a second and try again.")
    partial = output_dir / f".{name}.partial"
    try:
        partial.mkdir(parents=True)
        # It holds password hashes and drafts: its owner only, whatever the umask says.
        partial.chmod(0o700)
    except OSError as error:
        raise BackupError(f"Cannot create {partial}: {error.strerror}.") from error
    try:
        database_file = partial / DATABASE_FILES[engine]
        if engine == "sqlite":
            _backup_sqlite(connection, database_file)
        else:
            run_tool(["pg_dump", "--format=custom", f"--file={database_file}"], postgres_env(connection))
        _archive_media(partial / MEDIA_ARCHIVE)
        manifest = {
            "format": FORMAT,
            "created": (now or datetime.now(UTC)).isoformat(),
            "engine": engine,
            "files": {path.name: sha256(path) for path in (database_file, partial / MEDIA_ARCHIVE)},
        }
        (partial / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
        for path in partial.iterdir():
            path.chmod(0o600)
        partial.rename(final)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return final


def _backup_sqlite(connection, target_path):
    connection.ensure_connection()
    target = sqlite3.connect(target_path)
    try:
        with target:
            connection.connection.backup(target)
        _check_sqlite(target_path)
    finally:
        target.close()


def _check_sqlite(path):
    try:
        database = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            result = database.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            database.close()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path.name} is not a usable SQLite database: {error}.") from error
    if result != "ok":
        raise BackupError(f"{path.name} is damaged: {result}.")


def _archive_media(archive_path):
    media_root = Path(settings.MEDIA_ROOT)
    with tarfile.open(archive_path, "w:gz") as archive:
        if media_root.is_dir():
            archive.add(media_root, arcname="media")


def read_backup(folder, *, using="default"):
    """Check a backup folder completely before anything is changed; returns its manifest."""
    folder = Path(folder)
    manifest_path = folder / MANIFEST
    if not manifest_path.is_file():
        raise BackupError(f"{folder} is not a backup: it has no {MANIFEST}.")
    try:
        manifest = json.loads(manifest_path.read_text())
        engine, files = manifest["engine"], manifest["files"]
    except (ValueError, KeyError, TypeError) as error:
        raise BackupError(f"{manifest_path} is damaged and cannot be read.") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{folder} was written in a format this version does not know.")
    current = engine_of(connections[using])
    if engine != current:
        raise BackupError(
            f"{folder} holds a {engine} database, but the site now uses {current}: "
            "restore it with the same kind of database it was taken from."
        )
    expected = {DATABASE_FILES[engine], MEDIA_ARCHIVE}
    if set(files) != expected:
        raise BackupError(f"{manifest_path} does not list the files a backup has.")
    for name, checksum in files.items():
        path = folder / name
        if not path.is_file():
            raise BackupError(f"{path} is missing: the backup is incomplete.")
        if sha256(path) != checksum:
            raise BackupError(f"{path} does not match its checksum: the backup is damaged.")
    if engine == "sqlite":
        _check_sqlite(folder / DATABASE_FILES[engine])
    return manifest


def restore_backup(folder, *, using="default"):
    """Replace the database and the media files with the backup in `folder`.

    Everything is checked, and the media files unpacked beside their folder, before the
    database is touched; a failure before the database is replaced changes nothing.
    """
    folder = Path(folder)
    manifest = read_backup(folder, using=using)
    connection = connections[using]
    media_root = Path(settings.MEDIA_ROOT)
    staging = media_root.with_name(f".{media_root.name}.restoring")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        _unpack_media(folder / MEDIA_ARCHIVE, staging)
        if manifest["engine"] == "sqlite":
            _restore_sqlite(connection, folder / DATABASE_FILES["sqlite"])
        else:
            _restore_postgres(connection, folder / DATABASE_FILES["postgresql"])
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _swap_in(staging / "media", media_root)
    shutil.rmtree(staging, ignore_errors=True)
    # Cached pages show the database as it was: after a restore they would be wrong.
    for alias in settings.CACHES:
        caches[alias].clear()
    return manifest


def _unpack_media(archive_path, staging):
    staging.mkdir(parents=True)
    try:
        with tarfile.open(archive_path, "r:gz") as archive:
            # The "data" filter refuses absolute paths, "..", links out of the folder and devices.
            archive.extractall(staging, filter="data")
    except (tarfile.TarError, OSError) as error:
        raise BackupError(f"{archive_path} cannot be unpacked: {error}.") from error
    (staging / "media").mkdir(exist_ok=True)


def _restore_sqlite(connection, source_path):
    connection.ensure_connection()
    source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True)
    try:
        source.backup(connection.connection)
    except sqlite3.Error as error:
        raise BackupError(f"The database could not be replaced: {error}.") from error
    finally:
        source.close()


def _restore_postgres(connection, dump_path):
    env = postgres_env(connection)
    connection.close()
    run_tool(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={env['PGDATABASE']}",
            str(dump_path),
        ],
        env,
    )


def _swap_in(new, media_root):
    old = media_root.with_name(f".{media_root.name}.before-restore")
    shutil.rmtree(old, ignore_errors=True)
    if media_root.exists():
        media_root.rename(old)
    new.rename(media_root)
    shutil.rmtree(old, ignore_errors=True)
