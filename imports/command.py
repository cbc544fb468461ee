"""What the two import commands share: their arguments, their errors and the printed report."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils.translation import gettext as _

from .download import ANY_WEB_ADDRESS
from .models import ImportRun
from .services import import_file, stopped
from .sources import DEFAULT_TIMEOUT, SourceError, is_url


class ImportCommand(BaseCommand):
    kind = None

    def add_arguments(self, parser):
        parser.add_argument(
            "source",
            nargs="?",
            metavar="SOURCE",
            help=_("A file path or an http(s) address; without one, the UN Peace and Security Data Hub’s file."),
        )
        parser.add_argument(
            "--mission",
            dest="missions",
            nargs="+",
            action="extend",
            default=[],
            metavar="ACRONYM",
            help=_("Import only these missions (give SOURCE before this option)."),
        )
        parser.add_argument("--dry-run", action="store_true", help=_("Report what would change and write nothing."))
        parser.add_argument(
            "--create-missions",
            action="store_true",
            help=_(
                "Create missions the site does not have, as unpublished drafts. Without it, their rows are left out."
            ),
        )
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help=_("Import the valid rows and list the invalid ones, instead of rejecting the whole file."),
        )
        parser.add_argument(
            "--timeout",
            type=float,
            default=DEFAULT_TIMEOUT,
            help=_("Seconds the whole download may take when SOURCE is an address (default: %(default)s)."),
        )

    def default_source(self, options):
        raise NotImplementedError

    def kind_for(self, options):
        return self.kind

    def handle(
        self, *args, source=None, missions=(), dry_run=False, skip_invalid=False, create_missions=False, **options
    ):
        self.verbosity = options["verbosity"]
        kind = self.kind_for(options)
        for name in missions:
            if "/" in name or name.lower().endswith(".csv"):
                raise CommandError(
                    _("“%(name)s” is not a mission acronym: give SOURCE before --mission.") % {"name": name}
                )
        source = source or self.default_source(options)
        if self.verbosity >= 1 and is_url(source):
            self.stdout.write(_("Downloading %(url)s …") % {"url": source})
        started = time.monotonic()
        try:
            report, _run = import_file(
                kind=kind,
                source=source,
                missions=missions,
                create_missions=create_missions,
                dry_run=dry_run,
                skip_invalid=skip_invalid,
                progress=self.progress if self.verbosity >= 1 and self.stderr.isatty() else None,
                timeout=options["timeout"],
                # An operator's tool: any web address, unlike the admin.
                allow=ANY_WEB_ADDRESS,
            )
        except SourceError as exc:
            message = _("%(source)s: %(reason)s Nothing was written.") % {"source": source, "reason": exc}
            raise CommandError(message) from None
        except DatabaseError as exc:
            raise CommandError(stopped(exc, _("run the import again to finish it."))) from None
        finally:
            self.end_progress()
        self.print_report(report, seconds=time.monotonic() - started)
        if report.rejected_file:
            raise CommandError(
                _(
                    "%(source)s is rejected: %(problems)d of its %(rows)d rows are invalid (listed above). Nothing was "
                    "written. Fix the file, or import the valid rows with --skip-invalid."
                )
                % {"source": source, "problems": len(report.problems), "rows": report.rows}
            )

    _progress_shown = False

    def progress(self, stage, done, total):
        label = _("checking rows") if stage == "read" else _("writing")
        self.stderr.write(f"\r{label}: {done:,}/{total:,}   ", ending="")
        self.stderr.flush()
        self._progress_shown = True

    def end_progress(self):
        if self._progress_shown:
            self.stderr.write("\r" + " " * 60 + "\r", ending="")
            self._progress_shown = False

    def print_report(self, report, *, seconds):
        out, verbosity = self.stdout, self.verbosity
        for problem in report.problems:
            style = self.style.ERROR if report.rejected_file else self.style.WARNING
            self.stderr.write(style(str(problem)))
        if report.rejected_file or verbosity < 1:
            return
        out.write(
            _("%(rows)d rows of %(kind)s from %(source)s, checked in %(seconds).1f s.")
            % {
                "rows": report.rows,
                "kind": ImportRun.Kind(report.kind).label,
                "source": report.source,
                "seconds": seconds,
            }
        )
        if report.skipped:
            out.write(_("%(n)d rows of other missions left out.") % {"n": report.skipped})
        if report.missions_left_out:
            out.write(self.style.WARNING(report.left_out_summary()))
        header = (_("mission"), _("created"), _("updated"), _("unchanged"), _("rejected"))
        out.write("  {:<16}{:>9}{:>9}{:>11}{:>10}".format(*header))
        for mission, *counts in report.mission_rows():
            out.write("  {:<16}{:>9}{:>9}{:>11}{:>10}".format(mission, *counts))
        if report.missions_created:
            out.write(
                _("Missions created as unpublished drafts: %(missions)s.")
                % {"missions": ", ".join(report.missions_created)}
            )
            out.write("  " + report.created_missions_need())
        for line in report.provisional_lines():
            out.write(self.style.WARNING(line))
        notes = report.notes if verbosity >= 2 else report.notes[:50]
        for note in notes:
            out.write(self.style.WARNING(_("Note: %(note)s") % {"note": note}))
        if len(notes) < len(report.notes):
            out.write(_("… and %(n)d more notes (-v 2 lists them all).") % {"n": len(report.notes) - len(notes)})
        totals = report.totals
        summary = (
            _("%(created)d created, %(updated)d updated, %(unchanged)d unchanged, %(rejected)d rejected.") % totals
        )
        if report.dry_run:
            out.write(self.style.SUCCESS(_("Dry run, nothing was written: %(summary)s") % {"summary": summary}))
        else:
            out.write(self.style.SUCCESS(_("Imported: %(summary)s") % {"summary": summary}))
