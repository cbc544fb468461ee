"""Load the demo briefings (MINUSMA and MINUSCA) from the files in `demo/`.

Safe to run again: rows are matched on their natural keys and written only
when they differ, so a second run reports everything unchanged.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from demo.loader import load_demo


class Command(BaseCommand):
    help = "Load the demo briefings for MINUSMA and MINUSCA; running it again changes nothing."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Report what would change and write nothing.")

    def handle(self, *args, dry_run=False, verbosity=1, **options):
        with transaction.atomic():
            tally = load_demo()
            if dry_run:
                transaction.set_rollback(True)
        if verbosity >= 2:
            for (model, outcome), count in sorted(tally.items()):
                self.stdout.write(f"  {model}: {count} {outcome}")
        created = sum(n for (_, outcome), n in tally.items() if outcome == "created")
        updated = sum(n for (_, outcome), n in tally.items() if outcome == "updated")
        unchanged = sum(n for (_, outcome), n in tally.items() if outcome == "unchanged")
        prefix = "Dry run: " if dry_run else ""
        if verbosity >= 1:
            self.stdout.write(
                self.style.SUCCESS(
                    f"{prefix}demo content: {created} created, {updated} updated, {unchanged} unchanged."
                )
            )
