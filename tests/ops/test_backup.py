"""A backup restored into an empty database gives back the same pages and the same media files."""

import json
import re
import shutil
import stat

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from tests.ops.processes import copy_database, manage, production_env

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = ("/", "/missions/minusma/", "/fr/missions/minusma/", "/missions/minusma/timeline/")
HERO = b"\x89PNG\r\n\x1a\n not really a picture, but bytes to get back"


def tables():
    return set(connection.introspection.table_names())


def empty_the_database():
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA foreign_keys = OFF")
        for table in tables():
            cascade = " CASCADE" if connection.vendor == "postgresql" else ""
            cursor.execute(f"DROP TABLE IF EXISTS {connection.ops.quote_name(table)}{cascade}")
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA foreign_keys = ON")


def pages(client):
    """Each page's HTML, less what differs on every request by design (CSRF tokens, CSP nonces)."""
    found = {}
    for url in PAGES:
        response = client.get(url)
        assert response.status_code == 200, url
        found[url] = re.sub(r'(csrfmiddlewaretoken" value|nonce)="[^"]*"', r'\1=""', response.content.decode())
    return found


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "heroes").mkdir(parents=True)
    (settings.MEDIA_ROOT / "heroes" / "minusma.png").write_bytes(HERO)
    return settings.MEDIA_ROOT


@pytest.fixture
def site(media, demo_snapshot):
    demo_snapshot.restore()
    yield
    if "missions_mission" not in tables():  # a failed restore must not break the tests after this one
        call_command("migrate", verbosity=0)


@pytest.fixture
def backup(site, tmp_path):
    call_command("backup", output_dir=tmp_path / "backups", verbosity=0)
    (folder,) = (tmp_path / "backups").iterdir()
    return folder


def test_a_backup_restored_into_an_empty_database_gives_the_same_pages(client, site, media, tmp_path):
    before = pages(client)
    call_command("backup", output_dir=tmp_path / "backups", verbosity=0)
    (folder,) = (tmp_path / "backups").iterdir()
    empty_the_database()
    shutil.rmtree(media)
    assert tables() == set()

    call_command("restore", str(folder), interactive=False, verbosity=0)

    assert pages(client) == before
    assert (media / "heroes" / "minusma.png").read_bytes() == HERO


def test_a_backup_is_readable_by_its_owner_only(backup):
    """It holds password hashes and unpublished drafts."""
    assert stat.S_IMODE(backup.stat().st_mode) == 0o700
    assert {stat.S_IMODE(path.stat().st_mode) for path in backup.iterdir()} == {0o600}


def test_a_backup_is_a_timestamped_folder_with_a_manifest(backup):
    assert re.fullmatch(r"\d{8}T\d{6}Z", backup.name)
    manifest = json.loads((backup / "manifest.json").read_text())
    assert manifest["engine"] == connection.vendor
    assert set(manifest["files"]) == {
        "media.tar.gz",
        "database.sqlite3" if connection.vendor == "sqlite" else "database.pgdump",
    }
    assert sorted(path.name for path in backup.iterdir()) == sorted([*manifest["files"], "manifest.json"])


def test_a_damaged_backup_is_refused_and_changes_nothing(client, backup, media):
    before = pages(client)
    database_file = next(path for path in backup.iterdir() if path.name.startswith("database."))
    with database_file.open("r+b") as file:
        file.seek(200)
        file.write(b"damage")
    (media / "new-after-backup.txt").write_text("kept")

    with pytest.raises(CommandError, match="does not match its checksum: the backup is damaged"):
        call_command("restore", str(backup), interactive=False)

    assert pages(client) == before
    assert (media / "new-after-backup.txt").read_text() == "kept"


def test_a_folder_that_is_not_a_backup_is_refused(tmp_path, site):
    with pytest.raises(CommandError, match="is not a backup: it has no manifest.json"):
        call_command("restore", str(tmp_path), interactive=False)


def test_a_backup_of_another_kind_of_database_is_refused(backup, site):
    manifest = json.loads((backup / "manifest.json").read_text())
    manifest["engine"] = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    (backup / "manifest.json").write_text(json.dumps(manifest))

    with pytest.raises(CommandError, match="restore it with the same kind of database it was taken from"):
        call_command("restore", str(backup), interactive=False)


def test_answering_anything_but_yes_cancels_the_restore(backup, monkeypatch, media):
    (media / "new-after-backup.txt").write_text("kept")
    monkeypatch.setattr("builtins.input", lambda question: "no")

    with pytest.raises(CommandError, match="Restore cancelled: nothing was changed"):
        call_command("restore", str(backup))

    assert (media / "new-after-backup.txt").read_text() == "kept"


def test_the_command_line_backup_of_a_sqlite_file_and_its_failure_exit_code(tmp_path, migrated_sqlite):
    env = production_env(tmp_path)
    copy_database(migrated_sqlite, tmp_path / "db.sqlite3")

    written = manage("backup", "--output-dir", str(tmp_path / "backups"), env=env)
    blocked = manage("backup", "--output-dir", str(tmp_path / "db.sqlite3" / "backups"), env=env)

    assert written.returncode == 0, written.stderr
    assert "Backup written to" in written.stdout
    assert blocked.returncode == 1
    assert "No backup was written. Cannot create" in blocked.stderr
    assert len(list((tmp_path / "backups").iterdir())) == 1


def test_with_media_in_a_bucket_the_backup_says_they_are_not_in_it(tmp_path, settings, capsys):
    settings.S3_BUCKET = "briefings-media"
    (tmp_path / "backups").mkdir()

    call_command("backup", output_dir=tmp_path / "backups", verbosity=0)

    assert "Uploads are in the bucket briefings-media, not in this backup" in capsys.readouterr().err
