"""Add officials' posts from the RSS and Atom feeds set on each mission ("feeds of officials' posts").

Each feed is fetched over https from a public address only, within 20 seconds and 2 MB, and read
strictly: a feed that cannot be fetched or is malformed is reported on its own line and changes
nothing, and the others are still read. A post is added once, by its link. New posts are drafts
waiting in the review queue, or published at once when DJANGO_FETCHED_UPDATES_PUBLISHED is true.
The exit status is non-zero when any feed failed. The README says how to run it on a schedule.

    manage.py fetch_updates [--dry-run]
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from imports.feeds import fetch_updates
from missions.models import Mission, feed_addresses


class Command(BaseCommand):
    help = gettext_lazy(
        "Add the new posts of the feeds set on each mission, as drafts for review. Each feed is reported on its "
        "own line; a feed that fails changes nothing, and the exit status is non-zero."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help=_("Report what would be added and write nothing."))

    def handle(self, *args, dry_run=False, verbosity=1, **options):
        feeds = failed = created = 0
        for mission in Mission.objects.exclude(update_feeds="").order_by("acronym"):
            for url in feed_addresses(mission.update_feeds):
                report = fetch_updates(mission, url, dry_run=dry_run)
                feeds += 1
                where = {"mission": mission, "url": url}
                if report.error:
                    failed += 1
                    line = _("%(mission)s, %(url)s: %(reason)s Nothing was changed.")
                    self.stderr.write(self.style.ERROR(line % {**where, "reason": report.error}))
                    continue
                created += len(report.created)
                if verbosity >= 1:
                    counts = {"new": len(report.created), "known": report.known, "left_out": report.left_out}
                    self.stdout.write(
                        _("%(mission)s, %(url)s: %(new)d new, %(known)d already here, %(left_out)d left out.")
                        % {**where, **counts}
                    )
                if verbosity >= 2:
                    for update in report.created:
                        self.stdout.write(f"  + {update.url}")
        if not feeds:
            if verbosity >= 1:
                self.stdout.write(_("No mission has a feed of officials’ posts: there is nothing to fetch."))
            return
        if verbosity >= 1:
            summary = {"created": created, "feeds": feeds - failed}
            if dry_run:
                message = _("Dry run, nothing was written. Feeds read: %(feeds)d; new posts: %(created)d.")
            elif settings.FETCHED_UPDATES_PUBLISHED:
                message = _("Feeds read: %(feeds)d; new posts: %(created)d, published.")
            else:
                message = _("Feeds read: %(feeds)d; new posts: %(created)d, as drafts in the review queue.")
            self.stdout.write(self.style.SUCCESS(message % summary))
        if failed:
            raise CommandError(
                _("Feeds that failed: %(failed)d of %(feeds)d (listed above); the others were read.")
                % {"failed": failed, "feeds": feeds}
            )
