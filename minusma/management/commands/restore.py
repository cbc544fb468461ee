"""Replace the database and the media files with a backup written by `manage.py backup`.

The backup is checked completely (checksums, database integrity, the kind of database) before
anything changes; a damaged or foreign backup changes nothing. Stop the app servers first, or
readers may see the site half restored.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from minusma.backups import BackupError, read_backup, restore_backup


class Command(BaseCommand):
    help = "Replace the database and the media files with the backup in FOLDER (e.g. backups/20261127T031500Z)."

    def add_arguments(self, parser):
        parser.add_argument("folder", help="The backup folder, as `manage.py backup` printed it.")
        parser.add_argument("--no-input", action="store_false", dest="interactive", help="Do not ask for confirmation.")
        parser.add_argument("--database", default="default", help="The database to replace (default: default).")

    def handle(self, *args, folder, interactive, database, verbosity, **options):
        try:
            manifest = read_backup(folder, using=database)
            if interactive:
                question = (
                    f"This replaces everything in the {manifest['engine']} database and in {settings.MEDIA_ROOT} "
                    f"with the backup taken {manifest['created']}.\nType 'yes' to continue: "
                )
                if input(question).strip().lower() != "yes":
                    raise CommandError("Restore cancelled: nothing was changed.")
            restore_backup(folder, using=database)
        except BackupError as error:
            raise CommandError(f"Nothing was restored. {error}") from error
        if verbosity >= 1:
            self.stdout.write(self.style.SUCCESS(f"Restored the backup taken {manifest['created']} from {folder}"))
