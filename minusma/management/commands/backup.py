"""Write a consistent copy of the database and the media files into backups/<UTC timestamp>/.

Safe while the site runs: SQLite is copied with its online backup API, PostgreSQL with pg_dump
(one snapshot). `manage.py restore` puts a backup back.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from minusma.backups import BackupError, create_backup


class Command(BaseCommand):
    help = "Copy the database and the media files into a new folder under backups/."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir",
            default=settings.BASE_DIR / "backups",
            help="Where to create the backup folder (default: backups/ beside manage.py).",
        )
        parser.add_argument("--database", default="default", help="The database to copy (default: default).")

    def handle(self, *args, output_dir, database, verbosity, **options):
        try:
            folder = create_backup(output_dir=output_dir, using=database)
        except BackupError as error:
            raise CommandError(f"No backup was written. {error}") from error
        if verbosity >= 2:
            for path in sorted(folder.iterdir()):
                self.stdout.write(f"  {path.name}: {path.stat().st_size:,} bytes")
        if verbosity >= 1:
            self.stdout.write(self.style.SUCCESS(f"Backup written to {folder}"))
        if settings.S3_BUCKET:
            # Said whatever the verbosity: a backup without the images must not pass for a whole one.
            self.stderr.write(
                self.style.WARNING(
                    f"Uploads are in the bucket {settings.S3_BUCKET}, not in this backup: keep copies of the bucket "
                    "(its versioning or replication)."
                )
            )
